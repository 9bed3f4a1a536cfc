"""The ``bonekg`` command line: a thin click layer over the Python API.

Errors are caught once, here: :class:`~bonekg.errors.BonekgError` becomes a one-line
(or, for data, one line per problem) message and exit status 1; bad arguments exit 2.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bonekg.constants import DEFAULT_MAX_EDGES, DEFAULT_MAX_ROWS, EXIT_INTERRUPTED
from bonekg.errors import BonekgError, DataError, NoResultError
from bonekg.options import (
    STDOUT,
    FormatChoice,
    allow_empty_option,
    data_option,
    endpoint_options,
    format_option,
    merge_options,
    no_folder_on_stdout,
    path_options,
)

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.paths import PathQuery

__all__ = ["cli", "main"]


def _aborted() -> click.exceptions.Exit:
    """Say ``Aborted.`` (one line, where click would print a blank line and ``Aborted!``)."""
    click.echo("Aborted.", err=True)
    return click.exceptions.Exit(EXIT_INTERRUPTED)


class _Group(click.Group):
    """A group that turns every :class:`BonekgError` into a clean exit 1, Ctrl-C into 130."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _aborted() from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _aborted() from None
        except DataError as exc:
            count = len(exc.problems)
            raise click.ClickException(
                f"{count} problem{'s' if count != 1 else ''} in {exc.subject}:\n{exc}"
            ) from exc
        except NoResultError as exc:
            # The command printed what it found (possibly nothing); the status says "none".
            if str(exc):
                click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except BonekgError as exc:
            from bonekg.terminal import printable

            raise click.ClickException(printable(str(exc))) from exc


def get_graph(data_dir: Path | None) -> KnowledgeGraph:
    """Load (once per process) the validated graph of *data_dir*, with ``--merge`` graphs in."""
    from bonekg.options import LENIENT_KEY

    ctx = click.get_current_context()
    cache = ctx.ensure_object(dict)
    merge = get_merge()
    lenient: bool = ctx.meta.get(LENIENT_KEY, False)
    key = str((data_dir, merge, lenient))
    if key not in cache:
        from bonekg.load import load

        if data_dir is not None and not data_dir.is_dir():
            raise click.BadParameter(f"{data_dir} is not a folder", param_hint="--data")
        with cache_warnings():
            cache[key] = load(data_dir, merge=merge, lenient=lenient)
        if skipped := cache[key].skipped:
            from bonekg.render import plural
            from bonekg.terminal import printable

            rows = plural(len(skipped), "bad row")
            first = printable(str(skipped[0]))
            click.echo(
                f"warning: --lenient left out {rows} of the merged files (first: {first})", err=True
            )
    kg: KnowledgeGraph = cache[key]
    return kg


def get_merge() -> tuple[Path, ...]:
    """Return the ``--merge`` paths of this command (none when it has no such option)."""
    from bonekg.options import MERGE_KEY

    merge: tuple[Path, ...] = click.get_current_context().meta.get(MERGE_KEY, ())
    return merge


def curated_graph(data_dir: Path | None) -> KnowledgeGraph:
    """Return the curated graph alone: what the SHACL shapes check, with or without --merge.

    A merged file's rows are checked as they are read; running the shapes over millions
    of merged edges would take hours and check nothing the readers did not.
    """
    if not get_merge():
        return get_graph(data_dir)
    from bonekg.load import load

    with cache_warnings():
        return load(data_dir)


@contextmanager
def cache_warnings() -> Iterator[None]:
    """Print a cache that is not safe to use (:class:`bonekg.cache.CacheWarning`) as one line."""
    from bonekg.cache import CacheWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, CacheWarning):
            click.echo(f"warning: {warning.message}", err=True)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def check_predicates(kg: KnowledgeGraph, predicates: Iterable[str]) -> None:
    """Refuse a ``--predicate`` the vocabulary does not define (exit 2)."""
    known = kg.vocabulary.predicates
    for predicate in predicates:
        if predicate not in known:
            hint = f"unknown predicate {predicate!r} (known: {', '.join(sorted(known))})"
            raise click.BadParameter(hint, param_hint="--predicate")


def emit_json(value: Any) -> None:
    """Print *value* as indented JSON."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def emit_lines(lines: Iterable[str]) -> None:
    """Print lines of text, control characters escaped (:func:`bonekg.terminal.printable`)."""
    from bonekg.terminal import printable

    for line in lines:
        click.echo(printable(line))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bonekg")
def cli() -> None:
    """Bone-biology mechanisms as typed, signed, sourced edges: query, export, view."""


@cli.command()
@click.option(
    "--rdf",
    "rdf_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Check this RDF file (.ttl, .nt, .jsonld) against the SHACL shapes instead.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Check this build folder against its MANIFEST.json and the data's fingerprint instead.",
)
@merge_options
@data_option
@format_option
def validate(data_dir: Path | None, fmt: str, rdf_file: Path | None, out_dir: Path | None) -> None:
    """Check the data, IDs, references, sources and SHACL shapes; print every problem as file:line: field: message.

    With --merge, the merged files are read too: every bad row is reported (the SHACL
    shapes check the curated graph, which the merge leaves as it is).
    """
    from bonekg.shacl import check, check_graph, to_rdflib

    if out_dir is not None and rdf_file is not None:
        raise click.UsageError("give --rdf FILE or --out DIR, not both")
    if out_dir is not None:
        from bonekg.load import build_fingerprint
        from bonekg.manifest import check_folder

        count = check_folder(out_dir, build_fingerprint(data_dir, get_merge()))
        click.echo(f"valid: {out_dir} matches its manifest ({count} files, built from this data)")
        return
    if rdf_file is not None:
        from bonekg.inputs import read_input
        from bonekg.readers.rdf import parse

        triples = parse(read_input(rdf_file), rdf_file.suffix, str(rdf_file))
        if problems := check(to_rdflib(triples)):
            raise DataError(problems)
        click.echo(f"valid: {rdf_file} conforms to the SHACL shapes ({len(triples)} triples)")
        return
    kg = get_graph(data_dir)
    if problems := check_graph(curated_graph(data_dir)):
        raise DataError(problems)
    for warning in kg.warnings:
        click.echo(f"warning: {warning}", err=True)
    summary: dict[str, Any] = {
        "valid": True,
        "nodes": len(kg),
        "edges": kg.number_of_claims,
        "sources": len(kg.publications),
    }
    merged = sum(1 for c in kg.claims() if c.merged) if get_merge() else 0
    if merged:
        summary["merged_edges"] = merged
    if fmt == "json":
        emit_json(summary)
    else:
        of_which = f" ({merged} merged)" if merged else ""
        click.echo(
            f"valid: {summary['nodes']} nodes, {summary['edges']} edges{of_which}, "
            f"{summary['sources']} sources"
        )


@cli.command()
@merge_options
@data_option
@format_option
def stats(data_dir: Path | None, fmt: str) -> None:
    """Count nodes and edges by category, predicate, source, evidence and species."""
    from bonekg.render import stats_lines

    result = get_graph(data_dir).stats()
    emit_json(result) if fmt == "json" else emit_lines(stats_lines(result))


@cli.command()
@merge_options
@data_option
@format_option
def sources(data_dir: Path | None, fmt: str) -> None:
    """List sources by type and year, the claims each supports, and claims resting only on reviews."""
    from bonekg.report import sources_lines, sources_report

    report = sources_report(get_graph(data_dir))
    emit_json(report) if fmt == "json" else emit_lines(sources_lines(report))


@cli.command("search")
@click.argument("text")
@merge_options
@data_option
@format_option
def search_command(text: str, data_dir: Path | None, fmt: str) -> None:
    """Find nodes whose ID, label, synonym or description contains TEXT."""
    from bonekg.render import node_json

    kg = get_graph(data_dir)
    found = kg.search(text)
    if not found:
        raise NoResultError(f"no node matches {text!r}")
    if fmt == "json":
        emit_json([node_json(kg, n) for n in found])
        return
    for node_id in found:
        data = kg.node(node_id)
        click.echo(f"{node_id}\t{data['label']}\t{data['category']}")


@cli.command()
@click.argument("node")
@merge_options
@data_option
@format_option
def show(node: str, data_dir: Path | None, fmt: str) -> None:
    """Show one node (by ID, label or synonym) with its edges and citations."""
    from bonekg.render import claim_json, claim_lines, node_json, node_lines

    kg = get_graph(data_dir)
    node_id = kg.resolve(node)
    claims = kg.neighbors(node_id)
    if fmt == "json":
        emit_json({**node_json(kg, node_id), "edges": [claim_json(kg, c) for c in claims]})
        return
    lines = [*node_lines(kg, node_id), f"  edges: {len(claims)}"]
    for claim in claims:
        lines += claim_lines(kg, claim, indent="  ")
    emit_lines(lines)


@cli.command()
@click.argument("node")
@click.option(
    "--direction",
    type=click.Choice(["out", "in", "both"]),
    default="both",
    show_default=True,
    help="Which edges to follow.",
)
@click.option(
    "--predicate", "predicates", multiple=True, help="Only edges with this predicate (repeatable)."
)
@merge_options
@data_option
@format_option
def neighbors(
    node: str, direction: str, predicates: tuple[str, ...], data_dir: Path | None, fmt: str
) -> None:
    """List the edges adjacent to NODE, with their sources."""
    from bonekg.render import claim_json, claim_lines, no_neighbors_message

    kg = get_graph(data_dir)
    check_predicates(kg, predicates)
    node_id = kg.resolve(node)
    claims = kg.neighbors(node_id, direction, predicates)
    if fmt == "json":
        emit_json(
            {
                "node": node_id,
                "label": kg.label(node_id),
                "edges": [claim_json(kg, c) for c in claims],
            }
        )
        return
    if not claims:
        raise NoResultError(no_neighbors_message(kg, node_id, direction, predicates))
    for claim in claims:
        emit_lines(claim_lines(kg, claim))


def _path_query(
    kg: KnowledgeGraph, a: str, b: str, limit: int, options: dict[str, Any]
) -> PathQuery:
    """Resolve names and the species option into a :class:`~bonekg.paths.PathQuery`."""
    from bonekg.paths import EdgeFilter, PathQuery

    check_predicates(kg, options["predicates"])
    species = set()
    for value in options["species"]:
        curie = kg.vocabulary.species_curie(value)
        if curie is None:
            known = ", ".join(kg.vocabulary.species_names())
            raise click.BadParameter(
                f"unknown species {value!r} (known: {known})", param_hint="--species"
            )
        species.add(curie)
    edge_filter = EdgeFilter(
        frozenset(options["predicates"]), frozenset(species), frozenset(options["evidence"])
    )
    return PathQuery(
        source=kg.resolve(a),
        target=kg.resolve(b),
        max_hops=options["max_hops"],
        limit=options["limit"] or limit,
        edge_filter=edge_filter,
        exclude=frozenset(kg.resolve(n) for n in options["exclude"]),
        timeout=options["timeout"],
    )


@cli.command()
@click.argument("a")
@click.argument("b")
@path_options
@click.option(
    "--view",
    "view_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the viewer to this HTML file, with the first path highlighted.",
)
@merge_options
@data_option
@format_option
def path(
    a: str, b: str, view_file: Path | None, data_dir: Path | None, fmt: str, **options: Any
) -> None:
    """Paths from A to B, shortest first, each hop with its sources."""
    from bonekg.paths import find_paths, no_path_message
    from bonekg.render import paths_json, paths_lines

    kg = get_graph(data_dir)
    query = _path_query(kg, a, b, 10, options)
    result = find_paths(kg, query)
    if not result.paths and not result.truncated:
        raise NoResultError(no_path_message(kg, query))
    if view_file is not None and result.paths:
        from bonekg.viz.page import write_page

        write_page(kg, view_file, highlight=list(result.paths[0].nodes))
        click.echo(f"wrote {view_file}", err=True)
    if fmt == "json":
        emit_json(paths_json(kg, result))
    else:
        emit_lines(paths_lines(kg, result, query.timeout))
    if not result.paths:
        raise NoResultError()


@cli.command()
@click.argument("a")
@click.argument("b")
@path_options
@merge_options
@data_option
@format_option
def explain(a: str, b: str, data_dir: Path | None, fmt: str, **options: Any) -> None:
    """Net signed effect of A on B over causal paths, with per-hop citations."""
    from bonekg.paths import explain as explain_paths
    from bonekg.paths import read_lack
    from bonekg.render import explanation_json, explanation_lines

    kg = get_graph(data_dir)
    node, lack_of = read_lack(kg, a)
    query = _path_query(kg, node or lack_of or a, b, 20, options)
    result = explain_paths(kg, query, lack_of=lack_of)
    if fmt == "json":
        emit_json({"name": a, **explanation_json(kg, result)})
    else:
        name = a if lack_of is not None else None
        emit_lines(explanation_lines(kg, result, query.max_hops, query.timeout, name))
    if result.net_effect == "none":
        raise NoResultError()


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default="out",
    show_default=True,
    help="Folder to write into.",
)
@allow_empty_option
@merge_options
@data_option
def build(out: str, allow_empty: bool, data_dir: Path | None) -> None:
    """Validate, then write every export format (and the viewer) into --out, replaced whole.

    With --merge, the exports hold the merged graph and the manifest names the merged files.
    """
    from bonekg.build import build as build_folder
    from bonekg.build import check_replaceable, require_claims
    from bonekg.shacl import check_graph

    if out == STDOUT:
        raise no_folder_on_stdout("build")
    check_replaceable(Path(out))  # before the slow part: loading and SHACL
    kg = get_graph(data_dir)
    require_claims(kg, data_dir, allow_empty=allow_empty)
    if problems := check_graph(curated_graph(data_dir)):
        raise DataError(problems)
    written = build_folder(kg, Path(out), data_dir, merged=get_merge())
    emit_lines(f"wrote {path}" for path in written)


@cli.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="out/bonekg.html",
    show_default=True,
    help="HTML file to write (- for standard output).",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@click.option(
    "--focus",
    metavar="NODE",
    default=None,
    help="Hold only this node's neighbourhood (an ID, label or synonym) and open on it.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    help="Claims to follow from --focus, either way [default: 2].",
)
@click.option(
    "--path",
    "path_ends",
    nargs=2,
    metavar="A B",
    default=None,
    help="Highlight a shortest path from A to B.",
)
@click.option(
    "--max-edges",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_EDGES,
    show_default=True,
    help="Hold at most this many claims, the best supported (0: no cap).",
)
@allow_empty_option
@merge_options
@data_option
def view(
    out_file: str,
    open_page: bool,
    focus: str | None,
    depth: int | None,
    path_ends: tuple[str, str] | None,
    max_edges: int,
    allow_empty: bool,
    data_dir: Path | None,
) -> None:
    """Write the interactive viewer: one offline HTML file showing the evidence of every edge."""
    from bonekg.build import require_claims
    from bonekg.paths import shortest_path_nodes
    from bonekg.viz.page import write_page

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    if open_page and out_file == STDOUT:
        raise click.UsageError("--open needs a file, not standard output (--out -)")
    kg = get_graph(data_dir)
    require_claims(kg, data_dir, allow_empty=allow_empty)
    focus_id = kg.resolve(focus) if focus is not None else None
    highlight = None
    if path_ends:
        a, b = (kg.resolve(n) for n in path_ends)
        highlight = shortest_path_nodes(kg, a, b)
    out = sys.stdout.buffer if out_file == STDOUT else Path(out_file)
    cap = max_edges or None
    target = write_page(kg, out, focus=focus_id, depth=depth, highlight=highlight, max_edges=cap)
    if target is None:
        return
    click.echo(f"wrote {target}")
    if open_page:
        import webbrowser

        if not webbrowser.open(target.resolve().as_uri()):
            click.echo(f"no browser could be opened: open {target.resolve()}", err=True)


@cli.command()
@click.argument("format_name", metavar="FORMAT", type=FormatChoice())
@click.option(
    "--out",
    "out",
    type=click.Path(allow_dash=True),
    default=STDOUT,
    help="File (a folder for kgx) to write, atomically; - (the default): standard output.",
)
@allow_empty_option
@merge_options
@data_option
def export(format_name: str, out: str, allow_empty: bool, data_dir: Path | None) -> None:
    """Write the graph in one format (ttl, nt, nq, jsonld, kgx, graphml, json, ...)."""
    from bonekg.build import require_claims
    from bonekg.writers import get_format, write_to_path

    fmt = get_format(format_name)
    if out == STDOUT and fmt.folder:
        raise no_folder_on_stdout(format_name)
    kg = get_graph(data_dir)
    require_claims(kg, data_dir, allow_empty=allow_empty)
    if out == STDOUT:
        stdout = sys.stdout.buffer
        kg.feed(fmt.factory(kg, stdout))
        stdout.flush()
        return
    write_to_path(kg, fmt, Path(out))
    click.echo(f"wrote {out}", err=True)


@cli.command()
@click.argument("query", required=False)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Query this SPARQL 1.1 endpoint instead of the embedded store.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="Output format (json: W3C SPARQL 1.1 results JSON).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries (@name).")
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Print at most this many rows (0: no cap); CSV and TSV stream rows as they come.",
)
@endpoint_options
@merge_options
@data_option
def sparql(
    query: str | None,
    endpoint: str | None,
    fmt: str,
    list_queries: bool,
    max_rows: int,
    graph_iri: str | None,
    user: str | None,
    timeout: float | None,
    data_dir: Path | None,
) -> None:
    """Run SPARQL (QUERY text, a .rq FILE or @name) on the embedded store or a server."""
    from bonekg.sparql import named_queries, read_query, write_answer

    if list_queries:
        for name, named in named_queries().items():
            click.echo(f"@{name}\t{named.question}")
        return
    if query is None:
        raise click.UsageError("give a QUERY, a query FILE or @name (see --list)")
    text = read_query(query)
    cap = max_rows or None
    if endpoint is not None:
        from bonekg.endpoint import DEFAULT_TIMEOUT
        from bonekg.endpoint import query as query_endpoint

        answer = query_endpoint(
            endpoint, text, graph=graph_iri, timeout=timeout or DEFAULT_TIMEOUT, user=user
        )
        events = answer.cut(cap).events()
    else:
        from bonekg.sparql import build_store, stream_store

        store = build_store(get_graph(data_dir))
        events = stream_store(store, text, timeout=timeout, max_rows=cap)
    results = write_answer(events, text, fmt, _write_out)
    if results.truncated:
        click.echo(
            f"warning: stopped after {max_rows:,} rows (--max-rows); there are more", err=True
        )
    if len(results) == 0:
        raise NoResultError()


def _write_out(text: str) -> None:
    """Write *text* to standard output at once (rows are streamed)."""
    click.echo(text, nl=False)
    sys.stdout.flush()


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint of the server (Oxigraph: .../store, "
    "Virtuoso: .../sparql-graph-crud-auth, Fuseki: .../data).",
)
@endpoint_options
@merge_options
@data_option
def push(
    endpoint: str,
    graph_iri: str | None,
    user: str | None,
    timeout: float | None,
    data_dir: Path | None,
) -> None:
    """Load the RDF into a SPARQL 1.1 server, replacing our graphs (Graph Store Protocol PUT).

    The curated part goes into --graph, each merged knowledge source's edges into a graph
    below it; source graphs no longer merged are dropped. --graph default puts
    everything into the server's default graph.
    """
    from bonekg.endpoint import DEFAULT_GRAPH, DEFAULT_TIMEOUT, redact
    from bonekg.endpoint import push as push_graph
    from bonekg.writers.nquads import split_graphs

    kg = get_graph(data_dir)
    iri = graph_iri or DEFAULT_GRAPH
    parts: dict[str, bytes] = {}
    if iri == "default":
        import io

        from bonekg.writers import get_format

        buffer = io.BytesIO()
        kg.feed(get_format("nt").factory(kg, buffer))
        data = buffer.getvalue()
    else:
        data, parts = split_graphs(kg, iri)
    dropped = push_graph(
        endpoint,
        data,
        graph=graph_iri,
        parts=parts,
        timeout=timeout or DEFAULT_TIMEOUT,
        user=user,
    )
    target = "the default graph" if iri == "default" else f"graph <{iri}>"
    if parts:
        target += f" and {len(parts)} source graph" + ("s" if len(parts) > 1 else "")
    lines = data.count(b"\n") + sum(triples.count(b"\n") for triples in parts.values())
    click.echo(
        f"pushed {lines} triples ({kg.number_of_claims} statements) to {target} at "
        f"{redact(endpoint)}"
    )
    for gone in dropped:
        click.echo(f"dropped graph <{gone}> (its source is no longer merged)", err=True)


@cli.command()
@click.argument("text", required=False)
@click.option("--check", "check_ids", is_flag=True, help="Check every node ID against the files.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most terms."
)
@merge_options
@data_option
@format_option
def ground(text: str | None, check_ids: bool, limit: int, data_dir: Path | None, fmt: str) -> None:
    """Suggest ontology terms for TEXT, or check every node ID, from the ontologies' own files.

    With --merge, --check also checks the merged nodes whose prefix the files cover.
    """
    from bonekg.ground import (
        check_merged_nodes,
        check_nodes,
        node_lines,
        suggestion_json,
        suggestion_line,
        term_index,
    )

    if check_ids == (text is not None):
        raise click.UsageError("give TEXT to ground, or --check (not both)")
    with cache_warnings():
        index = term_index()
    if check_ids:
        kg = curated_graph(data_dir)
        problems = check_nodes(kg, index, node_lines(data_dir))
        checked = 0
        if merge := get_merge():
            where = ", ".join(map(str, merge))
            checked, more = check_merged_nodes(get_graph(data_dir), kg, index, where)
            problems += more
        if problems:
            raise DataError(problems)
        local = sum(1 for n, _ in kg.nodes() if n.startswith("bonekg:"))
        merged = f"; {checked} merged nodes found in the files" if merge else ""
        click.echo(
            f"grounded: {len(kg) - local} of {len(kg)} nodes on a checked term; {local} keep a project ID with its reason{merged}"
        )
        return
    assert text is not None
    matches = index.suggest(text, limit)
    if not matches:
        raise NoResultError(f"no term matches {text!r}")
    if fmt == "json":
        emit_json([suggestion_json(m) for m in matches])
        return
    emit_lines(suggestion_line(m) for m in matches)


@cli.command("fmt")
@click.option("--check", is_flag=True, help="Only report files not in canonical form (exit 1).")
@data_option
def fmt_command(check: bool, data_dir: Path | None) -> None:
    """Rewrite the curated YAML in canonical order and layout (what the tests expect).

    It takes no --merge: merged files are the user's own and are never rewritten.
    """
    from bonekg.canonical import reformat
    from bonekg.load import bundled_data_dir

    get_graph(data_dir)  # refuse to rewrite data that does not validate
    stale = reformat(data_dir or bundled_data_dir(), write=not check)
    if check and stale:
        raise click.ClickException(
            "not in canonical form (run `bonekg fmt`): " + ", ".join(map(str, stale))
        )
    for path in stale:
        click.echo(f"rewrote {path}")


def main() -> None:
    """Entry point of the ``bonekg`` console script."""
    cli(prog_name="bonekg")


if __name__ == "__main__":
    main()

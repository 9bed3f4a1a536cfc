"""The ``bonekg`` command line: a thin click layer over the Python API.

Errors are caught once, here: :class:`~bonekg.errors.BonekgError` becomes a one-line
(or, for data, one line per problem) message and exit status 1; bad arguments exit 2.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from bonekg.errors import BonekgError, DataError

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """A group that turns every :class:`BonekgError` into a clean exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            count = len(exc.problems)
            raise click.ClickException(
                f"{count} problem{'s' if count != 1 else ''} in the data:\n{exc}"
            ) from exc
        except BonekgError as exc:
            raise click.ClickException(str(exc)) from exc


def data_option(func: F) -> F:
    """Add ``--data DIR`` (default: the bundled data)."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder with nodes.yaml, edges.yaml, sources.yaml (default: the bundled data).",
    )(func)


def format_option(func: F) -> F:
    """Add ``--format text|json``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(func)


def get_graph(data_dir: Path | None) -> Any:
    """Load (once per process) the validated graph of *data_dir*."""
    ctx = click.get_current_context()
    cache = ctx.ensure_object(dict)
    key = str(data_dir)
    if key not in cache:
        from bonekg.load import load

        if data_dir is not None and not data_dir.is_dir():
            raise click.BadParameter(f"{data_dir} is not a folder", param_hint="--data")
        cache[key] = load(data_dir)
    return cache[key]


def check_predicates(graph: Any, predicates: Iterable[str]) -> None:
    """Refuse a ``--predicate`` the vocabulary does not define (exit 2)."""
    from bonekg.model import vocabulary

    known = vocabulary(graph).predicates
    for predicate in predicates:
        if predicate not in known:
            hint = f"unknown predicate {predicate!r} (known: {', '.join(sorted(known))})"
            raise click.BadParameter(hint, param_hint="--predicate")


def emit_json(value: Any) -> None:
    """Print *value* as indented JSON."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def emit_lines(lines: Iterable[str]) -> None:
    """Print lines of text."""
    for line in lines:
        click.echo(line)


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
@data_option
@format_option
def validate(data_dir: Path | None, fmt: str, rdf_file: Path | None) -> None:
    """Check the data, IDs, references, sources and SHACL shapes; print every problem as file:line: field: message."""
    from bonekg.shacl import check, check_graph, to_rdflib

    if rdf_file is not None:
        from bonekg.rdf import parse

        triples = parse(rdf_file.read_bytes(), rdf_file.suffix, str(rdf_file))
        if problems := check(to_rdflib(triples)):
            raise DataError(problems)
        click.echo(f"valid: {rdf_file} conforms to the SHACL shapes ({len(triples)} triples)")
        return
    graph = get_graph(data_dir)
    if problems := check_graph(graph):
        raise DataError(problems)
    summary = {
        "valid": True,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "sources": len(graph.graph["publications"]),
    }
    if fmt == "json":
        emit_json(summary)
    else:
        click.echo(
            f"valid: {summary['nodes']} nodes, {summary['edges']} edges, {summary['sources']} sources"
        )


@cli.command()
@data_option
@format_option
def stats(data_dir: Path | None, fmt: str) -> None:
    """Count nodes and edges by category, predicate, source, evidence and species."""
    from bonekg.model import source_kind

    graph = get_graph(data_dir)
    sources = [s for _, _, d in graph.edges(data=True) for s in d["sources"]]
    result = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "publications": len(graph.graph["publications"]),
        "categories": dict(
            sorted(Counter(d["category"] for _, d in graph.nodes(data=True)).items())
        ),
        "predicates": dict(
            sorted(Counter(d["predicate"] for _, _, d in graph.edges(data=True)).items())
        ),
        "sources": dict(sorted(Counter(s["ref"] for s in sources).items())),
        "evidence": dict(sorted(Counter(source_kind(graph, s) for s in sources).items())),
        "species": dict(sorted(Counter(s["species"] for s in sources).items())),
    }
    if fmt == "json":
        emit_json(result)
        return
    click.echo(f"nodes: {result['nodes']}")
    click.echo(f"edges: {result['edges']}")
    click.echo(f"publications: {result['publications']}")
    for section in ("categories", "predicates", "evidence", "species", "sources"):
        click.echo(f"{section}:")
        for name, count in sorted(result[section].items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {count:5d}  {name}")


@cli.command("search")
@click.argument("text")
@data_option
@format_option
def search_command(text: str, data_dir: Path | None, fmt: str) -> None:
    """Find nodes whose ID, label, synonym or description contains TEXT."""
    from bonekg.model import get_node
    from bonekg.names import search

    graph = get_graph(data_dir)
    found = search(graph, text)
    if not found:
        raise click.ClickException(f"no node matches {text!r}")
    if fmt == "json":
        emit_json([vars(get_node(graph, n)) for n in found])
        return
    for node_id in found:
        data = graph.nodes[node_id]
        click.echo(f"{node_id}\t{data['label']}\t{data['category']}")


def _edges_of(
    graph: Any, node_id: str, direction: str, predicates: tuple[str, ...]
) -> list[tuple[str, str, dict[str, Any]]]:
    rows = []
    if direction in {"out", "both"}:
        rows += [(node_id, v, d) for _, v, d in graph.out_edges(node_id, data=True)]
    if direction in {"in", "both"}:
        rows += [
            (u, node_id, d)
            for u, _, d in graph.in_edges(node_id, data=True)
            if u != node_id or direction == "in"
        ]
    if predicates:
        rows = [r for r in rows if r[2]["predicate"] in predicates]
    return sorted(rows, key=lambda r: (r[0] != node_id, r[2]["predicate"], r[0], r[1]))


@cli.command()
@click.argument("node")
@data_option
@format_option
def show(node: str, data_dir: Path | None, fmt: str) -> None:
    """Show one node (by ID, label or synonym) with its edges and citations."""
    from bonekg.model import edge_json
    from bonekg.names import resolve
    from bonekg.render import edge_lines, node_lines

    graph = get_graph(data_dir)
    node_id = resolve(graph, node)
    rows = _edges_of(graph, node_id, "both", ())
    if fmt == "json":
        data = graph.nodes[node_id]
        emit_json({"id": node_id, **data, "edges": [edge_json(graph, s, o, d) for s, o, d in rows]})
        return
    lines = node_lines(graph, node_id)
    lines.append(f"  edges: {len(rows)}")
    for s, o, d in rows:
        lines += edge_lines(graph, s, o, d, indent="  ")
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
@data_option
@format_option
def neighbors(
    node: str, direction: str, predicates: tuple[str, ...], data_dir: Path | None, fmt: str
) -> None:
    """List the edges adjacent to NODE, with their sources."""
    from bonekg.model import edge_json
    from bonekg.names import resolve
    from bonekg.render import edge_lines, node_name

    graph = get_graph(data_dir)
    check_predicates(graph, predicates)
    node_id = resolve(graph, node)
    rows = _edges_of(graph, node_id, direction, predicates)
    if fmt == "json":
        emit_json(
            {
                "node": node_id,
                "label": graph.nodes[node_id]["label"],
                "edges": [edge_json(graph, s, o, d) for s, o, d in rows],
            }
        )
        return
    if not rows:
        raise click.ClickException(f"no {direction} edges for {node_name(graph, node_id)}")
    for s, o, d in rows:
        emit_lines(edge_lines(graph, s, o, d))


def path_options(func: F) -> F:
    """Add the bounds and filters shared by ``path`` and ``explain``."""
    from bonekg.paths import EVIDENCE_KINDS

    options = [
        click.option(
            "--max-hops",
            type=click.IntRange(min=1),
            default=4,
            show_default=True,
            help="Longest path, in claims.",
        ),
        click.option(
            "--limit",
            type=click.IntRange(min=1),
            default=None,
            help="Most paths to consider [path: 10, explain: 20].",
        ),
        click.option(
            "--predicate",
            "predicates",
            multiple=True,
            help="Only claims with this predicate (repeatable).",
        ),
        click.option(
            "--species",
            "species",
            multiple=True,
            help="Only claims with a source in this species: human, mouse, rat, in vitro or an NCBITaxon CURIE (repeatable).",
        ),
        click.option(
            "--evidence",
            "evidence",
            multiple=True,
            type=click.Choice(EVIDENCE_KINDS),
            help="Only claims with a source of this kind; primary = not a review (repeatable).",
        ),
        click.option(
            "--exclude",
            "exclude",
            multiple=True,
            metavar="NODE",
            help="No path through this node (repeatable).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=2.0,
            show_default=True,
            help="Seconds of search before printing what was found.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _path_query(graph: Any, a: str, b: str, options: dict[str, Any]) -> dict[str, Any]:
    """Resolve names and build the keyword arguments of find_paths/explain."""
    from bonekg.model import vocabulary
    from bonekg.names import resolve
    from bonekg.paths import EdgeFilter

    vocab = vocabulary(graph)
    check_predicates(graph, options["predicates"])
    species = set()
    names = {t.common_name.lower(): t.curie for t in vocab.taxa.values()}
    names |= {t.label.lower(): t.curie for t in vocab.taxa.values()} | {"in vitro": "in vitro"}
    for value in options["species"]:
        curie = value if value in vocab.taxa else names.get(value.lower())
        if curie is None:
            raise click.BadParameter(
                f"unknown species {value!r} (known: {', '.join(sorted(names))})",
                param_hint="--species",
            )
        species.add(curie)
    edge_filter = EdgeFilter(
        frozenset(options["predicates"]), frozenset(species), frozenset(options["evidence"])
    )
    return {
        "source": resolve(graph, a),
        "target": resolve(graph, b),
        "max_hops": options["max_hops"],
        "edge_filter": edge_filter,
        "exclude": [resolve(graph, n) for n in options["exclude"]],
        "timeout": options["timeout"],
    }


def _path_json(graph: Any, path: Any) -> dict[str, Any]:
    from bonekg.model import edge_json

    return {
        "nodes": list(path.nodes),
        "edges": [edge_json(graph, h.subject, h.object, h.data) for h in path.hops],
        "sign": path.sign,
    }


def _path_lines(graph: Any, number: int, path: Any) -> list[str]:
    from bonekg.render import edge_lines, sign_text

    hops = len(path.hops)
    sign = f", sign {sign_text(path.sign)}" if path.sign is not None else ""
    lines = [f"path {number} ({hops} hop{'s' if hops != 1 else ''}{sign}):"]
    for hop in path.hops:
        lines += edge_lines(graph, hop.subject, hop.object, hop.data, indent="  ")
    return lines


def _cut_short(timeout: float, found: int) -> str:
    return f"search cut short after {timeout:g} s (--timeout); showing the {found} path{'s' if found != 1 else ''} found so far"


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
@data_option
@format_option
def path(
    a: str, b: str, view_file: Path | None, data_dir: Path | None, fmt: str, **options: Any
) -> None:
    """Paths from A to B, shortest first, each hop with its sources."""
    from bonekg.errors import NoPathError
    from bonekg.paths import find_paths
    from bonekg.render import node_name

    graph = get_graph(data_dir)
    query = _path_query(graph, a, b, options)
    result = find_paths(graph, limit=options["limit"] or 10, **query)
    if not result.paths and not result.truncated:
        raise NoPathError(_no_path(graph, query["source"], query["target"], query["max_hops"]))
    if view_file is not None and result.paths:
        from bonekg.viz.page import write_page

        write_page(graph, view_file, highlight=list(result.paths[0].nodes))
        click.echo(f"wrote {view_file}", err=True)
    if fmt == "json":
        emit_json(
            {
                "source": result.source,
                "target": result.target,
                "truncated": result.truncated,
                "paths": [_path_json(graph, p) for p in result.paths],
            }
        )
    else:
        count = len(result.paths)
        ends = f"from {node_name(graph, result.source)} to {node_name(graph, result.target)}"
        lines = [f"{count} path{'s' if count != 1 else ''} {ends}, shortest first"]
        for number, found in enumerate(result.paths, 1):
            lines += ["", *_path_lines(graph, number, found)]
        if result.truncated:
            lines += ["", _cut_short(query["timeout"], count)]
        emit_lines(lines)
    if not result.paths:
        sys.exit(1)


def _no_path(graph: Any, a: str, b: str, max_hops: int) -> str:
    from bonekg.render import node_name

    return f"no path from {node_name(graph, a)} to {node_name(graph, b)} within {max_hops} hops"


@cli.command()
@click.argument("a")
@click.argument("b")
@path_options
@data_option
@format_option
def explain(a: str, b: str, data_dir: Path | None, fmt: str, **options: Any) -> None:
    """Net signed effect of A on B over causal paths, with per-hop citations."""
    from bonekg.paths import explain as explain_paths

    graph = get_graph(data_dir)
    query = _path_query(graph, a, b, options)
    result = explain_paths(graph, limit=options["limit"] or 20, **query)
    if fmt == "json":
        emit_json(
            {
                "source": result.source,
                "target": result.target,
                "net_effect": result.net_effect,
                "truncated": result.truncated,
                "strongest": {
                    ("increases" if s > 0 else "decreases"): _path_json(graph, p)
                    for s, p in sorted(result.strongest.items(), reverse=True)
                },
                "paths": [_path_json(graph, p) for p in result.paths],
            }
        )
    else:
        source, target = graph.nodes[result.source]["label"], graph.nodes[result.target]["label"]
        count = len(result.paths)
        lines = [
            f"{source} {result.net_effect} {target}"
            if result.net_effect in {"increases", "decreases"}
            else f"{source} -> {target}: {result.net_effect}"
        ]
        lines.append(
            f"over {count} causal path{'s' if count != 1 else ''} of at most {query['max_hops']} hops, best supported first"
        )
        if result.net_effect == "mixed":
            for sign, found in sorted(result.strongest.items(), reverse=True):
                word = "increases" if sign > 0 else "decreases"
                lines += [
                    "",
                    f"strongest path that {word}:",
                    *_path_lines(graph, result.paths.index(found) + 1, found)[1:],
                ]
            lines += ["", "all paths:"]
        for number, found in enumerate(result.paths, 1):
            lines += ["", *_path_lines(graph, number, found)]
        if result.truncated:
            lines += ["", _cut_short(query["timeout"], count)]
        emit_lines(lines)
    if result.net_effect == "none":
        sys.exit(1)


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write into.",
)
@data_option
def build(out_dir: Path, data_dir: Path | None) -> None:
    """Validate, then write every export format (and the viewer) into --out."""
    from bonekg.shacl import check_graph
    from bonekg.writers import BUILD_FORMATS, get_format, write_to_path

    graph = get_graph(data_dir)
    if problems := check_graph(graph):
        raise DataError(problems)
    for name in BUILD_FORMATS:
        fmt = get_format(name)
        target = out_dir / fmt.filename
        write_to_path(graph, fmt, target)
        click.echo(f"wrote {target}")


def _view_path(graph: Any, a: str, b: str) -> list[str]:
    """Return the nodes of the shortest, best supported path from *a* to *b* (up to 6 hops)."""
    from bonekg.errors import NoPathError
    from bonekg.paths import find_paths

    found = find_paths(graph, a, b, max_hops=6, limit=1)
    if not found.paths:
        raise NoPathError(_no_path(graph, a, b, 6))
    return list(found.paths[0].nodes)


@cli.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/bonekg.html"),
    show_default=True,
    help="HTML file to write.",
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
@data_option
def view(
    out_file: Path,
    open_page: bool,
    focus: str | None,
    depth: int | None,
    path_ends: tuple[str, str] | None,
    data_dir: Path | None,
) -> None:
    """Write the interactive viewer: one offline HTML file showing the evidence of every edge."""
    from bonekg.names import resolve
    from bonekg.viz.page import write_page

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus")
    graph = get_graph(data_dir)
    focus_id = resolve(graph, focus) if focus is not None else None
    highlight = None
    if path_ends:
        highlight = _view_path(graph, resolve(graph, path_ends[0]), resolve(graph, path_ends[1]))
    target = write_page(graph, out_file, focus=focus_id, depth=depth, highlight=highlight)
    click.echo(f"wrote {target}")
    if open_page:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


class _FormatChoice(click.Choice[str]):
    """The registered output formats, read from the registry only when an argument needs them.

    Importing the writers costs time that the query commands (``bonekg path``) never pay.
    """

    def __init__(self) -> None:
        super().__init__(())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check *value* against the registry."""
        from bonekg.writers import WRITERS

        self.choices = tuple(sorted(n for n in WRITERS if n != "null"))
        return super().convert(value, param, ctx)


@cli.command()
@click.argument("format_name", metavar="FORMAT", type=_FormatChoice())
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="File (a folder for kgx) to write, atomically; default: standard output.",
)
@data_option
def export(format_name: str, out: Path | None, data_dir: Path | None) -> None:
    """Write the graph in one format (ttl, nt, jsonld, kgx, graphml, json, ...)."""
    from bonekg.writers import get_format, write, write_to_path

    fmt = get_format(format_name)
    if out is None and fmt.folder:
        raise click.UsageError(f"{format_name} writes a folder: give --out DIR")
    graph = get_graph(data_dir)
    if out is None:
        stdout = sys.stdout.buffer
        write(graph, fmt.factory(graph, stdout))
        stdout.flush()
        return
    write_to_path(graph, fmt, out)
    click.echo(f"wrote {out}", err=True)


def endpoint_options(func: F) -> F:
    """Add ``--graph IRI`` and ``--timeout SECONDS`` for talking to a SPARQL server."""
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=30.0,
        show_default=True,
        help="Seconds to wait for the server.",
    )(func)
    return click.option(
        "--graph",
        "graph_iri",
        default=None,
        metavar="IRI",
        help="Named graph on the server (default: its default graph).",
    )(func)


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
@endpoint_options
@data_option
def sparql(
    query: str | None,
    endpoint: str | None,
    fmt: str,
    list_queries: bool,
    graph_iri: str | None,
    timeout: float,
    data_dir: Path | None,
) -> None:
    """Run SPARQL (QUERY text, a .rq FILE or @name) on the embedded store or a server."""
    from bonekg.sparql import named_queries, query_store, read_query, render

    if list_queries:
        for name, named in named_queries().items():
            click.echo(f"@{name}\t{named.question}")
        return
    if query is None:
        raise click.UsageError("give a QUERY, a query FILE or @name (see --list)")
    text = read_query(query)
    if endpoint is not None:
        from bonekg.endpoint import query as query_endpoint

        results = query_endpoint(endpoint, text, graph=graph_iri, timeout=timeout)
    else:
        from bonekg.sparql import build_store

        results = query_store(build_store(get_graph(data_dir)), text)
    click.echo(render(results, fmt), nl=False)
    if len(results) == 0:
        sys.exit(1)


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint of the server (Oxigraph: .../store, Fuseki: .../data).",
)
@endpoint_options
@data_option
def push(endpoint: str, graph_iri: str | None, timeout: float, data_dir: Path | None) -> None:
    """Load the RDF into a SPARQL 1.1 server, replacing the graph (Graph Store Protocol PUT)."""
    import io

    from bonekg.endpoint import push as push_graph
    from bonekg.writers import get_format, write

    graph = get_graph(data_dir)
    buffer = io.BytesIO()
    write(graph, get_format("nt").factory(graph, buffer))
    data = buffer.getvalue()
    push_graph(endpoint, data, graph=graph_iri, timeout=timeout)
    target = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    lines = data.count(b"\n")
    click.echo(
        f"pushed {lines} triples ({graph.number_of_edges()} statements) to {target} at {endpoint}"
    )


@cli.command("fmt")
@click.option("--check", is_flag=True, help="Only report files not in canonical form (exit 1).")
@data_option
def fmt_command(check: bool, data_dir: Path | None) -> None:
    """Rewrite the curated YAML in canonical order and layout (what the tests expect)."""
    from bonekg.canonical import canonical_text
    from bonekg.load import DATA_FILES, bundled_data_dir
    from bonekg.records import read_yaml
    from bonekg.vocabulary import load_vocabulary
    from bonekg.writers import atomic_output

    get_graph(data_dir)  # refuse to rewrite data that does not validate
    folder = data_dir or bundled_data_dir()
    order = {c.name: c.order for c in load_vocabulary().categories.values()}
    stale = []
    for name in DATA_FILES:
        path = (folder / name).resolve()
        text = path.read_text("utf-8")
        wanted = canonical_text(name, read_yaml(path).value, order)
        if text == wanted:
            continue
        stale.append(str(path))
        if not check:
            with atomic_output(path) as handle:
                handle.write(wanted.encode("utf-8"))
            click.echo(f"rewrote {path}")
    if check and stale:
        raise click.ClickException("not in canonical form (run `bonekg fmt`): " + ", ".join(stale))


def main() -> None:
    """Entry point of the ``bonekg`` console script."""
    cli(prog_name="bonekg")


if __name__ == "__main__":
    main()
    sys.exit(0)

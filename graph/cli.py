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
@data_option
@format_option
def validate(data_dir: Path | None, fmt: str) -> None:
    """Check the data, IDs, references and sources; print every problem as file:line: field: message."""
    graph = get_graph(data_dir)
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
    from bonekg.model import vocabulary

    graph = get_graph(data_dir)
    vocab = vocabulary(graph)
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
        "evidence": dict(
            sorted(
                Counter(vocab.evidence_kind(s["evidence"], s["species"]) for s in sources).items()
            )
        ),
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
        emit_json(
            [
                get_node(graph, n).__dict__
                | {
                    "synonyms": list(graph.nodes[n]["synonyms"]),
                    "xrefs": list(graph.nodes[n]["xrefs"]),
                }
                for n in found
            ]
        )
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
    from bonekg.model import edge_json, vocabulary
    from bonekg.names import resolve
    from bonekg.render import edge_lines

    graph = get_graph(data_dir)
    unknown = [p for p in predicates if p not in vocabulary(graph).predicates]
    if unknown:
        raise click.BadParameter(
            f"unknown predicate {unknown[0]!r} (known: {', '.join(sorted(vocabulary(graph).predicates))})",
            param_hint="--predicate",
        )
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
        raise click.ClickException(
            f"no {direction} edges for {graph.nodes[node_id]['label']} ({node_id})"
        )
    for s, o, d in rows:
        emit_lines(edge_lines(graph, s, o, d))


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
    from bonekg.writers import BUILD_FORMATS, get_format, write_to_path

    graph = get_graph(data_dir)
    for name in BUILD_FORMATS:
        fmt = get_format(name)
        target = out_dir / fmt.filename
        write_to_path(graph, fmt, target)
        click.echo(f"wrote {target}")


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

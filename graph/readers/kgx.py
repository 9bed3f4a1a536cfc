"""Read a KGX folder (an external graph to merge): nodes and edges, TSV or JSON Lines.

The folder holds ``nodes.tsv`` and ``edges.tsv`` (or ``*_nodes.tsv`` and
``*_edges.tsv``, as KGX names them), gzipped or not, or the JSON Lines forms
(``nodes.jsonl``, ``edges.jsonl``). TSV lists are ``|``-separated. Each edge needs a
``subject``, ``predicate``, ``object`` and ``primary_knowledge_source``; a row that
lacks one, or names a node with something that is not a CURIE or IRI, is a bad row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.errors import DataError, Problem
from bonekg.kg import KnowledgeGraph
from bonekg.readers.external import BytesRead, ExternalGraph, is_id, open_text
from bonekg.readers.registry import Reader, register

__all__ = ["kgx_files", "read_kgx"]

if TYPE_CHECKING:
    from bonekg.progress import Bar

_ENDINGS = (".tsv", ".tsv.gz", ".jsonl", ".jsonl.gz")
_EDGE_FIELDS = ("subject", "predicate", "object", "primary_knowledge_source")


def kgx_files(folder: Path, kind: str) -> list[Path]:
    """Return the *kind* (``nodes`` or ``edges``) files of a KGX folder, by name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and any(p.name.endswith(f"{kind}{end}") for end in _ENDINGS)
    )


def _rows(path: Path, graph: ExternalGraph) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Yield ``(line, row)`` of a TSV or JSON Lines file; malformed lines are bad rows."""
    from bonekg.progress import bar

    with bar(f"reading {path.name}", path.stat().st_size) as shown:
        yield from _file_rows(path, graph, shown)


def _file_rows(
    path: Path, graph: ExternalGraph, shown: Bar
) -> Iterator[tuple[int, Mapping[str, Any]]]:
    where = str(path)
    with open_text(path) as handle, BytesRead(handle, shown) as progress:
        if ".jsonl" in path.name:
            for number, line in enumerate(handle, 1):
                progress.tick(number)
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    graph.problem(where, number, "row", f"not JSON: {exc.msg}")
                    continue
                if not isinstance(row, dict):
                    graph.problem(where, number, "row", "not a JSON object")
                    continue
                yield number, row
            return
        header = handle.readline().rstrip("\r\n").split("\t")
        for number, line in enumerate(handle, 2):
            progress.tick(number)
            text = line.rstrip("\r\n")
            if not text:
                continue
            cells = text.split("\t")
            if len(cells) != len(header):
                message = f"{len(cells)} columns, the header has {len(header)}"
                graph.problem(where, number, "row", message)
                continue
            yield number, dict(zip(header, cells, strict=True))


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [v for v in str(value or "").split("|") if v]


def _text(value: Any) -> str:
    return str(value) if value is not None else ""


def read_kgx(folder: Path) -> KnowledgeGraph:
    """Read the KGX graph of *folder*: its nodes, then its edges with their provenance.

    :returns: the external graph; its bad rows are left out and listed in ``skipped``
    :raises DataError: the folder holds no edges file, or a file cannot be read
    """
    from bonekg.vocabulary import load_vocabulary

    folder = Path(folder)
    edge_files = kgx_files(folder, "edges")
    if not edge_files:
        ends = ", ".join(f"edges{e}" for e in _ENDINGS)
        raise DataError([Problem(str(folder), 0, "folder", f"no KGX edges file ({ends})")])
    graph = ExternalGraph(load_vocabulary())
    for path in kgx_files(folder, "nodes"):
        for number, row in _rows(path, graph):
            node_id = _text(row.get("id"))
            if not is_id(node_id):
                graph.problem(str(path), number, "id", _not_an_id(node_id))
                continue
            graph.add_node(
                node_id,
                label=_text(row.get("name")),
                categories=_list(row.get("category")),
                synonyms=_list(row.get("synonym")),
                description=_text(row.get("description")),
                xrefs=_list(row.get("xref")),
            )
    for path in edge_files:
        for number, row in _rows(path, graph):
            values = {name: _text(row.get(name)) for name in _EDGE_FIELDS}
            bad = next((n for n, v in values.items() if not is_id(v)), None)
            if bad is not None:
                graph.problem(str(path), number, bad, _not_an_id(values[bad]))
                continue
            graph.add_edge(
                values["subject"],
                values["predicate"],
                values["object"],
                values["primary_knowledge_source"],
                publications=_list(row.get("publications")),
                knowledge_level=_text(row.get("knowledge_level")),
                direction=_text(row.get("object_direction_qualifier")),
            )
    return graph.graph()


def _not_an_id(value: str) -> str:
    return f"not a CURIE or IRI: {value!r}" if value else "missing"


register(
    Reader(
        "kgx",
        "KGX folder to merge (nodes/edges TSV or JSON Lines, gzipped too)",
        read_kgx,
        folder=True,
        external=True,
    )
)

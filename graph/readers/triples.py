"""Read an external RDF graph to merge: an N-Triples or Turtle dump, gzipped or not.

Each triple between two IRIs is an edge (its predicate a ``biolink:`` CURIE where it is
one, mapped onto bonekg's where the vocabulary has the mapping); ``rdfs:label`` names a
node and ``rdf:type`` with a Biolink class gives its category. Plain triples carry no
provenance of their own: their ``primary_knowledge_source`` is the file's name. A line
of N-Triples that does not parse is a bad row and parsing goes on after it; Turtle
cannot be resumed mid-file, so its first error ends the file.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bonekg.errors import DataError, Problem
from bonekg.kg import KnowledgeGraph
from bonekg.rdf.namespaces import BIOLINK, RDF, RDFS
from bonekg.readers.external import ExternalGraph, normalize_id
from bonekg.readers.registry import Reader, register

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["read_triples"]

_SUFFIXES = (".nt", ".nt.gz", ".ttl", ".ttl.gz")
_AT = re.compile(r"^Parser error at line (\d+) between columns (\d+) and \d+: ")


def _triples(data: bytes, turtle: bool, where: str, graph: ExternalGraph) -> Iterator[ox.Triple]:
    """Yield the triples of *data*; each line that fails to parse is a bad row."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.TURTLE if turtle else ox.RdfFormat.N_TRIPLES
    lines = data.split(b"\n")
    start = 0  # index of the first line the current parse began at
    while start < len(lines):
        try:
            for quad in ox.parse(b"\n".join(lines[start:]), fmt):
                yield quad.triple
            return
        except SyntaxError as exc:
            relative = exc.lineno or 1
            message = str(exc.msg)
            if found := _AT.match(message):
                message = f"column {found.group(2)}: {message[found.end() :]}"
            graph.problem(where, start + relative, "triple", message)
            if turtle:
                return
            start += relative


def read_triples(path: Path) -> KnowledgeGraph:
    """Read the N-Triples or Turtle graph of *path* (``.nt``, ``.ttl``, ``.gz`` too).

    :returns: the external graph; its bad lines are left out and listed in ``skipped``
    :raises DataError: the file cannot be read
    """
    import pyoxigraph as ox

    from bonekg.vocabulary import load_vocabulary

    path = Path(path)
    try:
        data = (
            gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
        )
    except OSError as exc:
        raise DataError([Problem(str(path), 0, "file", exc.strerror or str(exc))]) from exc
    graph = ExternalGraph(load_vocabulary())
    turtle = ".ttl" in path.name
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = {}
    edges: list[tuple[str, str, str]] = []
    for triple in _triples(data, turtle, str(path), graph):
        s, p, o = triple.subject, triple.predicate.value, triple.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDFS + "label" and isinstance(o, ox.Literal):
            labels[s.value] = o.value
        elif p == RDF + "type" and isinstance(o, ox.NamedNode):
            if o.value.startswith(BIOLINK):
                types.setdefault(s.value, []).append("biolink:" + o.value[len(BIOLINK) :])
        elif isinstance(o, ox.NamedNode):
            predicate = "biolink:" + p[len(BIOLINK) :] if p.startswith(BIOLINK) else normalize_id(p)
            edges.append((s.value, predicate, o.value))
    for iri in sorted(labels.keys() | types.keys()):
        graph.add_node(iri, label=labels.get(iri, ""), categories=sorted(types.get(iri, ())))
    for s_iri, predicate, o_iri in edges:
        graph.add_edge(s_iri, predicate, o_iri, path.name)
    return graph.graph()


register(
    Reader(
        "triples",
        "N-Triples or Turtle graph to merge (gzipped too)",
        read_triples,
        _SUFFIXES,
        external=True,
    )
)

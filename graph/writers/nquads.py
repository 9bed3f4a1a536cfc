"""N-Quads, streamed: the N-Triples export, each merged edge in its knowledge source's graph.

Curated triples (nodes, claims, publications, the vocabulary) are in the default graph;
the triples of an edge merged from an external graph (``--merge``) are in the named
graph ``https://w3id.org/bonekg/graph/<source>`` of its ``primary_knowledge_source``
(``.../graph/infores:monarchinitiative``), so a store can query, replace or drop one
source's edges alone. :func:`split_graphs` gives the same graphs apart, as N-Triples,
for ``push`` (one Graph Store Protocol PUT per graph).
"""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from bonekg.constants import BONEKG_GRAPH
from bonekg.rdf.mapping import TripleWriter
from bonekg.writers.ntriples import NTriplesSink, statement_lines
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.model import Claim

__all__ = ["GRAPH_NS", "NQuadsWriter", "source_graph", "split_graphs"]

#: Where the named graphs of knowledge sources live (under :data:`BONEKG_GRAPH`).
GRAPH_NS = BONEKG_GRAPH + "/"


def source_graph(source: str, base: str = BONEKG_GRAPH) -> str:
    """Return the IRI of the named graph holding the edges merged from *source*.

    :param base: the graph of the curated part; the source graphs are below it
        (``push --graph IRI`` puts them under ``IRI/``)
    """
    return base + "/" + quote(source, safe=":")


class NQuadsWriter(TripleWriter):
    """Write N-Triples lines for the curated graph, quads for merged edges."""

    sink: NTriplesSink

    def __init__(self, kg: KnowledgeGraph, handle: IO[bytes]) -> None:
        super().__init__(kg, NTriplesSink(handle))
        self.graphs: dict[str, str] = {}

    def write_edge(self, claim: Claim) -> None:
        """Write a curated claim in the default graph, a merged edge in its source's graph."""
        if not claim.merged:
            super().write_edge(claim)
            return
        source = claim.knowledge_source or ""
        graph = self.graphs.get(source)
        if graph is None:
            graph = self.graphs[source] = f"<{source_graph(source)}>"
        self.sink.out.write(statement_lines(self.mapper.merged_statement(claim), graph))


class _Splitter(TripleWriter):
    """Write the curated graph into one buffer and each source's merged edges into its own."""

    def __init__(self, kg: KnowledgeGraph, base: str) -> None:
        self.curated = io.BytesIO()
        super().__init__(kg, NTriplesSink(self.curated))
        self.base = base
        self.sources: dict[str, io.BytesIO] = {}

    def write_edge(self, claim: Claim) -> None:
        """Write a curated claim into the curated buffer, a merged edge into its source's."""
        if not claim.merged:
            super().write_edge(claim)
            return
        graph = source_graph(claim.knowledge_source or "", self.base)
        handle = self.sources.setdefault(graph, io.BytesIO())
        handle.write("".join(f"{t} .\n" for t in self.mapper.edge(claim)).encode("utf-8"))


def split_graphs(kg: KnowledgeGraph, base: str = BONEKG_GRAPH) -> tuple[bytes, dict[str, bytes]]:
    """Return the graphs of the N-Quads export apart, each as N-Triples.

    Each triple is in one graph only, as in the N-Quads (a direct triple shared by
    several claims is written with the first), so the union of the graphs is the
    N-Triples export.

    :param base: the IRI of the curated graph; source graphs are :func:`source_graph`
        of it
    :returns: the curated graph, and the source graphs by IRI (sorted)
    """
    splitter = _Splitter(kg, base)
    kg.feed(splitter)
    sources = {iri: splitter.sources[iri].getvalue() for iri in sorted(splitter.sources)}
    return splitter.curated.getvalue(), sources


register(
    Format(
        "nq",
        "bonekg.nq",
        "RDF N-Quads (merged edges in a named graph per knowledge source)",
        NQuadsWriter,
    )
)

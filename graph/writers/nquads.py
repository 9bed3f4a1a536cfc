"""N-Quads, streamed: the N-Triples export, each merged edge in its knowledge source's graph.

Curated triples (nodes, claims, publications, the vocabulary) are in the default graph;
the triples of an edge merged from an external graph (``--merge``) are in the named
graph ``https://w3id.org/bonekg/graph/<source>`` of its ``primary_knowledge_source``
(``.../graph/infores:monarchinitiative``), so a store can query, replace or drop one
source's edges alone.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from bonekg.constants import BONEKG_NS
from bonekg.rdf.mapping import TripleWriter
from bonekg.writers.ntriples import NTriplesSink, statement_lines
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.model import Claim

__all__ = ["GRAPH_NS", "NQuadsWriter", "source_graph"]

#: Where the named graphs of knowledge sources live.
GRAPH_NS = BONEKG_NS + "graph/"


def source_graph(source: str) -> str:
    """Return the IRI of the named graph holding the edges merged from *source*."""
    return GRAPH_NS + quote(source, safe=":")


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


register(
    Format(
        "nq",
        "bonekg.nq",
        "RDF N-Quads (merged edges in a named graph per knowledge source)",
        NQuadsWriter,
    )
)

"""N-Triples, streamed: one line per triple, in the order of the RDF model's blocks."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from bonekg.writers import Format, register

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.rdf import TripleWriter

__all__ = ["NTriplesSink", "ntriples_writer"]


class NTriplesSink:
    """Serialise blocks of triples as N-Triples into a binary handle."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def emit(self, block: list[Any]) -> None:
        """Write one line per triple (pyoxigraph's ``str`` is the N-Triples form)."""
        self.handle.write("".join(f"{t} .\n" for t in block).encode("utf-8"))

    def close(self) -> None:
        """Nothing ends an N-Triples document."""


def ntriples_writer(graph: nx.MultiDiGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *graph* as N-Triples into the binary *handle*."""
    from bonekg.rdf import TripleWriter

    return TripleWriter(graph, NTriplesSink(handle))


register(Format("nt", "bonekg.nt", "RDF N-Triples", ntriples_writer))

"""N-Triples, streamed: one line per triple, in the order of the RDF model's blocks."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import TripleWriter

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


def ntriples_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as N-Triples into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, NTriplesSink(handle))


register(Format("nt", "bonekg.nt", "RDF N-Triples", ntriples_writer))

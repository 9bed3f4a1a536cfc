"""N-Triples, streamed: one line per triple, in the order of the RDF model's blocks."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from bonekg.writers.chunked import Chunked, Writable
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import Row, TripleWriter

__all__ = ["NTriplesSink", "ntriples_writer"]


class NTriplesSink:
    """Serialise blocks of triples as N-Triples into a binary handle, in chunks.

    :param handle: where the bytes go
    :param chunk: characters queued before a write
    """

    def __init__(self, handle: Writable, chunk: int = 1 << 20) -> None:
        self.out = Chunked(handle, chunk)

    def emit(self, block: list[Any]) -> None:
        """Write one line per triple (pyoxigraph's ``str`` is the N-Triples form)."""
        self.out.write("".join(f"{t} .\n" for t in block))

    def emit_rows(self, rows: list[Row]) -> None:
        """Write one line per row of a node or a merged edge."""
        self.out.write("".join([f"{s} {p} {o} .\n" for s, p, o in rows]))

    def close(self) -> None:
        """Write what is queued (nothing ends an N-Triples document)."""
        self.out.flush()


def ntriples_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as N-Triples into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, NTriplesSink(handle))


register(Format("nt", "bonekg.nt", "RDF N-Triples", ntriples_writer))

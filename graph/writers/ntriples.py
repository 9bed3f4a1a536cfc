"""N-Triples, streamed: one line per triple, in the order of the RDF model's blocks."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from bonekg.writers.chunked import Chunked, Writable
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import MergedStatement, Row, TripleWriter

__all__ = ["NTriplesSink", "ntriples_writer", "statement_lines"]


def statement_lines(m: MergedStatement, graph: str = "") -> str:
    """Return the N-Triples lines of ``m.rows()`` (N-Quads ones with *graph*), in one go."""
    from bonekg.rdf.mapping import NTriplesTerms as T

    end = f" {graph} .\n" if graph else " .\n"
    s, p, o, st = m.s, m.p, m.o, m.st
    head = f"{s} {p} {o}{end}" if m.direct else ""
    return (
        f"{head}{st} {T.TYPE} {T.STATEMENT}{end}{st} {T.TYPE} {T.ASSOCIATION}{end}"
        f"{st} {T.RDF_SUBJECT} {s}{end}{st} {T.RDF_PREDICATE} {p}{end}"
        f"{st} {T.RDF_OBJECT} {o}{end}{st} {T.SUBJECT} {s}{end}"
        f"{st} {T.PREDICATE} {m.biolink}{end}{st} {T.OBJECT} {o}{end}"
        + "".join([f"{st} {q} {v}{end}" for q, v in m.more])
    )


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

    def emit_statement(self, statement: MergedStatement) -> None:
        """Write a merged edge's statement: the lines of its rows, from one template."""
        self.out.write(statement_lines(statement))

    def close(self) -> None:
        """Write what is queued (nothing ends an N-Triples document)."""
        self.out.flush()


def ntriples_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as N-Triples into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, NTriplesSink(handle))


register(Format("nt", "bonekg.nt", "RDF N-Triples", ntriples_writer))

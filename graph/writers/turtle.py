"""Turtle, streamed one subject block at a time, with the project's prefixes.

Terms are written here rather than through ``pyoxigraph.serialize``: the layout
(``rdf:type`` first, one predicate per line, objects of one predicate on one line) then
never changes with a library upgrade, so rebuilding unchanged data gives identical bytes.
Literals use N-Triples syntax, which is valid Turtle.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from bonekg.rdf.namespaces import RDF, XSD
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import TripleWriter

__all__ = ["TurtleSink", "turtle_writer"]


_RDF_TYPE = RDF + "type"
_PLAIN = {XSD + "string", RDF + "langString"}


class TurtleSink:
    """Serialise blocks of triples as Turtle into a binary handle."""

    def __init__(self, handle: IO[bytes]) -> None:
        import pyoxigraph

        from bonekg.rdf.mapping import Compactor
        from bonekg.rdf.namespaces import prefixes

        self.ox = pyoxigraph
        self.handle = handle
        self.compact = Compactor(prefixes())
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes().items())
        handle.write(head.encode("utf-8"))

    def term(self, term: Any) -> str:
        """Return *term* in Turtle: a prefixed name where one is clean, a bare integer."""
        if isinstance(term, self.ox.NamedNode):
            return self.compact(term.value) or str(term)
        if isinstance(term, self.ox.Literal):
            datatype = term.datatype.value
            if datatype == XSD + "integer" and term.value.lstrip("+-").isdigit():
                return str(term.value)
            if datatype not in _PLAIN:
                return f"{self.ox.Literal(term.value)}^^{self.term(term.datatype)}"
        return str(term)

    def emit(self, block: list[Any]) -> None:
        """Write one block, one subject after another."""
        from bonekg.rdf.mapping import by_subject

        parts = []
        for subject, preds in by_subject(block):
            lines = [
                f"    {'a' if p.value == _RDF_TYPE else self.term(p)} "
                + ", ".join(self.term(o) for o in objects)
                for p, objects in preds
            ]
            parts.append(f"\n{self.term(subject)}\n" + " ;\n".join(lines) + " .\n")
        self.handle.write("".join(parts).encode("utf-8"))

    def close(self) -> None:
        """Nothing ends a Turtle document."""


def turtle_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as Turtle into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, TurtleSink(handle))


register(Format("ttl", "bonekg.ttl", "RDF Turtle", turtle_writer))

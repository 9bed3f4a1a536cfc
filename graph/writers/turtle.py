"""Turtle, streamed one subject block at a time, with the project's prefixes.

Terms are written here rather than through ``pyoxigraph.serialize``: the layout
(``rdf:type`` first, one predicate per line, objects of one predicate on one line) then
never changes with a library upgrade, so rebuilding unchanged data gives identical bytes.
Literals use N-Triples syntax, which is valid Turtle.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

from bonekg.rdf.namespaces import RDF, STATEMENT_NS, XSD
from bonekg.writers.chunked import Chunked
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import MergedStatement, Row, TripleWriter

__all__ = ["TurtleSink", "turtle_writer"]


_RDF_TYPE = RDF + "type"
_PLAIN = {XSD + "string", RDF + "langString"}
_TYPE_TEXT = f"<{_RDF_TYPE}>"
_STATEMENT = f"<{STATEMENT_NS}"
#: The fixed terms of a merged edge's statement (:class:`~bonekg.rdf.mapping.NTriplesTerms`).
_STATEMENT_TERMS = (
    "STATEMENT ASSOCIATION RDF_SUBJECT RDF_PREDICATE RDF_OBJECT SUBJECT PREDICATE OBJECT"
)
_HEX = re.compile(r"[0-9a-f]+")
_INTEGER = f'"^^<{XSD}integer>'


class TurtleSink:
    """Serialise blocks of triples as Turtle into a binary handle."""

    def __init__(self, handle: IO[bytes]) -> None:
        import pyoxigraph

        from bonekg.rdf.mapping import Compactor
        from bonekg.rdf.namespaces import prefixes

        self.ox = pyoxigraph
        self.out = Chunked(handle)
        self.compact = Compactor(prefixes())
        #: Turtle forms of the N-Triples terms of rows (nodes, merged edges), made once.
        self.texts: dict[str, str] = {}
        #: The Turtle forms of a statement's fixed terms, made at the first statement.
        self.parts: dict[str, str] | None = None
        self.statement = next(f"{p}:" for p, ns in prefixes().items() if ns == STATEMENT_NS)
        self.out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes().items()))

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
        self.out.write("".join(parts))

    def text_term(self, text: str) -> str:
        """Return an N-Triples term (of a row) in Turtle, as :meth:`term` would."""
        found = self.texts.get(text)
        if found is not None:
            return found
        if text.startswith(_STATEMENT) and _HEX.fullmatch(text, len(_STATEMENT), len(text) - 1):
            return self.statement + text[len(_STATEMENT) : -1]  # one each: not remembered
        if text.startswith("<"):
            found = self.compact(text[1:-1]) or text
        elif text.endswith(_INTEGER) and text[1 : -len(_INTEGER)].lstrip("+-").isdigit():
            found = text[1 : -len(_INTEGER)]
        else:
            found = text
        if len(self.texts) < 1_000_000:
            self.texts[text] = found
        return found

    def emit_rows(self, rows: list[Row]) -> None:
        """Write the rows of a node or a merged edge, a subject block per run of one subject.

        Rows come grouped by subject and predicate (as the mapper makes them), so one
        pass lays them out as :meth:`emit` does.
        """
        t = self.text_term
        parts = []
        last_s = last_p = ""
        for s, p, o in rows:
            if s != last_s:
                head = "\n" if not last_s else " .\n\n"
                parts.append(f"{head}{t(s)}\n    {'a' if p == _TYPE_TEXT else t(p)} {t(o)}")
                last_s, last_p = s, p
            elif p != last_p:
                parts.append(f" ;\n    {'a' if p == _TYPE_TEXT else t(p)} {t(o)}")
                last_p = p
            else:
                parts.append(f", {t(o)}")
        parts.append(" .\n")
        self.out.write("".join(parts))

    def emit_statement(self, m: MergedStatement) -> None:
        """Write a merged edge as :meth:`emit_rows` would lay out its rows, from one template."""
        from bonekg.rdf.mapping import NTriplesTerms as T

        t = self.text_term
        if self.parts is None:
            self.parts = {name: t(getattr(T, name)) for name in _STATEMENT_TERMS.split()}
        c = self.parts
        s, o = t(m.s), t(m.o)
        p = "a" if m.p == _TYPE_TEXT else t(m.p)
        parts = [
            f"\n{s}\n    {p} {o} .\n" if m.direct else "",
            f"\n{t(m.st)}\n    a {c['STATEMENT']}, {c['ASSOCIATION']} ;\n"
            f"    {c['RDF_SUBJECT']} {s} ;\n    {c['RDF_PREDICATE']} {p} ;\n"
            f"    {c['RDF_OBJECT']} {o} ;\n    {c['SUBJECT']} {s} ;\n"
            f"    {c['PREDICATE']} {t(m.biolink)} ;\n    {c['OBJECT']} {o}",
        ]
        last = ""
        for q, v in m.more:
            parts.append(f", {t(v)}" if q == last else f" ;\n    {t(q)} {t(v)}")
            last = q
        parts.append(" .\n")
        self.out.write("".join(parts))

    def close(self) -> None:
        """Write what is queued (nothing ends a Turtle document)."""
        self.out.flush()


def turtle_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as Turtle into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, TurtleSink(handle))


register(Format("ttl", "bonekg.ttl", "RDF Turtle", turtle_writer))

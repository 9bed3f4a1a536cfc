"""JSON-LD, streamed, compacted with the readable context of ``ontology/context.jsonld``.

The document embeds the context (so it reads offline) and lists one object per subject
in ``@graph``: ``{"@id": "CL:0000062", "@type": [...], "label": "osteoblast", ...}``.
Compaction is done here, term by term, from the same triples as the Turtle and N-Triples
writers, so the three hold the same graph.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import IO, TYPE_CHECKING, Any

from bonekg.constants import ONTOLOGY_PACKAGE
from bonekg.rdf.namespaces import RDF, XSD
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.rdf.mapping import MergedStatement, Row, TripleWriter

__all__ = ["JsonLdSink", "context", "jsonld_writer"]


@cache
def context() -> dict[str, Any]:
    """Return the JSON-LD context (the value of ``@context``) shipped with the vocabulary."""
    from bonekg.rdf.mapping import CONTEXT_FILE

    text = resources.files(ONTOLOGY_PACKAGE).joinpath(CONTEXT_FILE).read_text("utf-8")
    value: dict[str, Any] = json.loads(text)["@context"]
    return value


def _split(ctx: dict[str, Any]) -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
    """Split the context into prefixes (name -> namespace) and terms (IRI -> name, coercion)."""
    prefixes: dict[str, str] = {}
    for name, value in ctx.items():
        if name.startswith("@"):
            continue
        iri = value if isinstance(value, str) else value.get("@id", "")
        if "://" in iri:
            prefixes[name] = iri

    def expand(value: str) -> str:
        prefix, sep, local = value.partition(":")
        return prefixes[prefix] + local if sep and prefix in prefixes else value

    terms: dict[str, tuple[str, str | None]] = {}
    for name, value in ctx.items():
        if name.startswith("@") or name in prefixes:
            continue
        definition = {"@id": value} if isinstance(value, str) else value
        coercion = definition.get("@type")
        iri = expand(definition.get("@id", name))
        terms[iri] = (name, expand(coercion) if coercion and coercion != "@id" else coercion)
    return prefixes, terms


class JsonLdSink:
    """Serialise blocks of triples as compacted JSON-LD objects into a binary handle."""

    def __init__(self, handle: IO[bytes]) -> None:
        import pyoxigraph

        from bonekg.rdf.mapping import Compactor

        self.ox = pyoxigraph
        self.handle = handle
        ctx = context()
        prefixes, self.terms = _split(ctx)
        self.compact = Compactor(prefixes)
        self.count = 0
        head = json.dumps({"@context": ctx}, indent=2, ensure_ascii=False)[:-2]
        handle.write((head + ',\n  "@graph": [').encode("utf-8"))

    def iri(self, iri: str) -> str:
        """Return the compact form of *iri*, or *iri* itself."""
        return self.compact(iri) or iri

    def value(self, term: Any, coercion: str | None) -> Any:
        """Return the JSON-LD value of an object *term* under a property's *coercion*."""
        if isinstance(term, self.ox.NamedNode):
            return self.iri(term.value) if coercion == "@id" else {"@id": self.iri(term.value)}
        if isinstance(term, self.ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == coercion:
            return term.value
        if coercion is None and datatype == XSD + "string":
            return term.value
        if coercion is None and datatype == XSD + "integer" and term.value.lstrip("-").isdigit():
            return int(term.value)
        if datatype == XSD + "string":
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.iri(datatype)}

    def emit(self, block: list[Any]) -> None:
        """Write one JSON object per subject of the block."""
        from bonekg.rdf.mapping import by_subject

        for subject, preds in by_subject(block):
            obj: dict[str, Any] = {"@id": self.iri(subject.value)}
            if isinstance(subject, self.ox.BlankNode):
                obj["@id"] = f"_:{subject.value}"
            for predicate, objects in preds:
                if predicate.value == RDF + "type":
                    types = [self.iri(o.value) for o in objects]
                    obj["@type"] = types[0] if len(types) == 1 else types
                    continue
                name, coercion = self.terms.get(predicate.value, (self.iri(predicate.value), None))
                values = [self.value(o, coercion) for o in objects]
                obj[name] = values[0] if len(values) == 1 else values
            text = json.dumps(obj, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            self.handle.write(((",\n    " if self.count else "\n    ") + text).encode("utf-8"))
            self.count += 1

    def emit_rows(self, rows: list[Row]) -> None:
        """Write a merged edge's rows (as triples: JSON-LD objects need the terms)."""
        from bonekg.rdf.mapping import rows_to_triples

        self.emit(rows_to_triples(rows))

    def emit_statement(self, statement: MergedStatement) -> None:
        """Write a merged edge's statement."""
        self.emit_rows(statement.rows())

    def close(self) -> None:
        """Close ``@graph`` and the document."""
        self.handle.write(b"\n  ]\n}\n")


def jsonld_writer(kg: KnowledgeGraph, handle: IO[bytes]) -> TripleWriter:
    """Return a writer of *kg* as JSON-LD into the binary *handle*."""
    from bonekg.rdf.mapping import TripleWriter

    return TripleWriter(kg, JsonLdSink(handle))


register(Format("jsonld", "bonekg.jsonld", "RDF JSON-LD (readable context)", jsonld_writer))

"""Read a bonekg RDF export (Turtle, N-Triples, JSON-LD) back into a knowledge graph.

The inverse of :mod:`bonekg.rdf.mapping`: nodes, claims with their statement IDs and
sources, publications. ``bonekg validate --rdf`` and the round-trip tests use it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.constants import BONEKG_NS
from bonekg.errors import DataError, InputError, Problem
from bonekg.ids import converter
from bonekg.kg import KnowledgeGraph
from bonekg.model import OUTCOME_FIELDS, Claim, ClaimData, NodeData, Publication
from bonekg.rdf.namespaces import (
    BIOLINK,
    DCTERMS,
    FABIO,
    NAMESPACES,
    OBOINOWL,
    PRISM,
    RDF,
    RDFS,
    SKOS,
    STATEMENT_NS,
    ref_of,
)
from bonekg.readers.registry import Reader, register

if TYPE_CHECKING:
    import pyoxigraph as ox

    from bonekg.vocabulary import Vocabulary

__all__ = ["graph_from_triples", "parse", "read_rdf"]

OUTCOME_NS = BONEKG_NS + "outcome-"

_FORMATS = {
    "ttl": "TURTLE",
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "ntriples": "N_TRIPLES",
    "jsonld": "JSON_LD",
    "json-ld": "JSON_LD",
}


def parse(data: bytes, fmt: str, where: str = "RDF") -> list[ox.Triple]:
    """Parse RDF bytes (``ttl``, ``nt`` or ``jsonld``) into triples.

    :param where: the file name, for the error message
    :raises DataError: the input is not valid RDF of that format
    """
    import pyoxigraph as ox

    try:
        rdf_format = getattr(ox.RdfFormat, _FORMATS[fmt.lower().lstrip(".")])
    except KeyError:
        raise DataError([Problem(where, 0, "format", f"unknown RDF format {fmt!r}")]) from None
    try:
        return [q.triple for q in ox.parse(data, rdf_format)]
    except SyntaxError as exc:
        raise DataError([Problem(where, 0, "", f"invalid {fmt}: {exc}")]) from exc


_POSITION = re.compile(r"-source-(\d+)$")


def graph_from_triples(rdf: Iterable[ox.Triple], vocab: Vocabulary | None = None) -> KnowledgeGraph:
    """Rebuild the graph from the triples of an export: nodes, claims, sources, publications.

    The inverse of :func:`triples`. Synonyms and cross-references come back sorted
    (RDF has no order for repeated values); sources keep their order, which the IRI
    of each ``bonekg:Source`` node ends with (``<statement>-source-<n>``).

    :param rdf: the triples of a bonekg export (as read by :func:`parse`)
    :param vocab: the vocabulary (default: the packaged one)
    :raises DataError: a statement or node lacks a required property
    """
    import pyoxigraph as ox

    from bonekg.vocabulary import load_vocabulary

    vocab = vocab or load_vocabulary()
    conv = converter()
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in rdf:
        if isinstance(t.subject, ox.NamedNode):  # a bonekg export has no blank subjects
            props[t.subject.value][t.predicate.value].append(t.object)
    problems: list[Problem] = []

    def one(subject: str, prop: str) -> Any:
        """Return the first value of *prop* on *subject*, noting a problem when there is none."""
        values = props.get(subject, {}).get(prop)
        if not values:
            problems.append(Problem(subject, 0, _short(prop), "missing"))
            return ox.Literal("0")
        return values[0]

    def strings(subject: str, prop: str) -> list[str]:
        return sorted(v.value for v in props[subject].get(prop, ()))

    categories = {BONEKG_NS + name for name in vocab.categories}
    nodes: dict[str, NodeData] = {}
    edges: list[dict[str, Any]] = []
    pubs: dict[str, dict[str, Any]] = {}
    for subject, values in props.items():
        types = {t.value for t in values.get(RDF + "type", ())}
        if types & categories:
            biolink = sorted(t for t in types if t.startswith(BIOLINK))
            node = NodeData(
                label=one(subject, RDFS + "label").value,
                category=one(subject, BONEKG_NS + "category").value,
                biolink_class="biolink:" + biolink[0][len(BIOLINK) :] if biolink else "",
                synonyms=strings(subject, SKOS + "altLabel"),
                description="".join(strings(subject, DCTERMS + "description")),
                xrefs=strings(subject, OBOINOWL + "hasDbXref"),
            )
            if reason := strings(subject, BONEKG_NS + "localReason"):
                node["local_reason"] = reason[0]
            nodes[conv.compress(subject) or subject] = node
        elif RDF + "Statement" in types and subject.startswith(STATEMENT_NS):
            edges.append(_edge(subject, props, vocab, one))
        elif BIOLINK + "Publication" in types:
            curie = one(subject, DCTERMS + "identifier").value
            record: dict[str, Any] = {
                "title": one(subject, DCTERMS + "title").value,
                "year": int(one(subject, DCTERMS + "issued").value),
                "journal": one(subject, PRISM + "publicationName").value,
                "type": one(subject, BONEKG_NS + "publicationType").value,
            }
            for name, prop in (
                ("pmid", FABIO + "hasPubMedId"),
                ("doi", PRISM + "doi"),
                ("pmcid", FABIO + "hasPubMedCentralId"),
                ("seen_at", BONEKG_NS + "seenAt"),
                ("first_author", DCTERMS + "creator"),
            ):
                if values.get(prop):
                    record[name] = values[prop][0].value
            pubs[curie] = record
    if problems:
        raise DataError(problems)
    claims = [
        Claim(
            conv.compress(e["subject"]) or e["subject"],
            conv.compress(e["object"]) or e["object"],
            e["key"],
            e["data"],
        )
        for e in edges
    ]
    publications = {c: Publication.from_record(c, r) for c, r in pubs.items()}
    return KnowledgeGraph.from_records(nodes, claims, publications, vocab)


def _edge(
    subject: str,
    props: Mapping[str, Mapping[str, list[Any]]],
    vocab: Vocabulary,
    one: Callable[[str, str], Any],
) -> dict[str, Any]:
    conv = converter()
    values = props[subject]
    key = subject[len(STATEMENT_NS) :]
    predicate = one(subject, RDF + "predicate").value[len(BONEKG_NS) :]
    sign = values.get(BONEKG_NS + "sign")
    qualifiers = {
        name: values[BONEKG_NS + name][0].value
        for name in vocab.qualifiers
        if values.get(BONEKG_NS + name)
    }
    sources = []
    for node in values.get(BONEKG_NS + "hasSource", ()):
        species = one(node.value, BONEKG_NS + "species")
        source: dict[str, Any] = {
            "ref": ref_of(one(node.value, DCTERMS + "source").value),
            "evidence": conv.compress(one(node.value, BIOLINK + "has_evidence_of_type").value)
            or "",
            "species": species.value
            if species.__class__.__name__ == "Literal"
            else conv.compress(species.value) or species.value,
            "statement": one(node.value, BIOLINK + "supporting_text").value,
        }
        outcome: dict[str, Any] = {}
        for name in OUTCOME_FIELDS:
            found = props.get(node.value, {}).get(OUTCOME_NS + name)
            if found:
                outcome[name] = int(found[0].value) if name == "n" else found[0].value
        if outcome:
            source["outcome"] = outcome
        sources.append((_position(node.value), source))
    data = ClaimData(
        predicate=predicate,
        sign=int(sign[0].value) if sign else None,
        qualifiers=qualifiers,
        sources=[s for _, s in sorted(sources, key=lambda pair: pair[0])],  # type: ignore[misc]
    )
    return {
        "subject": one(subject, RDF + "subject").value,
        "object": one(subject, RDF + "object").value,
        "key": key,
        "data": data,
    }


def _position(iri: str) -> int:
    found = _POSITION.search(iri)
    return int(found.group(1)) if found else 0


def _short(iri: str) -> str:
    for prefix, ns in NAMESPACES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def read_rdf(path: Path) -> KnowledgeGraph:
    """Read a bonekg RDF export (``.ttl``, ``.nt``, ``.jsonld``) into a knowledge graph.

    :raises DataError: the file is unreadable, not valid RDF, or not a bonekg export
    """
    from bonekg.inputs import read_input

    try:
        data = read_input(Path(path))
    except InputError as exc:
        raise DataError([Problem(str(path), 0, "file", exc.reason)]) from exc
    return graph_from_triples(parse(data, Path(path).suffix, str(path)))


register(
    Reader(
        "rdf",
        "bonekg RDF export (Turtle, N-Triples, JSON-LD)",
        read_rdf,
        (".ttl", ".nt", ".jsonld"),
    )
)

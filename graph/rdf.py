"""The RDF model of bonekg: graph -> triples, and RDF -> graph for the round trip.

Every node becomes a resource with ``rdfs:label``, its bonekg and Biolink classes,
``skos:altLabel`` per synonym and ``dcterms:description``. Every claim becomes a direct
triple ``s bonekg:<predicate> o`` (so plain SPARQL works) and one statement node,
``https://w3id.org/bonekg/statement/<statement_id>``, typed ``rdf:Statement`` and
``biolink:Association``, carrying subject, predicate and object both as ``rdf:`` and as
``biolink:`` properties, the sign, the qualifiers, and per source a ``bonekg:Source``
node (publication, ECO evidence, species, supporting text) -- the same values are also
put on the statement itself, so that ``?s dcterms:source ?pub`` needs no extra hop.
Publications carry their citation metadata and the vocabulary (``ontology/bonekg.ttl``)
is part of the export. No blank nodes: every IRI is derived from the data, so an
unchanged graph always gives the same triples.

Terms are pyoxigraph terms; the writers in :mod:`bonekg.writers` serialise them and
:mod:`bonekg.sparql` loads them into its store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from bonekg.constants import BONEKG_NS, ONTOLOGY_PACKAGE, VOCABULARY_FILE
from bonekg.errors import DataError, Problem
from bonekg.model import Publication, publications, vocabulary
from bonekg.validate import converter
from bonekg.vocabulary import BIOLINK

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.vocabulary import Vocabulary

__all__ = [
    "CONTEXT_FILE",
    "NAMESPACES",
    "STATEMENT_NS",
    "Compactor",
    "RdfMapper",
    "Triple",
    "TripleSink",
    "TripleWriter",
    "by_subject",
    "citation",
    "graph_from_triples",
    "parse",
    "prefixes",
    "publication_iri",
    "triples",
    "vocabulary_triples",
]

Triple = ox.Triple
CONTEXT_FILE = "context.jsonld"
STATEMENT_NS = BONEKG_NS + "statement/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
FABIO = "http://purl.org/spar/fabio/"

#: Prefixes of the Turtle and JSON-LD output, besides the node prefixes of prefixes.json.
NAMESPACES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": "http://schema.org/",
    "oboInOwl": OBOINOWL,
    "prism": PRISM,
    "fabio": FABIO,
    "biolink": BIOLINK,
    "obo": "http://purl.obolibrary.org/obo/",
    "bonekg": BONEKG_NS,
    "statement": STATEMENT_NS,
}

KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
IN_VITRO = "in vitro"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
DOI = "https://doi.org/"


@cache
def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str) -> ox.Literal:
    return ox.Literal(value)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


TYPE = _n(RDF + "type")
LABEL = _n(RDFS + "label")


def publication_iri(ref: str) -> str:
    """Return the IRI of a publication CURIE: its PubMed page, or the DOI resolver.

    :param ref: ``PMID:N`` or ``DOI:10.x/y``
    """
    prefix, _, local = ref.partition(":")
    if prefix == "PMID":
        return f"{PUBMED}{local}/"
    return f"{DOI}{local}"


def _ref_of(iri: str) -> str:
    if iri.startswith(PUBMED):
        return "PMID:" + iri[len(PUBMED) :].rstrip("/")
    return "DOI:" + iri[len(DOI) :]


def citation(pub: Publication) -> str:
    """Return a one-line citation: ``Arjmand B (2020). Title. Journal. PMID:N``."""
    ids = " ".join(
        f"{name}:{value}"
        for name, value in (("PMID", pub.pmid), ("DOI", pub.doi), ("PMCID", pub.pmcid))
        if value
    )
    return f"{pub.first_author} ({pub.year}). {pub.title.rstrip('.')}. {pub.journal}. {ids}"


class RdfMapper:
    """Turn nodes, claims and publications of one graph into triples, block by block.

    :param graph: a validated graph (for its vocabulary and publications)
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.vocab: Vocabulary = vocabulary(graph)
        self.pubs = publications(graph)
        self.converter = converter()

    @cache  # noqa: B019  (one mapper per export; the cache dies with it)
    def iri(self, curie: str) -> ox.NamedNode:
        """Expand a node, ECO or taxon CURIE into its standard IRI."""
        return _n(self.converter.expand_strict(curie))

    def node(self, node_id: str, data: Mapping[str, Any]) -> list[ox.Triple]:
        """Return the triples describing one node."""
        s = self.iri(node_id)
        out = [
            ox.Triple(s, TYPE, _n(BONEKG_NS + data["category"])),
            ox.Triple(s, TYPE, self._biolink(data["biolink_class"])),
            ox.Triple(s, LABEL, _lit(data["label"])),
            ox.Triple(s, _n(BONEKG_NS + "category"), _lit(data["category"])),
        ]
        out += [ox.Triple(s, _n(SKOS + "altLabel"), _lit(v)) for v in data.get("synonyms", ())]
        out += [ox.Triple(s, _n(OBOINOWL + "hasDbXref"), _lit(v)) for v in data.get("xrefs", ())]
        if data.get("description"):
            out.append(ox.Triple(s, _n(DCTERMS + "description"), _lit(data["description"])))
        return out

    @staticmethod
    def _biolink(curie: str) -> ox.NamedNode:
        return _n(BIOLINK + curie.removeprefix("biolink:"))

    def edge(self, subject: str, obj: str, key: str, data: Mapping[str, Any]) -> list[ox.Triple]:
        """Return the direct triple and the statement triples of one claim."""
        predicate = self.vocab.predicates[data["predicate"]]
        s, o, p = self.iri(subject), self.iri(obj), _n(BONEKG_NS + predicate.name)
        st = _n(STATEMENT_NS + key)
        out = [
            ox.Triple(s, p, o),
            ox.Triple(st, TYPE, _n(RDF + "Statement")),
            ox.Triple(st, TYPE, _n(BIOLINK + "Association")),
            ox.Triple(st, _n(RDF + "subject"), s),
            ox.Triple(st, _n(RDF + "predicate"), p),
            ox.Triple(st, _n(RDF + "object"), o),
            ox.Triple(st, _n(BIOLINK + "subject"), s),
            ox.Triple(st, _n(BIOLINK + "predicate"), self._biolink(predicate.biolink)),
            ox.Triple(st, _n(BIOLINK + "object"), o),
            ox.Triple(st, _n(BIOLINK + "knowledge_level"), _lit(KNOWLEDGE_LEVEL)),
            ox.Triple(st, _n(BIOLINK + "agent_type"), _lit(AGENT_TYPE)),
        ]
        if predicate.biolink_direction:
            out.append(
                ox.Triple(
                    st,
                    _n(BIOLINK + "object_direction_qualifier"),
                    _lit(predicate.biolink_direction),
                )
            )
        if data.get("sign") is not None:
            out.append(ox.Triple(st, _n(BONEKG_NS + "sign"), _int(data["sign"])))
        for name, value in sorted(data.get("qualifiers", {}).items()):
            out.append(ox.Triple(st, _n(BONEKG_NS + name), _lit(str(value))))
        for number, source in enumerate(data["sources"], 1):
            node = _n(f"{STATEMENT_NS}{key}-source-{number}")
            values = self._source_values(source)
            out.append(ox.Triple(st, _n(BONEKG_NS + "hasSource"), node))
            out.append(ox.Triple(node, TYPE, _n(BONEKG_NS + "Source")))
            for prop, value in values:
                out.append(ox.Triple(node, prop, value))
                out.append(ox.Triple(st, prop, value))
        return out

    def _source_values(self, source: Mapping[str, str]) -> list[tuple[ox.NamedNode, Any]]:
        species = source["species"]
        return [
            (_n(DCTERMS + "source"), _n(publication_iri(source["ref"]))),
            (_n(BIOLINK + "has_evidence_of_type"), self.iri(source["evidence"])),
            (
                _n(BONEKG_NS + "species"),
                _lit(IN_VITRO) if species == IN_VITRO else self.iri(species),
            ),
            (_n(BIOLINK + "supporting_text"), _lit(source["statement"])),
        ]

    def publication(self, pub: Publication) -> list[ox.Triple]:
        """Return the citation metadata of one publication."""
        s = _n(publication_iri(pub.curie))
        out = [
            ox.Triple(s, TYPE, _n(BIOLINK + "Publication")),
            ox.Triple(s, _n(DCTERMS + "identifier"), _lit(pub.curie)),
            ox.Triple(s, _n(DCTERMS + "title"), _lit(pub.title)),
            ox.Triple(s, _n(DCTERMS + "creator"), _lit(pub.first_author)),
            ox.Triple(
                s, _n(DCTERMS + "issued"), ox.Literal(str(pub.year), datatype=_n(XSD + "gYear"))
            ),
            ox.Triple(s, _n(PRISM + "publicationName"), _lit(pub.journal)),
            ox.Triple(s, _n(BONEKG_NS + "publicationType"), _lit(pub.type)),
            ox.Triple(s, _n(DCTERMS + "bibliographicCitation"), _lit(citation(pub))),
        ]
        for prop, value in (
            (FABIO + "hasPubMedId", pub.pmid),
            (PRISM + "doi", pub.doi),
            (FABIO + "hasPubMedCentralId", pub.pmcid),
        ):
            if value:
                out.append(ox.Triple(s, _n(prop), _lit(value)))
        return out

    def publications(self) -> Iterator[list[ox.Triple]]:
        """Yield the triples of each publication, by CURIE."""
        for curie in sorted(self.pubs):
            yield self.publication(self.pubs[curie])


@cache
def vocabulary_triples() -> tuple[ox.Triple, ...]:
    """Return the triples of ``ontology/bonekg.ttl`` in file order.

    Blank nodes (if the vocabulary ever uses any) get stable labels, so that the export
    stays byte-identical from one build to the next.
    """
    text = resources.files(ONTOLOGY_PACKAGE).joinpath(VOCABULARY_FILE).read_bytes()
    labels: dict[str, ox.BlankNode] = {}

    def stable(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"v{len(labels)}"))
        return term

    return tuple(
        ox.Triple(stable(t.subject), t.predicate, stable(t.object))
        for t in ox.parse(text, ox.RdfFormat.TURTLE)
    )


@cache
def prefixes() -> dict[str, str]:
    """Return the prefix map of the Turtle and JSON-LD output.

    Standard vocabularies first, then the node prefixes of ``ontology/prefixes.json``.
    """
    out = dict(NAMESPACES)
    for prefix, namespace in converter().prefix_map.items():
        out.setdefault(prefix, namespace)
    return out


# A conservative PN_LOCAL: names that need no escaping in Turtle and read well in JSON-LD.
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


class Compactor:
    """Shorten IRIs to ``prefix:local`` with the longest matching namespace, or keep them."""

    def __init__(self, prefix_map: Mapping[str, str]) -> None:
        self.by_length = sorted(prefix_map.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.cache: dict[str, str | None] = {}

    def __call__(self, iri: str) -> str | None:
        """Return the compact form of *iri*, or None when no prefix gives a clean name."""
        try:
            return self.cache[iri]
        except KeyError:
            pass
        found = None
        for prefix, namespace in self.by_length:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :]):
                found = f"{prefix}:{iri[len(namespace) :]}"
                break
        if len(self.cache) < 100_000:
            self.cache[iri] = found
        return found


def by_subject(block: list[ox.Triple]) -> list[tuple[Any, list[tuple[Any, list[Any]]]]]:
    """Group a block as subject -> predicate -> objects, in order of first appearance.

    ``rdf:type`` comes first; objects keep their order.
    """
    grouped: dict[Any, dict[Any, list[Any]]] = {}
    for t in block:
        grouped.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
    return [
        (subject, sorted(preds.items(), key=lambda kv: kv[0] != TYPE))
        for subject, preds in grouped.items()
    ]


class TripleSink(Protocol):
    """What an RDF serialiser does: take blocks of triples, then end the output."""

    def emit(self, block: list[ox.Triple]) -> None:
        """Write one block of triples (those of one node, claim or publication)."""

    def close(self) -> None:
        """Write whatever ends the output."""


class TripleWriter:
    """A :class:`~bonekg.writers.Writer` that maps each node and claim to triples for a sink.

    :meth:`finalize` adds the publications and the vocabulary, then closes the sink. The
    RDF writers are this class with a serialising sink; the SPARQL store and the SHACL
    check use it with sinks that load triples instead.

    :param graph: the graph being written (for its vocabulary and publications)
    :param sink: where the blocks of triples go
    """

    def __init__(self, graph: nx.MultiDiGraph, sink: TripleSink) -> None:
        self.mapper = RdfMapper(graph)
        self.sink = sink

    def write_node(self, node_id: str, data: Mapping[str, Any]) -> None:
        """Write the triples of one node."""
        self.sink.emit(self.mapper.node(node_id, data))

    def write_edge(self, subject: str, obj: str, key: str, data: Mapping[str, Any]) -> None:
        """Write the direct triple and the statement of one claim."""
        self.sink.emit(self.mapper.edge(subject, obj, key, data))

    def finalize(self) -> None:
        """Write the publications and the vocabulary, then end the output."""
        for block in self.mapper.publications():
            self.sink.emit(block)
        self.sink.emit(list(vocabulary_triples()))
        self.sink.close()


class _Collector:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def emit(self, block: list[ox.Triple]) -> None:
        self.triples.extend(block)

    def close(self) -> None:
        pass


def triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Return every triple of the RDF export of *graph*, in the order the writers write them."""
    from bonekg.writers import write

    collector = _Collector()
    write(graph, TripleWriter(graph, collector))
    return collector.triples


_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def parse(data: bytes, fmt: str, where: str = "RDF") -> list[ox.Triple]:
    """Parse RDF bytes (``ttl``, ``nt`` or ``jsonld``) into triples.

    :param where: the file name, for the error message
    :raises DataError: the input is not valid RDF of that format
    """
    try:
        rdf_format = _FORMATS[fmt.lower().lstrip(".")]
    except KeyError:
        raise DataError([Problem(where, 0, "format", f"unknown RDF format {fmt!r}")]) from None
    try:
        return [q.triple for q in ox.parse(data, rdf_format)]
    except SyntaxError as exc:
        raise DataError([Problem(where, 0, "", f"invalid {fmt}: {exc}")]) from exc


_POSITION = re.compile(r"-source-(\d+)$")


def graph_from_triples(
    rdf: Iterable[ox.Triple], vocab: Vocabulary | None = None
) -> nx.MultiDiGraph:
    """Rebuild the graph from the triples of an export: nodes, claims, sources, publications.

    The inverse of :func:`triples`. Synonyms and cross-references come back sorted
    (RDF has no order for repeated values); sources keep their order, which the IRI
    of each ``bonekg:Source`` node ends with (``<statement>-source-<n>``).

    :param rdf: the triples of a bonekg export (as read by :func:`parse`)
    :param vocab: the vocabulary (default: the packaged one)
    :raises DataError: a statement or node lacks a required property
    """
    from bonekg.load import graph_from_records
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
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    pubs: dict[str, dict[str, Any]] = {}
    for subject, values in props.items():
        types = {t.value for t in values.get(RDF + "type", ())}
        if types & categories:
            biolink = sorted(t for t in types if t.startswith(BIOLINK))
            nodes[conv.compress(subject) or subject] = {
                "label": one(subject, RDFS + "label").value,
                "category": one(subject, BONEKG_NS + "category").value,
                "biolink_class": "biolink:" + biolink[0][len(BIOLINK) :] if biolink else "",
                "synonyms": strings(subject, SKOS + "altLabel"),
                "description": "".join(strings(subject, DCTERMS + "description")),
                "xrefs": strings(subject, OBOINOWL + "hasDbXref"),
            }
        elif RDF + "Statement" in types and subject.startswith(STATEMENT_NS):
            edges.append(_edge(subject, values, vocab, one))
        elif BIOLINK + "Publication" in types:
            curie = one(subject, DCTERMS + "identifier").value
            record: dict[str, Any] = {
                "title": one(subject, DCTERMS + "title").value,
                "first_author": one(subject, DCTERMS + "creator").value,
                "year": int(one(subject, DCTERMS + "issued").value),
                "journal": one(subject, PRISM + "publicationName").value,
                "type": one(subject, BONEKG_NS + "publicationType").value,
            }
            for name, prop in (
                ("pmid", FABIO + "hasPubMedId"),
                ("doi", PRISM + "doi"),
                ("pmcid", FABIO + "hasPubMedCentralId"),
            ):
                if values.get(prop):
                    record[name] = values[prop][0].value
            pubs[curie] = record
    if problems:
        raise DataError(problems)
    for edge in edges:
        edge["subject"] = conv.compress(edge["subject"]) or edge["subject"]
        edge["object"] = conv.compress(edge["object"]) or edge["object"]
    return graph_from_records(nodes, edges, pubs, vocab)


def _edge(
    subject: str, values: Mapping[str, list[Any]], vocab: Vocabulary, one: Any
) -> dict[str, Any]:
    conv = converter()
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
        sources.append(
            (
                _position(node.value),
                {
                    "ref": _ref_of(one(node.value, DCTERMS + "source").value),
                    "evidence": conv.compress(
                        one(node.value, BIOLINK + "has_evidence_of_type").value
                    )
                    or "",
                    "species": species.value
                    if isinstance(species, ox.Literal)
                    else conv.compress(species.value) or species.value,
                    "statement": one(node.value, BIOLINK + "supporting_text").value,
                },
            )
        )
    return {
        "subject": one(subject, RDF + "subject").value,
        "predicate": predicate,
        "object": one(subject, RDF + "object").value,
        "key": key,
        "sign": int(sign[0].value) if sign else None,
        "qualifiers": qualifiers,
        "sources": [s for _, s in sorted(sources, key=lambda pair: pair[0])],
    }


def _position(iri: str) -> int:
    found = _POSITION.search(iri)
    return int(found.group(1)) if found else 0


def _short(iri: str) -> str:
    for prefix, ns in NAMESPACES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri

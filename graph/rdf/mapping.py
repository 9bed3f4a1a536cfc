"""Graph -> triples: the RDF mapping of nodes, claims, sources and publications.

Every node becomes a resource with ``rdfs:label``, its bonekg and Biolink classes,
``skos:altLabel`` per synonym and ``dcterms:description``. Every claim becomes a direct
triple ``s bonekg:<predicate> o`` (so plain SPARQL works) and one statement node,
``https://w3id.org/bonekg/statement/<statement_id>``, typed ``rdf:Statement`` and
``biolink:Association``, carrying subject, predicate and object both as ``rdf:`` and as
``biolink:`` properties, the sign, the qualifiers, and per source a ``bonekg:Source``
node (publication, ECO evidence, species, supporting text, a trial's outcome) -- the
same values are also put on the statement itself, so that ``?s dcterms:source ?pub``
needs no extra hop. Publications carry their citation metadata and the vocabulary
(``ontology/bonekg.ttl``) is part of the export. No blank nodes: every IRI is derived
from the data, so an unchanged graph always gives the same triples.

Terms are pyoxigraph terms; the writers in :mod:`bonekg.writers` serialise them and
:mod:`bonekg.sparql` loads them into its store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import pyoxigraph as ox

from bonekg.constants import BONEKG_NS, ONTOLOGY_PACKAGE, VOCABULARY_FILE
from bonekg.ids import converter
from bonekg.model import OUTCOME_FIELDS, Claim, NodeData, Publication
from bonekg.rdf.namespaces import (
    BIOLINK,
    DCTERMS,
    FABIO,
    OBOINOWL,
    PRISM,
    RDF,
    RDFS,
    SKOS,
    STATEMENT_NS,
    XSD,
    publication_iri,
)

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.vocabulary import Vocabulary

__all__ = [
    "CONTEXT_FILE",
    "OUTCOME_NS",
    "Compactor",
    "MergedStatement",
    "NTriplesTerms",
    "RdfMapper",
    "Row",
    "Triple",
    "TripleSink",
    "TripleWriter",
    "by_subject",
    "citation",
    "rows_to_triples",
    "triples",
    "vocabulary_triples",
]

Triple = ox.Triple
CONTEXT_FILE = "context.jsonld"
#: Properties of a trial outcome on a source node: ``bonekg:outcome-trial`` etc.
OUTCOME_NS = BONEKG_NS + "outcome-"
#: Resolves any CURIE (a merged node's prefix the map lacks).
IDENTIFIERS_ORG = "https://identifiers.org/"
_IRI_SCHEMES = ("http://", "https://", "urn:")

KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
IN_VITRO = "in vitro"


@cache
def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str) -> ox.Literal:
    return ox.Literal(value)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


TYPE = _n(RDF + "type")
LABEL = _n(RDFS + "label")


def citation(pub: Publication) -> str:
    """Return a one-line citation: ``Arjmand B (2020). Title. Journal. PMID:N``."""
    ids = " ".join(
        f"{name}:{value}"
        for name, value in (("PMID", pub.pmid), ("DOI", pub.doi), ("PMCID", pub.pmcid))
        if value
    )
    who = f"{pub.first_author} " if pub.first_author else ""
    return f"{who}({pub.year}). {pub.title.rstrip('.')}. {pub.journal}. {ids}"


#: One triple as the N-Triples forms of its terms (``"<iri>"``, ``'"text"'``).
Row = tuple[str, str, str]


class NTriplesTerms:
    """The N-Triples forms of terms, each made once (through pyoxigraph, which checks it)."""

    TYPE = str(TYPE)
    STATEMENT = f"<{RDF}Statement>"
    ASSOCIATION = f"<{BIOLINK}Association>"
    RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (
        f"<{RDF}{n}>" for n in ("subject", "predicate", "object")
    )
    SUBJECT, PREDICATE, OBJECT = (f"<{BIOLINK}{n}>" for n in ("subject", "predicate", "object"))
    SOURCE = f"<{BIOLINK}primary_knowledge_source>"
    LEVEL = f"<{BIOLINK}knowledge_level>"
    PUBLICATIONS = f"<{BIOLINK}publications>"
    SIGN = f"<{BONEKG_NS}sign>"
    LABEL = f"<{RDFS}label>"
    CATEGORY = f"<{BONEKG_NS}category>"
    ALT_LABEL = f"<{SKOS}altLabel>"
    XREF = f"<{OBOINOWL}hasDbXref>"
    DESCRIPTION = f"<{DCTERMS}description>"
    LOCAL_REASON = f"<{BONEKG_NS}localReason>"

    def __init__(
        self, node: Callable[[str], ox.NamedNode], predicate: Callable[[str], ox.NamedNode]
    ) -> None:
        """:param node: a node ID's IRI; :param predicate: an unmapped predicate's IRI"""
        self._make = {"node": node, "predicate": predicate, "bonekg": _bonekg, "biolink": _biolink}
        self._forms: dict[str, dict[str, str]] = {kind: {} for kind in self._make}
        #: The forms of node IRIs made so far (read directly where speed matters).
        self.nodes = self._forms["node"]
        self._literals: dict[str, str] = {}

    def _form(self, kind: str, name: str) -> str:
        forms = self._forms[kind]
        found = forms.get(name)
        if found is None:
            found = forms[name] = str(self._make[kind](name))
        return found

    def node(self, node_id: str) -> str:
        """Return the form of a node's IRI."""
        return self._form("node", node_id)

    def predicate(self, name: str) -> str:
        """Return the form of a predicate bonekg lacks (a Biolink CURIE, an IRI...)."""
        return self._form("predicate", name)

    def bonekg(self, name: str) -> str:
        """Return the form of ``bonekg:<name>``."""
        return self._form("bonekg", name)

    def biolink(self, curie: str) -> str:
        """Return the form of a ``biolink:`` CURIE's IRI."""
        return self._form("biolink", curie)

    def literal(self, value: str) -> str:
        """Return the form of a plain string literal (remembered: they repeat)."""
        found = self._literals.get(value)
        if found is None:
            found = str(ox.Literal(value))
            if len(self._literals) < 1_000_000:
                self._literals[value] = found
        return found

    @staticmethod
    def integer(value: int) -> str:
        """Return the form of an ``xsd:integer``."""
        return str(_int(value))


def _bonekg(name: str) -> ox.NamedNode:
    return _n(BONEKG_NS + name)


def _biolink(curie: str) -> ox.NamedNode:
    return _n(BIOLINK + curie.removeprefix("biolink:"))


class MergedStatement(NamedTuple):
    """A merged edge's statement, every term in N-Triples form (see :meth:`rows`)."""

    #: Whether the direct triple ``s p o`` is stated here (the first edge that has it).
    direct: bool
    s: str
    p: str
    o: str
    #: The statement's IRI.
    st: str
    #: The Biolink predicate.
    biolink: str
    #: The statement's other (predicate, object) pairs: provenance, sign, qualifiers.
    more: list[tuple[str, str]]

    def rows(self) -> list[Row]:
        """Return the rows: the direct triple, the statement's type and parts, the rest."""
        s, p, o, st, t = self.s, self.p, self.o, self.st, NTriplesTerms
        rows: list[Row] = [(s, p, o)] if self.direct else []
        rows += [
            (st, t.TYPE, t.STATEMENT),
            (st, t.TYPE, t.ASSOCIATION),
            (st, t.RDF_SUBJECT, s),
            (st, t.RDF_PREDICATE, p),
            (st, t.RDF_OBJECT, o),
            (st, t.SUBJECT, s),
            (st, t.PREDICATE, self.biolink),
            (st, t.OBJECT, o),
        ]
        rows += [(st, q, v) for q, v in self.more]
        return rows


def rows_to_triples(rows: list[Row]) -> list[ox.Triple]:
    """Return *rows* as pyoxigraph triples."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in rows)
    return [quad.triple for quad in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES)]


class RdfMapper:
    """Turn nodes, claims and publications of one graph into triples, block by block.

    :param kg: a validated graph (for its vocabulary and publications)
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.vocab: Vocabulary = kg.vocabulary
        self.pubs = kg.publications
        self.converter = converter()
        #: Expanded IRIs, per mapper: the cache dies with the export that filled it.
        self._iris: dict[str, ox.NamedNode] = {}
        #: Direct triples stated so far: claims differing only in qualifiers share one.
        self._direct: set[tuple[str, str, str]] = set()
        #: The N-Triples form of each term of the merged edges, made once.
        self._text = NTriplesTerms(self.iri, self._term)

    def iri(self, curie: str) -> ox.NamedNode:
        """Expand a node, ECO or taxon CURIE into its standard IRI.

        A merged node may be named by an IRI (kept), or by a CURIE whose prefix the map
        lacks: that one resolves through identifiers.org, which takes any CURIE.
        """
        found = self._iris.get(curie)
        if found is None:
            if curie.startswith(_IRI_SCHEMES):
                iri = curie
            else:
                iri = self.converter.expand(curie) or IDENTIFIERS_ORG + curie
            found = self._iris[curie] = ox.NamedNode(iri)
        return found

    def _term(self, curie: str) -> ox.NamedNode:
        """Return the IRI of a merged edge's predicate that bonekg lacks (a Biolink CURIE...)."""
        return self._biolink(curie) if curie.startswith("biolink:") else self.iri(curie)

    def node(self, node_id: str, data: Mapping[str, Any]) -> list[ox.Triple]:
        """Return the triples describing one node (:meth:`node_rows`, as terms)."""
        return rows_to_triples(self.node_rows(node_id, data))

    def node_rows(self, node_id: str, data: Mapping[str, Any]) -> list[Row]:
        """Return the rows describing one node: its classes, label, synonyms, xrefs..."""
        t = self._text
        s, lit = t.node(node_id), t.literal
        category = data["category"]
        rows = [(s, t.TYPE, t.bonekg(category))] if category in self.vocab.categories else []
        rows += [
            (s, t.TYPE, t.biolink(data["biolink_class"])),
            (s, t.LABEL, lit(data["label"])),
            (s, t.CATEGORY, lit(category)),
        ]
        rows += [(s, t.ALT_LABEL, lit(v)) for v in data.get("synonyms", ())]
        rows += [(s, t.XREF, lit(v)) for v in data.get("xrefs", ())]
        if description := data.get("description"):
            rows.append((s, t.DESCRIPTION, lit(description)))
        if reason := data.get("local_reason"):
            rows.append((s, t.LOCAL_REASON, lit(reason)))
        return rows

    _biolink = staticmethod(_biolink)

    def edge(self, claim: Claim) -> list[ox.Triple]:
        """Return the statement triples of one claim, and its direct triple the first time."""
        data = claim.data
        if claim.merged:
            return self.merged_edge(claim)
        predicate = self.vocab.predicates[data["predicate"]]
        s, o, p = self.iri(claim.subject), self.iri(claim.object), _n(BONEKG_NS + predicate.name)
        st = _n(STATEMENT_NS + claim.key)
        out = self._statement(claim, s, p, o, self._biolink(predicate.biolink))
        out += [
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
        if claim.sign is not None:
            out.append(ox.Triple(st, _n(BONEKG_NS + "sign"), _int(claim.sign)))
        for name, value in sorted(claim.qualifiers.items()):
            out.append(ox.Triple(st, _n(BONEKG_NS + name), _lit(str(value))))
        on_statement: set[tuple[ox.NamedNode, Any]] = set()
        for number, source in enumerate(data["sources"], 1):
            node = _n(f"{STATEMENT_NS}{claim.key}-source-{number}")
            out.append(ox.Triple(st, _n(BONEKG_NS + "hasSource"), node))
            out.append(ox.Triple(node, TYPE, _n(BONEKG_NS + "Source")))
            for prop, value in self._source_values(source):
                out.append(ox.Triple(node, prop, value))
                # Two sources may share evidence or species: state each value once.
                if (prop, value) not in on_statement:
                    on_statement.add((prop, value))
                    out.append(ox.Triple(st, prop, value))
            outcome: Mapping[str, Any] = source.get("outcome") or {}
            for name in OUTCOME_FIELDS:
                if name in outcome:
                    term = _int(outcome[name]) if name == "n" else _lit(str(outcome[name]))
                    out.append(ox.Triple(node, _n(OUTCOME_NS + name), term))
        return out

    def _statement(
        self, claim: Claim, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode, biolink: ox.NamedNode
    ) -> list[ox.Triple]:
        """Return the direct triple (the first time) and the statement's core triples."""
        st = _n(STATEMENT_NS + claim.key)
        direct = (claim.subject, p.value, claim.object)
        out = [] if direct in self._direct else [ox.Triple(s, p, o)]
        self._direct.add(direct)
        out += [
            ox.Triple(st, TYPE, _n(RDF + "Statement")),
            ox.Triple(st, TYPE, _n(BIOLINK + "Association")),
            ox.Triple(st, _n(RDF + "subject"), s),
            ox.Triple(st, _n(RDF + "predicate"), p),
            ox.Triple(st, _n(RDF + "object"), o),
            ox.Triple(st, _n(BIOLINK + "subject"), s),
            ox.Triple(st, _n(BIOLINK + "predicate"), biolink),
            ox.Triple(st, _n(BIOLINK + "object"), o),
        ]
        return out

    def merged_edge(self, claim: Claim) -> list[ox.Triple]:
        """Return the triples of a merged edge (:meth:`merged_rows`, as terms)."""
        return rows_to_triples(self.merged_rows(claim))

    def merged_rows(self, claim: Claim) -> list[Row]:
        """Return the rows of a merged edge: its statement with the external provenance."""
        return self.merged_statement(claim).rows()

    def merged_statement(self, claim: Claim) -> MergedStatement:
        """Return a merged edge's statement, its terms in N-Triples form.

        A merged graph holds millions of these, so each term is formatted once (nodes,
        sources, publications), and the N-Triples and Turtle writers lay a statement out
        from one template rather than triple by triple.
        """
        data = claim.data
        t = self._text
        lit = t.literal
        predicate = self.vocab.predicates.get(data["predicate"])
        if predicate is not None:
            p, biolink = t.bonekg(predicate.name), t.biolink(predicate.biolink)
        else:
            p = biolink = t.predicate(data["predicate"])
        nodes = t.nodes
        s = nodes.get(claim.subject) or t.node(claim.subject)
        o = nodes.get(claim.object) or t.node(claim.object)
        direct = (claim.subject, p[1:-1], claim.object)  # as the curated claims' are kept
        first = direct not in self._direct
        self._direct.add(direct)
        more = [(t.SOURCE, lit(data.get("primary_knowledge_source", "")))]
        if level := data.get("knowledge_level"):
            more.append((t.LEVEL, lit(level)))
        if refs := data.get("publications"):
            more += [(t.PUBLICATIONS, lit(ref)) for ref in refs]
        if (sign := data["sign"]) is not None:
            more.append((t.SIGN, t.integer(sign)))
        if qualifiers := data["qualifiers"]:
            more += [(t.bonekg(k), lit(str(v))) for k, v in sorted(qualifiers.items())]
        return MergedStatement(first, s, p, o, f"<{STATEMENT_NS}{claim.key}>", biolink, more)

    def _source_values(self, source: Mapping[str, Any]) -> list[tuple[ox.NamedNode, Any]]:
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
            (DCTERMS + "creator", pub.first_author),
        ):
            if value:
                out.append(ox.Triple(s, _n(prop), _lit(value)))
        if pub.seen_at:
            out.append(ox.Triple(s, _n(BONEKG_NS + "seenAt"), _n(pub.seen_at)))
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

    def emit_rows(self, rows: list[Row]) -> None:
        """Write the triples of one node, as N-Triples text (:data:`Row`)."""

    def emit_statement(self, statement: MergedStatement) -> None:
        """Write the triples of one merged edge (``statement.rows()``, or faster)."""

    def close(self) -> None:
        """Write whatever ends the output."""


class TripleWriter:
    """A :class:`~bonekg.writers.Writer` that maps each node and claim to triples for a sink.

    :meth:`finalize` adds the publications and the vocabulary, then closes the sink. The
    RDF writers are this class with a serialising sink; the SPARQL store and the SHACL
    check use it with sinks that load triples instead.

    :param kg: the graph being written (for its vocabulary and publications)
    :param sink: where the blocks of triples go
    """

    def __init__(self, kg: KnowledgeGraph, sink: TripleSink) -> None:
        self.mapper = RdfMapper(kg)
        self.sink = sink

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Write the triples of one node."""
        self.sink.emit_rows(self.mapper.node_rows(node_id, data))

    def write_edge(self, claim: Claim) -> None:
        """Write the direct triple and the statement of one claim."""
        if claim.merged:
            self.sink.emit_statement(self.mapper.merged_statement(claim))
        else:
            self.sink.emit(self.mapper.edge(claim))

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

    def emit_rows(self, rows: list[Row]) -> None:
        self.triples.extend(rows_to_triples(rows))

    def emit_statement(self, statement: MergedStatement) -> None:
        self.emit_rows(statement.rows())

    def close(self) -> None:
        pass


def triples(kg: KnowledgeGraph) -> list[ox.Triple]:
    """Return every triple of the RDF export of *kg*, in the order the writers write them."""
    collector = _Collector()
    kg.feed(TripleWriter(kg, collector))
    return collector.triples

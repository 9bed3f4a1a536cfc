"""The closed vocabulary of bonekg, read from ``ontology/bonekg.ttl``.

Categories, predicates, qualifiers, evidence types, taxa and publication types are
declared once, in the Turtle file that the RDF export also ships; this module turns them
into plain dataclasses for the validator and the path queries. It parses with
pyoxigraph (fast to import) and only when the loader's cache misses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from bonekg.constants import BONEKG_NS, ONTOLOGY_PACKAGE, VOCABULARY_FILE
from bonekg.errors import DataError, Problem
from bonekg.evidence import EvidenceKind
from bonekg.rdf.namespaces import BIOLINK, OBO, RDF, RDFS, SCHEMA, SKOS

__all__ = [
    "Category",
    "EvidenceType",
    "Predicate",
    "Taxon",
    "Vocabulary",
    "load_vocabulary",
]

_RDF_TYPE = RDF + "type"
_RDFS = RDFS
_SKOS = SKOS
_SCHEMA = SCHEMA
_OBO = OBO


@dataclass(frozen=True)
class Category:
    """A node category (closed set) and its Biolink classes."""

    name: str
    label: str
    definition: str
    biolink_class: str
    allowed_biolink: frozenset[str]
    order: int


@dataclass(frozen=True)
class Predicate:
    """An edge predicate: domain, range, sign and mappings."""

    name: str
    label: str
    definition: str
    domain: frozenset[str]
    range: frozenset[str]
    #: +1 or -1 for causal predicates (increases, decreases), else None.
    sign: int | None
    #: How the predicate counts when ``explain`` multiplies signs along a path; None blocks.
    path_sign: int | None
    biolink: str
    biolink_direction: str | None
    mappings: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceType:
    """An ECO term allowed as evidence, with its kind and rank for ordering paths."""

    curie: str
    label: str
    #: ``review``, ``clinical`` or ``experimental`` (refined by species and publication).
    kind: str


@dataclass(frozen=True)
class Taxon:
    """A species allowed in ``species``."""

    curie: str
    label: str
    common_name: str


@dataclass(frozen=True)
class Vocabulary:
    """Everything the validator and queries need to know about the closed sets."""

    categories: dict[str, Category]
    predicates: dict[str, Predicate]
    qualifiers: dict[str, str]
    evidence: dict[str, EvidenceType]
    taxa: dict[str, Taxon]
    publication_types: dict[str, str]
    #: Local names of every term the vocabulary declares in the bonekg namespace; a
    #: project node ID (``bonekg:<slug>``) must not reuse one, or its IRI would be the term's.
    terms: frozenset[str] = frozenset()

    def category_of_biolink(self, biolink_class: str) -> str | None:
        """Return the category a Biolink class (``biolink:Cell``) maps onto, or None.

        A category's own Biolink class wins; else the one category that allows the class
        (``biolink:Drug`` is an Intervention); a class two categories allow
        (``biolink:SmallMolecule``) or none (``biolink:Gene``) maps onto nothing.
        """
        for category in self.categories.values():
            if category.biolink_class == biolink_class:
                return category.name
        allowing = [c.name for c in self.categories.values() if biolink_class in c.allowed_biolink]
        return allowing[0] if len(allowing) == 1 else None

    def predicate_of_biolink(self, biolink: str, direction: str | None = None) -> str | None:
        """Return the predicate a Biolink predicate (with its object direction) maps onto, or None.

        Where several predicates share the mapping (``biolink:affects`` upregulated is
        ``increases`` and the narrower ``activates``), the one with the widest domain and
        range wins: an external graph states the general relation, not the mechanism.

        :param biolink: a ``biolink:`` predicate CURIE
        :param direction: the edge's ``object_direction_qualifier`` (``upregulated``...)
        """
        found = [
            p
            for p in self.predicates.values()
            if p.biolink == biolink and p.biolink_direction == (direction or None)
        ]
        if not found:
            return None
        return max(found, key=lambda p: (len(p.domain) + len(p.range), p.name)).name

    def species_curie(self, name: str) -> str | None:
        """Return the CURIE of a species given by CURIE, common name or Latin name, or None.

        ``in vitro`` stands for itself.
        """
        if name in self.taxa or name == IN_VITRO:
            return name
        wanted = name.strip().lower()
        for taxon in self.taxa.values():
            if wanted in {taxon.common_name.lower(), taxon.label.lower()}:
                return taxon.curie
        return IN_VITRO if wanted == IN_VITRO else None

    def species_names(self) -> list[str]:
        """Return the names :meth:`species_curie` takes, sorted."""
        names = {t.common_name.lower() for t in self.taxa.values()}
        names |= {t.label.lower() for t in self.taxa.values()}
        return sorted(names | {IN_VITRO})

    def evidence_rank(self, evidence: str, species: str, publication_type: str = "") -> int:
        """Rank one source: human RCT above other human studies, above animal, in vitro, review.

        :param evidence: an ECO CURIE from :attr:`evidence`
        :param species: an NCBITaxon CURIE or ``in vitro``
        :param publication_type: the cited publication's type (``RCT``, ``meta-analysis``...)
        :returns: a rank, higher is stronger (0 for unknown evidence)
        """
        return EvidenceKind.of(self.evidence_kind(evidence, species, publication_type)).rank

    def evidence_kind(self, evidence: str, species: str, publication_type: str = "") -> str:
        """Classify one source as ``rct``, ``clinical``, ``animal``, ``in vitro`` or ``review``.

        A review's statement is ``review`` whatever studies it summarises; experimental
        evidence is ``in vitro`` or ``animal`` by species; a human clinical statement is
        ``rct`` when the publication is an RCT or a meta-analysis, else ``clinical``.
        """
        term = self.evidence.get(evidence)
        if term is None:
            kind = EvidenceKind.UNKNOWN
        elif term.kind == "review":
            kind = EvidenceKind.REVIEW
        elif species == IN_VITRO:
            kind = EvidenceKind.IN_VITRO
        elif species != HUMAN:
            kind = EvidenceKind.ANIMAL
        elif publication_type in _TRIAL_TYPES:
            kind = EvidenceKind.RCT
        else:
            kind = EvidenceKind.CLINICAL
        return kind.key


HUMAN = "NCBITaxon:9606"
IN_VITRO = "in vitro"
_TRIAL_TYPES = frozenset({"RCT", "meta-analysis"})


def _short(iri: str) -> str:
    """Compact the IRIs the vocabulary uses (bonekg, biolink, OBO) into names or CURIEs."""
    if iri.startswith(BONEKG_NS):
        return iri[len(BONEKG_NS) :]
    if iri.startswith(BIOLINK):
        return "biolink:" + iri[len(BIOLINK) :]
    if iri.startswith(_OBO):
        prefix, _, local = iri[len(_OBO) :].partition("_")
        return f"{prefix}:{local}"
    return iri


def load_vocabulary(text: str | None = None) -> Vocabulary:
    """Read the vocabulary from the packaged Turtle file (or from *text*).

    :param text: Turtle to read instead of the packaged ``ontology/bonekg.ttl``
    :returns: the closed sets of the data model
    :raises DataError: the Turtle file does not parse or misses a required field
    """
    import pyoxigraph

    if text is None:
        text = resources.files(ONTOLOGY_PACKAGE).joinpath(VOCABULARY_FILE).read_text("utf-8")
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    try:
        for triple in pyoxigraph.parse(text, pyoxigraph.RdfFormat.TURTLE):
            props[triple.subject.value][triple.predicate.value].append(triple.object.value)
    except SyntaxError as exc:
        raise DataError([Problem(f"ontology/{VOCABULARY_FILE}", 0, "turtle", str(exc))]) from exc

    def one(subject: str, predicate: str, default: str | None = None) -> str:
        values = props[subject].get(predicate)
        if values:
            return sorted(values)[0]
        if default is None:
            where = f"ontology/{VOCABULARY_FILE}"
            raise DataError([Problem(where, 0, _short(subject), f"missing {_short(predicate)}")])
        return default

    def typed(kind: str) -> list[str]:
        return sorted(s for s, p in props.items() if BONEKG_NS + kind in p.get(_RDF_TYPE, []))

    def opt_int(subject: str, predicate: str) -> int | None:
        value = one(subject, predicate, "")
        return int(value) if value else None

    categories = {}
    for iri in typed("NodeCategory"):
        name = _short(iri)
        categories[name] = Category(
            name=name,
            label=one(iri, _RDFS + "label"),
            definition=one(iri, _SKOS + "definition"),
            biolink_class=_short(one(iri, BONEKG_NS + "biolinkClass")),
            allowed_biolink=frozenset(
                _short(v) for v in props[iri][BONEKG_NS + "allowedBiolinkClass"]
            )
            | {_short(one(iri, BONEKG_NS + "biolinkClass"))},
            order=int(one(iri, BONEKG_NS + "order")),
        )
    predicates = {}
    for iri in typed("Predicate"):
        name = _short(iri)
        predicates[name] = Predicate(
            name=name,
            label=one(iri, _RDFS + "label"),
            definition=one(iri, _SKOS + "definition"),
            domain=frozenset(_short(v) for v in props[iri][_SCHEMA + "domainIncludes"]),
            range=frozenset(_short(v) for v in props[iri][_SCHEMA + "rangeIncludes"]),
            sign=opt_int(iri, BONEKG_NS + "sign"),
            path_sign=opt_int(iri, BONEKG_NS + "pathSign"),
            biolink=_short(one(iri, BONEKG_NS + "biolinkPredicate")),
            biolink_direction=one(iri, BONEKG_NS + "biolinkObjectDirection", "") or None,
            mappings=tuple(
                sorted(
                    _short(v)
                    for p in (
                        _SKOS + "exactMatch",
                        _SKOS + "closeMatch",
                        _SKOS + "broadMatch",
                        _SKOS + "relatedMatch",
                    )
                    for v in props[iri].get(p, [])
                )
            ),
        )
    qualifiers = {_short(i): one(i, _SKOS + "definition") for i in typed("Qualifier")}
    evidence = {}
    for iri in typed("EvidenceType"):
        curie = _short(iri)
        evidence[curie] = EvidenceType(
            curie=curie,
            label=one(iri, _RDFS + "label"),
            kind=one(iri, BONEKG_NS + "evidenceKind"),
        )
    taxa = {}
    for iri in typed("Taxon"):
        curie = _short(iri)
        taxa[curie] = Taxon(curie, one(iri, _RDFS + "label"), one(iri, BONEKG_NS + "commonName"))
    publication_types = {
        one(i, _SKOS + "notation"): one(i, _RDFS + "label") for i in typed("PublicationType")
    }
    terms = frozenset(_short(iri) for iri in props if iri.startswith(BONEKG_NS))
    return Vocabulary(categories, predicates, qualifiers, evidence, taxa, publication_types, terms)

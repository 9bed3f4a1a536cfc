"""The schema, declared once: the fields of nodes, claims, sources and publications.

The curated YAML records are :class:`NodeRecord`, :class:`ClaimRecord` (with its
:class:`SourceRecord` list) and :class:`PublicationRecord`. Everything else derives from
these declarations: the validator's field and type table (:func:`fields_of`), the
canonical YAML field order, the columns of the tabular writers and the RDF mapping's
field list. Inside the graph, nodes store :class:`NodeData` and claims
:class:`ClaimData` as plain dicts (networkx attribute dicts, fast to build and pickle);
:class:`Claim` is the typed handle on one claim that readers, writers and queries pass
around.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, NotRequired, TypedDict

__all__ = [
    "CLAIM_FIELDS",
    "NODE_FIELDS",
    "OUTCOME_FIELDS",
    "PROVENANCE_FIELDS",
    "PUBLICATION_FIELDS",
    "SOURCE_FIELDS",
    "Claim",
    "ClaimData",
    "ClaimRecord",
    "Field",
    "NodeData",
    "NodeRecord",
    "Outcome",
    "Provenance",
    "Publication",
    "PublicationRecord",
    "SourceRecord",
    "fields_of",
    "statement_id",
]


class Outcome(TypedDict, total=False):
    """A trial's result for one claim, as the source prints it (``prevents`` claims)."""

    trial: str
    endpoint: str
    effect: str
    ci: str
    duration: str
    n: int


class SourceRecord(TypedDict):
    """One source of a claim: who says it, with what evidence, in which species."""

    ref: str
    evidence: str
    species: str
    statement: str
    outcome: NotRequired[Outcome]


class NodeRecord(TypedDict):
    """One record of ``nodes.yaml``."""

    id: str
    label: str
    category: str
    biolink_class: NotRequired[str]
    synonyms: NotRequired[list[str]]
    description: NotRequired[str]
    xrefs: NotRequired[list[str]]
    local_reason: NotRequired[str]


class ClaimRecord(TypedDict):
    """One record of ``edges.yaml``: a claim and its sources."""

    subject: str
    predicate: str
    object: str
    qualifiers: NotRequired[dict[str, str]]
    sources: list[SourceRecord]


class PublicationRecord(TypedDict):
    """One record of ``sources.yaml`` (its key, a PMID or DOI CURIE, is not a field)."""

    title: str
    #: Only as the verification page printed it; left out when the page showed none.
    first_author: NotRequired[str]
    year: int
    journal: str
    type: str
    pmid: NotRequired[str]
    doi: NotRequired[str]
    pmcid: NotRequired[str]
    seen_at: NotRequired[str]


class NodeData(TypedDict):
    """What the graph stores on a node: the record without its ID, defaults filled in."""

    label: str
    category: str
    biolink_class: str
    synonyms: list[str]
    description: str
    xrefs: list[str]
    local_reason: NotRequired[str]


class Provenance(TypedDict, total=False):
    """Where a merged edge (``--merge``) comes from, as KGX names it; curated claims lack it.

    An edge with a ``primary_knowledge_source`` is merged; one without is curated.
    """

    primary_knowledge_source: str
    publications: list[str]
    knowledge_level: str


class ClaimData(Provenance):
    """What the graph stores on a claim's edge (keyed by the statement ID)."""

    predicate: str
    sign: int | None
    qualifiers: dict[str, str]
    #: The curated sources; empty for a merged edge (its provenance says where it is from).
    sources: list[SourceRecord]


@dataclass(frozen=True)
class Field:
    """One declared field: its name, the Python type a YAML value must have, whether required."""

    name: str
    type: builtins.type
    required: bool
    #: The record type of a nested mapping (``outcome``) or of list items (``sources``).
    nested: builtins.type | None = None


def _runtime(hint: Any) -> tuple[type, type | None]:
    origin = typing.get_origin(hint)
    if origin in (list, dict):
        args = typing.get_args(hint)
        item = args[-1] if args else None
        return origin, item if typing.is_typeddict(item) else None
    if typing.is_typeddict(hint):
        return dict, hint
    if origin in (typing.Union, types.UnionType):
        return _runtime(next(a for a in typing.get_args(hint) if a is not type(None)))
    return hint, None


@cache
def fields_of(record: type) -> dict[str, Field]:
    """Return the fields of a record TypedDict, in declaration order (the canonical order).

    :param record: one of the record types of this module
    """
    # Read NotRequired from the hints themselves: with postponed annotations Python 3.11
    # cannot see it when it builds ``__required_keys__``.
    hints = typing.get_type_hints(record, include_extras=True)
    total = getattr(record, "__total__", True)
    out = {}
    for name in record.__annotations__:
        hint = hints[name]
        origin = typing.get_origin(hint)
        required = origin is typing.Required or (total and origin is not typing.NotRequired)
        if origin in (typing.Required, typing.NotRequired):
            hint = typing.get_args(hint)[0]
        typ, nested = _runtime(hint)
        out[name] = Field(name, typ, required, nested)
    return out


NODE_FIELDS = fields_of(NodeRecord)
CLAIM_FIELDS = fields_of(ClaimRecord)
SOURCE_FIELDS = fields_of(SourceRecord)
OUTCOME_FIELDS = fields_of(Outcome)
PUBLICATION_FIELDS = fields_of(PublicationRecord)
#: The provenance fields of a merged edge, in declaration order.
PROVENANCE_FIELDS = tuple(fields_of(Provenance))


@dataclass(frozen=True)
class Publication:
    """A verified publication of the sources file; its fields are :class:`PublicationRecord`'s."""

    curie: str
    title: str
    year: int
    journal: str
    type: str
    first_author: str | None = None
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    seen_at: str | None = None

    @classmethod
    def from_record(cls, curie: str, record: Mapping[str, Any]) -> Publication:
        """Build the publication *curie* from its sources-file record."""
        return cls(curie=curie, **{k: record[k] for k in PUBLICATION_FIELDS if k in record})

    def short(self) -> str:
        """Return ``Arjmand B 2020`` style citation text (the journal when no author is known)."""
        return f"{self.first_author or self.journal} {self.year}"

    def url(self) -> str:
        """Return the PubMed page, else the DOI resolver."""
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return f"https://doi.org/{self.doi}"


@dataclass(frozen=True)
class Claim:
    """One claim of the graph: the edge ``subject -> object`` keyed by its statement ID."""

    subject: str
    object: str
    key: str
    data: ClaimData

    @property
    def predicate(self) -> str:
        """The claim's predicate."""
        return self.data["predicate"]

    @property
    def sign(self) -> int | None:
        """+1 or -1 for signed predicates, else None."""
        return self.data["sign"]

    @property
    def qualifiers(self) -> dict[str, str]:
        """The claim's qualifiers (context that changes its meaning)."""
        return self.data["qualifiers"]

    @property
    def sources(self) -> list[SourceRecord]:
        """The claim's sources, in curated order."""
        return self.data["sources"]

    @property
    def knowledge_source(self) -> str | None:
        """The ``infores:`` source of a merged edge; None for a curated claim."""
        return self.data.get("primary_knowledge_source")

    @property
    def merged(self) -> bool:
        """Whether the edge came from an external graph (``--merge``), not the curated data."""
        return "primary_knowledge_source" in self.data

    def order(self) -> tuple[str, str, str, str]:
        """Return the canonical sort key: subject, predicate, object, statement ID."""
        return (self.subject, self.data["predicate"], self.object, self.key)


def statement_id(subject: str, predicate: str, obj: str, qualifiers: Mapping[str, Any]) -> str:
    """Derive the stable ID of a claim from its subject, predicate, object and qualifiers.

    :returns: 16 hex digits; the same claim always gets the same ID
    """
    pairs = sorted((str(k), str(v)) for k, v in qualifiers.items())
    words = "".join((subject, predicate, obj, *(k + v for k, v in pairs)))
    if _NEEDS_ESCAPE.search(words):
        canonical = json.dumps(
            [subject, predicate, obj, pairs], ensure_ascii=False, separators=(",", ":")
        )
    else:  # what json.dumps writes for strings with nothing to escape, 3x faster
        inner = ",".join(f'["{k}","{v}"]' for k, v in pairs)
        canonical = f'["{subject}","{predicate}","{obj}",[{inner}]]'
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


#: What json.dumps escapes in a string (with ``ensure_ascii=False``).
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')

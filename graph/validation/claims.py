"""Rules for ``edges.yaml``: one record per claim, with its sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bonekg.errors import Problem
from bonekg.ids import curie_problem
from bonekg.model import CLAIM_FIELDS, OUTCOME_FIELDS, SOURCE_FIELDS, Claim, ClaimData, statement_id
from bonekg.records import Located
from bonekg.validation.context import IN_VITRO, REF_PREFIXES, Checked, Key
from bonekg.validation.hints import allowed, did_you_mean
from bonekg.validation.shape import kind, record_shape

if TYPE_CHECKING:
    from bonekg.vocabulary import Predicate, Vocabulary

__all__ = ["CLAIM_RULES", "ClaimInput", "check_claims"]


@dataclass(frozen=True)
class ClaimInput:
    """One claim record under check, with what the rules look up about it."""

    doc: Located
    key: Key
    record: dict[str, Any]
    vocab: Vocabulary
    result: Checked

    @property
    def predicate(self) -> Predicate | None:
        """The vocabulary's predicate, or None when unknown."""
        return self.vocab.predicates.get(self.record["predicate"])

    def category(self, end: str) -> str | None:
        """Return the category of the node at *end* (``subject``/``object``), None if not usable."""
        data = self.result.nodes.get(self.record[end])
        return data["category"] if data is not None else None


Rule = Callable[[ClaimInput], Iterator[Problem]]


def endpoints_known(c: ClaimInput) -> Iterator[Problem]:
    """Check that subject and object are nodes of nodes.yaml (defective ones were reported)."""
    for end in ("subject", "object"):
        value = c.record[end]
        if value in c.result.nodes or value in c.result.defective_nodes:
            continue
        known = [*c.result.nodes, *c.result.defective_nodes]
        hint = did_you_mean(value, known, show=c.result.node_name)
        yield c.doc.problem((*c.key, end), end, f"unknown node {value}{hint}")


def predicate_known(c: ClaimInput) -> Iterator[Problem]:
    """Check that the predicate is one of the vocabulary's."""
    if c.predicate is None:
        name = c.record["predicate"]
        hint = did_you_mean(name, c.vocab.predicates, otherwise=allowed(c.vocab.predicates))
        yield c.doc.problem((*c.key, "predicate"), "predicate", f"unknown predicate {name!r}{hint}")


def domain_and_range(c: ClaimInput) -> Iterator[Problem]:
    """Check that the subject's and object's categories fit the predicate (``is_a``: one)."""
    predicate, subject, obj = c.predicate, c.category("subject"), c.category("object")
    if predicate is None or subject is None or obj is None:
        return
    r = c.record
    if subject not in predicate.domain:
        msg = f"{predicate.name} does not take a {subject} subject ({r['subject']}); allowed: {', '.join(sorted(predicate.domain))}"
        yield c.doc.problem((*c.key, "subject"), "subject", msg)
    if obj not in predicate.range:
        msg = f"{predicate.name} does not take a {obj} object ({r['object']}); allowed: {', '.join(sorted(predicate.range))}"
        yield c.doc.problem((*c.key, "object"), "object", msg)
    if predicate.name == "is_a" and subject != obj:
        msg = f"is_a joins nodes of one category, not {subject} and {obj}"
        yield c.doc.problem((*c.key, "object"), "object", msg)


def qualifiers_known(c: ClaimInput) -> Iterator[Problem]:
    """Check that each qualifier is one of the vocabulary's, with a non-empty text value."""
    for name, value in (c.record.get("qualifiers") or {}).items():
        where = (*c.key, "qualifiers", name)
        if name not in c.vocab.qualifiers:
            msg = f"unknown qualifier {name!r} (allowed: {', '.join(sorted(c.vocab.qualifiers))})"
            yield c.doc.problem(where, "qualifiers", msg)
        elif not isinstance(value, str) or not value.strip():
            yield c.doc.problem(where, name, f"expected a non-empty string, got {kind(value)}")


def sources_given(c: ClaimInput) -> Iterator[Problem]:
    """Check that a claim has at least one source, and cites a publication once."""
    sources = c.record["sources"]
    if not sources:
        yield c.doc.problem((*c.key, "sources"), "sources", "an edge needs at least one source")
    refs: set[Any] = set()
    for j, source in enumerate(sources):
        if isinstance(source, dict) and isinstance(source.get("ref"), str):
            if source["ref"] in refs:
                msg = f"{source['ref']} cited twice on one edge; merge the two"
                yield c.doc.problem((*c.key, "sources", j, "ref"), "ref", msg)
            refs.add(source["ref"])


def sources_valid(c: ClaimInput) -> Iterator[Problem]:
    """Check that each source has its fields, a verified publication, ECO term and species."""
    for j, source in enumerate(c.record["sources"]):
        key = (*c.key, "sources", j)
        problems, usable = record_shape(c.doc, key, source, SOURCE_FIELDS)
        yield from problems
        if usable:
            yield from _source(c, key, source)


def _source(c: ClaimInput, key: Key, source: dict[str, Any]) -> Iterator[Problem]:
    doc, vocab, ref = c.doc, c.vocab, source["ref"]
    if msg := curie_problem(ref, set(REF_PREFIXES)):
        yield doc.problem((*key, "ref"), "ref", msg)
    elif ref not in c.result.publications:
        msg = f"{ref} is not in the sources file; add it there (verified) first"
        yield doc.problem((*key, "ref"), "ref", msg)
    if source["evidence"] not in vocab.evidence:
        terms = ", ".join(f"{e.curie} ({e.label})" for e in vocab.evidence.values())
        msg = f"unknown evidence type {source['evidence']!r} (allowed: {terms})"
        yield doc.problem((*key, "evidence"), "evidence", msg)
    species = source["species"]
    if species != IN_VITRO and species not in vocab.taxa:
        names = ", ".join(
            [*(f"{t.curie} ({t.common_name})" for t in vocab.taxa.values()), IN_VITRO]
        )
        msg = f"unknown species {species!r} (allowed: {names})"
        yield doc.problem((*key, "species"), "species", msg)
    if isinstance(source.get("outcome"), dict):
        yield from record_shape(doc, (*key, "outcome"), source["outcome"], OUTCOME_FIELDS)[0]


CLAIM_RULES: tuple[Rule, ...] = (
    endpoints_known,
    predicate_known,
    domain_and_range,
    qualifiers_known,
    sources_given,
    sources_valid,
)


def check_claims(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    """Run the claim rules over ``edges.yaml``, then refuse duplicate claims."""
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, list):
        out.append(doc.problem((), "document", f"expected a list of edges, got {kind(doc.value)}"))
        return
    seen: dict[str, int] = {}
    for i, record in enumerate(doc.value):
        key: Key = (i,)
        problems, usable = record_shape(doc, key, record, CLAIM_FIELDS)
        out += problems
        if not usable:
            continue
        claim = ClaimInput(doc, key, record, vocab, result)
        found = [p for rule in CLAIM_RULES for p in rule(claim)]
        out += found
        ends_ok = all(record[e] in result.nodes for e in ("subject", "object"))
        if found or not ends_ok:
            continue
        qualifiers = record.get("qualifiers") or {}
        sid = statement_id(record["subject"], record["predicate"], record["object"], qualifiers)
        if sid in seen:
            msg = f"duplicate claim {record['subject']} {record['predicate']} {record['object']} (first at line {seen[sid]}); merge their sources"
            out.append(doc.problem(key, "edge", msg))
            continue
        seen[sid] = doc.line(key)
        predicate = claim.predicate
        data = ClaimData(
            predicate=record["predicate"],
            sign=predicate.sign if predicate else None,
            qualifiers=dict(qualifiers),
            sources=[dict(s) for s in record["sources"]],  # type: ignore[misc]
        )
        result.claims.append(Claim(record["subject"], record["object"], sid, data))

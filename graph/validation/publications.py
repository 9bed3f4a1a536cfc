"""Rules for ``sources.yaml``: one record per publication, keyed by its PMID or DOI."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from bonekg.errors import Problem
from bonekg.ids import curie_problem
from bonekg.model import PUBLICATION_FIELDS
from bonekg.records import Located
from bonekg.validation.context import REF_PREFIXES, Checked, Key
from bonekg.validation.shape import kind, record_shape

if TYPE_CHECKING:
    from bonekg.vocabulary import Vocabulary

__all__ = ["PUBLICATION_RULES", "check_publications"]

Rule = Callable[[Located, Key, str, dict[str, Any], "Vocabulary"], Iterator[Problem]]


def known_type(
    doc: Located, key: Key, curie: str, record: dict[str, Any], vocab: Vocabulary
) -> Iterator[Problem]:
    """Check that the publication type is one of the vocabulary's."""
    if record["type"] not in vocab.publication_types:
        allowed = ", ".join(sorted(vocab.publication_types))
        msg = f"unknown publication type {record['type']!r} (allowed: {allowed})"
        yield doc.problem((*key, "type"), "type", msg)


def identifiers(
    doc: Located, key: Key, curie: str, record: dict[str, Any], vocab: Vocabulary
) -> Iterator[Problem]:
    """Check that a PMID or DOI is given, matches the key, and each ID is well-formed."""
    if not record.get("pmid") and not record.get("doi"):
        yield doc.problem(key, "pmid", "a publication needs a pmid or a doi")
    prefix, _, local = curie.partition(":")
    field_name = "pmid" if prefix == "PMID" else "doi"
    own: Any = record.get(field_name)
    if own is not None and str(own).lower() != local.lower():
        yield doc.problem(
            (*key, field_name), field_name, f"{own!r} does not match the key {curie!r}"
        )
    if record.get("pmid") and not str(record["pmid"]).isdigit():
        yield doc.problem((*key, "pmid"), "pmid", f"expected digits, got {record['pmid']!r}")
    if record.get("doi") and (msg := curie_problem("DOI:" + record["doi"], set(REF_PREFIXES))):
        yield doc.problem((*key, "doi"), "doi", msg)
    if record.get("pmcid") and not re.fullmatch(r"PMC\d+", record["pmcid"]):
        msg = f"expected PMC followed by digits, got {record['pmcid']!r}"
        yield doc.problem((*key, "pmcid"), "pmcid", msg)


def seen_at(
    doc: Located, key: Key, curie: str, record: dict[str, Any], vocab: Vocabulary
) -> Iterator[Problem]:
    """Check that ``seen_at`` is the http(s) address of the page the source was verified on."""
    if record.get("seen_at") and not re.match(r"https?://\S+$", record["seen_at"]):
        msg = (
            "expected the http(s) address of the page where the title and identifier were "
            f"seen, got {record['seen_at']!r}"
        )
        yield doc.problem((*key, "seen_at"), "seen_at", msg)


#: The earliest year a cited publication may carry (the Philosophical Transactions began in 1665).
FIRST_YEAR = 1665


def year_range(
    doc: Located, key: Key, curie: str, record: dict[str, Any], vocab: Vocabulary
) -> Iterator[Problem]:
    """Check that the year is a plausible publication year: not before 1665, not next year's."""
    last = date.today().year + 1  # in press: online ahead of the print year
    if not FIRST_YEAR <= record["year"] <= last:
        msg = f"expected a year from {FIRST_YEAR} to next year, got {record['year']}"
        yield doc.problem((*key, "year"), "year", msg)


PUBLICATION_RULES: tuple[Rule, ...] = (known_type, identifiers, seen_at, year_range)


def check_publications(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    """Run the publication rules over ``sources.yaml``, recording the usable records."""
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, dict):
        msg = f"expected a mapping keyed by PMID or DOI, got {kind(doc.value)}"
        out.append(doc.problem((), "document", msg))
        return
    for curie, record in doc.value.items():
        key: Key = (curie,)
        if not isinstance(curie, str):
            out.append(doc.problem(key, "ref", f"expected a CURIE key, got {kind(curie)}"))
            continue
        if problem := curie_problem(curie, set(REF_PREFIXES)):
            out.append(doc.problem(key, "ref", problem))
            continue
        problems, usable = record_shape(doc, key, record, PUBLICATION_FIELDS)
        out += problems
        if not usable:
            # Known but defective: claims citing it are not reported again.
            result.publications[curie] = {}
            continue
        for rule in PUBLICATION_RULES:
            out.extend(rule(doc, key, curie, record, vocab))
        result.publications[curie] = record

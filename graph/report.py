"""The sources report of ``bonekg sources``.

Publications by type and year, the claims each supports, and the claims that rest only
on reviews.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from bonekg.evidence import EvidenceKind

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["sources_lines", "sources_report"]


def _claim_text(kg: KnowledgeGraph, subject: str, predicate: str, obj: str) -> str:
    return f"{kg.label(subject)} -{predicate}-> {kg.label(obj)}"


def sources_report(kg: KnowledgeGraph) -> dict[str, Any]:
    """Return the report of the sources of *kg*.

    :returns: counts by publication type and year, each source with its claims, the share
        of claims with a primary source, and the claims that rest only on reviews
    """
    supports: dict[str, list[str]] = {ref: [] for ref in kg.publications}
    review_only = []
    primary = 0
    for claim in kg.claims():
        text = _claim_text(kg, claim.subject, claim.predicate, claim.object)
        for source in claim.sources:
            supports.setdefault(source["ref"], []).append(text)
        kinds = {kg.source_kind(s) for s in claim.sources}
        if kinds == {EvidenceKind.REVIEW.key}:
            review_only.append(text)
        else:
            primary += 1
    pubs = kg.publications.values()
    total = kg.number_of_claims
    return {
        "publications": len(kg.publications),
        "by_type": dict(sorted(Counter(p.type for p in pubs).items())),
        "by_year": dict(sorted(Counter(str(p.year) for p in pubs).items())),
        "claims": total,
        "claims_with_primary_source": primary,
        "primary_share": round(primary / total, 3) if total else 0.0,
        "sources": [
            {
                "ref": ref,
                "citation": pub.short(),
                "type": pub.type,
                "year": pub.year,
                "title": pub.title,
                "seen_at": pub.seen_at,
                "claims": supports.get(ref, []),
            }
            for ref, pub in sorted(
                kg.publications.items(), key=lambda kv: (kv[1].type, kv[1].year, kv[0])
            )
        ],
        "review_only_claims": review_only,
    }


def sources_lines(report: dict[str, Any]) -> list[str]:
    """Render :func:`sources_report` as text."""
    lines = [
        f"publications: {report['publications']}",
        f"claims: {report['claims']}, with a primary source: {report['claims_with_primary_source']}"
        f" ({report['primary_share']:.0%})",
        "by type:",
        *(f"  {n:5d}  {t}" for t, n in report["by_type"].items()),
        "by year:",
        *(f"  {n:5d}  {y}" for y, n in report["by_year"].items()),
        "",
    ]
    current = None
    for source in report["sources"]:
        if source["type"] != current:
            current = source["type"]
            lines.append(f"{current}:")
        lines.append(f"  {source['ref']} {source['citation']}: {source['title']}")
        lines += [f"      {claim}" for claim in source["claims"]]
    lines += ["", f"claims resting only on reviews: {len(report['review_only_claims'])}"]
    lines += [f"  {claim}" for claim in report["review_only_claims"]]
    return lines

"""How results look: the text lines and the JSON shapes of nodes, claims, paths and stats.

The command line prints what these functions return; the JSON shapes are those of the
design (an edge is ``{"subject", "subject_label", "predicate", "object",
"object_label", "sign", "qualifiers", "sources"}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bonekg.model import PROVENANCE_FIELDS, Claim

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.paths import Explanation, Path, PathResult

__all__ = [
    "citation",
    "claim_json",
    "claim_lines",
    "cut_short",
    "explanation_json",
    "explanation_lines",
    "no_neighbors_message",
    "node_json",
    "node_lines",
    "outcome_text",
    "path_json",
    "path_lines",
    "paths_json",
    "paths_lines",
    "plural",
    "provenance_text",
    "sign_text",
    "species_text",
    "stats_lines",
]


def no_neighbors_message(
    kg: KnowledgeGraph, node_id: str, direction: str, predicates: Sequence[str]
) -> str:
    """Say that *node_id* has no edges, naming the direction and predicate filters asked for.

    ``no in edges with predicate prevents for osteoporosis (MONDO:0005298)``
    """
    which = "" if direction == "both" else f" {direction}"
    only = f" with predicate {' or '.join(predicates)}" if predicates else ""
    return f"no{which} edges{only} for {kg.display(node_id)}"


def plural(count: int, word: str) -> str:
    """Return ``1 path`` or ``2 paths``."""
    return f"{count} {word}{'s' if count != 1 else ''}"


def sign_text(sign: int | None) -> str:
    """Return ``+``, ``-`` or an empty string."""
    return {1: "+", -1: "-"}.get(sign or 0, "")


def species_text(kg: KnowledgeGraph, species: str) -> str:
    """Return the common name of a taxon (``human``), or the value as given."""
    taxon = kg.vocabulary.taxa.get(species)
    return taxon.common_name if taxon else species


def citation(kg: KnowledgeGraph, source: Mapping[str, Any]) -> str:
    """Render one source as ``PMID:1 Author Y 2020 (review, human): statement``."""
    pub = kg.publications.get(source["ref"])
    who = f" {pub.short()}" if pub else ""
    kind = kg.source_kind(source)
    species = species_text(kg, source["species"])
    evidence = kind if kind == species else f"{kind}, {species}"
    outcome = outcome_text(source.get("outcome") or {})
    return f"{source['ref']}{who} ({evidence}): {source['statement']}{outcome}"


def outcome_text(outcome: Mapping[str, Any]) -> str:
    """Render a trial outcome as `` [FRAME: new vertebral fracture RR 0.27 (95% CI ...), 12 months, n=7180]``."""
    if not outcome:
        return ""
    effect = " ".join(str(outcome[k]) for k in ("endpoint", "effect") if outcome.get(k))
    if outcome.get("ci"):
        effect += f" (95% CI {outcome['ci']})"
    parts = [
        p for p in (effect, outcome.get("duration"), outcome.get("n") and f"n={outcome['n']}") if p
    ]
    trial = f"{outcome['trial']}: " if outcome.get("trial") else ""
    return f" [{trial}{', '.join(str(p) for p in parts)}]"


def provenance_text(claim: Claim) -> str:
    """Render a merged edge's provenance: ``merged from infores:x (knowledge_assertion): EX:1``."""
    data = claim.data
    level = f" ({data['knowledge_level']})" if data.get("knowledge_level") else ""
    publications = data.get("publications") or []
    cited = f": {', '.join(publications)}" if publications else ""
    return f"merged from {claim.knowledge_source}{level}{cited}"


def claim_lines(kg: KnowledgeGraph, claim: Claim, indent: str = "") -> list[str]:
    """Render a claim and its sources, one line each; a merged edge is tagged, with its provenance."""
    sign = sign_text(claim.sign)
    qualifiers = claim.qualifiers
    qual = (
        " [" + "; ".join(f"{k}: {v}" for k, v in sorted(qualifiers.items())) + "]"
        if qualifiers
        else ""
    )
    head = (
        f"{indent}{kg.display(claim.subject)} "
        f"-{claim.predicate}{'(' + sign + ')' if sign else ''}-> "
        f"{kg.display(claim.object)}{qual}"
    )
    if claim.merged:
        return [f"{head} [merged]", f"{indent}    {provenance_text(claim)}"]
    return [head] + [f"{indent}    {citation(kg, s)}" for s in claim.sources]


def claim_json(kg: KnowledgeGraph, claim: Claim) -> dict[str, Any]:
    """Render one claim in the JSON shape of the design (IDs with labels beside them).

    ``origin`` says ``curated`` or ``merged``; a merged edge adds its provenance
    (``primary_knowledge_source``, ``publications``, ``knowledge_level``).
    """
    sources = []
    for s in claim.sources:
        item = dict(s)
        pub = kg.publications.get(s["ref"])
        if pub is not None:
            item["citation"] = pub.short()
        sources.append(item)
    return {
        "subject": claim.subject,
        "subject_label": kg.label(claim.subject),
        "predicate": claim.predicate,
        "object": claim.object,
        "object_label": kg.label(claim.object),
        "sign": claim.sign,
        "qualifiers": dict(claim.qualifiers),
        "sources": sources,
        "origin": "merged" if claim.merged else "curated",
        **{k: claim.data[k] for k in PROVENANCE_FIELDS if k in claim.data},  # type: ignore[literal-required]
    }


def node_lines(kg: KnowledgeGraph, node_id: str) -> list[str]:
    """Render a node's fields, one per line."""
    data = kg.node(node_id)
    lines = [
        kg.display(node_id),
        f"  category: {data['category']} ({data.get('biolink_class', '')})",
    ]
    if data.get("synonyms"):
        lines.append(f"  synonyms: {', '.join(data['synonyms'])}")
    if data.get("xrefs"):
        lines.append(f"  xrefs: {', '.join(data['xrefs'])}")
    if data.get("description"):
        lines.append(f"  description: {data['description']}")
    if data.get("local_reason"):
        lines.append(f"  local ID: {data['local_reason']}")
    return lines


def node_json(kg: KnowledgeGraph, node_id: str) -> dict[str, Any]:
    """Render a node (without its claims) as JSON: its ID and stored fields."""
    return {"id": node_id, **kg.node(node_id)}


def path_json(kg: KnowledgeGraph, path: Path) -> dict[str, Any]:
    """Render one path: ``{"nodes", "edges", "sign"}``."""
    return {
        "nodes": list(path.nodes),
        "edges": [claim_json(kg, hop) for hop in path.hops],
        "sign": path.sign,
        "inverted": path.inverted,
    }


def path_lines(kg: KnowledgeGraph, number: int, path: Path) -> list[str]:
    """Render one path: a heading, then each hop with its sources."""
    sign = f", sign {sign_text(path.sign)}" if path.sign is not None else ""
    turned = f", read for a lack of {kg.label(path.nodes[0])}" if path.inverted else ""
    lines = [f"path {number} ({plural(len(path.hops), 'hop')}{sign}{turned}):"]
    for hop in path.hops:
        lines += claim_lines(kg, hop, indent="  ")
    return lines


def cut_short(timeout: float | None, found: int) -> str:
    """Say that the deadline (or the pool cap) cut the search short."""
    after = f" after {timeout:g} s (--timeout)" if timeout is not None else ""
    return f"search cut short{after}; showing the {plural(found, 'path')} found so far"


def paths_json(kg: KnowledgeGraph, result: PathResult) -> dict[str, Any]:
    """Render a path search: ``{"source", "target", "truncated", "paths"}``."""
    return {
        "source": result.source,
        "target": result.target,
        "truncated": result.truncated,
        "paths": [path_json(kg, p) for p in result.paths],
    }


def paths_lines(kg: KnowledgeGraph, result: PathResult, timeout: float | None) -> list[str]:
    """Render a path search as text, shortest path first."""
    ends = f"from {kg.display(result.source)} to {kg.display(result.target)}"
    lines = [f"{plural(len(result.paths), 'path')} {ends}, shortest first"]
    for number, found in enumerate(result.paths, 1):
        lines += ["", *path_lines(kg, number, found)]
    if result.truncated:
        lines += ["", cut_short(timeout, len(result.paths))]
    return lines


def _word(sign: int) -> str:
    return "increases" if sign > 0 else "decreases"


def explanation_json(kg: KnowledgeGraph, result: Explanation) -> dict[str, Any]:
    """Render an explanation: the path-search shape plus ``net_effect`` and ``strongest``."""
    return {
        "source": result.source,
        "target": result.target,
        "net_effect": result.net_effect,
        "lack_of": result.lack_of,
        "conflict": len(result.strongest) == 2,
        "truncated": result.truncated,
        "strongest": {
            _word(s): path_json(kg, p) for s, p in sorted(result.strongest.items(), reverse=True)
        },
        "paths": [path_json(kg, p) for p in result.paths],
    }


def explanation_lines(
    kg: KnowledgeGraph,
    result: Explanation,
    max_hops: int,
    timeout: float | None,
    name: str | None = None,
) -> list[str]:
    """Render an explanation as text: the verdict, then the paths best supported first.

    :param name: how the question named the source (``estrogen deficiency``)
    """
    source, target = name or kg.label(result.source), kg.label(result.target)
    count = len(result.paths)
    lines = [
        f"{source} {result.net_effect} {target}"
        if result.net_effect in {"increases", "decreases"}
        else f"{source} -> {target}: {result.net_effect}",
    ]
    if result.lack_of is not None:
        lack = kg.display(result.lack_of)
        also = (
            f", and paths from {kg.display(result.source)}"
            if result.source != result.lack_of
            else ""
        )
        lines.append(f"read as a lack of {lack}: its paths count with their sign turned{also}")
    lines += [
        f"over {plural(count, 'causal path')} of at most {max_hops} hops, best supported first",
    ]
    if len(result.strongest) == 2:
        if result.net_effect != "mixed":
            lines.append("conflict: a less supported path has the opposite sign (shown below)")
        for sign, found in sorted(result.strongest.items(), reverse=True):
            lines += [
                "",
                f"strongest path that {_word(sign)}:",
                *path_lines(kg, result.paths.index(found) + 1, found)[1:],
            ]
        lines += ["", "all paths:"]
    for number, found in enumerate(result.paths, 1):
        lines += ["", *path_lines(kg, number, found)]
    if result.truncated:
        lines += ["", cut_short(timeout, count)]
    return lines


def stats_lines(stats: Mapping[str, Any]) -> list[str]:
    """Render :meth:`KnowledgeGraph.stats <bonekg.kg.KnowledgeGraph.stats>` as text."""
    lines = [
        f"nodes: {stats['nodes']}",
        f"edges: {stats['edges']}",
        f"publications: {stats['publications']}",
    ]
    for section in ("categories", "predicates", "evidence", "species", "sources"):
        lines.append(f"{section}:")
        for name, count in sorted(stats[section].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {count:5d}  {name}")
    return lines

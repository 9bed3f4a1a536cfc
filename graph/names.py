"""Find nodes by ID, label or synonym, case-insensitively, with "did you mean" hints."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bonekg.errors import AmbiguousNodeError, UnknownNodeError

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["build_index", "resolve", "search"]

#: Match tiers, strongest first: a name that is some node's ID beats a label, beats a synonym.
_TIERS = ("id", "label", "synonym")


def build_index(nodes: Iterable[tuple[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Index every node under its lower-cased ID, label and synonyms.

    :param nodes: ``(node ID, data)`` pairs
    :returns: ``{tier: {name: [node IDs]}}``
    """
    index: dict[str, dict[str, set[str]]] = {tier: defaultdict(set) for tier in _TIERS}
    for node_id, data in nodes:
        index["id"][node_id.lower()].add(node_id)
        index["label"][str(data["label"]).lower()].add(node_id)
        for synonym in data.get("synonyms", ()):
            index["synonym"][str(synonym).lower()].add(node_id)
    return {tier: {k: sorted(v) for k, v in names.items()} for tier, names in index.items()}


def _describe(kg: KnowledgeGraph, node_id: str) -> str:
    return f"{node_id} {kg.label(node_id)}"


def resolve(kg: KnowledgeGraph, name: str) -> str:
    """Return the ID of the node named *name* (an ID, a label or a synonym).

    :raises UnknownNodeError: nothing matches; the error carries close matches
    :raises AmbiguousNodeError: several nodes match in the strongest tier that matches
    """
    if name in kg:
        return name
    key = name.strip().lower()
    index = kg.names
    for tier in _TIERS:
        found = index[tier].get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNodeError(name, [_describe(kg, n) for n in found])
    names = {k: ids for tier in _TIERS for k, ids in index[tier].items()}
    close = difflib.get_close_matches(key, names, n=5, cutoff=0.6)
    suggestions = sorted({_describe(kg, n) for k in close for n in names[k]})
    raise UnknownNodeError(name, suggestions)


def search(kg: KnowledgeGraph, text: str) -> list[str]:
    """Find nodes whose ID, label, synonyms or description contain *text*, best first.

    Exact IDs and labels come first, then exact synonyms, labels and synonyms that
    start with the text, names that contain it, and last descriptions that contain it.

    :returns: node IDs, strongest match first
    """
    needle = text.strip().lower()
    if not needle:
        return []
    scored: dict[str, int] = {}
    for node_id, data in kg.nodes():
        label = str(data["label"]).lower()
        names = [node_id.lower(), label]
        synonyms = [str(s).lower() for s in data.get("synonyms", ())]
        tiers = (
            needle in names,
            needle in synonyms,
            label.startswith(needle),
            any(n.startswith(needle) for n in synonyms),
            needle in label or needle in node_id.lower(),
            any(needle in n for n in synonyms),
            needle in str(data.get("description", "")).lower(),
        )
        score = next((rank for rank, hit in enumerate(tiers) if hit), None)
        if score is not None:
            scored[node_id] = score
    return sorted(scored, key=lambda n: (scored[n], kg.label(n).lower(), n))

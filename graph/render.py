"""Plain-text rendering of nodes, claims and citations for the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bonekg.model import publications, source_kind, vocabulary

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["citation", "edge_lines", "node_lines", "node_name", "sign_text", "species_text"]


def sign_text(sign: int | None) -> str:
    """Return ``+``, ``-`` or an empty string."""
    return {1: "+", -1: "-"}.get(sign or 0, "")


def species_text(graph: nx.MultiDiGraph, species: str) -> str:
    """Return the common name of a taxon (``human``), or the value as given."""
    taxon = vocabulary(graph).taxa.get(species)
    return taxon.common_name if taxon else species


def citation(graph: nx.MultiDiGraph, source: Mapping[str, Any]) -> str:
    """Render one source as ``PMID:1 Author Y 2020 (review, human): statement``."""
    pub = publications(graph).get(source["ref"])
    who = f" {pub.short()}" if pub else ""
    kind = source_kind(graph, source)
    species = species_text(graph, source["species"])
    evidence = kind if kind == species else f"{kind}, {species}"
    return f"{source['ref']}{who} ({evidence}): {source['statement']}"


def node_name(graph: nx.MultiDiGraph, node_id: str) -> str:
    """Render a node as ``label (ID)``."""
    return f"{graph.nodes[node_id]['label']} ({node_id})"


def edge_lines(
    graph: nx.MultiDiGraph, subject: str, obj: str, data: Mapping[str, Any], indent: str = ""
) -> list[str]:
    """Render a claim and its sources, one line each."""
    sign = sign_text(data.get("sign"))
    qualifiers = data.get("qualifiers") or {}
    qual = (
        " [" + "; ".join(f"{k}: {v}" for k, v in sorted(qualifiers.items())) + "]"
        if qualifiers
        else ""
    )
    head = (
        f"{indent}{node_name(graph, subject)} "
        f"-{data['predicate']}{'(' + sign + ')' if sign else ''}-> "
        f"{node_name(graph, obj)}{qual}"
    )
    return [head] + [f"{indent}    {citation(graph, s)}" for s in data.get("sources", ())]


def node_lines(graph: nx.MultiDiGraph, node_id: str) -> list[str]:
    """Render a node's fields, one per line."""
    data = graph.nodes[node_id]
    lines = [
        node_name(graph, node_id),
        f"  category: {data['category']} ({data.get('biolink_class', '')})",
    ]
    if data.get("synonyms"):
        lines.append(f"  synonyms: {', '.join(data['synonyms'])}")
    if data.get("xrefs"):
        lines.append(f"  xrefs: {', '.join(data['xrefs'])}")
    if data.get("description"):
        lines.append(f"  description: {data['description']}")
    return lines

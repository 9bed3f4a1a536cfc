"""Merge external graphs (``--merge``) into the curated one.

The merged graph is the curated graph plus the external ones. An external node meets a
curated node by ID (readers put IDs in their CURIE form, so a CURIE and an IRI meet) or
through the curated node's ``xrefs`` (an external ``NCIT:C3298`` is the curated node
that lists NCIT:C3298); otherwise it is added. Curated nodes keep their data; external
edges keep their provenance and are told apart by it (:attr:`bonekg.model.Claim.merged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bonekg.errors import DataError, Problem
from bonekg.model import Claim

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.kg import KnowledgeGraph

__all__ = ["MergeError", "merge", "read_external", "xref_index"]


class MergeError(DataError):
    """Bad rows in the merged files (without ``--lenient``); nothing was merged or cached."""

    subject = "the merged files"


def read_external(paths: Sequence[Path], *, lenient: bool = False) -> list[KnowledgeGraph]:
    """Read each external graph with the reader its path calls for.

    :param lenient: leave bad rows out (each graph keeps them in ``skipped``) instead of
        failing
    :raises MergeError: a file has bad rows and *lenient* is off; carries every one
    :raises UnknownFormatError: no reader takes a path
    """
    from bonekg.bulk import paused_gc
    from bonekg.readers import reader_for

    with paused_gc():  # rows make millions of objects and no cycles
        graphs = [reader_for(Path(p), external=True).read(Path(p)) for p in paths]
    problems = [p for g in graphs for p in g.skipped]
    if problems and not lenient:
        raise MergeError(problems)
    return graphs


def xref_index(kg: KnowledgeGraph) -> dict[str, str]:
    """Map each curated cross-reference to its node; one that two nodes list meets neither."""
    from bonekg.readers.external import normalize_id

    owners: dict[str, set[str]] = {}
    for node_id, data in kg.nodes():
        for xref in data.get("xrefs", ()):
            owners.setdefault(normalize_id(xref), set()).add(node_id)
    return {x: next(iter(n)) for x, n in owners.items() if len(n) == 1}


def merge(base: KnowledgeGraph, externals: Sequence[KnowledgeGraph]) -> KnowledgeGraph:
    """Return *base* with the nodes and edges of *externals* merged in (*base* is unchanged).

    The first external graph's own networkx graph (read for this merge, owned by no one
    else) grows into the merged one: the curated graph is small, so adding it there costs
    little, where copying it and re-adding a million external edges would double the load.

    :returns: a new graph; its ``skipped`` lists the external graphs' bad rows
    """
    import networkx as nx

    from bonekg.bulk import paused_gc
    from bonekg.kg import KnowledgeGraph

    xrefs = xref_index(base)
    skipped: list[Problem] = list(base.skipped)
    graph: nx.MultiDiGraph[str] = externals[0].nx if externals else nx.MultiDiGraph()
    with paused_gc():
        for number, external in enumerate(externals):
            skipped += external.skipped
            if number:  # the first graph to name a node gives its data
                graph.add_nodes_from(n for n in external.nx.nodes(data=True) if n[0] not in graph)
                graph.add_edges_from(external.nx.edges(keys=True, data=True))  # type: ignore[arg-type]
            _meet(graph, {n: xrefs[n] for n in external.nx if n not in base and n in xrefs})
        for node_id, data in base.nx.nodes(data=True):  # curated data wins
            if node_id in graph:
                graph.nodes[node_id].clear()
            graph.add_node(node_id, **data)
        curated = [(s, o, k, dict(d)) for s, o, k, d in base.nx.edges(keys=True, data=True)]
        graph.add_edges_from(curated)  # type: ignore[arg-type]
    merged = KnowledgeGraph(graph, base.vocabulary, base.publications)
    merged.warnings = base.warnings
    merged.skipped = tuple(skipped)
    return merged


def _meet(graph: nx.MultiDiGraph[str], meets: dict[str, str]) -> None:
    """Move the edges of external nodes that are curated nodes (*meets*) onto those nodes."""
    for old in meets:
        if old not in graph:
            continue
        edges = {
            (s, o, k): d
            for s, o, k, d in (
                *graph.in_edges(old, keys=True, data=True),
                *graph.out_edges(old, keys=True, data=True),
            )
        }
        graph.remove_node(old)
        for (s, o, key), data in edges.items():
            _add(graph, Claim(s, o, key, data), meets.get(s, s), meets.get(o, o))


def _add(graph: nx.MultiDiGraph[str], claim: Claim, subject: str, obj: str) -> None:
    key = claim.key
    if (subject, obj) != (claim.subject, claim.object):  # met a curated node: a new ID
        from bonekg.readers.external import merged_key

        data = claim.data
        source = data.get("primary_knowledge_source", "")
        key = merged_key(subject, data["predicate"], obj, data["qualifiers"], source)
    graph.add_edge(subject, obj, key=key, **dict(claim.data))

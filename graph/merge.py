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
    from bonekg.readers import reader_for

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

    :returns: a new graph; its ``skipped`` lists the external graphs' bad rows
    """
    from bonekg.bulk import paused_gc
    from bonekg.kg import KnowledgeGraph

    graph = base.nx.copy()
    xrefs = xref_index(base)
    skipped: list[Problem] = list(base.skipped)
    with paused_gc():
        for external in externals:
            skipped += external.skipped
            meets: dict[str, str] = {}
            for node_id, data in external.nodes():
                found = node_id if node_id in base else xrefs.get(node_id)
                meets[node_id] = found or node_id
                if found is None and node_id not in graph:
                    graph.add_node(node_id, **dict(data))
            for claim in external.claims():
                _add(graph, claim, meets[claim.subject], meets[claim.object])
    merged = KnowledgeGraph(graph, base.vocabulary, base.publications)
    merged.warnings = base.warnings
    merged.skipped = tuple(skipped)
    return merged


def _add(graph: nx.MultiDiGraph[str], claim: Claim, subject: str, obj: str) -> None:
    key = claim.key
    if (subject, obj) != (claim.subject, claim.object):  # met a curated node: a new ID
        from bonekg.readers.external import merged_key

        data = claim.data
        source = data.get("primary_knowledge_source", "")
        key = merged_key(subject, data["predicate"], obj, data["qualifiers"], source)
    graph.add_edge(subject, obj, key=key, **dict(claim.data))

"""The one builder of synthetic graphs, and the views that compare graphs field by field.

Tests (and the benchmarks in bench/) build small graphs whose answers are known:

    make_graph([("x:a", "increases", "x:b"), ("x:b", "decreases", "x:c", PRIMARY, MOUSE)])

Each claim is a :class:`~bonekg.model.Claim` (see :func:`claim`) or a tuple
``(subject, predicate, object[, evidence[, species[, qualifiers]]])`` with one source,
the Arjmand 2020 review of the minimal fixture. Nodes that the claims name get default
data; ``nodes`` gives (or overrides fields of) any node.

This module imports nothing from the tests, so bench/ can import it as ``helpers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bonekg.kg import KnowledgeGraph
from bonekg.model import Claim, ClaimData, NodeData, Publication, SourceRecord, statement_id
from bonekg.vocabulary import load_vocabulary

__all__ = [
    "HUMAN",
    "MOUSE",
    "PRIMARY",
    "PUBLICATIONS",
    "REF",
    "REVIEW",
    "VOCAB",
    "claim",
    "edge_view",
    "full_view",
    "make_graph",
    "node_view",
    "publications",
    "source",
    "source_view",
]

MINIMAL = Path(__file__).parent / "resources" / "valid" / "minimal"
VOCAB = load_vocabulary()
#: An evidence type of kind review, and one of a primary kind (animal, clinical or RCT).
REVIEW = next(e.curie for e in VOCAB.evidence.values() if e.kind == "review")
PRIMARY = next(e.curie for e in VOCAB.evidence.values() if e.kind in {"animal", "clinical", "rct"})
HUMAN, MOUSE = "NCBITaxon:9606", "NCBITaxon:10090"
#: The publication of the minimal fixture (a review), cited by default.
REF = "PMID:32719657"


def publications(records: Mapping[str, Mapping[str, Any]]) -> dict[str, Publication]:
    """Turn sources-file records (CURIE -> record) into publications."""
    return {curie: Publication.from_record(curie, r) for curie, r in records.items()}


#: The publications of the minimal fixture, as its sources.yaml holds them.
PUBLICATIONS = publications(yaml.safe_load((MINIMAL / "sources.yaml").read_text("utf-8")))


def source(
    ref: str = REF, evidence: str = REVIEW, species: str = HUMAN, statement: str = "A claim."
) -> SourceRecord:
    """Return one source record."""
    return SourceRecord(ref=ref, evidence=evidence, species=species, statement=statement)


def claim(
    subject: str,
    predicate: str,
    obj: str,
    evidence: str = REVIEW,
    species: str = HUMAN,
    qualifiers: Mapping[str, str] | None = None,
    *,
    sources: Sequence[SourceRecord] | None = None,
    key: str | None = None,
) -> Claim:
    """Return a claim with the vocabulary's sign and, by default, its statement ID as key.

    :param sources: the claim's sources (default: one source citing :data:`REF` with
        *evidence* and *species*, whose statement says the claim)
    """
    qualifiers = dict(qualifiers or {})
    if sources is None:
        sources = [source(REF, evidence, species, f"{subject} {predicate} {obj}.")]
    data = ClaimData(
        predicate=predicate,
        sign=VOCAB.predicates[predicate].sign,
        qualifiers=qualifiers,
        sources=list(sources),
    )
    return Claim(subject, obj, key or statement_id(subject, predicate, obj, qualifiers), data)


def _node(node_id: str, labels: Mapping[str, str]) -> NodeData:
    return NodeData(
        label=labels.get(node_id, node_id.split(":", 1)[-1]),
        category="Signal",
        biolink_class="biolink:Protein",
        synonyms=[],
        description="",
        xrefs=[],
    )


def make_graph(
    claims: Iterable[Claim | tuple[Any, ...]],
    labels: Mapping[str, str] | None = None,
    *,
    nodes: Mapping[str, Mapping[str, Any]] | None = None,
    pubs: Mapping[str, Publication] | None = None,
) -> KnowledgeGraph:
    """Build a knowledge graph from claims, with default data for the nodes they name.

    :param claims: :class:`Claim` objects, or tuples of :func:`claim`'s positional arguments
    :param labels: node ID -> label (default: the local part of the ID)
    :param nodes: node ID -> fields of that node (merged over the defaults); these nodes
        are in the graph even when no claim names them
    :param pubs: the publications (default: :data:`PUBLICATIONS`)
    """
    labels = labels or {}
    rows = [c if isinstance(c, Claim) else claim(*c) for c in claims]
    data: dict[str, NodeData] = {}
    for node_id, fields in (nodes or {}).items():
        data[node_id] = NodeData(**{**_node(node_id, labels), **fields})  # type: ignore[typeddict-item]
    for c in rows:
        for end in (c.subject, c.object):
            if end not in data:
                data[end] = _node(end, labels)
    return KnowledgeGraph.from_records(data, rows, PUBLICATIONS if pubs is None else pubs, VOCAB)


# --- views: what a format carries, to compare a graph read back with the original ---------


def node_view(kg: KnowledgeGraph) -> dict[str, tuple[Any, ...]]:
    """Return every node's fields; synonyms and xrefs sorted (RDF does not keep their order)."""
    return {
        n: (
            d["label"],
            d["category"],
            d["biolink_class"],
            tuple(sorted(d.get("synonyms", ()))),
            d.get("description", ""),
            tuple(sorted(d.get("xrefs", ()))),
        )
        for n, d in kg.nodes()
    }


def source_view(sources: Iterable[Mapping[str, Any]]) -> tuple[tuple[Any, ...], ...]:
    """Return the sources of a claim in order, with their trial outcome if any."""
    return tuple(
        (s["ref"], s["evidence"], s["species"], s["statement"], dict(s.get("outcome") or {}))
        for s in sources
    )


def edge_view(claims: Iterable[Claim]) -> dict[str, tuple[Any, ...]]:
    """Return every claim's fields, by statement ID."""
    return {
        c.key: (
            c.subject,
            c.predicate,
            c.object,
            c.sign,
            tuple(sorted(c.qualifiers.items())),
            source_view(c.sources),
        )
        for c in claims
    }


def full_view(kg: KnowledgeGraph) -> dict[str, Any]:
    """Return everything a graph holds: nodes, claims and publications."""
    return {
        "nodes": node_view(kg),
        "edges": edge_view(kg.claims()),
        "publications": dict(kg.publications),
    }

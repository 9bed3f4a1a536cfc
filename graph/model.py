"""The in-memory model: a ``networkx.MultiDiGraph`` with one edge per claim.

Nodes carry ``label``, ``category``, ``synonyms``, ``description``, ``xrefs`` and
``biolink_class``. Each edge is keyed by its stable statement ID and carries
``predicate``, ``sign``, ``qualifiers`` and ``sources`` (a list of
``{ref, evidence, species, statement}``). The graph's own attributes hold the
publications (``graph.graph["publications"]``), the vocabulary and a name index.
The dataclasses here are typed views for callers who prefer them to dicts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.vocabulary import Vocabulary

__all__ = [
    "Edge",
    "Node",
    "Publication",
    "Source",
    "edge_json",
    "edges",
    "get_node",
    "publications",
    "source_kind",
    "source_rank",
    "statement_id",
    "vocabulary",
]


@dataclass(frozen=True)
class Source:
    """One source supporting a claim."""

    ref: str
    evidence: str
    species: str
    statement: str


@dataclass(frozen=True)
class Publication:
    """A record of the sources file: a publication, verified by its identifier."""

    curie: str
    title: str
    first_author: str
    year: int
    journal: str
    type: str
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None

    def short(self) -> str:
        """Return ``Arjmand B 2020`` style citation text."""
        return f"{self.first_author} {self.year}"

    def url(self) -> str:
        """Return the PubMed page, else the DOI resolver."""
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return f"https://doi.org/{self.doi}"


@dataclass(frozen=True)
class Node:
    """A typed view of one node."""

    id: str
    label: str
    category: str
    synonyms: tuple[str, ...] = ()
    description: str = ""
    xrefs: tuple[str, ...] = ()
    biolink_class: str = ""


@dataclass(frozen=True)
class Edge:
    """A typed view of one claim."""

    subject: str
    predicate: str
    object: str
    key: str
    sign: int | None = None
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()


def statement_id(subject: str, predicate: str, obj: str, qualifiers: Mapping[str, Any]) -> str:
    """Derive the stable ID of a claim from its subject, predicate, object and qualifiers.

    :returns: 16 hex digits; the same claim always gets the same ID
    """
    canonical = json.dumps(
        [subject, predicate, obj, sorted((str(k), str(v)) for k, v in qualifiers.items())],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def get_node(graph: nx.MultiDiGraph, node_id: str) -> Node:
    """Return the typed view of node *node_id*.

    :raises KeyError: no such node
    """
    data = graph.nodes[node_id]
    return Node(
        id=node_id,
        label=data["label"],
        category=data["category"],
        synonyms=tuple(data.get("synonyms", ())),
        description=data.get("description", ""),
        xrefs=tuple(data.get("xrefs", ())),
        biolink_class=data.get("biolink_class", ""),
    )


def _edge(subject: str, obj: str, key: str, data: Mapping[str, Any]) -> Edge:
    return Edge(
        subject=subject,
        predicate=data["predicate"],
        object=obj,
        key=key,
        sign=data.get("sign"),
        qualifiers=dict(data.get("qualifiers", {})),
        sources=tuple(Source(**s) for s in data.get("sources", ())),
    )


def edges(graph: nx.MultiDiGraph) -> Iterator[Edge]:
    """Iterate over every claim, in a stable order (subject, predicate, object, key)."""
    rows = sorted(
        graph.edges(keys=True, data=True), key=lambda r: (r[0], r[3]["predicate"], r[1], r[2])
    )
    for subject, obj, key, data in rows:
        yield _edge(subject, obj, key, data)


def publications(graph: nx.MultiDiGraph) -> dict[str, Publication]:
    """Return the publications of the sources file, keyed by CURIE."""
    pubs: dict[str, Publication] = graph.graph.get("publications", {})
    return pubs


def vocabulary(graph: nx.MultiDiGraph) -> Vocabulary:
    """Return the vocabulary the graph was validated against."""
    vocab: Vocabulary = graph.graph["vocabulary"]
    return vocab


def source_kind(graph: nx.MultiDiGraph, source: Mapping[str, Any]) -> str:
    """Classify one source (``rct``, ``clinical``, ``animal``, ``in vitro``, ``review``).

    :param source: an edge's source: ``{ref, evidence, species, statement}``
    """
    pub = publications(graph).get(source["ref"])
    kind = vocabulary(graph).evidence_kind(
        source["evidence"], source["species"], pub.type if pub else ""
    )
    return kind


def source_rank(graph: nx.MultiDiGraph, source: Mapping[str, Any]) -> int:
    """Rank one source for ordering paths: human RCT 5 ... review 1."""
    pub = publications(graph).get(source["ref"])
    return vocabulary(graph).evidence_rank(
        source["evidence"], source["species"], pub.type if pub else ""
    )


def edge_json(
    graph: nx.MultiDiGraph, subject: str, obj: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Render one claim in the JSON shape of the design (IDs with labels beside them)."""
    pubs = publications(graph)
    sources = []
    for s in data.get("sources", ()):
        item = dict(s)
        pub = pubs.get(s["ref"])
        if pub is not None:
            item["citation"] = pub.short()
        sources.append(item)
    return {
        "subject": subject,
        "subject_label": graph.nodes[subject]["label"],
        "predicate": data["predicate"],
        "object": obj,
        "object_label": graph.nodes[obj]["label"],
        "sign": data.get("sign"),
        "qualifiers": dict(data.get("qualifiers", {})),
        "sources": sources,
    }

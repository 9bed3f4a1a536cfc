"""The data of the viewer page: nodes, claims, citations and legend as plain JSON values.

Everything the page shows is computed here, in Python, so that the page's script only
draws: links (ontology pages, PubMed, DOI), citation fields, evidence kinds and
species names arrive ready to display. Every value is text to be shown as text; the
page never interprets it as markup.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from bonekg.constants import ONTOLOGY_PACKAGE, PREFIXES_FILE
from bonekg.evidence import EvidenceKind
from bonekg.model import Claim
from bonekg.viz.style import SIGN_STYLES, category_styles, sign_name

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["EVIDENCE_LABELS", "node_url", "page_data"]

#: One claim as the writers see it: subject, object, statement key, attributes.

#: The evidence kinds of :meth:`bonekg.vocabulary.Vocabulary.evidence_kind`, strongest first.
EVIDENCE_LABELS: dict[str, str] = {kind.key: kind.label for kind in EvidenceKind}

#: From this many edges on, edges backed only by reviews are drawn solid, not dashed.
_DASH_LIMIT = 2000
#: Prefixes whose terms have no page to link to (project-local terms).
_UNLINKED = frozenset({"bonekg"})


@cache
def _uri_prefixes() -> dict[str, str]:
    """Return prefix -> URI prefix from ``ontology/prefixes.json``."""
    text = resources.files(ONTOLOGY_PACKAGE).joinpath(PREFIXES_FILE).read_text("utf-8")
    return {row["prefix"]: row["uri_prefix"] for row in json.loads(text)}


def node_url(curie: str) -> str | None:
    """Return the page of a term: the OBO PURL, identifiers.org for HGNC, None for bonekg.

    :param curie: a node ID or xref such as ``CL:0000062``
    :returns: a URL, or None when the prefix has no resolvable page
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix in _UNLINKED:
        return None
    if prefix == "HGNC":
        return f"https://identifiers.org/hgnc:{local}"
    uri_prefix = _uri_prefixes().get(prefix)
    return uri_prefix + local if uri_prefix else None


def _publication(kg: KnowledgeGraph, ref: str) -> dict[str, Any]:
    pub = kg.publications.get(ref)
    if pub is None:
        return {"ref": ref, "url": node_url(ref)}
    return {
        "ref": ref,
        "first_author": pub.first_author,
        "year": pub.year,
        "title": pub.title,
        "journal": pub.journal,
        "type": pub.type,
        "pmid": pub.pmid,
        "doi": pub.doi,
        "url": pub.url(),
        "doi_url": f"https://doi.org/{pub.doi}" if pub.doi else None,
    }


def _node(kg: KnowledgeGraph, node_id: str, degree: int) -> dict[str, Any]:
    data = kg.node(node_id)
    return {
        "id": node_id,
        "label": str(data["label"]),
        "category": str(data["category"]),
        "synonyms": [str(s) for s in data.get("synonyms", ())],
        "description": str(data.get("description", "")),
        "xrefs": [{"id": str(x), "url": node_url(str(x))} for x in data.get("xrefs", ())],
        "url": node_url(node_id),
        "degree": degree,
    }


def _edge(kg: KnowledgeGraph, claim: Claim) -> dict[str, Any]:
    subject, obj, key, data = claim.subject, claim.object, claim.key, claim.data
    vocab = kg.vocabulary
    predicate = vocab.predicates.get(data["predicate"])
    sources = []
    for source in data.get("sources", ()):
        evidence = vocab.evidence.get(source["evidence"])
        taxon = vocab.taxa.get(source["species"])
        sources.append(
            {
                "ref": source["ref"],
                "evidence": source["evidence"],
                "evidence_label": evidence.label if evidence else source["evidence"],
                "evidence_url": node_url(source["evidence"]),
                "kind": kg.source_kind(source),
                "species": source["species"],
                "species_label": (
                    f"{taxon.common_name} ({taxon.label})" if taxon else str(source["species"])
                ),
                "statement": str(source["statement"]),
            }
        )
    return {
        "id": key,
        "from": subject,
        "to": obj,
        "predicate": data["predicate"],
        "predicate_label": predicate.label if predicate else data["predicate"],
        "sign": sign_name(data.get("sign")),
        "qualifiers": [[str(k), str(v)] for k, v in sorted(data.get("qualifiers", {}).items())],
        "sources": sources,
        # A merged edge (--merge) is drawn dotted and shows its external provenance.
        "origin": "merged" if claim.merged else "curated",
        "knowledge_source": claim.knowledge_source or "",
        "knowledge_level": str(data.get("knowledge_level", "")),
        "publications": [str(p) for p in data.get("publications", ())],
    }


def _origins(edges: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the origin filter's entries: curated, then each knowledge source merged in.

    A page without merged edges gets none, and shows no origin filter. An entry's name is
    ``curated`` or ``merged:<source>``, as ``viewer.js`` names each edge's origin.
    """
    counts = Counter(
        f"merged:{e['knowledge_source']}" if e["origin"] == "merged" else "curated" for e in edges
    )
    if set(counts) <= {"curated"}:
        return []
    names = sorted(counts, key=lambda name: (name != "curated", name))
    return [
        {
            "name": name,
            "label": name if name == "curated" else f"merged from {name.removeprefix('merged:')}",
            "count": counts[name],
        }
        for name in names
    ]


def _highlight(rows: Sequence[Claim], path: Sequence[str]) -> list[str]:
    """Return the keys of the claims joining consecutive nodes of *path*, either way."""
    hops = {frozenset(pair) for pair in pairwise(path)}
    return [c.key for c in rows if frozenset((c.subject, c.object)) in hops]


def page_data(
    kg: KnowledgeGraph,
    nodes: Iterable[str],
    claims: Iterable[Claim],
    *,
    title: str,
    options: Mapping[str, Any],
    layout_budget_ms: int,
    focus: str | None = None,
    depth: int | None = None,
    highlight: Sequence[str] = (),
    left_out: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Assemble everything the page shows.

    :param kg: the graph, for its vocabulary and publications
    :param nodes: IDs of the nodes to show
    :param claims: the claims to show (both ends among *nodes*)
    :param title: the page title, as plain text
    :param options: vis-network options
    :param layout_budget_ms: how long the page may lay the graph out before it stops
    :param focus: a node to select when the page opens
    :param depth: the neighbourhood depth the page was cut to around *focus*
    :param highlight: node IDs along a path to highlight, in order
    :param left_out: what a capped page left out (claims, nodes, the cap), or None
    :returns: a JSON-serialisable dict
    """
    node_ids = list(nodes)
    rows = list(claims)
    degree: Counter[str] = Counter()
    for claim in rows:
        degree[claim.subject] += 1
        degree[claim.object] += 1
    vocab = kg.vocabulary
    edge_items = [_edge(kg, claim) for claim in rows]
    refs = sorted({s["ref"] for e in edge_items for s in e["sources"]})
    present_categories = Counter(kg.node(n)["category"] for n in node_ids)
    present_predicates = Counter(e["predicate"] for e in edge_items)
    present_kinds = Counter(s["kind"] for e in edge_items for s in e["sources"])
    styles = category_styles(vocab)
    categories = [
        {**vars(style), "count": present_categories.get(name, 0)} for name, style in styles.items()
    ]
    categories += [
        {"name": name, "label": name, "color": "#BBBBBB", "shape": "dot", "glyph": "●", "count": n}
        for name, n in sorted(present_categories.items())
        if name not in styles
    ]
    return {
        "title": title,
        "nodes": [_node(kg, n, degree[n]) for n in node_ids],
        "edges": edge_items,
        "publications": {ref: _publication(kg, ref) for ref in refs},
        "categories": categories,
        "signs": [vars(style) for style in SIGN_STYLES.values()],
        "predicates": [
            {
                "name": name,
                "label": vocab.predicates[name].label if name in vocab.predicates else name,
                "count": count,
            }
            for name, count in sorted(present_predicates.items())
        ],
        "evidence_kinds": [
            {"name": kind, "label": label, "count": present_kinds[kind]}
            for kind, label in EVIDENCE_LABELS.items()
            if present_kinds[kind]
        ],
        "origins": _origins(edge_items),
        "focus": focus,
        "depth": depth,
        "left_out": dict(left_out) if left_out else None,
        "highlight": {"nodes": list(highlight), "edges": _highlight(rows, highlight)},
        "options": dict(options),
        "layout_budget_ms": layout_budget_ms,
        # Dashed lines cost ten times more to draw: large pages draw every edge solid.
        "dash_reviews": len(edge_items) < _DASH_LIMIT,
    }

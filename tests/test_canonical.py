"""Canonical YAML: a fixed point, and lossless for the records it orders."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekg.canonical import canonical_text
from bonekg.model import statement_id

text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
)
curie = st.builds(
    lambda p, n: f"{p}:{n:07d}", st.sampled_from(["CL", "GO", "UBERON"]), st.integers(0, 9_999_999)
)
source = st.fixed_dictionaries(
    {
        "ref": st.just("PMID:32719657"),
        "evidence": st.just("ECO:0000304"),
        "species": st.just("NCBITaxon:9606"),
        "statement": text,
    }
)
edge = st.fixed_dictionaries(
    {
        "subject": curie,
        "predicate": st.sampled_from(["increases", "decreases", "binds"]),
        "object": curie,
        "sources": st.lists(source, min_size=1, max_size=3),
    },
    optional={
        "qualifiers": st.dictionaries(
            st.sampled_from(["dosing", "condition", "context"]), text, max_size=2
        )
    },
)
node = st.fixed_dictionaries(
    {"id": curie, "label": text, "category": st.sampled_from(["CellType", "Process", "Anatomy"])},
    optional={"synonyms": st.lists(text, max_size=3), "description": text},
)


def _dump(record: dict) -> str:
    return json.dumps(record, sort_keys=True)


def _key(e: dict) -> tuple:
    return (e["subject"], e["predicate"], e["object"], sorted(e.get("qualifiers", {}).items()))


@settings(max_examples=60, deadline=None)
@given(st.lists(edge, max_size=8))
def test_edges_canonical_is_a_lossless_fixed_point(edges: list[dict]) -> None:
    once = canonical_text("edges.yaml", edges)
    parsed = yaml.safe_load(once) or []
    assert canonical_text("edges.yaml", parsed) == once
    assert sorted(map(_key, parsed)) == sorted(map(_key, edges))
    assert sorted(map(_dump, parsed)) == sorted(map(_dump, edges))


@settings(max_examples=60, deadline=None)
@given(st.lists(node, max_size=8))
def test_nodes_canonical_is_a_lossless_fixed_point(nodes: list[dict]) -> None:
    order = {"CellType": 1, "Process": 3, "Anatomy": 6}
    once = canonical_text("nodes.yaml", nodes, order)
    parsed = yaml.safe_load(once) or []
    assert canonical_text("nodes.yaml", parsed, order) == once
    assert sorted(map(_dump, parsed)) == sorted(map(_dump, nodes))
    assert [order[n["category"]] for n in parsed] == sorted(order[n["category"]] for n in parsed)


@given(curie, curie, st.dictionaries(st.sampled_from(["dosing", "condition"]), text, max_size=2))
def test_statement_id_depends_on_every_part(s: str, o: str, qualifiers: dict) -> None:
    sid = statement_id(s, "increases", o, qualifiers)
    assert len(sid) == 16
    assert sid == statement_id(s, "increases", o, dict(reversed(list(qualifiers.items()))))
    assert sid != statement_id(s, "decreases", o, qualifiers)
    assert sid != statement_id(s, "increases", o, {**qualifiers, "site": "hip"})


@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))), min_size=3, max_size=3
    ),
    st.dictionaries(
        st.text(max_size=5), st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)))
    ),
)
def test_statement_id_hashes_the_json_form_of_its_parts(ends: list[str], qualifiers: dict) -> None:
    """The fast path (nothing to escape) writes what json.dumps writes: IDs never change."""
    import hashlib

    s, p, o = ends
    pairs = sorted((str(k), str(v)) for k, v in qualifiers.items())
    form = json.dumps([s, p, o, pairs], ensure_ascii=False, separators=(",", ":"))
    assert statement_id(s, p, o, qualifiers) == hashlib.sha256(form.encode()).hexdigest()[:16]

"""The bundled data, tested like code: one case per record, canonical form, seed coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonekg.canonical import canonical_text
from bonekg.load import DATA_FILES, bundled_data_dir, load
from bonekg.model import source_kind
from bonekg.names import search
from bonekg.records import read_yaml
from bonekg.vocabulary import load_vocabulary

DATA = bundled_data_dir()
GRAPH = load()
VOCAB = load_vocabulary()
EDGES = sorted(GRAPH.edges(keys=True, data=True), key=lambda r: (r[0], r[3]["predicate"], r[1]))

#: Every entity of the seed text (shared/seed/arjmand-2020-summary.txt), by its common name.
SEED_ENTITIES = [
    "osteoporosis",
    "osteopenia",
    "T-score",
    "fragility fracture",
    "hip fracture",
    "vertebral fracture",
    "wrist fracture",
    "shoulder fracture",
    "aging",
    "menopause",
    "estrogen",
    "bone remodeling",
    "osteoclast",
    "osteoblast",
    "bone resorption",
    "bone formation",
    "hormone",
    "cytokine",
    "growth factor",
    "DXA",
    "bone mineral density",
    "bisphosphonates",
    "SERM",
    "hormone therapy",
    "denosumab",
    "parathyroid hormone analogue",
    "calcium supplementation",
    "vitamin D supplementation",
    "exercise",
    "fall prevention",
    "mesenchymal stem cell",
    "MSC",
    "bone marrow",
    "adipose tissue",
    "umbilical cord",
    "VEGF",
    "angiogenesis",
    "IGF-1",
    "cell growth",
    "TGF-beta",
    "extracellular matrix",
    "inflammation",
    "embryonic stem cell",
    "intramembranous ossification",
    "endochondral ossification",
    "flat bones",
    "skull",
    "long bone",
    "femur",
    "cartilage",
    "MSC-derived exosomes",
    "oxytocin",
    "parathyroid hormone",
    "metabolomics",
    "personalized medicine",
    "stem cell therapy",
    "immune response",
]


def test_size() -> None:
    assert GRAPH.number_of_nodes() >= 40
    assert GRAPH.number_of_edges() >= 60


@pytest.mark.parametrize("name", SEED_ENTITIES)
def test_seed_entity_is_found_by_search(name: str) -> None:
    assert search(GRAPH, name), (
        f"`bonekg search {name!r}` finds nothing: add the entity or a synonym to data/nodes.yaml"
    )


@pytest.mark.parametrize("name", DATA_FILES)
def test_file_is_canonical(name: str) -> None:
    path = DATA / name
    order = {c.name: c.order for c in VOCAB.categories.values()}
    assert path.read_text("utf-8") == canonical_text(name, read_yaml(path).value, order), (
        f"data/{name} is not in canonical form: run `bonekg fmt --data data`"
    )


@pytest.mark.parametrize("node_id", sorted(GRAPH.nodes))
def test_node_is_described_and_connected(node_id: str) -> None:
    data = GRAPH.nodes[node_id]
    assert data["description"], f"{node_id} {data['label']}: add a description in data/nodes.yaml"
    assert GRAPH.degree(node_id) > 0, (
        f"{node_id} {data['label']}: no edge uses it; add a claim or remove the node"
    )


@pytest.mark.parametrize(
    ("subject", "obj", "key", "data"),
    EDGES,
    ids=[f"{s} {d['predicate']} {o}" for s, o, _, d in EDGES],
)
def test_claim_sources(subject: str, obj: str, key: str, data: dict) -> None:
    pubs = GRAPH.graph["publications"]
    for source in data["sources"]:
        where = f"{subject} {data['predicate']} {obj} cites {source['ref']}"
        assert source["statement"].endswith("."), f"{where}: end the statement with a full stop"
        pub = pubs[source["ref"]]
        kind = source_kind(GRAPH, source)
        if pub.type in {"review", "guideline"}:
            assert kind == "review", (
                f"{where}: a {pub.type} gives author statements (ECO:0000304), not {kind} evidence"
            )
        if pub.type == "RCT":
            assert kind in {"rct", "review"}, (
                f"{where}: an RCT's result is RCT evidence (got {kind})"
            )
        if pub.type in {"animal", "in vitro"}:
            assert kind == pub.type, (
                f"{where}: a(n) {pub.type} study gives {pub.type} evidence (got {kind})"
            )


@pytest.mark.parametrize("curie", sorted(GRAPH.graph["publications"]))
def test_publication_is_cited(curie: str) -> None:
    cited = {s["ref"] for *_, d in GRAPH.edges(data=True) for s in d["sources"]}
    assert curie in cited, f"{curie} is in data/sources.yaml but no edge cites it"


def test_diagnostic_thresholds_are_qualifiers() -> None:
    diagnoses = {
        GRAPH.nodes[o]["label"]: d["qualifiers"].get("threshold")
        for s, o, d in GRAPH.edges(data=True)
        if d["predicate"] == "diagnoses" and GRAPH.nodes[s]["label"] == "T-score"
    }
    assert diagnoses["osteoporosis"] == "T-score <= -2.5"
    assert diagnoses["osteopenia"] == "-2.5 < T-score < -1.0"


def test_no_data_file_outside_the_three() -> None:
    assert sorted(p.name for p in Path(DATA).glob("*.yaml")) == sorted(DATA_FILES)

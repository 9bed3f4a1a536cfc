"""Paths and explanations on hand-built graphs whose answers are known."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from itertools import pairwise

import pytest

from bonekg import AmbiguousNodeError, UnknownNodeError, resolve
from bonekg.cli import cli
from bonekg.load import graph_from_records
from bonekg.model import statement_id
from bonekg.paths import EdgeFilter, explain, find_paths
from bonekg.vocabulary import load_vocabulary

VOCAB = load_vocabulary()
REVIEW = next(e.curie for e in VOCAB.evidence.values() if e.kind == "review")
PRIMARY = next(e.curie for e in VOCAB.evidence.values() if e.kind in {"animal", "clinical", "rct"})
HUMAN, MOUSE = "NCBITaxon:9606", "NCBITaxon:10090"
PUB = {
    "PMID:32719657": {
        "title": "Prospect of Stem Cell Therapy and Regenerative Medicine in Osteoporosis.",
        "first_author": "Arjmand B",
        "year": 2020,
        "journal": "Front Endocrinol (Lausanne)",
        "type": "review",
        "pmid": "32719657",
    }
}


def make(claims: Iterable[tuple], labels: dict[str, str] | None = None):
    """Build a graph from (subject, predicate, object[, evidence, species, qualifiers])."""
    nodes: dict[str, dict] = {}
    edges = []
    for claim in claims:
        s, p, o, *rest = claim
        evidence = rest[0] if rest else REVIEW
        species = rest[1] if len(rest) > 1 else HUMAN
        qualifiers = rest[2] if len(rest) > 2 else {}
        for n in (s, o):
            label = (labels or {}).get(n, n.split(":")[1])
            nodes.setdefault(
                n,
                {
                    "label": label,
                    "category": "Signal",
                    "synonyms": [],
                    "description": "",
                    "xrefs": [],
                    "biolink_class": "biolink:Protein",
                },
            )
        edges.append(
            {
                "subject": s,
                "predicate": p,
                "object": o,
                "key": statement_id(s, p, o, qualifiers),
                "sign": VOCAB.predicates[p].sign,
                "qualifiers": qualifiers,
                "sources": [
                    {
                        "ref": "PMID:32719657",
                        "evidence": evidence,
                        "species": species,
                        "statement": f"{s} {p} {o}.",
                    }
                ],
            }
        )
    return graph_from_records(nodes, edges, PUB, VOCAB)


def node_paths(result) -> list[tuple[str, ...]]:
    return [p.nodes for p in result.paths]


def test_shortest_first_and_limit() -> None:
    g = make(
        [
            ("x:a", "increases", "x:b"),
            ("x:b", "increases", "x:c"),
            ("x:a", "increases", "x:c"),
            ("x:c", "increases", "x:d"),
            ("x:b", "increases", "x:d"),
        ]
    )
    result = find_paths(g, "x:a", "x:d")
    assert node_paths(result) == [
        ("x:a", "x:b", "x:d"),
        ("x:a", "x:c", "x:d"),
        ("x:a", "x:b", "x:c", "x:d"),
    ]
    assert [len(p.hops) for p in result.paths] == [2, 2, 3]
    assert node_paths(find_paths(g, "x:a", "x:d", limit=1)) == [("x:a", "x:b", "x:d")]
    assert node_paths(find_paths(g, "x:a", "x:d", max_hops=2)) == [
        ("x:a", "x:b", "x:d"),
        ("x:a", "x:c", "x:d"),
    ]


def test_parallel_claims_are_separate_paths_with_their_qualifiers() -> None:
    g = make(
        [
            ("x:pth", "increases", "x:bone", PRIMARY, HUMAN, {"dosing": "intermittent"}),
            ("x:pth", "decreases", "x:bone", PRIMARY, HUMAN, {"dosing": "continuous"}),
        ]
    )
    result = find_paths(g, "x:pth", "x:bone")
    assert sorted(
        (p.hops[0].predicate, p.hops[0].data["qualifiers"]["dosing"], p.sign) for p in result.paths
    ) == [
        ("decreases", "continuous", -1),
        ("increases", "intermittent", 1),
    ]


def test_filters() -> None:
    g = make(
        [
            ("x:a", "increases", "x:b", REVIEW, HUMAN),
            ("x:b", "increases", "x:z", REVIEW, HUMAN),
            ("x:a", "secretes", "x:c", PRIMARY, MOUSE),
            ("x:c", "increases", "x:z", PRIMARY, MOUSE),
            ("x:a", "increases", "x:d", PRIMARY, "in vitro"),
            ("x:d", "increases", "x:z", PRIMARY, "in vitro"),
        ]
    )
    assert len(find_paths(g, "x:a", "x:z").paths) == 3
    only = EdgeFilter(predicates=frozenset({"increases"}))
    # same length: the in vitro path outranks the review-only one
    assert node_paths(find_paths(g, "x:a", "x:z", edge_filter=only)) == [
        ("x:a", "x:d", "x:z"),
        ("x:a", "x:b", "x:z"),
    ]
    mouse = EdgeFilter(species=frozenset({MOUSE}))
    assert node_paths(find_paths(g, "x:a", "x:z", edge_filter=mouse)) == [("x:a", "x:c", "x:z")]
    primary = EdgeFilter(evidence=frozenset({"primary"}))
    assert node_paths(find_paths(g, "x:a", "x:z", edge_filter=primary)) == [
        ("x:a", "x:c", "x:z"),
        ("x:a", "x:d", "x:z"),
    ]
    in_vitro = EdgeFilter(evidence=frozenset({"in vitro"}))
    assert node_paths(find_paths(g, "x:a", "x:z", edge_filter=in_vitro)) == [("x:a", "x:d", "x:z")]
    assert node_paths(find_paths(g, "x:a", "x:z", exclude=["x:b", "x:c"])) == [
        ("x:a", "x:d", "x:z")
    ]


def test_cycles_are_not_followed_and_self_loops_are_paths_to_self() -> None:
    g = make(
        [
            ("x:a", "increases", "x:b"),
            ("x:b", "increases", "x:a"),
            ("x:b", "increases", "x:c"),
            ("x:a", "increases", "x:a"),
        ]
    )
    assert node_paths(find_paths(g, "x:a", "x:c", max_hops=6)) == [("x:a", "x:b", "x:c")]
    assert node_paths(find_paths(g, "x:a", "x:a")) == [("x:a", "x:a"), ("x:a", "x:b", "x:a")]


def test_no_path() -> None:
    g = make([("x:a", "increases", "x:b"), ("x:c", "increases", "x:a")])
    assert find_paths(g, "x:a", "x:c").paths == []
    far = make([(f"x:n{i}", "increases", f"x:n{i + 1}") for i in range(6)])
    assert find_paths(far, "x:n0", "x:n6", max_hops=4).paths == []
    assert len(find_paths(far, "x:n0", "x:n6", max_hops=6).paths) == 1


def test_explain_signs() -> None:
    g = make(
        [
            ("x:e", "decreases", "x:oc"),
            ("x:oc", "increases", "x:res"),
            ("x:msc", "differentiates_into", "x:ob"),
            ("x:ob", "increases", "x:form"),
        ]
    )
    assert explain(g, "x:e", "x:res").net_effect == "decreases"
    assert explain(g, "x:msc", "x:form").net_effect == "increases"
    assert explain(g, "x:res", "x:e").net_effect == "none"


def test_explain_ignores_non_causal_predicates() -> None:
    g = make([("x:drug", "binds", "x:rankl"), ("x:rankl", "increases", "x:oc")])
    assert find_paths(g, "x:drug", "x:oc").paths[0].sign is None
    assert explain(g, "x:drug", "x:oc").net_effect == "none"


def test_explain_mixed_shows_strongest_of_each_sign_ranked_by_evidence() -> None:
    g = make(
        [
            ("x:a", "increases", "x:b", REVIEW, HUMAN),
            ("x:b", "increases", "x:z", REVIEW, HUMAN),
            ("x:a", "increases", "x:c", PRIMARY, MOUSE),
            ("x:c", "decreases", "x:z", PRIMARY, MOUSE),
            ("x:a", "decreases", "x:d", PRIMARY, HUMAN),
            ("x:d", "decreases", "x:z", PRIMARY, "in vitro"),
        ]
    )
    result = explain(g, "x:a", "x:z")
    assert result.net_effect == "mixed"
    assert result.strongest[-1].nodes == ("x:a", "x:c", "x:z")  # animal beats review
    assert result.strongest[1].nodes == ("x:a", "x:d", "x:z")  # weakest hop in vitro beats review
    assert [p.nodes[1] for p in result.paths] == ["x:c", "x:d", "x:b"]


def _layered(width: int) -> list[tuple]:
    """s -> A_i -> B_j -> C_k -> t, complete between layers, plus a direct s -> t."""
    layers = [
        ["x:s"],
        [f"x:a{i}" for i in range(width)],
        [f"x:b{i}" for i in range(width)],
        [f"x:c{i}" for i in range(width)],
        ["x:t"],
    ]
    claims = [(u, "increases", v) for left, right in pairwise(layers) for u in left for v in right]
    return [*claims, ("x:s", "increases", "x:t")]


def test_hub_search_is_bounded_and_says_so() -> None:
    g = make(_layered(40))  # 64,000 simple paths of 4 hops
    started = time.perf_counter()
    first = find_paths(g, "x:s", "x:t", limit=10)
    assert time.perf_counter() - started < 1.0
    assert first.paths[0].nodes == ("x:s", "x:t") and len(first.paths) == 10 and not first.truncated
    cut = find_paths(g, "x:s", "x:t", limit=10**9, timeout=0.05)
    assert cut.truncated
    assert 1 < len(cut.paths) < 64_001
    assert cut.elapsed < 1.0


def test_unreachable_target_behind_hubs_is_pruned_fast() -> None:
    # Through the hubs, s -> a -> b -> c -> t -> far1 -> far2 takes 6 hops over 64,000 paths;
    # within 5 hops only the direct s -> t route fits, and the distance bound proves it
    # without walking the hub paths.
    g = make([*_layered(40), ("x:t", "increases", "x:far1"), ("x:far1", "increases", "x:far2")])
    started = time.perf_counter()
    result = find_paths(g, "x:s", "x:far2", max_hops=5, limit=10**9, timeout=None)
    assert time.perf_counter() - started < 0.5
    assert node_paths(result) == [("x:s", "x:t", "x:far1", "x:far2")] and not result.truncated
    assert [len(p.hops) for p in find_paths(g, "x:s", "x:far2", max_hops=6, limit=3).paths] == [
        3,
        6,
        6,
    ]


# --- names and the command line -------------------------------------------------------

LABELS = {
    "x:e": "estrogen",
    "x:oc": "osteoclast",
    "x:res": "bone resorption",
    "x:pth": "parathyroid hormone",
    "x:bone": "bone formation",
}


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    g = make(
        [
            ("x:e", "decreases", "x:oc"),
            ("x:oc", "increases", "x:res"),
            ("x:pth", "increases", "x:bone", PRIMARY, HUMAN, {"dosing": "intermittent"}),
            ("x:pth", "decreases", "x:bone", PRIMARY, MOUSE, {"dosing": "continuous"}),
        ],
        LABELS,
    )
    g.nodes["x:oc"]["synonyms"] = ["OC"]
    from bonekg import cli as cli_module

    monkeypatch.setattr(cli_module, "get_graph", lambda data_dir: g)
    return g


def test_names_resolve(tiny) -> None:
    assert resolve(tiny, "Estrogen") == "x:e"
    with pytest.raises(UnknownNodeError, match="did you mean x:e estrogen"):
        resolve(tiny, "estrogn")
    tiny.nodes["x:res"]["synonyms"] = ["estrogen"]
    tiny.nodes["x:bone"]["label"] = "estrogen"
    tiny.graph.pop("names")
    with pytest.raises(AmbiguousNodeError, match="candidates are x:bone estrogen, x:e estrogen"):
        resolve(tiny, "estrogen")


def test_cli_path_text(tiny, runner) -> None:
    result = runner.invoke(cli, ["path", "estrogen", "bone resorption"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "1 path from estrogen (x:e) to bone resorption (x:res), shortest first\n"
        "\n"
        "path 1 (2 hops, sign -):\n"
        "  estrogen (x:e) -decreases(-)-> osteoclast (x:oc)\n"
        "      PMID:32719657 Arjmand B 2020 (review, human): x:e decreases x:oc.\n"
        "  osteoclast (x:oc) -increases(+)-> bone resorption (x:res)\n"
        "      PMID:32719657 Arjmand B 2020 (review, human): x:oc increases x:res.\n"
    )


def test_cli_path_json_shape(tiny, runner) -> None:
    out = json.loads(runner.invoke(cli, ["path", "x:e", "x:res", "--format", "json"]).output)
    assert set(out) == {"source", "target", "paths", "truncated"}
    assert out["paths"][0]["nodes"] == ["x:e", "x:oc", "x:res"]
    assert out["paths"][0]["sign"] == -1
    assert out["paths"][0]["edges"][0]["sources"][0]["ref"] == "PMID:32719657"


def test_cli_explain_mixed_shows_qualifiers(tiny, runner) -> None:
    result = runner.invoke(cli, ["explain", "parathyroid hormone", "bone formation"])
    assert result.exit_code == 0
    assert "parathyroid hormone -> bone formation: mixed" in result.output
    assert "strongest path that increases:" in result.output
    assert "-increases(+)-> bone formation (x:bone) [dosing: intermittent]" in result.output
    assert "-decreases(-)-> bone formation (x:bone) [dosing: continuous]" in result.output
    out = json.loads(runner.invoke(cli, ["explain", "x:pth", "x:bone", "--format", "json"]).output)
    assert out["net_effect"] == "mixed" and set(out["strongest"]) == {"increases", "decreases"}


def test_cli_errors(tiny, runner) -> None:
    none = runner.invoke(cli, ["path", "bone resorption", "estrogen"])
    assert none.exit_code == 1
    assert (
        none.output
        == "Error: no path from bone resorption (x:res) to estrogen (x:e) within 4 hops\n"
    )
    typo = runner.invoke(cli, ["path", "estrogn", "osteoclast"])
    assert typo.exit_code == 1 and "did you mean x:e estrogen" in typo.output
    assert runner.invoke(cli, ["path", "x:e", "x:oc", "--max-hops", "0"]).exit_code == 2
    assert runner.invoke(cli, ["path", "x:e", "x:oc", "--predicate", "cures"]).exit_code == 2
    assert runner.invoke(cli, ["path", "x:e", "x:oc", "--species", "dog"]).exit_code == 2
    explained = runner.invoke(cli, ["explain", "bone resorption", "estrogen"])
    assert explained.exit_code == 1 and "none" in explained.output


def test_cli_species_and_evidence_filters(tiny, runner) -> None:
    out = json.loads(
        runner.invoke(
            cli, ["explain", "x:pth", "x:bone", "--species", "mouse", "--format", "json"]
        ).output
    )
    assert out["net_effect"] == "decreases"
    out = json.loads(
        runner.invoke(
            cli,
            [
                "explain",
                "x:pth",
                "x:bone",
                "--species",
                "human",
                "--evidence",
                "primary",
                "--format",
                "json",
            ],
        ).output
    )
    assert out["net_effect"] == "increases"


def test_cli_path_view_writes_the_page_with_the_path(tiny, runner, tmp_path) -> None:
    target = tmp_path / "path.html"
    result = runner.invoke(cli, ["path", "estrogen", "bone resorption", "--view", str(target)])
    assert result.exit_code == 0, result.output
    block = re.search(
        r'<script type="application/json" id="bonekg-data">(.*?)</script>', target.read_text(), re.S
    )
    assert block is not None
    assert json.loads(block.group(1))["highlight"]["nodes"] == ["x:e", "x:oc", "x:res"]

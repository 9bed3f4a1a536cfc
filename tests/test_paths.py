"""Paths and explanations on hand-built graphs whose answers are known."""

from __future__ import annotations

import json
import re
import time
from itertools import pairwise

import pytest

from bonekg import (
    AmbiguousNodeError,
    NoPathError,
    PathQuery,
    Publication,
    UnknownNodeError,
    explain,
    find_paths,
)
from bonekg.cli import cli
from bonekg.names import build_index
from bonekg.paths import EdgeFilter, read_lack

from .helpers import HUMAN, MOUSE, PRIMARY, PUBLICATIONS, REVIEW, claim, make_graph, source

#: A randomised trial, for sources of the strongest kind (human RCT).
TRIAL = "PMID:90000001"
WITH_TRIAL = {
    **PUBLICATIONS,
    TRIAL: Publication(
        TRIAL, "A trial.", 2001, "Test Journal", "RCT", first_author="Trial T", pmid="90000001"
    ),
}


def paths(g, source: str, target: str, **bounds):
    """find_paths from *source* to *target* with the given PathQuery fields."""
    return find_paths(g, PathQuery(source, target, **bounds))


def explanation(g, source: str, target: str, **bounds):
    return explain(g, PathQuery(source, target, **bounds))


def node_paths(result) -> list[tuple[str, ...]]:
    return [p.nodes for p in result.paths]


def test_shortest_first_and_limit() -> None:
    g = make_graph(
        [
            ("x:a", "increases", "x:b"),
            ("x:b", "increases", "x:c"),
            ("x:a", "increases", "x:c"),
            ("x:c", "increases", "x:d"),
            ("x:b", "increases", "x:d"),
        ]
    )
    result = paths(g, "x:a", "x:d")
    assert node_paths(result) == [
        ("x:a", "x:b", "x:d"),
        ("x:a", "x:c", "x:d"),
        ("x:a", "x:b", "x:c", "x:d"),
    ]
    assert [len(p.hops) for p in result.paths] == [2, 2, 3]
    assert node_paths(paths(g, "x:a", "x:d", limit=1)) == [("x:a", "x:b", "x:d")]
    assert node_paths(paths(g, "x:a", "x:d", max_hops=2)) == [
        ("x:a", "x:b", "x:d"),
        ("x:a", "x:c", "x:d"),
    ]


def test_parallel_claims_are_separate_paths_with_their_qualifiers() -> None:
    g = make_graph(
        [
            ("x:pth", "increases", "x:bone", PRIMARY, HUMAN, {"dosing": "intermittent"}),
            ("x:pth", "decreases", "x:bone", PRIMARY, HUMAN, {"dosing": "continuous"}),
        ]
    )
    result = paths(g, "x:pth", "x:bone")
    assert sorted(
        (p.hops[0].predicate, p.hops[0].data["qualifiers"]["dosing"], p.sign) for p in result.paths
    ) == [
        ("decreases", "continuous", -1),
        ("increases", "intermittent", 1),
    ]


def test_filters() -> None:
    g = make_graph(
        [
            ("x:a", "increases", "x:b", REVIEW, HUMAN),
            ("x:b", "increases", "x:z", REVIEW, HUMAN),
            ("x:a", "secretes", "x:c", PRIMARY, MOUSE),
            ("x:c", "increases", "x:z", PRIMARY, MOUSE),
            ("x:a", "increases", "x:d", PRIMARY, "in vitro"),
            ("x:d", "increases", "x:z", PRIMARY, "in vitro"),
        ]
    )
    assert len(paths(g, "x:a", "x:z").paths) == 3
    only = EdgeFilter(predicates=frozenset({"increases"}))
    # same length: the in vitro path outranks the review-only one
    assert node_paths(paths(g, "x:a", "x:z", edge_filter=only)) == [
        ("x:a", "x:d", "x:z"),
        ("x:a", "x:b", "x:z"),
    ]
    mouse = EdgeFilter(species=frozenset({MOUSE}))
    assert node_paths(paths(g, "x:a", "x:z", edge_filter=mouse)) == [("x:a", "x:c", "x:z")]
    primary = EdgeFilter(evidence=frozenset({"primary"}))
    assert node_paths(paths(g, "x:a", "x:z", edge_filter=primary)) == [
        ("x:a", "x:c", "x:z"),
        ("x:a", "x:d", "x:z"),
    ]
    in_vitro = EdgeFilter(evidence=frozenset({"in vitro"}))
    assert node_paths(paths(g, "x:a", "x:z", edge_filter=in_vitro)) == [("x:a", "x:d", "x:z")]
    assert node_paths(paths(g, "x:a", "x:z", exclude=frozenset({"x:b", "x:c"}))) == [
        ("x:a", "x:d", "x:z")
    ]


def test_cycles_are_not_followed_and_self_loops_are_paths_to_self() -> None:
    g = make_graph(
        [
            ("x:a", "increases", "x:b"),
            ("x:b", "increases", "x:a"),
            ("x:b", "increases", "x:c"),
            ("x:a", "increases", "x:a"),
        ]
    )
    assert node_paths(paths(g, "x:a", "x:c", max_hops=6)) == [("x:a", "x:b", "x:c")]
    assert node_paths(paths(g, "x:a", "x:a")) == [("x:a", "x:a"), ("x:a", "x:b", "x:a")]


def test_no_path() -> None:
    g = make_graph([("x:a", "increases", "x:b"), ("x:c", "increases", "x:a")])
    assert paths(g, "x:a", "x:c").paths == []
    far = make_graph([(f"x:n{i}", "increases", f"x:n{i + 1}") for i in range(6)])
    assert paths(far, "x:n0", "x:n6", max_hops=4).paths == []
    assert len(paths(far, "x:n0", "x:n6", max_hops=6).paths) == 1


def test_explain_signs() -> None:
    g = make_graph(
        [
            ("x:e", "decreases", "x:oc"),
            ("x:oc", "increases", "x:res"),
            ("x:msc", "differentiates_into", "x:ob"),
            ("x:ob", "increases", "x:form"),
        ]
    )
    assert explanation(g, "x:e", "x:res").net_effect == "decreases"
    assert explanation(g, "x:msc", "x:form").net_effect == "increases"
    assert explanation(g, "x:res", "x:e").net_effect == "none"


def test_explain_ignores_non_causal_predicates() -> None:
    g = make_graph([("x:drug", "binds", "x:rankl"), ("x:rankl", "increases", "x:oc")])
    assert paths(g, "x:drug", "x:oc").paths[0].sign is None
    assert explanation(g, "x:drug", "x:oc").net_effect == "none"


def test_explain_mixed_shows_strongest_of_each_sign_ranked_by_evidence() -> None:
    g = make_graph(
        [
            ("x:a", "increases", "x:b", REVIEW, HUMAN),
            ("x:b", "increases", "x:z", REVIEW, HUMAN),
            ("x:a", "increases", "x:c", PRIMARY, MOUSE),
            ("x:c", "decreases", "x:z", PRIMARY, MOUSE),
            ("x:a", "decreases", "x:d", PRIMARY, HUMAN),
            ("x:d", "decreases", "x:z", PRIMARY, "in vitro"),
        ]
    )
    result = explanation(g, "x:a", "x:z")
    # The better supported sign wins; the other stays, shown as a conflict.
    assert result.net_effect == "decreases"
    assert result.strongest[-1].nodes == ("x:a", "x:c", "x:z")  # animal beats review
    assert result.strongest[1].nodes == ("x:a", "x:d", "x:z")  # weakest hop in vitro beats review
    assert [p.nodes[1] for p in result.paths] == ["x:c", "x:d", "x:b"]


def test_explain_is_mixed_only_when_both_signs_are_equally_supported() -> None:
    tie = make_graph(
        [
            ("x:a", "increases", "x:b", PRIMARY, MOUSE),
            ("x:b", "increases", "x:z", PRIMARY, MOUSE),
            ("x:a", "increases", "x:c", PRIMARY, MOUSE),
            ("x:c", "decreases", "x:z", PRIMARY, MOUSE),
        ]
    )
    assert explanation(tie, "x:a", "x:z").net_effect == "mixed"
    shorter = make_graph(
        [
            ("x:a", "increases", "x:z", PRIMARY, MOUSE),
            ("x:a", "increases", "x:c", PRIMARY, MOUSE),
            ("x:c", "decreases", "x:z", PRIMARY, MOUSE),
        ]
    )
    result = explanation(shorter, "x:a", "x:z")
    assert result.net_effect == "increases" and set(result.strongest) == {1, -1}


def test_explain_reads_a_lack_of_x_as_x_with_the_sign_turned() -> None:
    g = make_graph(
        [
            ("x:e", "decreases", "x:rankl", PRIMARY, MOUSE),
            ("x:rankl", "increases", "x:res", PRIMARY, MOUSE),
        ],
        labels={"x:e": "estrogen", "x:rankl": "RANKL", "x:res": "bone resorption"},
    )
    node, lack = read_lack(g, "estrogen deficiency")
    assert (node, lack) == (None, "x:e")
    assert read_lack(g, "loss of RANKL") == (None, "x:rankl")
    assert read_lack(g, "RANKL knockout") == (None, "x:rankl")
    assert read_lack(g, "estrogen") == ("x:e", None)
    plain = explanation(g, "x:e", "x:res")
    turned = explain(g, PathQuery("x:e", "x:res"), lack_of="x:e")
    assert plain.net_effect == "decreases" and turned.net_effect == "increases"
    assert all(p.inverted for p in turned.paths) and turned.lack_of == "x:e"
    with pytest.raises(UnknownNodeError):
        read_lack(g, "loss of calcium")


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
    g = make_graph(_layered(40))  # 64,000 simple paths of 4 hops
    # One path of 1 hop is fewer than the limit, so every path of 4 hops is ranked before
    # the cut: seconds of work, which the timeout bounds, and says so.
    started = time.perf_counter()
    first = paths(g, "x:s", "x:t", limit=10, timeout=0.2)
    assert time.perf_counter() - started < 1.0
    assert first.paths[0].nodes == ("x:s", "x:t") and len(first.paths) == 10 and first.truncated
    cut = paths(g, "x:s", "x:t", limit=10**9, timeout=0.05)
    assert cut.truncated
    assert 1 < len(cut.paths) < 64_001
    assert cut.elapsed < 1.0


def test_unreachable_target_behind_hubs_is_pruned_fast() -> None:
    # Through the hubs, s -> a -> b -> c -> t -> far1 -> far2 takes 6 hops over 64,000 paths;
    # within 5 hops only the direct s -> t route fits, and the distance bound proves it
    # without walking the hub paths.
    g = make_graph(
        [*_layered(40), ("x:t", "increases", "x:far1"), ("x:far1", "increases", "x:far2")]
    )
    started = time.perf_counter()
    result = paths(g, "x:s", "x:far2", max_hops=5, limit=10**9, timeout=None)
    assert time.perf_counter() - started < 0.5
    assert node_paths(result) == [("x:s", "x:t", "x:far1", "x:far2")] and not result.truncated
    assert [len(p.hops) for p in paths(g, "x:s", "x:far2", max_hops=6, limit=3).paths] == [
        3,
        6,
        6,
    ]


def test_a_target_that_nothing_reaches_returns_at_once() -> None:
    # x:island reaches x:lonely, x:s does not: the backward search runs out of nodes, so
    # no 4-hop route through the 64,000 hub paths is tried, and no timeout is needed.
    g = make_graph([*_layered(40), ("x:island", "increases", "x:lonely")])
    started = time.perf_counter()
    result = paths(g, "x:s", "x:lonely", limit=10**9, timeout=None)
    assert time.perf_counter() - started < 0.1
    assert result.paths == [] and not result.truncated
    assert explanation(g, "x:s", "x:lonely", timeout=None).net_effect == "none"


def test_a_wide_backward_frontier_does_not_hide_paths(monkeypatch) -> None:
    # The backward search stops growing when its frontier gets expensive; the nodes it
    # has not reached may still reach the target, so the forward search must still run.
    monkeypatch.setattr("bonekg.paths._FRONTIER_BUDGET", 1)
    g = make_graph(
        [
            ("x:s", "increases", "x:a"),
            ("x:a", "increases", "x:b"),
            ("x:other", "increases", "x:b"),
            ("x:b", "increases", "x:t"),
        ]
    )
    assert node_paths(paths(g, "x:s", "x:t")) == [("x:s", "x:a", "x:b", "x:t")]
    assert explanation(g, "x:s", "x:t").net_effect == "increases"


def test_top_path_does_not_depend_on_the_limit() -> None:
    weak = [
        ("x:a", "increases", "x:w", REVIEW, HUMAN),
        ("x:w", "increases", "x:z", PRIMARY, "in vitro"),
    ]
    trial = [source(TRIAL, PRIMARY, HUMAN, "A trial says so.")]
    strong = [
        claim("x:a", "increases", "x:s", sources=trial),
        claim("x:s", "increases", "x:z", sources=trial),
    ]
    g = make_graph([*weak, *strong], pubs=WITH_TRIAL)
    # The depth-first search meets the review-only path first.
    assert list(g.nx.successors("x:a")) == ["x:w", "x:s"]
    best = ("x:a", "x:s", "x:z")
    assert node_paths(paths(g, "x:a", "x:z", limit=10)) == [best, ("x:a", "x:w", "x:z")]
    assert node_paths(paths(g, "x:a", "x:z", limit=1)) == [best]
    for limit in (1, 10):
        assert explanation(g, "x:a", "x:z", limit=limit).paths[0].nodes == best
    # explain ranks every causal path within max_hops by evidence, whatever its length:
    # the trial-backed path of 3 hops beats a 1-hop claim backed by a review.
    longer = [
        claim("x:a", "increases", "x:m", sources=trial),
        claim("x:m", "increases", "x:n", sources=trial),
        claim("x:n", "increases", "x:z", sources=trial),
    ]
    g = make_graph([("x:a", "increases", "x:z", REVIEW, HUMAN), *longer], pubs=WITH_TRIAL)
    for limit in (1, 10):
        result = explanation(g, "x:a", "x:z", limit=limit)
        assert result.paths[0].nodes == ("x:a", "x:m", "x:n", "x:z")
        assert result.net_effect == "increases"
    assert [p.nodes for p in paths(g, "x:a", "x:z", limit=1).paths] == [("x:a", "x:z")]


def test_bounds_and_exclusions_are_checked() -> None:
    g = make_graph([("x:a", "increases", "x:b")])
    for bounds in ({"max_hops": 0}, {"limit": 0}):
        with pytest.raises(NoPathError, match=r"^max_hops and limit must be at least 1$"):
            paths(g, "x:a", "x:b", **bounds)
    with pytest.raises(NoPathError, match=r"^the source or the target is excluded$"):
        explanation(g, "x:a", "x:b", exclude=frozenset({"x:b"}))


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
    g = make_graph(
        [
            ("x:e", "decreases", "x:oc"),
            ("x:oc", "increases", "x:res"),
            ("x:pth", "increases", "x:bone", PRIMARY, HUMAN, {"dosing": "intermittent"}),
            ("x:pth", "decreases", "x:bone", PRIMARY, MOUSE, {"dosing": "continuous"}),
        ],
        LABELS,
    )
    g.node("x:oc")["synonyms"] = ["OC"]
    g.names = build_index(g.nodes())
    from bonekg import cli as cli_module

    monkeypatch.setattr(cli_module, "get_graph", lambda data_dir: g)
    return g


def test_names_resolve(tiny) -> None:
    assert tiny.resolve("Estrogen") == "x:e"
    assert tiny.resolve("oc") == "x:oc"
    with pytest.raises(UnknownNodeError, match="did you mean x:e estrogen"):
        tiny.resolve("estrogn")
    tiny.node("x:res")["synonyms"] = ["estrogen"]
    tiny.node("x:bone")["label"] = "estrogen"
    tiny.names = build_index(tiny.nodes())
    with pytest.raises(AmbiguousNodeError, match="candidates are x:bone estrogen, x:e estrogen"):
        tiny.resolve("estrogen")


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
    out = json.loads(runner.invoke(cli, ["explain", "x:pth", "x:bone", "--format", "json"]).output)
    verdict = out["net_effect"]
    assert verdict in {"increases", "decreases", "mixed"}
    assert out["conflict"] is True and set(out["strongest"]) == {"increases", "decreases"}
    head = (
        "parathyroid hormone -> bone formation: mixed"
        if verdict == "mixed"
        else f"parathyroid hormone {verdict} bone formation"
    )
    assert result.output.startswith(head + "\n")
    if verdict != "mixed":
        assert (
            "conflict: a less supported path has the opposite sign (shown below)" in result.output
        )
    assert "strongest path that increases:" in result.output
    assert "strongest path that decreases:" in result.output
    assert "-increases(+)-> bone formation (x:bone) [dosing: intermittent]" in result.output
    assert "-decreases(-)-> bone formation (x:bone) [dosing: continuous]" in result.output


def test_cli_errors(tiny, runner) -> None:
    none = runner.invoke(cli, ["path", "bone resorption", "estrogen"])
    assert none.exit_code == 1 and none.stdout == ""
    assert (
        none.stderr
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

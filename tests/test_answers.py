"""The answers a bone biologist asks the bundled graph for, pinned: net effect and mechanism.

For every approved drug, `explain` gives the net effect on bone resorption or formation and
on fracture, each hop cited; the mechanism path through the drug's target is among the
paths; a lack of estrogen reads as estrogen with the sign turned.
"""

from __future__ import annotations

import pytest

import bonekg
from bonekg.paths import PathQuery, explain, read_lack

KG = bonekg.load()
VERTEBRAL = "HP:0002953"

#: drug, process, expected effect on it, the target a mechanism path passes through
#: (bisphosphonates reach FDPS through their class: drug -is_a-> class -inhibits-> FDPS ->
#: prenylation -> osteoclast activity -> resorption, five hops)
DRUGS = [
    ("alendronate", "bone resorption", "decreases", "HGNC:3631"),  # FDPS
    ("risedronate", "bone resorption", "decreases", "HGNC:3631"),
    ("ibandronate", "bone resorption", "decreases", "HGNC:3631"),
    ("zoledronic acid", "bone resorption", "decreases", "HGNC:3631"),
    ("raloxifene", "bone resorption", "decreases", None),
    ("bazedoxifene", "bone resorption", "decreases", None),
    ("hormone replacement therapy", "bone resorption", "decreases", None),
    ("denosumab", "bone resorption", "decreases", "HGNC:11926"),  # RANKL
    ("calcitonin", "bone resorption", "decreases", None),
    ("romosozumab", "bone resorption", "decreases", None),
    ("romosozumab", "bone formation", "increases", "HGNC:13771"),  # sclerostin
    ("teriparatide", "bone formation", "increases", "HGNC:9608"),  # PTH1R
    ("abaloparatide", "bone formation", "increases", "HGNC:9608"),
]


def _explain(a: str, b: str, **bounds: object) -> bonekg.paths.Explanation:
    node, lack = read_lack(KG, a)
    query = PathQuery(node or lack or a, KG.resolve(b), limit=200, timeout=10.0, **bounds)
    return explain(KG, query, lack_of=lack)


def _cited(result: bonekg.paths.Explanation) -> None:
    for path in result.paths:
        for hop in path.hops:
            assert hop.sources, hop
            assert all(s["ref"] in KG.publications for s in hop.sources)


@pytest.mark.parametrize(("drug", "process", "effect", "target"), DRUGS)
def test_drug_effect_on_bone_turnover(
    drug: str, process: str, effect: str, target: str | None
) -> None:
    result = _explain(drug, process, max_hops=5)
    assert result.net_effect == effect, f"{drug} -> {process}"
    _cited(result)
    if target is not None:
        through = [p for p in result.paths if target in p.nodes]
        assert through, f"{drug}: no mechanism path through its target {KG.display(target)}"
        assert through[0].sign == (1 if effect == "increases" else -1)


#: The fracture outcome of each drug's landmark trial (WHI reported any osteoporotic fracture).
FRACTURE = {d: VERTEBRAL for d, *_ in DRUGS} | {"hormone replacement therapy": "MESH:D058866"}


@pytest.mark.parametrize(("drug", "fracture"), sorted(FRACTURE.items()))
def test_drug_prevents_fracture(drug: str, fracture: str) -> None:
    result = _explain(drug, fracture)
    assert result.net_effect == "decreases"
    _cited(result)
    # The outcome rests on a human trial of the drug itself, or of its class.
    trials = [
        p
        for p in result.paths
        if p.hops[-1].predicate == "prevents"
        and any(KG.source_kind(s) == "rct" for s in p.hops[-1].sources)
        and len(p.hops) <= 2
    ]
    assert trials, f"{drug}: no trial says it prevents vertebral fractures"


@pytest.mark.parametrize(
    ("name", "target", "effect"),
    [
        ("estrogen deficiency", "bone resorption", "increases"),
        ("estrogen deficiency", VERTEBRAL, "increases"),
        ("estrogen deficiency", "hip fracture", "increases"),
        ("loss of estrogen", "bone resorption", "increases"),
        ("estrogen", "bone resorption", "decreases"),
        ("menopause", "bone resorption", "increases"),
        ("sclerostin", "bone formation", "decreases"),
        ("RUNX2", "osteoblast differentiation", "increases"),
        ("RANKL", "osteoclast differentiation", "increases"),
        ("OPG", "bone resorption", "decreases"),
        ("vitamin D deficiency", "hip fracture", "increases"),
    ],
)
def test_mechanism_questions(name: str, target: str, effect: str) -> None:
    result = _explain(name, target)
    assert result.net_effect == effect
    _cited(result)


def test_estrogen_deficiency_says_it_reads_a_lack_of_estrogen() -> None:
    result = _explain("estrogen deficiency", "bone resorption")
    assert result.lack_of == "CHEBI:50114"
    assert any(p.inverted for p in result.paths)

from __future__ import annotations

from pathlib import Path

import pytest

from bonekg import AmbiguousNodeError, UnknownNodeError, load
from bonekg.names import build_index, resolve, search


@pytest.fixture
def mini(minimal_dir: Path):
    return load(minimal_dir)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CL:0000134", "CL:0000134"),
        ("cl:0000134", "CL:0000134"),
        ("mesenchymal stem cell", "CL:0000134"),
        ("Mesenchymal Stem Cell", "CL:0000134"),
        ("MSC", "CL:0000134"),
        ("msc", "CL:0000134"),
        ("  osteoblast ", "CL:0000062"),
        ("bone formation", "GO:0001503"),
    ],
)
def test_resolve(mini, name: str, expected: str) -> None:
    assert resolve(mini, name) == expected


def test_unknown_name_suggests(mini) -> None:
    with pytest.raises(
        UnknownNodeError, match=r"unknown node 'osteoblst' \(did you mean CL:0000062 osteoblast\?\)"
    ) as info:
        resolve(mini, "osteoblst")
    assert info.value.suggestions == ["CL:0000062 osteoblast"]
    assert isinstance(info.value, KeyError)


def test_unknown_name_without_suggestion(mini) -> None:
    with pytest.raises(UnknownNodeError, match=r"^unknown node 'zzzz'$"):
        resolve(mini, "zzzz")


def test_label_beats_synonym_and_ties_are_ambiguous(mini) -> None:
    mini.node("GO:0001503")["synonyms"] = ["osteoblast"]
    mini.names = build_index(mini.nodes())
    assert resolve(mini, "osteoblast") == "CL:0000062"
    mini.node("MONDO:0005298")["synonyms"] = ["MSC"]
    mini.names = build_index(mini.nodes())
    with pytest.raises(
        AmbiguousNodeError,
        match="candidates are CL:0000134 mesenchymal stem cell, MONDO:0005298 osteoporosis",
    ):
        resolve(mini, "msc")


def test_search_orders_exact_prefix_contains(mini) -> None:
    assert search(mini, "osteo") == ["CL:0000062", "MONDO:0005298"]
    assert search(mini, "MSC") == ["CL:0000134", "bonekg:msc-therapy"]
    assert search(mini, "") == []


def test_the_graph_resolves_and_searches_through_its_index(mini) -> None:
    assert mini.resolve("msc") == resolve(mini, "msc") == "CL:0000134"
    assert mini.search("osteo") == search(mini, "osteo")
    assert mini.names == build_index(mini.nodes())

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bonekg
from bonekg.load import cache_dir, load
from bonekg.model import edges, get_node, publications, statement_id


def test_load_minimal(minimal_dir: Path) -> None:
    graph = load(minimal_dir)
    assert graph.number_of_nodes() == 5
    assert graph.number_of_edges() == 3
    node = get_node(graph, "CL:0000134")
    assert node.label == "mesenchymal stem cell"
    assert node.synonyms == ("MSC",)
    assert node.biolink_class == "biolink:Cell"
    claims = list(edges(graph))
    assert [(e.subject, e.predicate, e.object) for e in claims] == [
        ("CL:0000062", "increases", "GO:0001503"),
        ("CL:0000134", "differentiates_into", "CL:0000062"),
        ("bonekg:msc-therapy", "treats", "MONDO:0005298"),
    ]
    assert claims[0].sign == 1 and claims[1].sign is None
    assert claims[0].key == statement_id("CL:0000062", "increases", "GO:0001503", {})
    assert claims[0].sources[0].ref == "PMID:32719657"
    assert publications(graph)["PMID:32719657"].short() == "Arjmand B 2020"


def test_statement_id_is_stable_and_qualifier_order_free() -> None:
    a = statement_id("A:1", "increases", "B:2", {"dosing": "intermittent", "condition": "aging"})
    b = statement_id("A:1", "increases", "B:2", {"condition": "aging", "dosing": "intermittent"})
    assert (
        a
        == b
        == statement_id(
            "A:1",
            "increases",
            "B:2",
            dict(sorted({"dosing": "intermittent", "condition": "aging"}.items())),
        )
    )
    assert a != statement_id(
        "A:1", "increases", "B:2", {"dosing": "continuous", "condition": "aging"}
    )


def test_cache_serves_unchanged_data_and_misses_on_any_change(
    minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", str(tmp_path / "cache"))
    first = load(minimal_dir)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    again = load(minimal_dir)
    assert again.nodes["CL:0000062"]["label"] == "osteoblast"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    nodes = minimal_dir / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("label: osteoblast", "label: bone-forming cell"))
    changed = load(minimal_dir)
    assert changed.nodes["CL:0000062"]["label"] == "bone-forming cell"
    assert first.nodes["CL:0000062"]["label"] == "osteoblast"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2


def test_cache_never_hides_an_error(minimal_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", str(tmp_path / "cache"))
    load(minimal_dir)
    edges_file = minimal_dir / "edges.yaml"
    edges_file.write_text(edges_file.read_text().replace("predicate: treats", "predicate: cures"))
    with pytest.raises(
        bonekg.DataError, match=r"edges.yaml:18: predicate: unknown predicate 'cures'"
    ):
        load(minimal_dir)


def test_corrupt_cache_entry_is_rebuilt(minimal_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", str(tmp_path / "cache"))
    load(minimal_dir)
    (entry,) = (tmp_path / "cache").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load(minimal_dir).number_of_edges() == 3


def test_cache_can_be_turned_off(monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("BONEKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/bonekg")


def test_read_only_cache_dir_costs_only_speed(
    minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BONEKG_CACHE_DIR", os.fspath(blocker / "cache"))
    assert load(minimal_dir).number_of_nodes() == 5


def test_bundled_data_loads(graph) -> None:
    assert graph.number_of_nodes() >= 40
    assert graph.number_of_edges() >= 60

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bonekg
from bonekg.load import cache_dir, code_files, load
from bonekg.model import statement_id

from .conftest import MINIMAL


def test_load_minimal(minimal_dir: Path) -> None:
    graph = load(minimal_dir)
    assert isinstance(graph, bonekg.KnowledgeGraph)
    assert len(graph) == 5 and graph.number_of_claims == 3
    assert "CL:0000134" in graph and "CL:9999999" not in graph
    node = graph.node("CL:0000134")
    assert node["label"] == "mesenchymal stem cell"
    assert node["synonyms"] == ["MSC"]
    assert node["biolink_class"] == "biolink:Cell"
    assert graph.display("CL:0000134") == "mesenchymal stem cell (CL:0000134)"
    with pytest.raises(bonekg.UnknownNodeError, match="CL:9999999"):
        graph.node("CL:9999999")
    assert [n for n, _ in graph.nodes()] == sorted(graph.nx.nodes)
    claims = list(graph.claims())
    assert [(e.subject, e.predicate, e.object) for e in claims] == [
        ("CL:0000062", "increases", "GO:0001503"),
        ("CL:0000134", "differentiates_into", "CL:0000062"),
        ("bonekg:msc-therapy", "treats", "MONDO:0005298"),
    ]
    assert claims[0].sign == 1 and claims[1].sign is None
    assert claims[0].key == statement_id("CL:0000062", "increases", "GO:0001503", {})
    assert claims[0].sources[0]["ref"] == "PMID:32719657"
    assert graph.publications["PMID:32719657"].short() == "Arjmand B 2020"
    assert graph.source_kind(claims[0].sources[0]) == "review"


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
    assert again.label("CL:0000062") == "osteoblast"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    nodes = minimal_dir / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("label: osteoblast", "label: bone-forming cell"))
    changed = load(minimal_dir)
    assert changed.label("CL:0000062") == "bone-forming cell"
    assert first.label("CL:0000062") == "osteoblast"
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
    assert load(minimal_dir).number_of_claims == 3


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
    assert len(load(minimal_dir)) == 5


def test_bundled_data_loads(graph) -> None:
    assert len(graph) >= 40
    assert graph.number_of_claims >= 60


def test_cache_key_covers_every_module_the_load_path_imports() -> None:
    # A fresh process, no cache: load() reads, validates and builds, importing every
    # module a cached pickle may depend on.
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import bonekg\n"
        "from bonekg.load import load\n"
        f"load({os.fspath(MINIMAL)!r})\n"
        "root = Path(bonekg.__file__).parent\n"
        "print(json.dumps({n: Path(m.__file__).relative_to(root).as_posix()\n"
        "    for n, m in sorted(sys.modules.items())\n"
        "    if n.split('.')[0] == 'bonekg' and getattr(m, '__file__', None)}))\n"
    )
    env = {**os.environ, "BONEKG_CACHE_DIR": "off"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    imported = json.loads(out.stdout)
    assert {"bonekg.kg", "bonekg.readers.yaml", "bonekg.vocabulary"} <= set(imported)
    covered = set(code_files())
    missing = {name: file for name, file in imported.items() if file not in covered}
    assert missing == {}, f"the cache key misses modules of the load path: {missing}"


def test_cached_warnings_name_the_folder_they_were_read_from(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(MINIMAL, first)
    shutil.copytree(MINIMAL, second)
    # The same bytes: the second load may come from the cache, but not with a's names.
    assert [w.file for w in load(first).warnings] == [str(first / "nodes.yaml")]
    assert [w.file for w in load(second).warnings] == [str(second / "nodes.yaml")]

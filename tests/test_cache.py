from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from bonekg.cache import CacheWarning, read_entry, write_entry
from bonekg.cli import cli
from bonekg.kg import KnowledgeGraph
from bonekg.load import load


class _Planted:
    """What an attacker puts in a shared cache: unpickling it creates *marker*."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (os.fspath(self.marker),))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("BONEKG_CACHE_DIR", os.fspath(where))
    return where


def _entry(cache: Path) -> Path:
    (entry,) = cache.glob("*.pickle")
    return entry


def test_folder_is_created_private(cache: Path, minimal_dir: Path) -> None:
    load(minimal_dir)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(_entry(cache).stat().st_mode) & 0o077 == 0


def test_a_planted_pickle_cannot_run_code(cache: Path, minimal_dir: Path, tmp_path: Path) -> None:
    load(minimal_dir)
    marker = tmp_path / "pwned"
    _entry(cache).write_bytes(pickle.dumps(_Planted(marker)))
    kg = load(minimal_dir)
    assert not marker.exists()
    assert isinstance(kg, KnowledgeGraph) and kg.number_of_claims == 3
    # The planted entry was a miss: the graph was rebuilt and stored again.
    assert isinstance(read_entry(_entry(cache), KnowledgeGraph), KnowledgeGraph)


def test_an_entry_of_the_wrong_type_is_a_miss(cache: Path, minimal_dir: Path) -> None:
    load(minimal_dir)
    _entry(cache).write_bytes(pickle.dumps({"not": "a graph"}))
    assert load(minimal_dir).number_of_claims == 3
    _entry(cache).write_bytes(pickle.dumps(KnowledgeGraph)[:-3])  # truncated
    assert load(minimal_dir).number_of_claims == 3


def test_a_folder_others_can_write_is_not_used(cache: Path, minimal_dir: Path) -> None:
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    with pytest.warns(CacheWarning, match=r"can be written by others \(mode 777\)"):
        assert load(minimal_dir).number_of_claims == 3
    assert list(cache.iterdir()) == []  # nothing written there either


def test_an_entry_others_can_write_is_not_read(cache: Path, minimal_dir: Path) -> None:
    load(minimal_dir)
    entry = _entry(cache)
    entry.chmod(0o666)
    with pytest.warns(CacheWarning, match="cache entry .* can be written by others"):
        assert read_entry(entry, KnowledgeGraph) is None


def test_a_folder_of_another_user_is_not_used(cache: Path, minimal_dir: Path, monkeypatch) -> None:
    load(minimal_dir)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)
    with pytest.warns(CacheWarning, match="belongs to another user"):
        assert read_entry(_entry(cache), KnowledgeGraph) is None


def test_a_symlinked_entry_is_not_followed(cache: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.pickle"
    write_entry(target, KnowledgeGraph.__new__(KnowledgeGraph))
    cache.mkdir(mode=0o700)
    (cache / "entry.pickle").symlink_to(target)
    assert read_entry(cache / "entry.pickle", KnowledgeGraph) is None


def test_cli_says_so_in_one_line_and_still_answers(cache: Path, minimal_dir: Path, runner) -> None:
    cache.mkdir(mode=0o700)
    cache.chmod(0o775)
    result = runner.invoke(cli, ["stats", "--data", os.fspath(minimal_dir)])
    assert result.exit_code == 0
    warning = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warning == [
        f"warning: cache folder {cache} can be written by others (mode 775); "
        "running without the cache"
    ]

"""Whole builds (graph/build.py): a failed build keeps the previous set; others' files stay."""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bonekg.build import build_files
from bonekg.cli import cli
from bonekg.writers import BUILD_FORMATS, WRITERS, Format

from .conftest import MINIMAL, RESOURCES

QUERIES = RESOURCES / "valid" / "queries"


def snapshot(folder: Path) -> dict[str, tuple[bool, bytes]]:
    """Every entry under *folder*: relative path -> (is a folder, bytes)."""
    return {
        p.relative_to(folder).as_posix(): (p.is_dir(), b"" if p.is_dir() else p.read_bytes())
        for p in folder.rglob("*")
    }


def build(runner, out: Path, data: Path = MINIMAL, *extra: str):
    return runner.invoke(cli, ["build", "--data", os.fspath(data), "--out", os.fspath(out), *extra])


@pytest.fixture
def previous(runner, tmp_path: Path) -> Path:
    """A folder holding a build of the minimal data (the set a failed build must keep)."""
    out = tmp_path / "out"
    assert build(runner, out).exit_code == 0
    return out


def failing(fmt: Format, exc: BaseException) -> Format:
    """The format *fmt* with a writer that writes every node, then raises *exc* on a claim."""

    def factory(kg: Any, target: Any) -> Any:
        writer = fmt.factory(kg, target)

        class Failing:
            def write_node(self, node_id: str, data: Any) -> None:
                writer.write_node(node_id, data)

            def write_edge(self, claim: Any) -> None:
                raise exc

            def finalize(self) -> None:
                writer.finalize()

        return Failing()

    return dataclasses.replace(fmt, factory=factory)


FAILURES: dict[str, tuple[BaseException, int]] = {
    "full disk": (OSError(errno.ENOSPC, "No space left on device"), 1),
    "Ctrl-C": (KeyboardInterrupt(), 130),
    "a bug": (RuntimeError("boom"), 1),
}
#: The first format written, the folder format, the last one.
FAILING = sorted({BUILD_FORMATS[0], "kgx", BUILD_FORMATS[-1]})


@pytest.mark.parametrize("name", FAILING)
@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_build_keeps_the_previous_set_byte_for_byte(
    name: str, failure: str, runner, previous: Path, monkeypatch
) -> None:
    before = snapshot(previous)
    exc, status = FAILURES[failure]
    monkeypatch.setitem(WRITERS, name, failing(WRITERS[name], exc))
    result = build(runner, previous, QUERIES)
    assert result.exit_code == status
    assert result.stdout == ""
    if failure == "full disk":
        fmt = WRITERS[name]
        where = f"into {previous / fmt.filename}" if fmt.folder else previous / fmt.filename
        assert result.stderr == f"Error: cannot write {where}: No space left on device\n"
    elif failure == "Ctrl-C":
        assert result.stderr == "Aborted.\n"
    else:
        assert isinstance(result.exception, RuntimeError)
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["out"], (
        "a temporary folder is left"
    )


def test_a_failed_first_build_leaves_nothing(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(WRITERS, "kgx", failing(WRITERS["kgx"], OSError(errno.ENOSPC, "full")))
    assert build(runner, tmp_path / "out").exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_a_build_writes_exactly_its_files_and_replaces_the_previous_one_whole(
    runner, previous: Path, tmp_path: Path
) -> None:
    assert sorted(snapshot(previous)) == sorted({*build_files(), "kgx"})
    # A file an earlier version wrote (its manifest lists it) goes with the old build.
    manifest = previous / "MANIFEST.json"
    manifest.write_text(
        manifest.read_text().replace('"files": [', '"files": [{"path": "old.txt"},')
    )
    (previous / "old.txt").write_text("from an earlier build")
    assert build(runner, previous, QUERIES).exit_code == 0
    assert build(runner, tmp_path / "fresh", QUERIES).exit_code == 0
    assert snapshot(previous) == snapshot(tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh", "out"]


def test_a_build_from_before_manifests_is_replaced(runner, previous: Path) -> None:
    (previous / "MANIFEST.json").unlink()
    assert build(runner, previous, QUERIES).exit_code == 0
    assert (previous / "MANIFEST.json").exists()


def _notes(out: Path) -> str:
    out.mkdir(exist_ok=True)
    (out / "notes.txt").write_text("mine")
    return "notes.txt"


def _notes_in_kgx(out: Path) -> str:
    (out / "kgx" / "notes.txt").write_text("mine")
    return "kgx/notes.txt"


def _data(out: Path) -> str:
    out.mkdir(exist_ok=True)
    for file in MINIMAL.iterdir():
        (out / file.name).write_bytes(file.read_bytes())
    return "edges.yaml"


def _link(out: Path) -> str:
    (out / "bonekg.nt").unlink()
    (out / "bonekg.nt").symlink_to(out.parent / "elsewhere.nt")
    return "bonekg.nt"


def _folder(out: Path) -> str:
    (out / "sub").mkdir()
    return "sub"


#: Things in --out that no build wrote: (set-up on a previous build?, set-up -> its name).
FOREIGN = {
    "notes in an empty folder": (False, _notes),
    "notes beside a build": (True, _notes),
    "notes in kgx/": (True, _notes_in_kgx),
    "the curated data": (False, _data),
    "a symlink in place of an export": (True, _link),
    "a folder of one's own": (True, _folder),
}


@pytest.mark.parametrize("case", FOREIGN.values(), ids=FOREIGN)
def test_a_folder_holding_other_files_is_refused_in_one_line(
    case: Any, runner, tmp_path: Path
) -> None:
    on_build, make = case
    out = tmp_path / "out"
    if on_build:
        assert build(runner, out).exit_code == 0
    name = make(out)
    (tmp_path / "elsewhere.nt").write_text("kept")
    before = snapshot(tmp_path)
    result = build(runner, out, QUERIES)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot replace {out}: it holds {name}, which no bonekg build wrote"
        " (move it away, or give another --out)\n"
    )
    assert snapshot(tmp_path) == before


def test_the_working_directory_is_refused(runner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path / "out")
    for out in (".", ".."):
        result = build(runner, Path(out))
        assert result.exit_code == 1
        assert result.stderr == f"Error: cannot replace {out}: it holds the working directory\n"
    assert list(tmp_path.iterdir()) == [tmp_path / "out"] and not list((tmp_path / "out").iterdir())


def test_an_existing_folder_keeps_its_mode_and_a_new_one_gets_the_usual(
    runner, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        (tmp_path / "kept").mkdir(mode=0o750)
        (tmp_path / "kept").chmod(0o750)
        assert build(runner, tmp_path / "kept").exit_code == 0
        assert build(runner, tmp_path / "new").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "kept").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o755


def test_a_symlinked_folder_is_built_through_to_its_target(runner, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert build(runner, real).exit_code == 0
    link = tmp_path / "out"
    link.symlink_to("real")
    assert build(runner, link, QUERIES).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == "real"
    assert build(runner, tmp_path / "fresh", QUERIES).exit_code == 0
    assert snapshot(real) == snapshot(tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh", "out", "real"]


# --- real SIGINTs, in a fresh interpreter through the real entry point -----------------------

ENTRY = """
import importlib, os, signal, sys, time
sys.argv = ['bonekg', *sys.argv[1:]]
{setup}
from bonekg.__main__ import main
main()
"""
#: A real SIGINT while the HTML viewer is written (the middle of the build).
WHILE_WRITING = """
html = importlib.import_module("bonekg.writers.html")
def finalize(self):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(10)
html.HtmlWriter.finalize = finalize
"""
#: A real SIGINT between the two renames of the swap: held until the swap is done.
DURING_THE_SWAP = """
files = importlib.import_module("bonekg.files")
real_rename = os.rename
def rename(src, dst):
    if str(src).endswith(".tmp"):
        os.kill(os.getpid(), signal.SIGINT)
    real_rename(src, dst)
files.os = type(os)("os_with_a_slow_rename")
files.os.__dict__.update(os.__dict__, rename=rename)
"""


def run_entry(setup: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY.format(setup=setup), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sigint_while_writing_keeps_the_previous_set(previous: Path) -> None:
    before = snapshot(previous)
    result = run_entry(
        WHILE_WRITING, "build", "--data", os.fspath(QUERIES), "--out", os.fspath(previous)
    )
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "Aborted.\n")
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["out"]


def test_sigint_during_the_swap_finishes_the_swap(previous: Path, runner) -> None:
    result = run_entry(
        DURING_THE_SWAP, "build", "--data", os.fspath(QUERIES), "--out", os.fspath(previous)
    )
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "Aborted.\n")
    assert build(runner, previous.parent / "fresh", QUERIES).exit_code == 0
    assert snapshot(previous) == snapshot(previous.parent / "fresh")
    assert sorted(p.name for p in previous.parent.iterdir()) == ["fresh", "out"]

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bonekg.cli import cli
from bonekg.errors import InputError
from bonekg.inputs import max_bytes, read_input


def test_reads_a_regular_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 1000)
    assert read_input(path, limit=1000) == b"x" * 1000


def test_a_file_past_the_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match=r"f.yaml: larger than 0.001 MB \(set BONEKG_MAX_FILE_MB"):
        read_input(path, limit=1000)


def test_a_device_behind_a_symlink_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "nodes.yaml"
    link.symlink_to("/dev/zero")
    started = time.monotonic()
    with pytest.raises(InputError, match=r"not a regular file \(a device\)"):
        read_input(link)
    assert time.monotonic() - started < 1


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "edges.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"not a regular file \(a FIFO\)"):
        read_input(fifo)


def test_a_symlink_loop_is_one_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(
        InputError, match=r"loop\.yaml: cannot read: Too many levels of symbolic links"
    ):
        read_input(loop)


def test_the_cap_is_configurable(monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_MAX_FILE_MB", "2.5")
    assert max_bytes() == 2_500_000
    monkeypatch.setenv("BONEKG_MAX_FILE_MB", "lots")
    with pytest.raises(InputError, match="BONEKG_MAX_FILE_MB: must be a positive number"):
        max_bytes()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "not a regular file (a device)"),
        (os.mkfifo, "not a regular file (a FIFO)"),
        (lambda p: p.symlink_to(p), "cannot read: Too many levels of symbolic links"),
    ],
    ids=["dev-zero", "fifo", "symlink-loop"],
)
def test_cli_reports_the_data_file_in_one_line(minimal_dir: Path, runner, make, message) -> None:
    nodes = minimal_dir / "nodes.yaml"
    nodes.unlink()
    make(nodes)
    result = runner.invoke(cli, ["validate", "--data", os.fspath(minimal_dir)])
    assert result.exit_code == 1
    assert result.output == f"Error: 1 problem in the data:\n{nodes}: file: {message}\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_refuses_an_oversized_data_file(minimal_dir: Path, runner, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_MAX_FILE_MB", "0.0001")
    result = runner.invoke(cli, ["validate", "--data", os.fspath(minimal_dir)])
    assert result.exit_code == 1
    assert "nodes.yaml: file: larger than 0.0001 MB (set BONEKG_MAX_FILE_MB to raise it)" in (
        result.output
    )

"""Safe output (graph/files.py): through symlinks, never into FIFOs or devices."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bonekg.errors import OutputError
from bonekg.files import atomic_output


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "target.nt"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.nt"
    link.symlink_to(Path("real") / "target.nt")
    with atomic_output(link) as handle:
        handle.write(b"new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "target.nt")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["link.nt", "real", "target.nt"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "link.nt"
    link.symlink_to("target.nt")
    with atomic_output(link) as handle:
        handle.write(b"new")
    assert link.is_symlink() and (tmp_path / "target.nt").read_text() == "new"


def test_a_failed_write_through_a_symlink_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "target.nt"
    target.write_text("old")
    (tmp_path / "link.nt").symlink_to("target.nt")
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "link.nt") as handle:
        handle.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.nt", "target.nt"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "a FIFO (named pipe)"),
        (lambda p: p.symlink_to("/dev/null"), "a character device"),
    ],
    ids=["fifo", "device"],
)
def test_a_fifo_or_a_device_is_refused(make, kind: str, tmp_path: Path) -> None:
    special = tmp_path / "special"
    make(special)
    before = special.lstat()
    message = (
        f"^cannot write {re.escape(str(special))}: it is {re.escape(kind)}, not a regular file$"
    )
    with pytest.raises(OutputError, match=message), atomic_output(special):
        pass
    assert special.lstat() == before and list(tmp_path.iterdir()) == [special]


def test_a_staged_folder_is_swapped_in_whole_or_not_at_all(tmp_path: Path) -> None:
    from bonekg.files import staged_folder

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), staged_folder(folder) as stage:
        (stage / "new.txt").write_text("half")
        raise RuntimeError("disk full")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert [p.name for p in folder.iterdir()] == ["old.txt"]
    with staged_folder(folder) as stage:
        assert stage.parent == tmp_path and stage.name.startswith(".out.")
        (stage / "new.txt").write_text("new")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert [p.name for p in folder.iterdir()] == ["new.txt"]


def test_a_staged_folder_names_the_folder_in_errors(tmp_path: Path) -> None:
    from bonekg.files import staged_folder

    folder = tmp_path / "out"
    with pytest.raises(OutputError) as caught, staged_folder(folder) as stage:  # noqa: SIM117
        with atomic_output(stage / "x.nt"):  # (the stage exists only once the first is entered)
            raise OSError(28, "No space left on device")
    assert str(caught.value) == f"cannot write {folder / 'x.nt'}: No space left on device"
    assert list(tmp_path.iterdir()) == []

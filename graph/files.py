"""Writing files safely: atomic output, and one-line errors for what the OS refuses.

Every file bonekg writes goes through :func:`atomic_output`: a temporary file beside the
target, renamed over it only when writing succeeded, so a failure leaves the earlier file
untouched and nothing half-written behind. What the operating system refuses (a folder
in the way, a path under ``/proc``, a read-only folder, a full disk) becomes an
:class:`~bonekg.errors.OutputError` naming the path.

A symbolic link is written through: its target is replaced atomically and the link
stays, as the user set it up (replacing the link by a file would leave the target
stale). A FIFO, a device or a socket is refused: renaming a file over it would silently
destroy it, and writing into it is not atomic.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bonekg.errors import OutputError

__all__ = ["atomic_output", "file_kind", "output_error", "prepare_folder", "real_target"]

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def file_kind(path: Path) -> str | None:
    """Name what *path* is when it is neither a regular file nor a folder (following links).

    :returns: ``"a FIFO (named pipe)"``, ``"a character device"``, ``"a block device"``,
        ``"a socket"``; None for a regular file, a folder or nothing at all
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return _KINDS.get(stat.S_IFMT(mode))


def real_target(path: Path) -> Path:
    """Return the file that writing *path* replaces: the target of a symlink, else *path*.

    :raises OutputError: *path* is (or links to) a FIFO, a device or a socket
    """
    if (kind := file_kind(path)) is not None:
        raise OutputError(f"cannot write {path}: it is {kind}, not a regular file")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def output_error(path: Path, exc: OSError) -> OutputError:
    """Return the one-line error for *exc* raised while writing *path*."""
    if isinstance(exc, IsADirectoryError) or (
        path.is_dir() and not isinstance(exc, PermissionError)
    ):
        reason = "a folder is in the way"
    elif isinstance(exc, NotADirectoryError):
        reason = "a parent of it is a file, not a folder"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {path}: {reason}")


def prepare_folder(folder: Path) -> None:
    """Create *folder* (and its parents) for output.

    :raises OutputError: it cannot be created, or a file is in the way
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        kind = file_kind(folder) or "a file"
        raise OutputError(f"cannot write into {folder}: {kind} is in the way") from None
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}") from exc


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside *path*, and rename it to *path* only on success.

    The new file gets the mode a plain ``open()`` would give it, or keeps the mode of
    the file it replaces. Through a symlink, the link's target is replaced.

    :raises OutputError: the OS refuses to create, write or rename the file, or *path*
        is a FIFO, a device or a socket
    """
    given = Path(path)
    if given.is_dir():
        raise OutputError(f"cannot write {given}: a folder is in the way")
    path = real_target(given)
    prepare_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle
            try:
                mode = path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except OSError as exc:
            raise output_error(path, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """Return the process umask (read by setting it, then restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask

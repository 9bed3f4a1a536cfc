"""Writing files safely: atomic output, and one-line errors for what the OS refuses.

Every file bonekg writes goes through :func:`atomic_output`: a temporary file beside the
target, renamed over it only when writing succeeded, so a failure leaves the earlier file
untouched and nothing half-written behind. What the operating system refuses (a folder
in the way, a path under ``/proc``, a read-only folder, a full disk) becomes an
:class:`~bonekg.errors.OutputError` naming the path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bonekg.errors import OutputError

__all__ = ["atomic_output", "output_error", "prepare_folder"]


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
        raise OutputError(f"cannot write into {folder}: a file is in the way") from None
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}") from exc


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside *path*, and rename it to *path* only on success.

    The new file gets the mode a plain ``open()`` would give it, or keeps the mode of
    the file it replaces.

    :raises OutputError: the OS refuses to create, write or rename the file
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: a folder is in the way")
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

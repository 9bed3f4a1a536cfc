"""Writing files safely: atomic output, and one-line errors for what the OS refuses.

Every file bonekg writes goes through :func:`atomic_output`: a temporary file beside the
target, renamed over it only when writing succeeded, so a failure leaves the earlier file
untouched and nothing half-written behind. What the operating system refuses (a folder
in the way, a path under ``/proc``, a read-only folder, a full disk) becomes an
:class:`~bonekg.errors.OutputError` naming the path.

A whole folder of output (``bonekg build``) is filled under a temporary sibling name
by :func:`staged_folder` and swapped in by renames only when complete, so a failed or
interrupted build leaves the previous folder as it was and no temporary folder behind.

A symbolic link is written through: its target is replaced atomically and the link
stays, as the user set it up (replacing the link by a file would leave the target
stale). A FIFO, a device or a socket is refused: renaming a file over it would silently
destroy it, and writing into it is not atomic.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bonekg.errors import OutputError

__all__ = [
    "atomic_output",
    "file_kind",
    "interrupts_held",
    "output_error",
    "prepare_folder",
    "real_target",
    "staged_folder",
]

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


@contextmanager
def staged_folder(folder: Path) -> Iterator[Path]:
    """Yield an empty temporary sibling of *folder*; on success, swap it in for *folder*.

    The swap is two renames (the old folder aside, the new one in), with Ctrl-C held
    until both are done; if the second fails, the old folder is renamed back. Then the
    old folder is deleted. On any failure (or Ctrl-C) before the swap, the temporary
    folder is deleted and *folder* is untouched. Through a symlink, the link's target is
    replaced and the link stays. Messages name *folder*, never the temporary name.

    The caller checks that *folder* holds nothing that may not be deleted.

    :raises OutputError: the OS refuses to create the folder or to rename
    """
    folder = Path(os.path.realpath(folder)) if folder.is_symlink() else folder
    parent = folder.absolute().parent
    prepare_folder(parent)
    try:
        stage = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    try:
        try:
            mode = folder.stat().st_mode & 0o7777
        except OSError:
            mode = 0o777 & ~_umask()
        os.chmod(stage, mode)
        try:
            yield stage
        except OutputError as exc:
            raise OutputError(str(exc).replace(str(stage), str(folder))) from exc
        _swap(stage, folder)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _swap(stage: Path, folder: Path) -> None:
    """Put *stage* where *folder* is, then delete the old *folder* (see :func:`staged_folder`)."""
    with interrupts_held():
        if not os.path.lexists(folder):
            try:
                os.rename(stage, folder)
            except OSError as exc:
                raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
            return
        # An empty folder to rename the old one over (rename replaces an empty folder).
        try:
            old = Path(tempfile.mkdtemp(dir=stage.parent, prefix=f".{folder.name}.", suffix=".old"))
        except OSError as exc:
            raise OutputError(f"cannot replace {folder}: {exc.strerror or exc}") from exc
        try:
            os.rename(folder, old)
        except OSError as exc:
            old.rmdir()
            raise OutputError(f"cannot replace {folder}: {exc.strerror or exc}") from exc
        try:
            os.rename(stage, folder)
        except BaseException as exc:
            os.rename(old, folder)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot replace {folder}: {exc.strerror or exc}") from exc
            raise
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) until the block is done, then raise it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and previous is signal.default_int_handler:
        raise KeyboardInterrupt
    if caught and callable(previous):
        previous(signal.SIGINT, None)


def _umask() -> int:
    """Return the process umask (read by setting it, then restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""The on-disk cache: a folder only its owner can write, and entries that cannot run code.

Validated graphs and the ontology term index are kept as pickles, the fastest form to
read back (4 ms for the bundled graph). A pickle can name any callable, so a cache entry
planted by someone else would run as the user. Two guards close that:

- the folder is created ``0700``; a folder or entry that is not the user's, or that
  others can write, is not used (one warning, then the command runs without the cache);
- entries are read with an unpickler that only builds *classes* of this package and of
  networkx (no functions, no other modules), so even a planted entry cannot call
  ``os.system``: it fails to load and counts as a miss.

Any entry that fails to load, or holds the wrong type, is a miss, never an error.
"""

from __future__ import annotations

import os
import pickle
import stat
import tempfile
import warnings
from pathlib import Path
from typing import IO, Any, TypeVar

from bonekg.bulk import paused_gc

__all__ = ["CacheWarning", "cache_dir", "read_entry", "write_entry"]

T = TypeVar("T")

#: Modules whose classes a cache entry may build (and nothing else).
_TRUSTED_MODULES = ("bonekg.", "networkx.classes.")
#: Builtin types that pickles of plain data refer to by name.
_BUILTINS = frozenset({"set", "frozenset", "bytearray", "complex", "slice", "range"})


class CacheWarning(UserWarning):
    """The cache folder or an entry is not safe to use; the command runs without it."""


def cache_dir() -> Path | None:
    """Return where validated graphs are cached, or None when caching is off.

    ``BONEKG_CACHE_DIR`` names the folder; ``BONEKG_CACHE_DIR=off`` turns caching off;
    the default is ``$XDG_CACHE_HOME/bonekg`` (``~/.cache/bonekg``).
    """
    configured = os.environ.get("BONEKG_CACHE_DIR")
    if configured:
        return None if configured.lower() in {"off", "0", "no"} else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bonekg"


def _unsafe(path: Path, info: os.stat_result, what: str) -> str | None:
    """Say why *path* must not be trusted, or None when it is the user's own."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return f"cache {what} {path} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"cache {what} {path} can be written by others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


_warned: set[str] = set()


def _warn(reason: str) -> None:
    """Warn once per process and reason (a read and a write of one run meet the same folder)."""
    if reason not in _warned:
        _warned.add(reason)
        warnings.warn(f"{reason}; running without the cache", CacheWarning, stacklevel=3)


def _trusted_folder(folder: Path) -> bool:
    try:
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        _warn(f"cache folder {folder} is not a folder")
        return False
    if reason := _unsafe(folder, info, "folder"):
        _warn(reason)
        return False
    return True


class _ClassesOnly(pickle.Unpickler):
    """Unpickle only this package's and networkx's classes, and a few builtin types."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _BUILTINS:
            return super().find_class(module, name)
        if module.startswith(_TRUSTED_MODULES):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"cache entry refers to {module}.{name}")


def read_entry(path: Path, kind: type[T]) -> T | None:
    """Return the cached object at *path* if it is safe and of type *kind*, else None."""
    if not _trusted_folder(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # absent (the usual miss), or a symlink
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if reason := _unsafe(path, info, "entry"):
            _warn(reason)
            return None
        return _load(handle, kind)


def _load(handle: IO[bytes], kind: type[T]) -> T | None:
    try:
        with paused_gc():
            found = _ClassesOnly(handle).load()
    # A damaged or foreign entry can fail in any way an unpickler can (ValueError,
    # IndexError, RecursionError...): every one of them is a miss, rebuilt from the data.
    except Exception:
        return None
    return found if isinstance(found, kind) else None


def write_entry(path: Path, value: object) -> None:
    """Store *value* at *path* atomically; an unusable cache folder only costs speed."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    if not _trusted_folder(folder):
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise

"""Reading a file a user hands us: regular files only, and never more than a cap.

A data file that is ``/dev/zero`` behind a symlink, or a FIFO, must not be read to the
end (it has none): the file is opened, checked to be a regular file, and read up to
:func:`max_bytes` plus one byte, so even a file that grows while it is read stops there.
``BONEKG_MAX_FILE_MB`` sets the cap (default 100 MB; the bundled data is about 1 MB).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bonekg.errors import InputError

__all__ = ["DEFAULT_MAX_MB", "max_bytes", "read_input"]

DEFAULT_MAX_MB = 100


def max_bytes() -> int:
    """Return the size cap of one input file, from ``BONEKG_MAX_FILE_MB``.

    :raises InputError: the variable is not a positive number
    """
    configured = os.environ.get("BONEKG_MAX_FILE_MB", "")
    if not configured:
        return DEFAULT_MAX_MB * 1_000_000
    try:
        megabytes = float(configured)
    except ValueError:
        megabytes = -1
    if megabytes <= 0:
        raise InputError("BONEKG_MAX_FILE_MB", f"must be a positive number, not {configured!r}")
    return int(megabytes * 1_000_000)


def read_input(path: Path, limit: int | None = None) -> bytes:
    """Return the bytes of the regular file *path*.

    :param limit: the cap in bytes (default :func:`max_bytes`)
    :raises InputError: *path* is missing or unreadable, is not a regular file (a FIFO,
        a device, a folder), or is larger than the cap
    """
    cap = max_bytes() if limit is None else limit
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise InputError(path, f"not a regular file ({_kind(mode)})")
            data = handle.read(cap + 1)
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > cap:
        megabytes = f"{cap / 1_000_000:g}"
        raise InputError(path, f"larger than {megabytes} MB (set BONEKG_MAX_FILE_MB to raise it)")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"

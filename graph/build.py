"""``bonekg build``: every export format into one folder, swapped in whole, with a manifest.

The formats are written into a temporary sibling of ``--out`` with ``MANIFEST.json``
last (:mod:`bonekg.manifest`), and the folder is swapped in only when all of them are
complete (:func:`bonekg.files.staged_folder`): a full disk, a failing writer or a Ctrl-C
leaves the previous build as it was, and no temporary folder. Since the swap deletes the
old folder, a build replaces only a folder that holds nothing but bonekg's own files:
those its manifest lists, or those a build writes (a folder built before manifests).
Anything else there, such as a user's notes or the curated data, makes it refuse.

:func:`require_claims` refuses an empty graph before anything is written, so an emptied
data folder cannot silently replace good exports.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bonekg.constants import EDGES_FILE
from bonekg.errors import EmptyGraphError, OutputError

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["build", "build_files", "check_replaceable", "require_claims"]


def require_claims(kg: KnowledgeGraph, data_dir: Path | None, *, allow_empty: bool) -> None:
    """Refuse to write a graph with no claims, unless *allow_empty*.

    :param data_dir: the folder the graph was read from (None: the bundled data), to name
        its edges file
    :raises EmptyGraphError: the graph holds no claims
    """
    if kg.number_of_claims or allow_empty:
        return
    from bonekg.records import display_path

    edges = display_path(data_dir / EDGES_FILE) if data_dir is not None else f"data/{EDGES_FILE}"
    raise EmptyGraphError(
        f"{edges}: no claims ({len(kg)} nodes): refusing to write an empty graph;"
        " --allow-empty writes it anyway"
    )


def build_files() -> list[str]:
    """Return the paths a build writes, relative to its folder, the manifest last."""
    from bonekg.manifest import MANIFEST_FILE
    from bonekg.writers import BUILD_FORMATS, get_format

    return [f for name in BUILD_FORMATS for f in get_format(name).files()] + [MANIFEST_FILE]


def check_replaceable(folder: Path) -> None:
    """Refuse to replace *folder* unless everything in it was written by a bonekg build.

    Ours are the files its ``MANIFEST.json`` lists, and the files a build writes, by
    path; the folders holding them. A missing or empty folder is fine.

    :raises OutputError: a file is in the way of the folder, the folder is (or holds) the
        working directory, or it holds something else (named in the message)
    """
    from bonekg.files import file_kind
    from bonekg.manifest import listed_files

    folder = Path(os.path.realpath(folder)) if folder.is_symlink() else folder
    if not os.path.lexists(folder):
        return
    if not folder.is_dir():
        kind = file_kind(folder) or "a file"
        raise OutputError(f"cannot write into {folder}: {kind} is in the way")
    cwd = Path.cwd().resolve()
    if cwd == folder.resolve() or folder.resolve() in cwd.parents:
        raise OutputError(f"cannot replace {folder}: it holds the working directory")
    ours = set(build_files()) | listed_files(folder)
    parents = {p.as_posix() for f in ours for p in Path(f).parents}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        here = Path(root).relative_to(folder)
        for name in sorted(dirs + names):
            rel = (here / name).as_posix()
            path = folder / rel
            if path.is_symlink() or not (
                (path.is_dir() and rel in parents) or (path.is_file() and rel in ours)
            ):
                raise OutputError(
                    f"cannot replace {folder}: it holds {rel}, which no bonekg build wrote"
                    " (move it away, or give another --out)"
                )


def build(
    kg: KnowledgeGraph, out: Path, data_dir: Path | None, merged: Sequence[Path] = ()
) -> list[Path]:
    """Write every build format and the manifest into *out*, replacing it whole.

    :param data_dir: the folder the graph was read from (None: the bundled data), for
        the manifest's fingerprint
    :param merged: the files merged into *kg* (``--merge``), whose bytes the
        fingerprint covers too
    :returns: the paths written (formats in build order, then the manifest), under *out*
    :raises OutputError: *out* holds files that are not bonekg's, or cannot be written
    """
    from importlib.metadata import version

    from bonekg.files import staged_folder
    from bonekg.load import build_fingerprint
    from bonekg.manifest import MANIFEST_FILE, write_manifest
    from bonekg.writers import BUILD_FORMATS, get_format, write_to_path

    check_replaceable(out)
    key = build_fingerprint(data_dir, merged)
    written = []
    with staged_folder(out) as stage:
        for name in BUILD_FORMATS:
            fmt = get_format(name)
            write_to_path(kg, fmt, stage / fmt.filename)
            written.append(out / fmt.filename)
        write_manifest(stage, key, f"bonekg {version('bonekg')}")
        written.append(out / MANIFEST_FILE)
        check_replaceable(out)  # again: something may have appeared during the build
    return written

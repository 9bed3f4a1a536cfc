"""The manifest of a build folder: each file's size and SHA-256, and the data's fingerprint.

``bonekg build`` writes ``MANIFEST.json`` last, into the folder it then swaps in; ``bonekg
validate --out DIR`` checks a folder against it (one problem per mismatch), and the
next build reads it to know which files it may replace. The fingerprint is the loader's
(:func:`bonekg.load.fingerprint`: the curated files, the vocabulary and the code), so a
folder built from other data or another version shows as stale. The file holds no
time stamp: rebuilding unchanged data gives a byte-identical folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from bonekg.errors import DataError, Problem
from bonekg.files import atomic_output

__all__ = ["MANIFEST_FILE", "BuildMismatchError", "check_folder", "listed_files", "write_manifest"]

MANIFEST_FILE = "MANIFEST.json"


class BuildMismatchError(DataError):
    """A build folder does not match its manifest (or the data it says it was built from)."""

    def __init__(self, folder: Path, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.subject = f"the build in {folder}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Return every entry of *folder* but folders (files, links, FIFOs), as sorted POSIX paths."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        here = Path(root).relative_to(folder)
        found += [(here / n).as_posix() for n in names]
        # A symlink to a folder is listed by walk as a folder: it is an entry too.
        found += [(here / d).as_posix() for d in dirs if (Path(root) / d).is_symlink()]
    return sorted(p.removeprefix("./") for p in found)


def write_manifest(folder: Path, fingerprint: str, generator: str) -> None:
    """Write ``MANIFEST.json`` listing every file of *folder* with its size and SHA-256.

    :param fingerprint: the data fingerprint the build was made from
    :param generator: what made it (``bonekg 0.1.0``)
    """
    files = [
        {"path": rel, "size": (folder / rel).stat().st_size, "sha256": _sha256(folder / rel)}
        for rel in _files(folder)
        if rel != MANIFEST_FILE
    ]
    doc = {"generator": generator, "fingerprint": fingerprint, "files": files}
    with atomic_output(folder / MANIFEST_FILE) as handle:
        handle.write(json.dumps(doc, indent=2).encode("utf-8") + b"\n")


def _safe(rel: Any) -> bool:
    """Tell whether *rel* is a relative POSIX path that stays inside the folder."""
    if not isinstance(rel, str) or not rel:
        return False
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in rel


def _read(folder: Path) -> dict[str, Any]:
    """Return the manifest of *folder*.

    :raises ValueError: it is missing, unreadable or not a bonekg manifest (the message says why)
    """
    try:
        doc = json.loads((folder / MANIFEST_FILE).read_bytes())
    except FileNotFoundError:
        raise ValueError("missing: not a bonekg build (or one older than manifests)") from None
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        raise ValueError("not a bonekg manifest (no list of files)")
    return dict(doc)


def listed_files(folder: Path) -> set[str]:
    """Return the paths the manifest of *folder* lists (none when it has no valid manifest)."""
    try:
        doc = _read(folder)
    except ValueError:
        return set()
    return {f["path"] for f in doc["files"] if _safe(f.get("path"))}


def check_folder(folder: Path, fingerprint: str) -> int:
    """Check *folder* against its manifest, and the manifest against *fingerprint*.

    :returns: the number of files checked
    :raises BuildMismatchError: one problem per mismatch: a file missing, of another size
        or content, a file the manifest does not list, a fingerprint that is not the
        data's (the folder is stale), a missing or broken manifest
    """
    manifest = folder / MANIFEST_FILE
    try:
        doc = _read(folder)
    except ValueError as exc:
        raise BuildMismatchError(folder, [Problem(str(manifest), 0, "", str(exc))]) from None
    problems = []
    listed = set()
    for entry in doc["files"]:
        rel = entry.get("path")
        if not _safe(rel):
            problems.append(
                Problem(str(manifest), 0, "files", f"{rel!r} is not a path inside the folder")
            )
            continue
        listed.add(rel)
        path = folder / rel
        if not path.is_file():
            problems.append(Problem(str(path), 0, "", f"missing ({MANIFEST_FILE} lists it)"))
        elif (size := path.stat().st_size) != entry.get("size"):
            message = f"{size} bytes, {MANIFEST_FILE} says {entry.get('size')}"
            problems.append(Problem(str(path), 0, "size", message))
        elif _sha256(path) != entry.get("sha256"):
            message = f"content differs from {MANIFEST_FILE} (changed since the build)"
            problems.append(Problem(str(path), 0, "sha256", message))
    for rel in _files(folder):
        if rel not in listed and rel != MANIFEST_FILE:
            problems.append(Problem(str(folder / rel), 0, "", f"not in {MANIFEST_FILE}"))
    if doc.get("fingerprint") != fingerprint:
        message = "built from other data, merged files, vocabulary or bonekg code than the current: run `bonekg build`"
        problems.append(Problem(str(manifest), 0, "fingerprint", message))
    if problems:
        raise BuildMismatchError(folder, problems)
    return len(listed)

"""Load the curated data into a validated graph, with a content-keyed cache.

:func:`load` reads ``nodes.yaml``, ``edges.yaml`` and ``sources.yaml``, validates them
(every problem at once) and builds the graph. The result is pickled under a key made
from the bytes of the data, the vocabulary and the loader's own code, so an unchanged
data set is not re-validated on every command while a changed byte always misses the
cache: the cache can be slow to fill, never stale (:mod:`bonekg.cache` keeps it safe).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from bonekg.cache import cache_dir, read_entry, write_entry
from bonekg.constants import (
    DATA_FILES,
    DATA_PACKAGE,
    ONTOLOGY_PACKAGE,
    PREFIXES_FILE,
    VOCABULARY_FILE,
)
from bonekg.errors import InputError
from bonekg.inputs import read_input
from bonekg.kg import KnowledgeGraph

__all__ = [
    "build_fingerprint",
    "bundled_data_dir",
    "cache_dir",
    "code_files",
    "fingerprint",
    "load",
    "merged_digest",
]


def bundled_data_dir() -> Path:
    """Return the folder of the bundled curated data (``data/`` in a checkout)."""
    return Path(str(resources.files(DATA_PACKAGE)))


def code_files() -> list[str]:
    """Return the package's Python files that the cache key covers: every one of them.

    A cached pickle holds instances of the package's classes, built by its loader and
    validator; hashing every module (a few dozen small files) means a module added to
    the load path can never leave a stale cache behind.
    """
    root = resources.files("bonekg")
    found: list[str] = []

    def walk(folder: object, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):  # type: ignore[attr-defined]
            if entry.is_dir() and entry.joinpath("__init__.py").is_file():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                found.append(prefix + entry.name)

    walk(root, "")
    return found


def fingerprint(data_dir: Path) -> str:
    """Return the SHA-256 of *data_dir*'s curated files, the vocabulary and the package code.

    It keys the cache (with the names files are shown by) and is recorded in a build's
    manifest: the same fingerprint means the same graph and the same exports.
    """
    digest = hashlib.sha256()
    code = resources.files("bonekg")
    ontology = resources.files(ONTOLOGY_PACKAGE)
    parts: list[tuple[str, bytes]] = [
        (f"code/{n}", code.joinpath(n).read_bytes()) for n in code_files()
    ]
    parts += [
        (f"ontology/{n}", ontology.joinpath(n).read_bytes())
        for n in (VOCABULARY_FILE, PREFIXES_FILE)
    ]
    for name in DATA_FILES:
        try:
            parts.append((f"data/{name}", read_input(data_dir / name)))
        except InputError as exc:  # the reader reports it; it must never be read unbounded
            parts.append((f"data/{name}", b"\0" + exc.reason.encode()))
    for name, blob in parts:
        digest.update(name.encode() + b"\0" + str(len(blob)).encode() + b"\0" + blob)
    return digest.hexdigest()


def build_fingerprint(data_dir: Path | None, merged: Sequence[str | os.PathLike[str]] = ()) -> str:
    """Return the fingerprint a build records: the data's, and the merged files' bytes."""
    key = fingerprint(Path(data_dir) if data_dir is not None else bundled_data_dir())
    if not merged:
        return key
    return hashlib.sha256(f"{key}\0{merged_digest(merged)}".encode()).hexdigest()


def merged_digest(paths: Sequence[str | os.PathLike[str]]) -> str:
    """Return the SHA-256 of the merged files' bytes (every file of a folder), read in blocks.

    With the curated graph's key it keys a merged graph in the cache: any changed byte
    of a merged file misses.
    """
    digest = hashlib.sha256()
    for given in paths:
        path = Path(given)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(f"{os.path.abspath(file)}\0".encode())
            with file.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
            digest.update(b"\0")
    return digest.hexdigest()


def load(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    merge: Sequence[str | os.PathLike[str]] = (),
    lenient: bool = False,
    cache: bool = True,
) -> KnowledgeGraph:
    """Load and validate the curated data, with external graphs merged in.

    :param data_dir: folder holding nodes.yaml, edges.yaml and sources.yaml
        (default: the bundled data)
    :param merge: external graphs to merge in (KGX folders, N-Triples or Turtle files)
    :param lenient: leave the merged files' bad rows out (listed in ``skipped``)
        instead of failing
    :param cache: reuse a graph validated (or merged) earlier from byte-identical inputs
    :returns: the knowledge graph, one edge per claim
    :raises DataError: the data is invalid; carries every problem found
    :raises MergeError: a merged file has bad rows and *lenient* is off (nothing cached)
    """
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    where = cache_dir() if cache else None
    key = _cache_key(folder, label=data_dir is not None) if where is not None else ""
    entry = where / f"{key}.pickle" if where is not None else None
    merged_entry = None
    if merge and where is not None:
        named = "\0".join([key, merged_digest(merge), str(lenient), os.getcwd()])
        merged_entry = where / f"{hashlib.sha256(named.encode()).hexdigest()}.merged.pickle"
        if (cached := read_entry(merged_entry, KnowledgeGraph)) is not None:
            return cached
    if entry is not None and (found := read_entry(entry, KnowledgeGraph)) is not None:
        graph = found
    else:
        from bonekg.readers.yaml import read_folder

        graph = read_folder(folder, label=data_dir is not None)
        if entry is not None:
            graph.names  # noqa: B018 -- built before caching, so a warm load has it
            write_entry(entry, graph)
    if not merge:
        return graph
    from bonekg.merge import merge as merge_graphs
    from bonekg.merge import read_external

    merged = merge_graphs(graph, read_external([Path(p) for p in merge], lenient=lenient))
    if merged_entry is not None:
        merged.names  # noqa: B018 -- built before caching, so a warm load has it
        write_entry(merged_entry, merged)
    return merged


def _cache_key(folder: Path, *, label: bool) -> str:
    """Return the cache key: the fingerprint, and where the files are named from.

    The graph's warnings name files by their path from the working directory; the same
    bytes read from another folder (or from elsewhere) must not show the first names.
    """
    where = [os.path.abspath(folder), os.getcwd()] if label else ["data"]
    named = "\0".join([fingerprint(folder), *where])
    return hashlib.sha256(named.encode("utf-8")).hexdigest()

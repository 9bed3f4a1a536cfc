"""The registry of input formats: name -> :class:`Reader`, like the writers' registry.

A reader turns files into a :class:`~bonekg.kg.KnowledgeGraph`: the curated YAML folder
(with validation), an RDF export, and, as they are added, external graphs (KGX,
N-Triples dumps) to merge. Each reader module registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bonekg.errors import UnknownFormatError
from bonekg.registry import Registry

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["READERS", "Reader", "get_reader", "reader_for", "register"]


@dataclass(frozen=True)
class Reader:
    """One registered input format."""

    name: str
    description: str
    #: Read a file (or a folder, for folder formats) into a knowledge graph.
    read: Callable[[Path], KnowledgeGraph]
    #: File name endings this reader takes (empty for folder formats).
    suffixes: tuple[str, ...] = ()
    folder: bool = False
    #: An external graph merged into the curated one (``--merge``), not a bonekg graph.
    #: Its bad rows are left out and kept on the graph's ``skipped``, never raised.
    external: bool = False


READERS: Registry[Reader] = Registry("input format")
#: Add a reader (a module-level call in each reader module).
register = READERS.register
#: Return the registered reader of a name; raises UnknownFormatError for an unknown one.
get_reader = READERS.lookup


def reader_for(path: Path, *, external: bool = False) -> Reader:
    """Return the reader of *path*: a folder format for a folder, else by file ending.

    :param external: choose among the readers of external graphs (``--merge``)
    :raises UnknownFormatError: no reader takes this file
    """
    candidates = [r for r in READERS.values() if r.external == external]
    if path.is_dir():
        for reader in candidates:
            if reader.folder:
                return reader
    name = path.name.lower()
    for reader in candidates:
        if any(name.endswith(suffix) for suffix in reader.suffixes):
            return reader
    known = sorted({s for r in candidates for s in r.suffixes})
    takes = f" (a folder{', or ' + ', '.join(known) if known else ''})" if external else ""
    raise UnknownFormatError(f"{path}: no reader for this kind of file{takes}")

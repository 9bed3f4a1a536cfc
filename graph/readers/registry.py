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


READERS: Registry[Reader] = Registry("input format")
#: Add a reader (a module-level call in each reader module).
register = READERS.register
#: Return the registered reader of a name; raises UnknownFormatError for an unknown one.
get_reader = READERS.lookup


def reader_for(path: Path) -> Reader:
    """Return the reader of *path*: a folder format for a folder, else by file ending.

    :raises UnknownFormatError: no reader takes this file
    """
    if path.is_dir():
        for reader in READERS.values():
            if reader.folder:
                return reader
    name = path.name.lower()
    for reader in READERS.values():
        if any(name.endswith(suffix) for suffix in reader.suffixes):
            return reader
    raise UnknownFormatError(f"{path}: no reader for this kind of file")

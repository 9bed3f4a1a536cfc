"""The one registry of output formats: name -> :class:`Format`.

``bonekg build`` writes every format of the registry (but ``null``); ``bonekg export``
one of them; the CLI's choices and the round-trip tests are generated from the registry,
so a new format is a one-place change. Writers stream: :meth:`KnowledgeGraph.feed
<bonekg.kg.KnowledgeGraph.feed>` gives them nodes then claims in the canonical order,
then calls ``finalize``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.errors import OutputError
from bonekg.files import atomic_output
from bonekg.registry import Registry

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph, Writer

__all__ = ["WRITERS", "Factory", "Format", "get_format", "register", "write_to_path"]

#: A writer factory: called with the graph (for its vocabulary and publications) and
#: a binary handle, or, for formats of several files, a folder.
Factory = Callable[["KnowledgeGraph", Any], "Writer"]


@dataclass(frozen=True)
class Format:
    """One registered output format."""

    name: str
    #: File (or folder, for multi-file formats) written by ``build``.
    filename: str
    description: str
    factory: Factory
    #: True when the writer fills a folder instead of one binary stream.
    folder: bool = False
    #: The files a folder format writes into its folder (for builds to know their files).
    parts: tuple[str, ...] = ()

    def files(self) -> tuple[str, ...]:
        """Return the paths this format writes, relative to a build folder (``kgx/nodes.tsv``)."""
        if self.folder:
            return tuple(f"{self.filename}/{part}" for part in self.parts)
        return (self.filename,)


WRITERS: Registry[Format] = Registry("format")
#: Add a format (a module-level call in each writer module).
register = WRITERS.register
#: Return the registered format of a name; raises UnknownFormatError for an unknown one.
get_format = WRITERS.lookup


def write_to_path(kg: KnowledgeGraph, fmt: Format, path: Path) -> None:
    """Write *kg* in *fmt* to *path* atomically (a folder for multi-file formats).

    :raises OutputError: the path cannot be written
    """
    if fmt.folder:
        try:
            kg.feed(fmt.factory(kg, Path(path)))
        except OSError as exc:
            raise OutputError(f"cannot write into {path}: {exc.strerror or exc}") from exc
        return
    with atomic_output(Path(path)) as handle:
        kg.feed(fmt.factory(kg, handle))

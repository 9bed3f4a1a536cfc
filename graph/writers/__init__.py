"""The one registry of output formats: name -> :class:`Format`.

``bonekg build`` writes every format of :data:`BUILD_FORMATS`; ``bonekg export`` one
of :data:`WRITERS`; the CLI's choices and the round-trip tests are generated from the
registry, so a new format is a one-place change. Writers stream: the driver feeds them
nodes then edges in a stable order, then calls ``finalize``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from bonekg.errors import UnknownFormatError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BUILD_FORMATS",
    "WRITERS",
    "Format",
    "Writer",
    "atomic_output",
    "get_format",
    "register",
    "write",
    "write_to_path",
]


class Writer(Protocol):
    """What every writer does: take nodes, then edges, then finish the output."""

    def write_node(self, node_id: str, data: Mapping[str, Any]) -> None:
        """Write one node."""

    def write_edge(self, subject: str, obj: str, key: str, data: Mapping[str, Any]) -> None:
        """Write one claim."""

    def finalize(self) -> None:
        """Flush whatever the format writes last (closing tags, sorted blocks)."""


#: A writer factory: called with the graph (for its vocabulary and publications) and
#: a binary handle, or, for formats of several files, a folder.
Factory = Callable[["nx.MultiDiGraph", Any], Writer]


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


WRITERS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add *fmt* to the registry (a module-level call in each writer module)."""
    WRITERS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> Format:
    """Return the registered format *name*.

    :raises UnknownFormatError: no writer has that name
    """
    try:
        return WRITERS[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {name!r} (known: {', '.join(sorted(WRITERS))})"
        ) from None


def write(graph: nx.MultiDiGraph, writer: Writer) -> None:
    """Stream *graph* into *writer*: nodes by ID, then edges by subject, predicate, object."""
    for node_id in sorted(graph.nodes):
        writer.write_node(node_id, graph.nodes[node_id])
    rows = sorted(
        graph.edges(keys=True, data=True), key=lambda r: (r[0], r[3]["predicate"], r[1], r[2])
    )
    for subject, obj, key, data in rows:
        writer.write_edge(subject, obj, key, data)
    writer.finalize()


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside *path*, and rename it to *path* only on success.

    A failure leaves any earlier *path* untouched and no partial file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        # mkstemp creates the file private (0600); give it the mode a plain open() would,
        # or keep the mode of the file it replaces.
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """Return the process umask (read by setting it, then restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_to_path(graph: nx.MultiDiGraph, fmt: Format, path: Path) -> None:
    """Write *graph* in *fmt* to *path* atomically (a folder for multi-file formats)."""
    if fmt.folder:
        fmt_writer = fmt.factory(graph, path)
        write(graph, fmt_writer)
        return
    with atomic_output(path) as handle:
        write(graph, fmt.factory(graph, handle))


def _register_builtins() -> None:
    from bonekg.writers import (  # noqa: F401  (registration happens on import)
        graphml,
        html,
        jsonld,
        kgx,
        nodelink,
        ntriples,
        null,
        turtle,
    )


_register_builtins()

#: The formats ``bonekg build`` writes, in order.
BUILD_FORMATS: tuple[str, ...] = tuple(name for name in WRITERS if name != "null")

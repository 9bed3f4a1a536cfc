"""Writers: one per output format, registered by name (see :mod:`bonekg.writers.registry`)."""

from __future__ import annotations

from bonekg.writers import (  # noqa: F401  (registration happens on import)
    graphml,
    html,
    jsonld,
    kgx,
    nodelink,
    nquads,
    ntriples,
    null,
    turtle,
)
from bonekg.writers.registry import WRITERS, Format, get_format, register, write_to_path

__all__ = ["BUILD_FORMATS", "WRITERS", "Format", "get_format", "register", "write_to_path"]

#: The formats ``bonekg build`` writes, in order.
BUILD_FORMATS: tuple[str, ...] = tuple(name for name in WRITERS if name != "null")

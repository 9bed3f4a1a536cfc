"""bonekg: a curated, evidence-backed knowledge graph of bone-biology mechanisms.

The folder ``graph/`` of the repository is the ``bonekg`` package (setuptools
``package-dir``); ``ontology/``, ``data/`` and ``viz/`` are ``bonekg.ontology``,
``bonekg.data`` and ``bonekg.viz``. This module stays light: heavy libraries (rdflib,
pyvis, pyshacl, pyoxigraph) are imported by the functions that use them.
"""

from __future__ import annotations

import sys
import types

#: ``typing.TYPE_CHECKING`` without importing typing (14 ms); mypy reads it the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from bonekg.errors import (
        AmbiguousNodeError,
        BonekgError,
        DataError,
        NoPathError,
        UnknownFormatError,
        UnknownNodeError,
    )
    from bonekg.kg import KnowledgeGraph
    from bonekg.load import load
    from bonekg.model import Claim, Publication
    from bonekg.paths import PathQuery, explain, find_paths

    __version__: str

__all__ = [
    "AmbiguousNodeError",
    "BonekgError",
    "Claim",
    "DataError",
    "KnowledgeGraph",
    "NoPathError",
    "PathQuery",
    "Publication",
    "UnknownFormatError",
    "UnknownNodeError",
    "__version__",
    "explain",
    "find_paths",
    "load",
]

#: Every public name, imported from its module on first use: ``import bonekg`` (and so
#: the start of every command) stays short, so that a Ctrl-C early in a command already
#: reaches the CLI's handler (see ``bonekg.__main__``) instead of printing a traceback.
_LAZY = {
    **dict.fromkeys(
        [
            "AmbiguousNodeError",
            "BonekgError",
            "DataError",
            "NoPathError",
            "UnknownFormatError",
            "UnknownNodeError",
        ],
        "bonekg.errors",
    ),
    "KnowledgeGraph": "bonekg.kg",
    "load": "bonekg.load",
    "Claim": "bonekg.model",
    "Publication": "bonekg.model",
    "PathQuery": "bonekg.paths",
    "explain": "bonekg.paths",
    "find_paths": "bonekg.paths",
}


def __getattr__(name: str) -> Any:
    """Import a public name (or ``__version__``) on first use."""
    if name == "__version__":
        from importlib.metadata import version

        return version("bonekg")
    if name not in _LAZY:
        raise AttributeError(f"module 'bonekg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package module: ``bonekg.load`` stays the function ``load``.

    Importing a submodule sets it as an attribute of its package; for ``bonekg.load``
    that would hide the function of the same name, which the eager ``from bonekg.load
    import load`` used to rebind. Submodules are still in ``sys.modules``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

"""bonekg: a curated, evidence-backed knowledge graph of bone-biology mechanisms.

The folder ``graph/`` of the repository is the ``bonekg`` package (setuptools
``package-dir``); ``ontology/``, ``data/`` and ``viz/`` are ``bonekg.ontology``,
``bonekg.data`` and ``bonekg.viz``. This module stays light: heavy libraries (rdflib,
pyvis, pyshacl, pyoxigraph) are imported by the functions that use them.
"""

from __future__ import annotations

from importlib.metadata import version

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

__version__ = version("bonekg")

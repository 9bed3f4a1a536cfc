"""bonekg: a curated, evidence-backed knowledge graph of bone-biology mechanisms.

The folder ``graph/`` of the repository is the ``bonekg`` package (setuptools
``package-dir``); ``ontology/``, ``data/`` and ``viz/`` are ``bonekg.ontology``,
``bonekg.data`` and ``bonekg.viz``. This module stays light: heavy libraries (rdflib,
pyvis, pyshacl, pyoxigraph) are imported by the functions that use them.
"""

from __future__ import annotations

from bonekg.errors import (
    AmbiguousNodeError,
    BonekgError,
    DataError,
    NoPathError,
    UnknownFormatError,
    UnknownNodeError,
)
from bonekg.load import load
from bonekg.model import Edge, Node, Publication, Source, edges, get_node
from bonekg.names import resolve, search

__all__ = [
    "AmbiguousNodeError",
    "BonekgError",
    "DataError",
    "Edge",
    "NoPathError",
    "Node",
    "Publication",
    "Source",
    "UnknownFormatError",
    "UnknownNodeError",
    "__version__",
    "edges",
    "get_node",
    "load",
    "resolve",
    "search",
]

__version__ = "0.1.0"

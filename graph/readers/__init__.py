"""Readers: files in, :class:`~bonekg.kg.KnowledgeGraph` out, registered by name.

``yaml`` reads (and validates) the curated folder; ``rdf`` reads a bonekg RDF export
(Turtle, N-Triples, JSON-LD) back; ``kgx`` and ``triples`` read external graphs that
``--merge`` merges in (:mod:`bonekg.merge`). See :mod:`bonekg.readers.registry`.
"""

from __future__ import annotations

from bonekg.readers import kgx, rdf, triples, yaml  # noqa: F401  (registration happens on import)
from bonekg.readers.registry import READERS, Reader, get_reader, reader_for, register

__all__ = ["READERS", "Reader", "get_reader", "reader_for", "register"]

"""A writer that writes nothing: validation-only runs and cheap tests."""

from __future__ import annotations

from typing import Any

from bonekg.model import Claim, NodeData
from bonekg.writers.registry import Format, register

__all__ = ["NullWriter"]


class NullWriter:
    """Count what passes through and discard it."""

    def __init__(self, graph: Any = None, target: Any = None) -> None:
        self.nodes = 0
        self.edges = 0

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Count one node."""
        self.nodes += 1

    def write_edge(self, claim: Claim) -> None:
        """Count one edge."""
        self.edges += 1

    def finalize(self) -> None:
        """Nothing to flush."""


register(Format("null", "", "nothing (validation only)", NullWriter))

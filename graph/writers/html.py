"""The interactive viewer as a build format: ``bonekg.html`` (see :mod:`bonekg.viz`).

The page holds the whole graph as one JSON block, so this writer gathers the nodes and
claims it is fed and renders the page in :meth:`HtmlWriter.finalize`. pyvis and the
page's assets load only then, never on the query path.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from bonekg.model import Claim, NodeData
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["HtmlWriter"]


class HtmlWriter:
    """Write the self-contained HTML viewer of the nodes and claims fed to it."""

    def __init__(self, kg: KnowledgeGraph, handle: IO[bytes]) -> None:
        self.kg = kg
        self.handle = handle
        self.nodes: list[str] = []
        self.edges: list[Claim] = []

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Keep one node for the page."""
        self.nodes.append(node_id)

    def write_edge(self, claim: Claim) -> None:
        """Keep one claim for the page."""
        self.edges.append(claim)

    def finalize(self) -> None:
        """Render the page and write it."""
        from bonekg.viz.page import render_page

        text = render_page(self.kg, nodes=self.nodes, claims=self.edges)
        self.handle.write(text.encode("utf-8"))


register(Format("html", "bonekg.html", "interactive viewer (offline HTML)", HtmlWriter))

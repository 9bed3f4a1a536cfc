"""The interactive viewer as a build format: ``bonekg.html`` (see :mod:`bonekg.viz`).

The page holds the whole graph as one JSON block, so this writer gathers the nodes and
claims it is fed and renders the page in :meth:`HtmlWriter.finalize`. pyvis and the
page's assets load only then, never on the query path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from bonekg.writers import Format, register

__all__ = ["HtmlWriter"]


class HtmlWriter:
    """Write the self-contained HTML viewer of the nodes and claims fed to it."""

    def __init__(self, graph: Any, handle: IO[bytes]) -> None:
        self.graph = graph
        self.handle = handle
        self.nodes: list[str] = []
        self.edges: list[tuple[str, str, str, Mapping[str, Any]]] = []

    def write_node(self, node_id: str, data: Mapping[str, Any]) -> None:
        """Keep one node for the page."""
        self.nodes.append(node_id)

    def write_edge(self, subject: str, obj: str, key: str, data: Mapping[str, Any]) -> None:
        """Keep one claim for the page."""
        self.edges.append((subject, obj, key, data))

    def finalize(self) -> None:
        """Render the page and write it."""
        from bonekg.viz.page import render_page

        text = render_page(self.graph, nodes=self.nodes, edges=self.edges)
        self.handle.write(text.encode("utf-8"))


register(Format("html", "bonekg.html", "interactive viewer (offline HTML)", HtmlWriter))

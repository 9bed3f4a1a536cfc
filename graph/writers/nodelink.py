"""Node-link JSON, the format of ``networkx.node_link_data``, streamed.

The edges are under ``edges``, the key ``networkx.node_link_graph(data)`` reads by
default from networkx 3.6 on (the lowest version pyproject.toml allows): 3.2 and 3.3
read ``links``, and 3.4 and 3.5 warn on every call that does not name the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from bonekg.model import Claim, NodeData
from bonekg.writers.registry import Format, register

__all__ = ["NodeLinkWriter"]


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")


class NodeLinkWriter:
    """Write ``{"directed", "multigraph", "graph", "nodes": [...], "edges": [...]}``."""

    def __init__(self, graph: Any, handle: IO[bytes]) -> None:
        self.handle = handle
        self.section = "nodes"
        self.count = 0
        handle.write(
            b'{"directed": true, "multigraph": true, "graph": {"name": "bonekg"},\n "nodes": ['
        )

    def _item(self, section: str, record: Mapping[str, Any]) -> None:
        if section != self.section:
            self.handle.write(b'\n ],\n "edges": [')
            self.section, self.count = section, 0
        self.handle.write(b",\n  " if self.count else b"\n  ")
        self.count += 1
        self.handle.write(_dump(record))

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Write one node object."""
        self._item("nodes", {"id": node_id, **data})

    def write_edge(self, claim: Claim) -> None:
        """Write one edge object (``source``, ``target``, ``key`` and the claim)."""
        self._item(
            "edges",
            {"source": claim.subject, "target": claim.object, "key": claim.key, **claim.data},
        )

    def finalize(self) -> None:
        """Close the lists and the object."""
        if self.section == "nodes":
            self.handle.write(b'\n ],\n "edges": [')
        self.handle.write(b"\n ]\n}\n")


register(Format("json", "bonekg.json", "node-link JSON (networkx)", NodeLinkWriter))

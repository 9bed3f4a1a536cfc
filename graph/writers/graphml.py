"""GraphML for Cytoscape, Gephi and yEd, streamed; lists and mappings become JSON text."""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from bonekg.model import Claim, ClaimData, NodeData
from bonekg.writers.registry import Format, register

__all__ = ["GraphMLWriter"]

#: Node and edge attributes, in the order the schema declares them.
NODE_KEYS = tuple(typing.get_type_hints(NodeData))
EDGE_KEYS = tuple(typing.get_type_hints(ClaimData))
_TYPES = {"sign": "int"}


def _text(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class GraphMLWriter:
    """Write a GraphML document with one ``<edge>`` per claim, keyed by statement ID."""

    def __init__(self, graph: Any, handle: IO[bytes]) -> None:
        self.handle = handle
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        ]
        for where, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
            for name in keys:
                kind = _TYPES.get(name, "string")
                head.append(
                    f'  <key id="{name}" for="{where}" attr.name="{name}" attr.type="{kind}"/>'
                )
        head.append('  <graph id="bonekg" edgedefault="directed">')
        self._out("\n".join(head) + "\n")

    def _out(self, text: str) -> None:
        self.handle.write(text.encode("utf-8"))

    def _data(self, data: Mapping[str, Any], keys: tuple[str, ...]) -> str:
        return "".join(
            f'      <data key="{k}">{escape(_text(data[k]))}</data>\n'
            for k in keys
            if data.get(k) is not None
        )

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Write one ``<node>`` with its attributes."""
        self._out(f"    <node id={quoteattr(node_id)}>\n{self._data(data, NODE_KEYS)}    </node>\n")

    def write_edge(self, claim: Claim) -> None:
        """Write one ``<edge>`` with its claim."""
        ends = f"source={quoteattr(claim.subject)} target={quoteattr(claim.object)}"
        attrs = f"id={quoteattr(claim.key)} {ends}"
        self._out(f"    <edge {attrs}>\n{self._data(claim.data, EDGE_KEYS)}    </edge>\n")

    def finalize(self) -> None:
        """Close the graph and the document."""
        self._out("  </graph>\n</graphml>\n")


register(Format("graphml", "bonekg.graphml", "GraphML (Cytoscape, Gephi, yEd)", GraphMLWriter))

"""What the rules share: the records that passed so far, and the problems found."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from bonekg.errors import Problem
from bonekg.model import Claim, NodeData

__all__ = ["IN_VITRO", "NODE_PREFIXES", "REF_PREFIXES", "Checked", "Key"]

#: Path of a value inside a document: mapping keys and list indexes from the root.
Key = tuple[Hashable, ...]

IN_VITRO = "in vitro"
#: Prefixes a node ID may have: the ontologies whose terms the data uses, and ``bonekg``.
NODE_PREFIXES = frozenset(
    {
        "CL",
        "GO",
        "UBERON",
        "CHEBI",
        "MONDO",
        "HP",
        "NCIT",
        "HGNC",
        "EFO",
        "MESH",
        "PATO",
        "DRUGBANK",
        "bonekg",
    }
)
REF_PREFIXES = frozenset({"PMID", "DOI"})


@dataclass
class Checked:
    """The records that passed their own checks, ready to become a graph."""

    nodes: dict[str, NodeData] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    publications: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: What is allowed but should be looked at (a project ID without its reason).
    warnings: list[Problem] = field(default_factory=list)
    #: Nodes given but defective: claims citing them are not reported again.
    defective_nodes: set[str] = field(default_factory=set)

    def node_name(self, node_id: str) -> str:
        """Return ``ID label`` (just the ID for a defective node), how a suggestion names a node."""
        data = self.nodes.get(node_id)
        return f"{node_id} {data['label']}" if data else node_id

"""KGX TSV: ``nodes.tsv`` and ``edges.tsv`` with Biolink categories and predicates.

The folder holds the two files KGX reads (it looks for ``*nodes.tsv`` and
``*edges.tsv``). Columns follow KGX: list values are joined with ``|`` and KGX reads the
files without quoting, so tabs, line breaks and ``|`` inside text become spaces and
``/`` (the only lossy step; the curated data has none). Each file is written to a
temporary name and renamed when the writer finishes; a writer dropped half-way leaves
no file behind.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.files import atomic_output, prepare_folder
from bonekg.model import Claim, NodeData
from bonekg.writers.registry import Format, register

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = [
    "AGENT_TYPE",
    "EDGES_FILE",
    "EDGE_COLUMNS",
    "KNOWLEDGE_LEVEL",
    "KNOWLEDGE_SOURCE",
    "NODES_FILE",
    "NODE_COLUMNS",
    "KgxWriter",
    "clean",
]

#: The two files of the folder (KGX reads ``*nodes.tsv`` and ``*edges.tsv``).
NODES_FILE, EDGES_FILE = "nodes.tsv", "edges.tsv"
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "provided_by")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "original_predicate",
    "object_direction_qualifier",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
    "supporting_text",
    "bonekg_qualifiers",
)
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
KNOWLEDGE_SOURCE = "infores:bonekg"

_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "|": "/"})


def clean(text: str) -> str:
    """Make *text* safe for one KGX TSV cell (no tab, line break or list separator)."""
    return text.translate(_CLEAN)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class KgxWriter:
    """Write ``nodes.tsv`` and ``edges.tsv`` into a folder, streaming rows.

    :param kg: the graph being written (for its vocabulary)
    :param folder: the folder to fill (created when missing)
    :raises OutputError: the folder cannot be created, or a file is in the way
    """

    def __init__(self, kg: KnowledgeGraph, folder: Path) -> None:
        self.vocab = kg.vocabulary
        folder = Path(folder)
        prepare_folder(folder)
        # When edges.tsv cannot be opened, leaving the ``with`` discards nodes.tsv's file.
        with ExitStack() as stack:
            self.nodes = stack.enter_context(atomic_output(folder / NODES_FILE))
            self.edges = stack.enter_context(atomic_output(folder / EDGES_FILE))
            self.stack = stack.pop_all()
        self._row(self.nodes, NODE_COLUMNS)
        self._row(self.edges, EDGE_COLUMNS)

    @staticmethod
    def _row(handle: Any, cells: tuple[str, ...] | list[str]) -> None:
        handle.write(("\t".join(cells) + "\n").encode("utf-8"))

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Write one row of ``nodes.tsv``."""
        self._row(
            self.nodes,
            [
                node_id,
                data["biolink_class"],
                clean(data["label"]),
                clean(data.get("description", "")),
                "|".join(clean(s) for s in data.get("synonyms", ())),
                "|".join(data.get("xrefs", ())),
                KNOWLEDGE_SOURCE,
            ],
        )

    def write_edge(self, claim: Claim) -> None:
        """Write one row of ``edges.tsv``; a merged edge keeps its own provenance."""
        data, subject, obj, key = claim.data, claim.subject, claim.object, claim.key
        predicate = self.vocab.predicates.get(data["predicate"])
        sources = data["sources"]
        qualifiers = sorted(data.get("qualifiers", {}).items())
        if claim.merged:
            provenance = [
                data.get("knowledge_level", ""),
                "",
                claim.knowledge_source or "",
                "|".join(data.get("publications", ())),
            ]
        else:
            provenance = [
                KNOWLEDGE_LEVEL,
                AGENT_TYPE,
                KNOWLEDGE_SOURCE,
                "|".join(_unique([s["ref"] for s in sources])),
            ]
        self._row(
            self.edges,
            [
                key,
                subject,
                predicate.biolink if predicate else data["predicate"],
                obj,
                "biolink:Association",
                f"bonekg:{predicate.name}" if predicate else "",
                predicate.biolink_direction or "" if predicate else "",
                *provenance,
                "|".join(_unique([s["evidence"] for s in sources])),
                "|".join(_unique([clean(s["statement"]) for s in sources])),
                "|".join(clean(f"{k}={v}") for k, v in qualifiers),
            ],
        )

    def finalize(self) -> None:
        """Rename both files into place."""
        self.stack.close()


register(
    Format(
        "kgx",
        "kgx",
        "KGX TSV (kgx/nodes.tsv, kgx/edges.tsv; Biolink)",
        KgxWriter,
        folder=True,
        parts=(NODES_FILE, EDGES_FILE),
    )
)

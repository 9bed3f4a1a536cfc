"""What the readers of external graphs share: IDs, Biolink mapping, bad rows, the graph.

An external graph (a KGX folder, an N-Triples or Turtle dump) is read row by row into an
:class:`ExternalGraph`. Node IDs are put in their CURIE form through the prefix map (an
IRI the map knows becomes its CURIE, so both forms meet); Biolink categories and
predicates become bonekg's where the vocabulary maps them and stay as they are
otherwise; every edge keeps its provenance. A bad row is noted as a
:class:`~bonekg.errors.Problem` and left out: the merge decides whether to stop.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bonekg.errors import DataError, Problem
from bonekg.ids import converter
from bonekg.model import ClaimData, NodeData, statement_id

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.progress import Bar
    from bonekg.vocabulary import Vocabulary

__all__ = [
    "NAMED_THING",
    "BytesRead",
    "ExternalGraph",
    "is_id",
    "merged_key",
    "normalize_id",
    "open_text",
]

#: The category of a node an external graph names without saying what it is.
NAMED_THING = "biolink:NamedThing"
_IRI_SCHEMES = ("http://", "https://", "urn:", "ftp://")


def normalize_id(value: str) -> str:
    """Return the CURIE form of a node ID given as an IRI or a CURIE (unknown IRIs stay IRIs)."""
    conv = converter()
    if value.startswith(_IRI_SCHEMES):
        return conv.compress(value) or value
    return conv.standardize_curie(value) or value


def merged_key(
    subject: str, predicate: str, obj: str, qualifiers: Mapping[str, str], source: str
) -> str:
    """Return the statement ID of a merged edge: its source counts, so it never is a curated one's."""
    return statement_id(subject, predicate, obj, {**qualifiers, "primary_knowledge_source": source})


def open_text(path: Path) -> IO[str]:
    """Open a text file for reading, gunzipping a ``.gz`` one.

    :raises DataError: the file cannot be opened
    """
    try:
        if path.name.endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
        return path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataError([Problem(str(path), 0, "file", exc.strerror or str(exc))]) from exc


class BytesRead:
    """Tell a progress bar how many bytes of a file (compressed ones, if gzipped) are read.

    :param handle: a file from :func:`open_text`
    :param shown: the bar, of the file's size
    """

    EVERY = 10_000

    def __init__(self, handle: IO[str], shown: Bar) -> None:
        buffer = getattr(handle, "buffer", None)
        self.raw = getattr(buffer, "fileobj", None) or buffer  # gzip: the compressed file
        self.shown = shown
        self.done = 0

    def __enter__(self) -> BytesRead:
        return self

    def __exit__(self, *_: object) -> None:
        self.update()

    def tick(self, line: int) -> None:
        """Update the bar every :attr:`EVERY` lines."""
        if not line % self.EVERY:
            self.update()

    def update(self) -> None:
        """Update the bar to the bytes read so far."""
        if self.raw is None or self.raw.closed:
            return
        now = self.raw.tell()
        self.shown.update(now - self.done)
        self.done = now


_ID = re.compile(r"[^\s:]+:\S+")


def is_id(value: str) -> bool:
    """Whether *value* can name a node: a CURIE (``PREFIX:local``) or an IRI."""
    return _ID.fullmatch(value) is not None


class ExternalGraph:
    """Nodes and edges of one external graph, mapped onto the vocabulary as they are added.

    :param vocab: the vocabulary whose Biolink mappings apply
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.nodes: dict[str, NodeData] = {}
        #: Edges by (subject, predicate, object, qualifiers, source); IDs come at the end.
        self.edges: dict[tuple[str, str, str, tuple[tuple[str, str], ...], str], ClaimData] = {}
        # Rows repeat IDs and predicates: each is normalised or mapped once.
        self._ids: dict[str, str] = {}
        self._predicates: dict[tuple[str, str], str | None] = {}
        #: The bad rows, left out of the graph.
        self.problems: list[Problem] = []

    def problem(self, file: str, line: int, field: str, message: str) -> None:
        """Note a bad row (``file:line: field: message``); the row is left out."""
        self.problems.append(Problem(file, line, field, message))

    def add_node(
        self,
        node_id: str,
        label: str = "",
        categories: Sequence[str] = (),
        synonyms: Sequence[str] = (),
        description: str = "",
        xrefs: Sequence[str] = (),
    ) -> None:
        """Add a node, its first Biolink category mapped onto a bonekg category if one maps."""
        node_id = self.normalize(node_id)
        biolink = [c for c in categories if c]
        mapped = [m for c in biolink if (m := self.vocab.category_of_biolink(c))]
        known = self.nodes.get(node_id)
        if known is not None and not label and not biolink:
            return  # a bare mention (a triple's object) adds nothing to what is known
        self.nodes[node_id] = NodeData(
            label=label or (known["label"] if known else node_id),
            category=mapped[0] if mapped else (biolink[0] if biolink else NAMED_THING),
            biolink_class=biolink[0] if biolink else NAMED_THING,
            synonyms=sorted(set(synonyms)),
            description=description,
            xrefs=sorted({self.normalize(x) for x in xrefs if x}),
        )

    def normalize(self, value: str) -> str:
        """Return :func:`normalize_id` of *value*, remembered."""
        found = self._ids.get(value)
        if found is None:
            found = self._ids[value] = normalize_id(value)
        return found

    def add_edge(
        self,
        subject: str,
        predicate: str,
        obj: str,
        source: str,
        publications: Sequence[str] = (),
        knowledge_level: str = "",
        direction: str = "",
    ) -> None:
        """Add an edge with its provenance, its Biolink predicate mapped where bonekg has it.

        The same edge from the same source twice is one edge with both rows' publications.

        :param source: the ``primary_knowledge_source`` (an ``infores:`` CURIE)
        :param direction: the ``object_direction_qualifier`` (``upregulated``...), if any
        """
        subject, obj = self.normalize(subject), self.normalize(obj)
        for end in (subject, obj):
            if end not in self.nodes:
                self.add_node(end)
        pair = (predicate, direction)
        if pair not in self._predicates:
            self._predicates[pair] = self.vocab.predicate_of_biolink(predicate, direction or None)
        name = self._predicates[pair]
        qualifiers = {}
        if name is None and direction:
            qualifiers["object_direction_qualifier"] = direction
        edge = (subject, name or predicate, obj, tuple(sorted(qualifiers.items())), source)
        if (seen := self.edges.get(edge)) is not None:
            merged = set(seen.get("publications", ())) | set(publications)
            seen["publications"] = sorted(merged)
            return
        known = self.vocab.predicates.get(name or "")
        data = ClaimData(
            predicate=name or predicate,
            sign=known.sign if known else None,
            qualifiers=qualifiers,
            sources=[],
            primary_knowledge_source=source,
            publications=sorted(set(publications)),
        )
        if knowledge_level:
            data["knowledge_level"] = knowledge_level
        self.edges[edge] = data

    def graph(self) -> KnowledgeGraph:
        """Return the knowledge graph of what was read; its ``skipped`` are the bad rows."""
        import networkx as nx

        from bonekg.bulk import paused_gc
        from bonekg.kg import KnowledgeGraph

        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        with paused_gc():
            graph.add_nodes_from((n, dict(d)) for n, d in sorted(self.nodes.items()))
            # (u, v, key, data) 4-tuples: networkx takes them, its stubs do not say so.
            graph.add_edges_from(
                (s, o, merged_key(s, p, o, dict(q), source), data)  # type: ignore[misc]
                for (s, p, o, q, source), data in self.edges.items()
            )
        kg = KnowledgeGraph(graph, self.vocab, {})
        kg.skipped = tuple(sorted(self.problems))
        return kg

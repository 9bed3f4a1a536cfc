"""The knowledge graph object that :func:`bonekg.load.load` and every reader return.

A :class:`KnowledgeGraph` owns the networkx graph (:attr:`~KnowledgeGraph.nx`, one
edge per claim, keyed by statement ID), the vocabulary it was validated against, the
publications of its sources and the name index. It gives the one canonical iteration
order (:meth:`~KnowledgeGraph.nodes` by ID, :meth:`~KnowledgeGraph.claims` by subject,
predicate, object and statement ID) that every writer, the viewer and the tests use, the
lookups (``node``, ``resolve``, ``search``) and the small queries the command line shows
(``neighbors``, ``stats``).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol, cast

from bonekg.errors import Problem, UnknownNodeError
from bonekg.model import Claim, ClaimData, NodeData, Publication, SourceRecord

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.vocabulary import Vocabulary

__all__ = ["DIRECTIONS", "KnowledgeGraph", "Writer"]

#: Values of ``neighbors --direction``.
DIRECTIONS = ("out", "in", "both")


class Writer(Protocol):
    """What every writer does: take nodes, then claims, then finish the output."""

    def write_node(self, node_id: str, data: NodeData) -> None:
        """Write one node."""

    def write_edge(self, claim: Claim) -> None:
        """Write one claim."""

    def finalize(self) -> None:
        """Flush whatever the format writes last (closing tags, sorted blocks)."""


#: Items written between two updates of a progress bar.
_EVERY = 10_000


class KnowledgeGraph:
    """A validated graph: claims as typed edges, with vocabulary, publications and names.

    :param graph: the networkx graph; node attributes are :class:`~bonekg.model.NodeData`,
        edge attributes :class:`~bonekg.model.ClaimData`, edge keys statement IDs
    :param vocabulary: the vocabulary the data was validated against
    :param publications: the publications the claims cite, by CURIE
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph[str],
        vocabulary: Vocabulary,
        publications: Mapping[str, Publication],
    ) -> None:
        self.nx = graph
        self.vocabulary = vocabulary
        self.publications = dict(sorted(publications.items()))
        #: What validation allowed but flagged (``file:line: field: message``), in order.
        self.warnings: tuple[Problem, ...] = ()
        #: Bad rows of merged external graphs that ``--lenient`` left out, in order.
        self.skipped: tuple[Problem, ...] = ()

    @functools.cached_property
    def names(self) -> dict[str, dict[str, list[str]]]:
        """Every node under its lower-cased ID, label and synonyms (built on first use)."""
        from bonekg.names import build_index

        return build_index(self.nodes())

    @classmethod
    def from_records(
        cls,
        nodes: Mapping[str, NodeData],
        claims: Iterable[Claim],
        publications: Mapping[str, Publication],
        vocabulary: Vocabulary,
    ) -> KnowledgeGraph:
        """Build the graph from validated records (any reader's output).

        :param nodes: node ID -> stored attributes
        :param claims: the claims, each keyed by its statement ID
        """
        import networkx as nx

        from bonekg.bulk import paused_gc

        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        with paused_gc():
            graph.add_nodes_from((n, dict(d)) for n, d in sorted(nodes.items()))
            # (u, v, key, data) 4-tuples: networkx takes them, its stubs do not say so.
            graph.add_edges_from(
                (c.subject, c.object, c.key, dict(c.data))  # type: ignore[misc]
                for c in claims
            )
        return cls(graph, vocabulary, publications)

    # ------------------------------------------------------------------ iteration
    def nodes(self) -> Iterator[tuple[str, NodeData]]:
        """Iterate over ``(node ID, data)`` by node ID: the one canonical node order."""
        data = self.nx.nodes
        for node_id in sorted(data):
            yield node_id, cast("NodeData", data[node_id])

    def claims(self, within: Collection[str] | None = None) -> Iterator[Claim]:
        """Iterate over every claim by subject, predicate, object, statement ID.

        :param within: only claims whose two ends are in this set of node IDs
        """
        # Only the out-edges of *within*: a neighbourhood costs its degrees, not the graph.
        edges = (
            self.nx.edges(keys=True, data=True)
            if within is None
            else self.nx.out_edges(within, keys=True, data=True)
        )
        rows = [
            Claim(s, o, k, cast("ClaimData", d))
            for s, o, k, d in edges
            if within is None or o in within
        ]
        rows.sort(key=Claim.order)
        yield from rows

    def feed(self, writer: Writer) -> None:
        """Stream the graph into *writer*: nodes, then claims, in canonical order, then finish."""
        from bonekg.progress import bar

        with bar("writing", len(self) + self.number_of_claims) as shown:
            for number, (node_id, data) in enumerate(self.nodes(), 1):
                writer.write_node(node_id, data)
                if not number % _EVERY:
                    shown.update(_EVERY)
            shown.update(len(self) % _EVERY)
            for number, claim in enumerate(self.claims(), 1):
                writer.write_edge(claim)
                if not number % _EVERY:
                    shown.update(_EVERY)
            shown.update(self.number_of_claims % _EVERY)
        writer.finalize()

    # ------------------------------------------------------------------ lookups
    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nx

    def __len__(self) -> int:
        return int(self.nx.number_of_nodes())

    @property
    def number_of_claims(self) -> int:
        """How many claims (edges) the graph holds."""
        return int(self.nx.number_of_edges())

    def node(self, node_id: str) -> NodeData:
        """Return the data of node *node_id*.

        :raises UnknownNodeError: no such node
        """
        try:
            data = cast("NodeData", self.nx.nodes[node_id])
        except KeyError:
            raise UnknownNodeError(node_id) from None
        return data

    def label(self, node_id: str) -> str:
        """Return the label of node *node_id*."""
        return self.node(node_id)["label"]

    def display(self, node_id: str) -> str:
        """Return ``label (ID)``, how messages and text output name a node."""
        return f"{self.label(node_id)} ({node_id})"

    def resolve(self, name: str) -> str:
        """Return the ID of the node named *name* (ID, label or synonym, any case).

        :raises UnknownNodeError: nothing matches; carries close matches
        :raises AmbiguousNodeError: several nodes match
        """
        from bonekg.names import resolve

        return resolve(self, name)

    def search(self, text: str) -> list[str]:
        """Return the IDs of nodes whose ID, label, synonyms or description contain *text*."""
        from bonekg.names import search

        return search(self, text)

    # ------------------------------------------------------------------ evidence
    def source_kind(self, source: SourceRecord | Mapping[str, Any]) -> str:
        """Classify one source: ``rct``, ``clinical``, ``animal``, ``in vitro`` or ``review``."""
        pub = self.publications.get(source["ref"])
        return self.vocabulary.evidence_kind(
            source["evidence"], source["species"], pub.type if pub else ""
        )

    def source_rank(self, source: SourceRecord | Mapping[str, Any]) -> int:
        """Rank one source for ordering paths: human RCT 5 ... review 1."""
        pub = self.publications.get(source["ref"])
        return self.vocabulary.evidence_rank(
            source["evidence"], source["species"], pub.type if pub else ""
        )

    # ------------------------------------------------------------------ queries
    def neighbors(
        self, node_id: str, direction: str = "both", predicates: Collection[str] = ()
    ) -> list[Claim]:
        """Return the claims adjacent to *node_id*: outgoing first, then by predicate.

        :param direction: ``out``, ``in`` or ``both``
        :param predicates: only these predicates (empty: all)
        """
        self.node(node_id)
        rows: list[Claim] = []
        if direction in {"out", "both"}:
            rows += [
                Claim(node_id, o, k, cast("ClaimData", d))
                for _, o, k, d in self.nx.out_edges(node_id, keys=True, data=True)
            ]
        if direction in {"in", "both"}:
            rows += [
                Claim(s, node_id, k, cast("ClaimData", d))
                for s, _, k, d in self.nx.in_edges(node_id, keys=True, data=True)
                if s != node_id or direction == "in"
            ]
        if predicates:
            rows = [c for c in rows if c.predicate in predicates]
        return sorted(rows, key=lambda c: (c.subject != node_id, c.predicate, c.subject, c.object))

    def stats(self) -> dict[str, Any]:
        """Count nodes and claims by category, predicate, source, evidence kind and species."""
        claims = [d for _, _, d in self.nx.edges(data=True)]
        sources = [s for d in claims for s in d["sources"]]
        return {
            "nodes": len(self),
            "edges": len(claims),
            "publications": len(self.publications),
            "categories": _counts(d["category"] for _, d in self.nx.nodes(data=True)),
            "predicates": _counts(d["predicate"] for d in claims),
            "sources": _counts(s["ref"] for s in sources),
            "evidence": _counts(self.source_kind(s) for s in sources),
            "species": _counts(s["species"] for s in sources),
        }


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))

"""Paths between two nodes, shortest first, with the evidence of every hop.

The search is bounded three ways, because real graphs have hubs through which simple
paths explode: ``max_hops`` (path length), ``limit`` (paths returned) and ``timeout``
(seconds of work). It runs in two steps:

1. a breadth-first search *backwards* from the target gives, for nodes near it, their
   exact distance to the target (it stops growing when its frontier gets expensive);
2. a depth-first search from the source enumerates simple paths of length 1, 2, ...
   ``max_hops`` in turn, and only steps onto a node whose distance to the target still
   fits in the hops left (unknown nodes are at least one step beyond the backward
   search). So paths come out shortest first, lazily, and the search stops at
   ``limit`` paths or at the deadline, returning what it found and saying it was cut.

Every hop is one claim (a multigraph edge): two claims between the same nodes, such as
PTH increasing bone formation under intermittent dosing and decreasing it under
continuous dosing, make two paths. ``explain`` multiplies the signs along causal paths;
see :func:`explain` for how each predicate counts and how paths are ranked.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import TYPE_CHECKING, Any

from bonekg.errors import NoPathError
from bonekg.model import source_kind, source_rank, vocabulary

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EVIDENCE_KINDS",
    "EdgeFilter",
    "Explanation",
    "Hop",
    "Path",
    "PathResult",
    "explain",
    "find_paths",
]

#: Values of ``--evidence``: a kind of source, or ``primary`` (anything but a review).
EVIDENCE_KINDS = ("rct", "clinical", "animal", "in vitro", "review", "primary")

#: Above this many edges in the next backward frontier, stop growing the backward search.
_FRONTIER_BUDGET = 20_000
#: Check the clock every this many search steps.
_CLOCK_EVERY = 256


@dataclass(frozen=True)
class Hop:
    """One claim along a path."""

    subject: str
    object: str
    key: str
    data: Mapping[str, Any]

    @property
    def predicate(self) -> str:
        """The claim's predicate."""
        return str(self.data["predicate"])

    @property
    def sign(self) -> int | None:
        """+1 or -1 for causal predicates, else None."""
        sign = self.data.get("sign")
        return int(sign) if sign is not None else None


@dataclass(frozen=True)
class Path:
    """A simple path: its nodes, its hops, the product of its signs and its evidence score."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    #: Product of the hops' path signs; None when some hop carries no sign.
    sign: int | None
    #: The weakest hop's (best evidence rank, number of sources): higher is better supported.
    score: tuple[int, int]


@dataclass
class PathResult:
    """The paths found from ``source`` to ``target``, and whether the search was cut short."""

    source: str
    target: str
    paths: list[Path] = field(default_factory=list)
    truncated: bool = False
    elapsed: float = 0.0


@dataclass(frozen=True)
class EdgeFilter:
    """Which claims a path may use.

    :param predicates: only these predicates (empty: all)
    :param species: only claims with a source in one of these species (NCBITaxon CURIEs
        or ``in vitro``; empty: all)
    :param evidence: only claims with a source of one of these kinds (see
        :data:`EVIDENCE_KINDS`; empty: all)
    :param causal: only predicates that carry a path sign (for ``explain``)
    """

    predicates: frozenset[str] = frozenset()
    species: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()
    causal: bool = False

    def compile(self, graph: nx.MultiDiGraph) -> Callable[[Mapping[str, Any]], bool]:
        """Return a predicate over edge data implementing this filter for *graph*."""
        path_signs = {name: p.path_sign for name, p in vocabulary(graph).predicates.items()}
        predicates, species, kinds, causal = (
            self.predicates,
            self.species,
            self.evidence,
            self.causal,
        )

        def source_ok(source: Mapping[str, Any]) -> bool:
            if species and source["species"] not in species:
                return False
            if not kinds:
                return True
            kind = source_kind(graph, source)
            return kind in kinds or ("primary" in kinds and kind != "review")

        def accept(data: Mapping[str, Any]) -> bool:
            predicate = data["predicate"]
            if predicates and predicate not in predicates:
                return False
            if causal and path_signs.get(predicate) is None:
                return False
            if species or kinds:
                return any(source_ok(s) for s in data["sources"])
            return True

        return accept


class _Deadline:
    """A wall-clock budget checked every few hundred steps."""

    def __init__(self, seconds: float | None) -> None:
        self.end = None if seconds is None else time.perf_counter() + seconds
        self.steps = 0
        self.hit = False

    def passed(self) -> bool:
        if self.end is None:
            return False
        self.steps += 1
        if self.steps % _CLOCK_EVERY == 0 and time.perf_counter() > self.end:
            self.hit = True
        return self.hit


def _accepted(
    adjacency: Mapping[str, Mapping[str, Any]],
    node: str,
    accept: Callable[[Mapping[str, Any]], bool],
) -> Iterator[tuple[str, list[tuple[str, Mapping[str, Any]]]]]:
    """Yield each neighbour of *node* with the accepted claims of the hop to it."""
    for neighbour, keyed in adjacency[node].items():
        claims = [(key, data) for key, data in keyed.items() if accept(data)]
        if claims:
            yield neighbour, claims


def _distances_to(
    graph: nx.MultiDiGraph,
    target: str,
    depth: int,
    accept: Callable[[Mapping[str, Any]], bool],
    excluded: Collection[str],
    deadline: _Deadline,
) -> tuple[dict[str, int], int]:
    """Breadth-first search backwards from *target*.

    :returns: exact distances to the target of the nodes reached, and the depth fully
        explored (nodes not in the map are farther than that)
    """
    pred = graph._pred  # networkx's adjacency dicts, read-only: no view overhead
    dist = {target: 0}
    frontier = [target]
    level = 0
    while frontier and level < depth:
        cost = sum(len(pred[n]) for n in frontier)
        if level > 0 and cost > _FRONTIER_BUDGET:
            break
        nxt = []
        for node in frontier:
            for neighbour, _claims in _accepted(pred, node, accept):
                if neighbour not in dist and neighbour not in excluded:
                    dist[neighbour] = level + 1
                    nxt.append(neighbour)
            if deadline.passed():
                return dist, level
        frontier = nxt
        level += 1
    return dist, level


def _score(graph: nx.MultiDiGraph, hops: tuple[Hop, ...]) -> tuple[int, int]:
    best = [max(source_rank(graph, s) for s in hop.data["sources"]) for hop in hops]
    fewest = min((len(hop.data["sources"]) for hop in hops), default=0)
    return (min(best) if best else 0, fewest)


def _sign(graph: nx.MultiDiGraph, hops: tuple[Hop, ...]) -> int | None:
    predicates = vocabulary(graph).predicates
    sign = 1
    for hop in hops:
        step = predicates[hop.predicate].path_sign
        if step is None:
            return None
        sign *= step
    return sign


def find_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int = 10,
    edge_filter: EdgeFilter | None = None,
    exclude: Collection[str] = (),
    timeout: float | None = 2.0,
) -> PathResult:
    """Find simple paths from *source* to *target*, shortest first.

    :param graph: the graph (node IDs, not names: resolve names first)
    :param max_hops: longest path, in claims
    :param limit: most paths to return
    :param edge_filter: which claims may be used
    :param exclude: node IDs no path may pass through
    :param timeout: seconds of search before returning what was found (None: no bound)
    :returns: the paths, and whether the timeout cut the search short
    :raises NoPathError: *source* or *target* is excluded, or a bound is not positive
    """
    if max_hops < 1 or limit < 1:
        raise NoPathError("--max-hops and --limit must be at least 1")
    excluded = set(exclude)
    if source in excluded or target in excluded:
        raise NoPathError("the source or the target is excluded")
    started = time.perf_counter()
    accept = (edge_filter or EdgeFilter()).compile(graph)
    deadline = _Deadline(timeout)
    result = PathResult(source, target)
    dist, known = _distances_to(
        graph, target, max_hops - 1 if source != target else max_hops, accept, excluded, deadline
    )
    succ = graph._succ

    def lower_bound(node: str) -> int:
        return dist.get(node, known + 1)

    for length in range(max(1, lower_bound(source)), max_hops + 1):
        for node_path, claims in _simple_paths(
            succ, source, target, length, accept, excluded, lower_bound, deadline
        ):
            for combo in product(*claims):
                hops = tuple(
                    Hop(u, v, key, data)
                    for (u, v), (key, data) in zip(pairwise(node_path), combo, strict=True)
                )
                result.paths.append(Path(node_path, hops, _sign(graph, hops), _score(graph, hops)))
                if len(result.paths) >= limit:
                    break
            if len(result.paths) >= limit or deadline.hit:
                break
        if len(result.paths) >= limit or deadline.hit:
            break
    # Shortest first; among paths of one length, the better supported first.
    result.paths.sort(key=lambda p: (len(p.hops), -p.score[0], -p.score[1]))
    result.truncated = deadline.hit
    result.elapsed = time.perf_counter() - started
    return result


def _simple_paths(
    succ: Mapping[str, Mapping[str, Any]],
    source: str,
    target: str,
    length: int,
    accept: Callable[[Mapping[str, Any]], bool],
    excluded: Collection[str],
    lower_bound: Callable[[str], int],
    deadline: _Deadline,
) -> Iterator[tuple[tuple[str, ...], list[list[tuple[str, Mapping[str, Any]]]]]]:
    """Yield simple paths of exactly *length* hops, with the accepted claims of each hop.

    A path may end where it starts (a cycle back to the source) only when source and
    target are the same node; otherwise no node repeats.
    """
    nodes = [source]
    claims: list[list[tuple[str, Mapping[str, Any]]]] = []
    on_path = {source}
    stack = [_accepted(succ, source, accept)]
    while stack:
        if deadline.passed():
            return
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            on_path.discard(nodes.pop())
            if claims:
                claims.pop()
            continue
        neighbour, hop_claims = step
        left = length - len(nodes)  # hops left after taking this one
        if neighbour == target and left == 0:
            yield (*nodes, neighbour), [*claims, hop_claims]
            continue
        if left <= 0 or neighbour in on_path or neighbour in excluded or neighbour == target:
            continue
        if lower_bound(neighbour) > left:
            continue
        nodes.append(neighbour)
        on_path.add(neighbour)
        claims.append(hop_claims)
        stack.append(_accepted(succ, neighbour, accept))


@dataclass
class Explanation:
    """The net signed effect of one node on another over causal paths."""

    source: str
    target: str
    #: ``increases``, ``decreases``, ``mixed`` or ``none``.
    net_effect: str
    #: Causal paths, best supported first.
    paths: list[Path]
    truncated: bool = False
    #: The best supported path of each sign (both when the verdict is mixed).
    strongest: dict[int, Path] = field(default_factory=dict)


def explain(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int = 20,
    edge_filter: EdgeFilter | None = None,
    exclude: Collection[str] = (),
    timeout: float | None = 2.0,
) -> Explanation:
    """Say whether *source* increases or decreases *target*, over causal paths.

    Only predicates with a path sign in the vocabulary count: ``increases`` (+1),
    ``decreases`` (-1), and the transmitting predicates ``differentiates_into``,
    ``secretes``, ``risk_factor_for`` and ``has_phenotype`` (+1: more of the subject
    means more of the object) and ``treats`` and ``prevents`` (-1). Other predicates
    (``binds``, ``regulates``, ``targets``, ``part_of``, ``is_a``...) say nothing about direction and
    end a causal path. A path's sign is the product of its hops' signs.

    Paths are ranked by evidence: first by their weakest hop's best source (human RCT >
    human clinical or observational > animal > in vitro > review), then by that weakest
    hop's number of sources, then shorter first.

    :returns: ``increases`` when every causal path found has sign +1, ``decreases`` when
        every one has -1, ``mixed`` when they disagree, ``none`` when there is none
    """
    base = edge_filter or EdgeFilter()
    causal = dataclasses.replace(base, causal=True)
    found = find_paths(
        graph,
        source,
        target,
        max_hops=max_hops,
        limit=limit,
        edge_filter=causal,
        exclude=exclude,
        timeout=timeout,
    )
    ranked = sorted(found.paths, key=lambda p: (-p.score[0], -p.score[1], len(p.hops)))
    strongest: dict[int, Path] = {}
    for path in ranked:
        if path.sign is not None:
            strongest.setdefault(path.sign, path)
    if not strongest:
        verdict = "none"
    elif len(strongest) == 2:
        verdict = "mixed"
    else:
        verdict = "increases" if 1 in strongest else "decreases"
    return Explanation(source, target, verdict, ranked, found.truncated, strongest)

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
import re
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import TYPE_CHECKING, Any

from bonekg.errors import NoPathError
from bonekg.evidence import PRIMARY, EvidenceKind
from bonekg.model import Claim

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = [
    "EVIDENCE_KINDS",
    "EdgeFilter",
    "Explanation",
    "Hop",
    "Path",
    "PathQuery",
    "PathResult",
    "explain",
    "find_paths",
    "no_path_message",
    "read_lack",
    "shortest_path_nodes",
]

#: Values of ``--evidence``: a kind of source, or ``primary`` (anything but a review).
EVIDENCE_KINDS = (*(k.key for k in EvidenceKind if k is not EvidenceKind.UNKNOWN), PRIMARY)

#: Above this many edges in the next backward frontier, stop growing the backward search.
_FRONTIER_BUDGET = 20_000
#: Check the clock every this many search steps.
_CLOCK_EVERY = 256


#: One claim along a path.
Hop = Claim

#: Above this many paths gathered, a search stops and says it was cut short.
_POOL_CAP = 5_000


@dataclass(frozen=True)
class Path:
    """A simple path: its nodes, its hops, the product of its signs and its evidence score."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    #: Product of the hops' path signs; None when some hop carries no sign.
    sign: int | None
    #: The weakest hop's (best evidence rank, number of sources): higher is better supported.
    score: tuple[int, int]
    #: True when the path starts at X and is read for a lack of X (its sign turned).
    inverted: bool = False


@dataclass
class PathResult:
    """The paths found from ``source`` to ``target``, and whether the search was cut short."""

    source: str
    target: str
    paths: list[Path] = field(default_factory=list)
    truncated: bool = False
    elapsed: float = 0.0
    #: How many paths the search found before cutting at the limit.
    found: int = 0


@dataclass(frozen=True)
class EdgeFilter:
    """Which claims a path may use.

    :param predicates: only these predicates (empty: all)
    :param species: only claims with a source in one of these species (NCBITaxon CURIEs
        or ``in vitro``; empty: all)
    :param evidence: only claims with a source of one of these kinds (see
        :data:`EVIDENCE_KINDS`; empty: all)
    :param causal: only predicates that carry a path sign (for ``explain``)
    :param curated: only curated claims, no edge merged from an external graph
        (``--merge``): a path then follows bonekg's own mechanisms
    """

    predicates: frozenset[str] = frozenset()
    species: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()
    causal: bool = False
    curated: bool = False

    def compile(self, kg: KnowledgeGraph) -> Callable[[Mapping[str, Any]], bool]:
        """Return a predicate over edge data implementing this filter for *kg*."""
        path_signs = {name: p.path_sign for name, p in kg.vocabulary.predicates.items()}
        predicates, species, kinds, causal, curated = (
            self.predicates,
            self.species,
            self.evidence,
            self.causal,
            self.curated,
        )

        def source_ok(source: Mapping[str, Any]) -> bool:
            if species and source["species"] not in species:
                return False
            if not kinds:
                return True
            kind = kg.source_kind(source)
            return kind in kinds or (PRIMARY in kinds and kind != EvidenceKind.REVIEW.key)

        def accept(data: Mapping[str, Any]) -> bool:
            predicate = data["predicate"]
            if predicates and predicate not in predicates:
                return False
            if causal and path_signs.get(predicate) is None:
                return False
            if curated and "primary_knowledge_source" in data:  # see Claim.merged
                return False
            if species or kinds:
                return any(source_ok(s) for s in data["sources"])
            return True

        return accept


@dataclass(frozen=True)
class PathQuery:
    """What ``path`` and ``explain`` look for: two nodes, the bounds and the filters.

    :param source: the node paths start from (an ID: resolve names first)
    :param target: the node paths end at
    :param max_hops: longest path, in claims
    :param limit: most paths to return; the best are kept, whatever the limit
    :param edge_filter: which claims may be used
    :param exclude: node IDs no path may pass through
    :param timeout: seconds of search before returning what was found (None: no bound)
    """

    source: str
    target: str
    max_hops: int = 4
    limit: int = 10
    edge_filter: EdgeFilter = field(default_factory=EdgeFilter)
    exclude: frozenset[str] = frozenset()
    timeout: float | None = 2.0


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
        if claims := _hop(keyed, accept):
            yield neighbour, claims


def _distances_to(
    graph: Any,
    target: str,
    depth: int,
    accept: Callable[[Mapping[str, Any]], bool],
    excluded: Collection[str],
    deadline: _Deadline,
) -> tuple[dict[str, int], int, bool]:
    """Breadth-first search backwards from *target*.

    :returns: exact distances to the target of the nodes reached, the depth fully
        explored (nodes not in the map are farther than that), and whether the search
        ran out of nodes (then no node outside the map reaches the target at all)
    """
    pred = graph._pred  # networkx's adjacency dicts, read-only: no view overhead
    dist = {target: 0}
    frontier = [target]
    level = 0
    while frontier and level < depth:
        cost = sum(len(pred[n]) for n in frontier)
        if level > 0 and cost > _FRONTIER_BUDGET:
            return dist, level, False
        nxt = []
        for node in frontier:
            for neighbour, _claims in _accepted(pred, node, accept):
                if neighbour not in dist and neighbour not in excluded:
                    dist[neighbour] = level + 1
                    nxt.append(neighbour)
            if deadline.passed():
                return dist, level, False
        frontier = nxt
        level += 1
    return dist, level, not frontier


class _Grades:
    """Each claim's evidence grade and path sign, worked out once per search (paths share hops)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.predicates = kg.vocabulary.predicates
        self.known: dict[str, tuple[int, int, int | None]] = {}

    def of(self, key: str, data: Mapping[str, Any]) -> tuple[int, int, int | None]:
        """Return (best source rank, number of sources, path sign) of one claim."""
        found = self.known.get(key)
        if found is None:
            sources = data["sources"]
            # A merged edge has no curated sources: it ranks below any curated one.
            best = max((self.kg.source_rank(s) for s in sources), default=0)
            known = self.predicates.get(data["predicate"])  # a merged edge may keep Biolink's
            found = self.known[key] = (best, len(sources), known.path_sign if known else None)
        return found

    def path(
        self, combo: tuple[tuple[str, Mapping[str, Any]], ...]
    ) -> tuple[int | None, tuple[int, int]]:
        """Return the sign (product of the hops', None if one has none) and score of a path.

        The score is the weakest hop's (best rank, number of sources): higher is better.
        """
        grades = [self.of(key, data) for key, data in combo]
        sign: int | None = 1
        for _best, _count, step in grades:
            sign = None if step is None or sign is None else sign * step
        score = (min(g[0] for g in grades), min(g[1] for g in grades)) if grades else (0, 0)
        return sign, score


def _search(
    kg: KnowledgeGraph, query: PathQuery, *, by_evidence: bool, keep: int | None = None
) -> PathResult:
    """Find and rank every path the bounds allow.

    :param keep: make only the best this many into :class:`Path` objects (``found``
        still counts them all); None: all

    :param by_evidence: rank by evidence first and length last (``explain``); then every
        length up to ``max_hops`` is searched, else the search stops after the first
        length that gives ``limit`` paths
    """
    source, target, max_hops, limit = query.source, query.target, query.max_hops, query.limit
    if max_hops < 1 or limit < 1:
        raise NoPathError("max_hops and limit must be at least 1")
    excluded = set(query.exclude)
    if source in excluded or target in excluded:
        raise NoPathError("the source or the target is excluded")
    started = time.perf_counter()
    accept = query.edge_filter.compile(kg)
    deadline = _Deadline(query.timeout)
    result = PathResult(source, target)
    depth = max_hops - 1 if source != target else max_hops
    dist, known, complete = _distances_to(kg.nx, target, depth, accept, excluded, deadline)
    if complete and source not in dist:
        # The backward search ran out of nodes: nothing else reaches the target.
        result.elapsed = time.perf_counter() - started
        return result
    succ = kg.nx._succ  # type: ignore[attr-defined]  # adjacency dicts, no view overhead

    def lower_bound(node: str) -> int:
        return dist.get(node, known + 1)

    # Paths are gathered as (rank, nodes, claims) and made Path objects only once ranked
    # and cut: between two hubs thousands are found for the ten shown.
    found: list[tuple[tuple[Any, ...], tuple[str, ...], tuple[tuple[str, Any], ...]]] = []
    grades = _Grades(kg)
    capped = False
    for length in range(max(1, lower_bound(source)), max_hops + 1):
        for node_path, claims in _simple_paths(
            succ, source, target, length, accept, excluded, (dist, known), deadline
        ):
            for combo in product(*claims):
                sign, score = grades.path(combo)
                keys = tuple(key for key, _data in combo)
                # Ties go by nodes and statement IDs: never by how the search ran.
                rank = (
                    (-score[0], -score[1], length, node_path, keys, sign)
                    if by_evidence
                    else (length, -score[0], -score[1], node_path, keys, sign)
                )
                found.append((rank, node_path, combo))
            capped = len(found) >= _POOL_CAP
            if capped or deadline.hit:
                break
        if capped or deadline.hit or (len(found) >= limit and not by_evidence):
            break
    found.sort(key=lambda f: f[0][:5])
    kept = found if keep is None else found[:keep]
    result.paths = [_path(node_path, combo, rank, by_evidence) for rank, node_path, combo in kept]
    result.found = len(found)
    result.truncated = deadline.hit or capped
    result.elapsed = time.perf_counter() - started
    return result


def _path(
    nodes: tuple[str, ...],
    combo: tuple[tuple[str, Any], ...],
    rank: tuple[Any, ...],
    by_evidence: bool,
) -> Path:
    """Make the Path of one ranked (nodes, claims)."""
    hops = tuple(
        Claim(u, v, key, data) for (u, v), (key, data) in zip(pairwise(nodes), combo, strict=True)
    )
    score = (-rank[0], -rank[1]) if by_evidence else (-rank[1], -rank[2])
    return Path(nodes, hops, rank[5], score)


def find_paths(kg: KnowledgeGraph, query: PathQuery) -> PathResult:
    """Find simple paths from ``query.source`` to ``query.target``, shortest first.

    Every path of a length is found (within the deadline) before any is cut, so the
    paths returned are the best of all found, not the first: ranked shortest first, then
    by evidence (see :func:`explain`); the top path never depends on ``limit``.

    :returns: at most ``query.limit`` paths, and whether the timeout cut the search short
    :raises NoPathError: the source or the target is excluded, or a bound is not positive
    """
    return _search(kg, query, by_evidence=False, keep=query.limit)


def _simple_paths(
    succ: Mapping[str, Mapping[str, Any]],
    source: str,
    target: str,
    length: int,
    accept: Callable[[Mapping[str, Any]], bool],
    excluded: Collection[str],
    distances: tuple[dict[str, int], int],
    deadline: _Deadline,
) -> Iterator[tuple[tuple[str, ...], list[list[tuple[str, Mapping[str, Any]]]]]]:
    """Yield simple paths of exactly *length* hops, with the accepted claims of each hop.

    A path may end where it starts (a cycle back to the source) only when source and
    target are the same node; otherwise no node repeats.

    :param distances: the backward search's distances to the target, and the depth it
        explored fully (a node it did not reach is farther than that)
    """
    dist, known = distances
    # near[k]: the nodes at most k hops from the target. With k hops left, only those
    # can be next: a hub's neighbours are then read from the (shorter) list.
    near: list[list[str]] = [[] for _ in range(known + 1)]
    for node, d in dist.items():
        for k in range(d, known + 1):
            near[k].append(node)

    def steps(node: str, left: int) -> Iterator[tuple[str, Mapping[str, Any]]]:
        adjacent = succ[node]
        if left <= known and len(near[left]) < len(adjacent):
            return ((n, adjacent[n]) for n in near[left] if n in adjacent)
        return iter(adjacent.items())

    def lower_bound(node: str) -> int:
        return dist.get(node, known + 1)

    nodes = [source]
    claims: list[list[tuple[str, Mapping[str, Any]]]] = []
    on_path = {source}
    # Raw adjacency: a neighbour is pruned (on the path, too far) before its claims are
    # filtered, so a hub's thousands of neighbours cost a set lookup each, not a filter.
    stack = [steps(source, length - 1)]
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
        neighbour, keyed = step
        left = length - len(nodes)  # hops left after taking this one
        if neighbour == target:
            if left == 0 and (hop_claims := _hop(keyed, accept)):
                yield (*nodes, neighbour), [*claims, hop_claims]
            continue
        if left <= 0 or neighbour in on_path or neighbour in excluded:
            continue
        if lower_bound(neighbour) > left or not (hop_claims := _hop(keyed, accept)):
            continue
        nodes.append(neighbour)
        on_path.add(neighbour)
        claims.append(hop_claims)
        stack.append(steps(neighbour, length - len(nodes)))


def _hop(
    keyed: Mapping[str, Mapping[str, Any]], accept: Callable[[Mapping[str, Any]], bool]
) -> list[tuple[str, Mapping[str, Any]]]:
    """Return the accepted claims of one hop, by key."""
    return [(key, data) for key, data in keyed.items() if accept(data)]


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
    #: How many causal paths the search found before cutting at the limit.
    found: int = 0
    #: The node whose lack the question names ("estrogen deficiency": estrogen), if any.
    lack_of: str | None = None


def explain(kg: KnowledgeGraph, query: PathQuery, *, lack_of: str | None = None) -> Explanation:
    """Say whether ``query.source`` increases or decreases ``query.target``, over causal paths.

    Only predicates with a path sign in the vocabulary count: ``increases`` (+1),
    ``decreases`` (-1), ``activates`` (+1) and ``inhibits`` (-1), and the transmitting
    predicates ``differentiates_into``, ``secretes``, ``risk_factor_for``,
    ``has_phenotype`` (+1: more of the subject means more of the object) and ``is_a``
    (+1: a member does what its class does), and ``treats`` and ``prevents`` (-1). Other
    predicates (``binds``, ``regulates``, ``targets``, ``part_of``...) say nothing about
    direction and end a causal path. A path's sign is the product of its hops' signs.

    Paths are ranked by evidence: first by their weakest hop's best source (human RCT >
    human clinical or observational > animal > in vitro > review), then by that weakest
    hop's number of sources, then shorter first. Every path within the bounds is ranked
    before ``limit`` cuts the list, so the verdict and the best path do not depend on it.

    The verdict is the sign of the best supported path (evidence, then support, then
    length); when the best paths of the two signs are equally supported it is ``mixed``.
    A weaker path of the other sign (coupling of resorption to formation, feedback) does
    not overturn it, but stays in :attr:`Explanation.strongest` and is shown as a conflict.

    :param lack_of: read the question as "a lack of this node" (estrogen deficiency, loss
        of RUNX2, sclerostin inhibition): the paths from it count with their sign turned,
        beside the paths from ``query.source`` itself when that is another node (the state
        as a node of its own, such as ``estrogen deficiency``); pass the same node as
        ``query.source`` when the state has no node; None for a plain question
    :returns: ``increases`` or ``decreases``, ``mixed`` when the two signs are equally
        supported, ``none`` when no causal path joins the two nodes
    """
    causal = dataclasses.replace(
        query, edge_filter=dataclasses.replace(query.edge_filter, causal=True)
    )
    plain = lack_of is None or query.source != lack_of  # the state is a node of its own
    found = (
        _search(kg, causal, by_evidence=True) if plain else PathResult(query.source, query.target)
    )
    paths = list(found.paths)
    truncated, total = found.truncated, found.found
    if lack_of is not None and lack_of != query.target:
        turned = _search(kg, dataclasses.replace(causal, source=lack_of), by_evidence=True)
        paths += [
            dataclasses.replace(p, sign=None if p.sign is None else -p.sign, inverted=True)
            for p in turned.paths
        ]
        paths.sort(key=lambda p: (-p.score[0], -p.score[1], len(p.hops)))
        truncated, total = truncated or turned.truncated, total + turned.found
    strongest: dict[int, Path] = {}
    for path in paths:
        if path.sign is not None:
            strongest.setdefault(path.sign, path)
    shown = paths[: query.limit]
    shown += [p for p in strongest.values() if p not in shown]
    if not strongest:
        verdict = "none"
    elif len(strongest) == 2 and _support(strongest[1]) == _support(strongest[-1]):
        verdict = "mixed"
    else:
        # Paths of both signs may exist (coupling, feedback): the better supported wins,
        # and the other stays in ``strongest`` so that the conflict is shown.
        best = max(strongest.values(), key=_support)
        verdict = "increases" if best.sign == 1 else "decreases"
    return Explanation(
        query.source, query.target, verdict, shown, truncated, strongest, total, lack_of
    )


#: How a question names the lack of something: "estrogen deficiency", "loss of RUNX2"...
_LACK = [
    re.compile(r"^(?:loss|lack|absence|deficiency|depletion|inhibition|blockade) of (.+)$", re.I),
    re.compile(r"^(?:low|reduced|decreased|no) (.+)$", re.I),
    re.compile(
        r"^(.+?)[ -](?:deficiency|deficient|loss|inhibition|blockade|knockout|knock-out|deletion|null|withdrawal)$",
        re.I,
    ),
]


def read_lack(kg: KnowledgeGraph, name: str) -> tuple[str | None, str | None]:
    """Read *name* as a node, or as the lack of a node.

    :returns: ``(node, lack_of)``: the node *name* names (None when it names none), and
        the node whose lack it names (None when it is not such a phrase, or its stem names
        no node)
    :raises UnknownNodeError: neither reading names a node
    :raises AmbiguousNodeError: the name (or its stem) matches several nodes
    """
    from bonekg.errors import UnknownNodeError

    try:
        node: str | None = kg.resolve(name)
    except UnknownNodeError:
        node = None
    for pattern in _LACK:
        match = pattern.match(name.strip())
        if match is None:
            continue
        try:
            return node, kg.resolve(match.group(1))
        except UnknownNodeError:
            continue
    if node is None:
        kg.resolve(name)  # raises with the usual suggestions
    return node, None


def _support(path: Path) -> tuple[int, int, int]:
    """How well a path is supported: weakest hop's evidence, its sources, then shortness."""
    return (path.score[0], path.score[1], -len(path.hops))


def no_path_message(kg: KnowledgeGraph, query: PathQuery) -> str:
    """Say that no path joins the two ends of *query* within its bounds."""
    ends = f"from {kg.display(query.source)} to {kg.display(query.target)}"
    return f"no path {ends} within {query.max_hops} hops"


def shortest_path_nodes(
    kg: KnowledgeGraph, source: str, target: str, max_hops: int = 6
) -> list[str]:
    """Return the nodes of the shortest, best supported path from *source* to *target*.

    :raises NoPathError: none within *max_hops*
    """
    query = PathQuery(source, target, max_hops=max_hops, limit=1)
    found = find_paths(kg, query)
    if not found.paths:
        raise NoPathError(no_path_message(kg, query))
    return list(found.paths[0].nodes)

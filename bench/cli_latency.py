"""Measure what issue 4 asks of path queries, and print ratios against their bounds.

1. Cold start: the median wall time of ``bonekg path`` and ``bonekg explain`` on the
   bundled graph, as a ratio of the median of ``python -c "import networkx, click"``
   (bound: 1.3), runs interleaved so that machine drift hits both alike.
2. A synthetic random graph of 1,000,000 edges, already loaded: ``find_paths`` with
   ``max_hops=4, limit=10`` between random pairs (bound: 50 ms, worst case).
3. A scale-free graph of about 100,000 edges: ``find_paths`` between its biggest hubs
   (worst case, bounded by the default timeout), beside networkx's ``all_simple_paths``
   with ``cutoff=4`` on the same pairs (stopped after a few seconds per pair).

Run: ``python bench/cli_latency.py`` (``--quick`` for a smaller, faster run).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx

from bonekg.kg import KnowledgeGraph
from bonekg.paths import PathQuery, find_paths

# The one builder of synthetic graphs is the tests' (tests/helpers.py).
sys.path.insert(0, os.fspath(Path(__file__).resolve().parents[1] / "tests"))
from helpers import claim, make_graph

COLD_BOUND = 1.3
QUERY_BOUND_MS = 50.0


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def cold_start(runs: int) -> bool:
    script = shutil.which("bonekg", path=str(Path(sys.executable).parent)) or "bonekg"
    env = dict(os.environ)
    commands = {
        "baseline": [sys.executable, "-c", "import networkx, click"],
        "path": [script, "path", "mesenchymal stem cell", "bone formation"],
        "explain": [script, "explain", "estrogen", "bone resorption"],
    }
    for cmd in commands.values():  # warm the OS file cache and bonekg's graph cache
        _timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(_timed(cmd, env))
    base = statistics.median(times["baseline"])
    print(f"cold start, median of {runs} runs (interleaved):")
    print(f"  python -c 'import networkx, click'  {base * 1000:7.1f} ms")
    ok = True
    for name in ("path", "explain"):
        med = statistics.median(times[name])
        ratio = med / base
        ok = ok and ratio <= COLD_BOUND
        print(
            f"  bonekg {name:<8} {med * 1000:7.1f} ms   ratio {ratio:.2f}  (bound {COLD_BOUND})  {'PASS' if ratio <= COLD_BOUND else 'FAIL'}"
        )
    return ok


def _synthetic(pairs: list[tuple[str, str]]) -> KnowledgeGraph:
    """One ``increases`` claim per pair, each citing one review."""
    return make_graph(claim(u, "increases", v, key=f"{u}>{v}") for u, v in pairs)


def random_million(edges: int, queries: int) -> bool:
    rng = random.Random(42)
    n = edges // 10
    started = time.perf_counter()
    pairs = {(f"n{rng.randrange(n)}", f"n{rng.randrange(n)}") for _ in range(edges)}
    graph = _synthetic(sorted(pairs))
    built = time.perf_counter() - started
    nodes = [node for node, _ in graph.nodes()]
    succ = graph.nx.succ
    pairs = []
    for i in range(queries):
        a = rng.choice(nodes)
        b = rng.choice(nodes)
        if i % 2:  # half the pairs joined by a random walk of 3-4 steps, so a path exists
            b = a
            for _ in range(rng.choice((3, 4))):
                b = rng.choice(list(succ[b])) if succ[b] else b
        pairs.append((a, b))
    times, found = [], 0
    for a, b in pairs:
        started = time.perf_counter()
        result = find_paths(graph, PathQuery(a, b, max_hops=4, limit=10))
        times.append(time.perf_counter() - started)
        found += bool(result.paths)
    worst = max(times) * 1000
    print(
        f"random graph: {len(graph):,} nodes, {graph.number_of_claims:,} edges (built in {built:.1f} s)"
    )
    print(
        f"  find_paths max_hops=4 limit=10 over {queries} pairs, half joined by a random walk ({found} with a path):"
    )
    print(
        f"  median {statistics.median(times) * 1000:.1f} ms, worst {worst:.1f} ms   ratio to bound {worst / QUERY_BOUND_MS:.2f}  {'PASS' if worst < QUERY_BOUND_MS else 'FAIL'}"
    )
    return worst < QUERY_BOUND_MS


def scale_free(nodes: int, hubs: int, nx_budget: float) -> None:
    sf = nx.scale_free_graph(nodes, seed=7)
    pairs = sorted({(f"n{u}", f"n{v}") for u, v in sf.edges() if u != v})
    graph = _synthetic(pairs)
    top = sorted(graph.nx.nodes, key=graph.nx.degree, reverse=True)[:hubs]
    ours, theirs = [], []
    simple = nx.DiGraph(graph.nx)
    for a in top:
        for b in top:
            if a == b:
                continue
            started = time.perf_counter()
            result = find_paths(graph, PathQuery(a, b, max_hops=4, limit=10))
            ours.append((time.perf_counter() - started, a, b, len(result.paths), result.truncated))
            started = time.perf_counter()
            count, cut = 0, False
            for _ in nx.all_simple_paths(simple, a, b, cutoff=4):
                count += 1
                if time.perf_counter() - started > nx_budget:
                    cut = True
                    break
            theirs.append((time.perf_counter() - started, count, cut))
    worst = max(ours)
    print(
        f"scale-free graph: {len(graph):,} nodes, {graph.number_of_claims:,} edges; {len(ours)} pairs of its {hubs} biggest hubs"
    )
    print(
        f"  bonekg find_paths (max_hops=4, limit=10, timeout 2 s): worst {worst[0] * 1000:.1f} ms ({worst[3]} paths, cut short: {worst[4]}), median {statistics.median(t for t, *_ in ours) * 1000:.1f} ms"
    )
    slowest = max(theirs)
    stopped = sum(1 for *_, cut in theirs if cut)
    print(
        f"  networkx all_simple_paths cutoff=4: worst {slowest[0]:.2f} s ({slowest[1]:,} paths); {stopped} of {len(theirs)} pairs stopped at the {nx_budget:g} s budget"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller graphs")
    args = parser.parse_args()
    ok = cold_start(runs=5 if args.quick else 21)
    ok = (
        random_million(100_000 if args.quick else 1_000_000, queries=20 if args.quick else 50)
        and ok
    )
    scale_free(
        5_000 if args.quick else 50_000,
        hubs=4 if args.quick else 6,
        nx_budget=1.0 if args.quick else 5.0,
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

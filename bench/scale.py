"""Measure bonekg on a merged graph of N edges, each step beside its baseline.

``python bench/scale.py --edges 100000`` writes a synthetic Monarch-shaped KGX graph
(``bench/synthetic.py``), merges it with the curated graph, and prints one JSON object
per step: ``step``, ``edges``, ``seconds``, ``peak_rss_mb``, ``baseline_seconds`` and
``ratio`` (our seconds / the baseline's, measured in the same run), and the target where
the issue sets one. Each step runs in a fresh child process, so its peak RSS is its own.

Steps and baselines:

- ``load``: merge and validate, cold (no cache) / a bare networkx MultiDiGraph built
  from the same edge rows with three attributes each;
- ``load-warm``: the same from the cache;
- ``path``, ``explain``: ``path --max-hops 4 --limit 10`` (and explain) between the
  biggest hubs and curated nodes, worst of the pairs (target 50 ms for path);
- ``export-nt``, ``export-ttl``: our writer / pyoxigraph's own dump of the same triples;
- ``sparql``: the named queries on the embedded store, median over the queries / rdflib's
  memory store on the same triples (skipped past ``--rdflib-max-edges``, it takes
  minutes there), and a pyoxigraph Store queried directly;
- ``view``: ``view --focus`` on the biggest hub, depth 1 (target 2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STEPS = ["load", "load-warm", "path", "explain", "export-nt", "export-ttl", "sparql", "view"]
TARGETS = {"load": 30.0, "load-warm": 5.0, "path": 0.05, "view": 2.0}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_merged(folder: Path, *, cache: bool) -> Any:
    """The curated graph with *folder* merged in, as ``--merge`` loads it."""
    from bonekg.load import load

    return load(merge=[folder], cache=cache)


def hubs(folder: Path, count: int) -> list[str]:
    """The *count* nodes with the most edges in the synthetic edges file."""
    degree: Counter[str] = Counter()
    with (folder / "edges.tsv").open(encoding="utf-8") as handle:
        handle.readline()
        for line in handle:
            cells = line.split("\t", 4)
            degree[cells[1]] += 1
            degree[cells[3]] += 1
    return [node for node, _ in degree.most_common(count)]


def timed(func: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - started, value


# --- the steps, each run in its own process -------------------------------------------


def step_load(folder: Path) -> dict[str, Any]:
    seconds, _ = timed(load_merged, folder, cache=False)
    return {"seconds": seconds}


def baseline_load(folder: Path) -> dict[str, Any]:
    import networkx as nx

    def build() -> Any:
        graph: Any = nx.MultiDiGraph()
        with (folder / "edges.tsv").open(encoding="utf-8") as handle:
            handle.readline()
            for line in handle:
                c = line.rstrip("\n").split("\t")
                graph.add_edge(c[1], c[3], key=c[0], predicate=c[2], source=c[4], level=c[5])
        return graph

    seconds, _ = timed(build)
    return {"seconds": seconds}


def step_load_warm(folder: Path) -> dict[str, Any]:
    load_merged(folder, cache=True)  # fills the cache if an earlier step did not
    seconds, _ = timed(load_merged, folder, cache=True)
    return {"seconds": seconds}


def _pairs(kg: Any, folder: Path) -> list[tuple[str, str]]:
    curated = ["HGNC:11926", "GO:0045453", "MONDO:0005298", "CL:0000092"]
    ends = [n for n in curated if n in kg]
    big = [h for h in hubs(folder, 4) if h in kg]
    return [(a, b) for a in big for b in ends] + [(a, b) for a in big for b in big if a != b]


def step_path(folder: Path, *, explain: bool) -> dict[str, Any]:
    from bonekg.paths import PathQuery, find_paths
    from bonekg.paths import explain as explain_paths

    kg = load_merged(folder, cache=True)
    worst = 0.0
    pairs = _pairs(kg, folder)
    for a, b in pairs:
        query = PathQuery(source=a, target=b, max_hops=4, limit=10)
        seconds, _ = timed(explain_paths if explain else find_paths, kg, query)
        worst = max(worst, seconds)
    return {"seconds": worst, "pairs": len(pairs)}


def step_export(folder: Path, fmt: str) -> dict[str, Any]:
    from bonekg.writers import get_format, write_to_path

    kg = load_merged(folder, cache=True)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"out.{fmt}"
        seconds, _ = timed(write_to_path, kg, get_format(fmt), target)
        size = target.stat().st_size
    return {"seconds": seconds, "bytes": size}


def baseline_export(folder: Path, fmt: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from bonekg.writers import get_format, write_to_path

    kg = load_merged(folder, cache=True)
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "out.nt"
        write_to_path(kg, get_format("nt"), nt)
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        del kg
        target = Path(tmp) / f"dump.{fmt}"
        rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        seconds, _ = timed(
            lambda: store.dump(output=str(target), format=rdf_format, from_graph=ox.DefaultGraph())
        )
    return {"seconds": seconds}


def _queries() -> dict[str, str]:
    from bonekg.sparql import named_queries

    return {name: q.text for name, q in named_queries().items()}


def step_sparql(folder: Path) -> dict[str, Any]:
    from bonekg.sparql import build_store, query_store

    kg = load_merged(folder, cache=True)
    build, store = timed(build_store, kg)
    times = {}
    for name, text in _queries().items():
        times[name] = timed(query_store, store, text)[0]
    return {"seconds": statistics.median(times.values()), "store_build": build, "queries": times}


def baseline_sparql(folder: Path, engine: str, cap: float = 20.0) -> dict[str, Any]:
    import pyoxigraph as ox

    from bonekg.rdf.namespaces import prefixes
    from bonekg.writers import get_format, write_to_path

    kg = load_merged(folder, cache=True)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "out.nt"
        write_to_path(kg, get_format("nt"), nt)
        del kg
        if engine == "pyoxigraph":
            store = ox.Store()
            store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            for name, text in _queries().items():
                times[name] = timed(lambda t=text: list(store.query(t, prefixes=prefixes())))[0]
        else:
            import rdflib

            graph = rdflib.Graph()
            graph.parse(nt, format="nt")
            header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes().items())
            for name, text in _queries().items():
                times[name] = _capped(lambda t=text: list(graph.query(header + t)), cap)
    return {"seconds": statistics.median(times.values()), "queries": times}


class _Cap(Exception):
    pass


def _capped(func: Any, cap: float) -> float:
    """Seconds *func* takes, or *cap* if it is still running then (rdflib is pure Python,
    so an alarm stops it): the baseline is then at least that slow."""
    import signal

    def stop(*_: Any) -> None:
        raise _Cap

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, cap)
    started = time.perf_counter()
    try:
        func()
    except _Cap:
        return cap
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started


def step_view(folder: Path) -> dict[str, Any]:
    from bonekg.viz.page import write_page

    kg = load_merged(folder, cache=True)
    hub = next(h for h in hubs(folder, 1))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "hub.html"
        seconds, _ = timed(lambda: write_page(kg, target, focus=hub, depth=1))
        size = target.stat().st_size
    return {"seconds": seconds, "bytes": size}


def run_one(name: str, folder: Path) -> dict[str, Any]:
    """Run one step (or baseline) in this process."""
    table: dict[str, Any] = {
        "load": lambda: step_load(folder),
        "baseline-load": lambda: baseline_load(folder),
        "load-warm": lambda: step_load_warm(folder),
        "path": lambda: step_path(folder, explain=False),
        "explain": lambda: step_path(folder, explain=True),
        "export-nt": lambda: step_export(folder, "nt"),
        "export-ttl": lambda: step_export(folder, "ttl"),
        "baseline-export-nt": lambda: baseline_export(folder, "nt"),
        "baseline-export-ttl": lambda: baseline_export(folder, "ttl"),
        "sparql": lambda: step_sparql(folder),
        "baseline-sparql": lambda: baseline_sparql(folder, "rdflib"),
        "pyoxigraph-sparql": lambda: baseline_sparql(folder, "pyoxigraph"),
        "view": lambda: step_view(folder),
    }
    found = table[name]()
    found["peak_rss_mb"] = round(peak_mb(), 1)
    return found


def child(name: str, folder: Path, cache: Path) -> dict[str, Any]:
    """Run one step in a fresh Python process and return what it measured."""
    env = {**os.environ, "BONEKG_CACHE_DIR": str(cache)}
    command = [sys.executable, __file__, "--one", name, "--folder", str(folder)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def report(step: str, edges: int, ours: dict[str, Any], base: dict[str, Any] | None) -> None:
    line: dict[str, Any] = {"step": step, "edges": edges}
    if "error" in ours:
        line["error"] = ours["error"]
    else:
        line["seconds"] = round(ours["seconds"], 4)
        line["peak_rss_mb"] = ours["peak_rss_mb"]
    baseline = base.get("seconds") if base and "error" not in base else None
    line["baseline_seconds"] = round(baseline, 4) if baseline is not None else None
    line["ratio"] = round(ours["seconds"] / baseline, 3) if baseline and "seconds" in ours else None
    if step in TARGETS:
        line["target_seconds"] = TARGETS[step]
    for extra in ("pairs", "store_build", "bytes"):
        if extra in ours:
            line[extra] = round(ours[extra], 3) if isinstance(ours[extra], float) else ours[extra]
    if step == "sparql" and base and "queries" in base and "queries" in ours:
        line["baseline"] = "rdflib memory store"
    print(json.dumps(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated steps")
    parser.add_argument("--rdflib-max-edges", type=int, default=20_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.folder)))
        return
    sys.path.insert(0, str(HERE))
    from synthetic import write

    with tempfile.TemporaryDirectory(prefix="bonekg-scale-") as tmp:
        folder, cache = Path(tmp) / "kgx", Path(tmp) / "cache"
        write(args.edges, folder)
        for step in args.steps.split(","):
            ours = child(step, folder, cache)
            base = None
            if step == "load":
                base = child("baseline-load", folder, cache)
            elif step.startswith("export-"):
                base = child(f"baseline-{step}", folder, cache)
            elif step == "sparql":
                direct = child("pyoxigraph-sparql", folder, cache)
                if args.edges <= args.rdflib_max_edges:
                    base = child("baseline-sparql", folder, cache)
                if "seconds" in direct and "seconds" in ours:
                    ours["vs_pyoxigraph"] = ours["seconds"] / direct["seconds"]
            report(step, args.edges, ours, base)
            if step == "sparql" and "vs_pyoxigraph" in ours:
                print(
                    json.dumps(
                        {
                            "step": "sparql-vs-pyoxigraph",
                            "edges": args.edges,
                            "ratio": round(ours["vs_pyoxigraph"], 3),
                            "target_ratio": 1.3,
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()

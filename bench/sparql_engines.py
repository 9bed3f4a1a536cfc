"""Measure the candidate embedded SPARQL engines on the bonekg export, and print the numbers.

Engines: rdflib's memory store, pyoxigraph's in-memory Store, and rdflib over the
oxrdflib store (pyoxigraph under rdflib's API). For the bundled graph and a synthetic
graph of --edges claims (built with the real vocabulary), it reports the time to load
the N-Triples export, to run every named query once, and to run one row-heavy query
(every statement with its labels and sources).

Run: ``python bench/sparql_engines.py`` (``--edges 20000`` for a bigger synthetic graph).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bonekg.kg import KnowledgeGraph
from bonekg.load import load
from bonekg.rdf.namespaces import prefixes
from bonekg.sparql import named_queries
from bonekg.writers import get_format

# The one builder of synthetic graphs is the tests' (tests/helpers.py).
sys.path.insert(0, os.fspath(Path(__file__).resolve().parents[1] / "tests"))
from helpers import VOCAB, claim, make_graph, publications, source

ROW_HEAVY = """
SELECT ?s ?sl ?p ?o ?ol ?pub WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; dcterms:source ?pub .
  ?s rdfs:label ?sl . ?o rdfs:label ?ol .
}"""


def synthetic(edges: int, seed: int = 1) -> KnowledgeGraph:
    rng = random.Random(seed)
    categories = sorted(VOCAB.categories)
    n_nodes = max(10, edges // 4)
    nodes = {}
    for i in range(n_nodes):
        category = rng.choice(categories)
        nodes[f"bonekg:n{i}"] = {
            "label": f"node {i}",
            "category": category,
            "biolink_class": VOCAB.categories[category].biolink_class,
            "synonyms": [f"N{i}"],
            "description": f"synthetic node {i}",
        }
    pubs = publications(
        {
            f"PMID:{n}": {
                "title": f"t{n}",
                "first_author": "A B",
                "year": 2000,
                "journal": "J",
                "type": "review",
                "pmid": str(n),
            }
            for n in range(1, 51)
        }
    )
    claims: dict[str, Any] = {}
    predicates = sorted(VOCAB.predicates)
    while len(claims) < edges:
        s, o = f"bonekg:n{rng.randrange(n_nodes)}", f"bonekg:n{rng.randrange(n_nodes)}"
        cited = source(f"PMID:{rng.randrange(1, 51)}", statement="synthetic claim")
        found = claim(s, rng.choice(predicates), o, sources=[cited])
        claims[found.key] = found
    return make_graph(claims.values(), nodes=nodes, pubs=pubs)


def ntriples(graph: KnowledgeGraph) -> bytes:
    buffer = io.BytesIO()
    graph.feed(get_format("nt").factory(graph, buffer))
    return buffer.getvalue()


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def header() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes().items())


def engines() -> dict[str, tuple[Callable[[bytes], Any], Callable[[Any, str], int]]]:
    import pyoxigraph as ox
    import rdflib

    def ox_load(data: bytes) -> Any:
        store = ox.Store()
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
        return store

    def ox_query(store: Any, text: str) -> int:
        return sum(1 for _ in store.query(text, prefixes=prefixes()))

    def rdflib_load(store_name: str) -> Callable[[bytes], Any]:
        def load_it(data: bytes) -> Any:
            graph = rdflib.Graph(store=store_name)
            graph.parse(data=data, format="nt")
            return graph

        return load_it

    def rdflib_query(graph: Any, text: str) -> int:
        return sum(1 for _ in graph.query(header() + text))

    return {
        "pyoxigraph": (ox_load, ox_query),
        "rdflib (memory)": (rdflib_load("default"), rdflib_query),
        "oxrdflib": (rdflib_load("Oxigraph"), rdflib_query),
    }


#: Named queries that join four or more statement patterns; rdflib's evaluator needs
#: minutes for them (469 s for two-hop-causal-chains on the bundled graph, measured once).
MULTI_HOP = frozenset({"two-hop-causal-chains", "conflicting-claims"})


def bench(
    name: str, graph: Any, slow: frozenset[str] = frozenset(), everything: bool = False
) -> None:
    data = ntriples(graph)
    triples = data.count(b"\n")
    print(f"\n{name}: {graph.number_of_claims:,} claims, {triples:,} triples")
    light = [q.text for n, q in named_queries().items() if n not in MULTI_HOP]
    heavy = [q.text for n, q in named_queries().items() if n in MULTI_HOP]
    print(
        f"  {'engine':<16} {'load':>9} {'row-heavy':>10} {'rows':>8} "
        f"{'named (' + str(len(light)) + ')':>12} {'multi-hop (' + str(len(heavy)) + ')':>14}"
    )
    for engine, (load_it, query) in engines().items():
        load_s, store = timed(lambda load_it=load_it: load_it(data))
        heavy_s, rows = timed(lambda query=query, store=store: query(store, ROW_HEAVY))
        cells = []
        for group in (light, heavy):
            skip = engine in slow or (
                group is heavy and engine == "rdflib (memory)" and not everything
            )
            if skip:
                cells.append("skipped")
                continue
            spent, _ = timed(
                lambda query=query, store=store, group=group: [query(store, q) for q in group]
            )
            cells.append(f"{spent * 1000:.0f} ms")
        print(
            f"  {engine:<16} {load_s * 1000:6.0f} ms {heavy_s * 1000:7.0f} ms {rows:8,} "
            f"{cells[0]:>12} {cells[1]:>14}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10_000, help="claims of the synthetic graph")
    parser.add_argument(
        "--all", action="store_true", help="also run the multi-hop queries on rdflib (minutes)"
    )
    args = parser.parse_args()
    bench("bundled graph", load(), everything=args.all)
    # rdflib's own evaluator is slow on every join; on the big graph it runs the row-heavy one.
    bench("synthetic graph", synthetic(args.edges), slow=frozenset({"rdflib (memory)"}))


if __name__ == "__main__":
    main()

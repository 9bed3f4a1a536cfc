"""Write a synthetic KGX graph of N edges shaped like a Monarch-style graph.

Shape: Biolink categories (genes, diseases, phenotypes, chemicals, anatomy, processes)
in Monarch-like proportions; Biolink predicates chosen by the pair of categories;
provenance on every edge (``primary_knowledge_source``, ``knowledge_level``,
``agent_type``, synthetic ``SYNPUB:`` publications on about a third); and skewed degrees: endpoints are
drawn from a Zipf-like law, so a few hubs carry a large share of the edges, as
phenotypes such as "Osteoporosis" do in HPO. Some edges touch nodes of the curated
graph (its gene, disease and phenotype IDs), so merged paths cross into bonekg's
mechanisms. Every ID in the ``SYN:`` namespace is synthetic; the curated IDs are read
from the bundled data, never typed here.

Run: ``python bench/synthetic.py --edges 100000 --out /tmp/syn-100k`` (deterministic
for a given ``--seed``). Writes ``nodes.tsv`` and ``edges.tsv`` (``--gzip`` for
``.tsv.gz``), KGX 2 TSV with ``|`` between list items.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import IO

#: Category, share of the nodes, ID prefix.
CATEGORIES = [
    ("biolink:Gene", 0.45, "SYNGENE"),
    ("biolink:PhenotypicFeature", 0.20, "SYNHP"),
    ("biolink:Disease", 0.20, "SYNMONDO"),
    ("biolink:ChemicalEntity", 0.08, "SYNCHEBI"),
    ("biolink:AnatomicalEntity", 0.04, "SYNUBERON"),
    ("biolink:BiologicalProcess", 0.03, "SYNGO"),
]
#: Predicate by (subject category, object category); the rest are related_to.
PREDICATES = {
    ("biolink:Gene", "biolink:PhenotypicFeature"): "biolink:has_phenotype",
    ("biolink:Disease", "biolink:PhenotypicFeature"): "biolink:has_phenotype",
    ("biolink:Gene", "biolink:Disease"): "biolink:gene_associated_with_condition",
    ("biolink:Gene", "biolink:Gene"): "biolink:interacts_with",
    ("biolink:ChemicalEntity", "biolink:Disease"): "biolink:treats_or_applied_or_studied_to_treat",
    ("biolink:ChemicalEntity", "biolink:Gene"): "biolink:affects",
    ("biolink:Gene", "biolink:BiologicalProcess"): "biolink:actively_involved_in",
    ("biolink:Gene", "biolink:AnatomicalEntity"): "biolink:expressed_in",
}
SOURCES = [
    "infores:synthetic-annotations",
    "infores:synthetic-interactions",
    "infores:synthetic-literature",
]
LEVELS = ["knowledge_assertion", "statistical_association", "prediction"]
AGENTS = ["manual_agent", "automated_agent", "text_mining_agent"]
NODE_COLUMNS = ["id", "category", "name", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "primary_knowledge_source",
    "knowledge_level",
    "agent_type",
    "publications",
]


def curated_ids() -> list[tuple[str, str, str]]:
    """Return (ID, Biolink category, label) of curated nodes a merged graph meets."""
    from bonekg.load import load

    kg = load()
    wanted = {"HGNC", "MONDO", "HP", "CHEBI", "UBERON", "GO"}
    found = []
    for node_id, data in kg.nodes():
        if node_id.split(":", 1)[0] in wanted:
            biolink = kg.vocabulary.categories[data["category"]].biolink_class
            found.append((node_id, biolink, data["label"]))
    return found


def nodes_for(edges: int) -> int:
    """Monarch holds about 1 node for every 6 edges."""
    return max(100, edges // 6)


def generate(
    edges: int, seed: int = 7, with_curated: bool = True
) -> tuple[list[list[str]], Iterator[list[str]]]:
    """Return the node rows and a lazy iterator of the edge rows of a synthetic graph."""
    rng = random.Random(seed)
    count = nodes_for(edges)
    nodes: list[list[str]] = []
    for category, share, prefix in CATEGORIES:
        for i in range(max(1, int(count * share))):
            nodes.append([f"{prefix}:{i}", category, f"{category[8:]} {i}", "infores:synthetic"])
    if with_curated:
        nodes += [[i, c, label, "infores:bonekg"] for i, c, label in curated_ids()]
    rng.shuffle(nodes)
    # Zipf-like weights: the node at rank r has weight 1 / (r + 1) ** 0.9.
    cumulative = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(nodes))))
    total = cumulative[-1]

    def pick() -> int:
        return min(bisect.bisect_left(cumulative, rng.random() * total), len(nodes) - 1)

    def rows() -> Iterator[list[str]]:
        for n in range(edges):
            s, o = pick(), pick()
            subject, obj = nodes[s], nodes[o if o != s else (o + 1) % len(nodes)]
            predicate = PREDICATES.get((subject[1], obj[1]), "biolink:related_to")
            publications = f"SYNPUB:{rng.randrange(1_000_000)}" if n % 3 == 0 else ""
            yield [
                f"syn:e{n}",
                subject[0],
                predicate,
                obj[0],
                rng.choice(SOURCES),
                rng.choice(LEVELS),
                rng.choice(AGENTS),
                publications,
            ]

    return nodes, rows()


def write(edges: int, out: Path, *, seed: int = 7, compress: bool = False) -> None:
    """Write the synthetic graph as a KGX TSV folder."""
    nodes, rows = generate(edges, seed)
    out.mkdir(parents=True, exist_ok=True)
    suffix = ".tsv.gz" if compress else ".tsv"
    with _open(out / f"nodes{suffix}", compress) as handle:
        handle.write("\t".join(NODE_COLUMNS) + "\n")
        handle.writelines("\t".join(row) + "\n" for row in nodes)
    with _open(out / f"edges{suffix}", compress) as handle:
        handle.write("\t".join(EDGE_COLUMNS) + "\n")
        handle.writelines("\t".join(row) + "\n" for row in rows)


def _open(path: Path, compress: bool) -> IO[str]:
    if compress:
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
    return path.open("w", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args()
    write(args.edges, args.out, seed=args.seed, compress=args.gzip)
    print(f"wrote {args.edges:,} edges, {nodes_for(args.edges):,}+ nodes to {args.out}")


if __name__ == "__main__":
    main()

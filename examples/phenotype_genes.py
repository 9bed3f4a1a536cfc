"""Which genes annotated with a phenotype reach a process through bonekg's mechanisms.

Run with a merged graph that annotates genes with phenotypes, such as HPO's
(``python -m bonekg.hpo --out hpo-kgx``)::

    python examples/phenotype_genes.py --merge hpo-kgx
    python examples/phenotype_genes.py --merge hpo-kgx --phenotype HP:0000939 --max-hops 4
    python examples/phenotype_genes.py --merge hpo-kgx --to "bone resorption" --to "bone formation"

The genes are the subjects of the phenotype's ``has_phenotype`` edges that are genes: a
merged ``biolink:Gene`` node, or a curated node with an ``NCBIGene:`` xref (the way an HPO
gene meets a curated one). From each gene, :func:`bonekg.paths.find_paths` looks for
paths to each target over curated claims only (``EdgeFilter(curated=True)``): a merged
annotation may not stand in for a mechanism (an HPO gene with another phenotype that
bonekg links to bone would otherwise "reach" bone through that phenotype). For every gene
that reaches a target, the script prints the annotation (with its provenance), then its
best path to each target it reaches (shortest first, then best supported; a path to one
target may not pass through another), each hop with its sources, as ``bonekg path``
prints them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from bonekg.errors import BonekgError
from bonekg.kg import KnowledgeGraph
from bonekg.load import load
from bonekg.model import Claim
from bonekg.paths import EdgeFilter, PathQuery, find_paths
from bonekg.paths import Path as GraphPath
from bonekg.render import claim_lines, path_lines, plural
from bonekg.terminal import printable

__all__ = ["Reach", "annotated_genes", "best_paths", "is_gene", "lines", "main", "reach"]

HAS_PHENOTYPE = "has_phenotype"
CURATED = EdgeFilter(curated=True)


@dataclass(frozen=True)
class Reach:
    """A gene annotated with the phenotype, and its best path to each target it reaches."""

    gene: str
    annotation: Claim
    paths: tuple[GraphPath, ...]


def is_gene(kg: KnowledgeGraph, node: str) -> bool:
    """Say whether *node* is a gene: a merged ``biolink:Gene``, or a curated node with an NCBIGene xref."""
    data = kg.node(node)
    return data.get("biolink_class") == "biolink:Gene" or any(
        x.startswith("NCBIGene:") for x in data.get("xrefs", [])
    )


def annotated_genes(kg: KnowledgeGraph, phenotype: str) -> dict[str, Claim]:
    """Return each gene with a ``has_phenotype`` edge to *phenotype*, with its first such edge."""
    genes: dict[str, Claim] = {}
    for claim in kg.neighbors(phenotype, "in", [HAS_PHENOTYPE]):
        if is_gene(kg, claim.subject):
            genes.setdefault(claim.subject, claim)
    return genes


def best_paths(
    kg: KnowledgeGraph, gene: str, targets: Sequence[str], max_hops: int = 4
) -> tuple[GraphPath, ...]:
    """Return the best path over curated claims from *gene* to each target it reaches."""
    best: list[GraphPath] = []
    for target in targets:
        # A path through another target reaches that one first: it is shown there.
        others = frozenset(targets) - {target}
        query = PathQuery(
            gene, target, max_hops=max_hops, limit=1, edge_filter=CURATED, exclude=others
        )
        best += find_paths(kg, query).paths
    return tuple(best)


def reach(
    kg: KnowledgeGraph, phenotype: str, targets: Sequence[str], max_hops: int = 4
) -> tuple[int, list[Reach]]:
    """Find the genes annotated with *phenotype* that reach a target over curated claims.

    :returns: how many genes the phenotype annotates, and those that reach a target,
        ordered by label, each with its best path to each target it reaches
    """
    genes = annotated_genes(kg, phenotype)
    found = []
    for gene, annotation in genes.items():
        if best := best_paths(kg, gene, targets, max_hops):
            found.append(Reach(gene, annotation, best))
    found.sort(key=lambda r: (kg.label(r.gene).lower(), r.gene))
    return len(genes), found


def lines(
    kg: KnowledgeGraph,
    phenotype: str,
    targets: Sequence[str],
    max_hops: int,
    total: int,
    found: Sequence[Reach],
) -> Iterator[str]:
    """Render the answer: a summary line, then each gene's annotation and paths."""
    ends = " or ".join(kg.display(t) for t in targets)
    yield (
        f"{len(found)} of {plural(total, 'gene')} annotated with {kg.display(phenotype)} "
        f"reach {ends} within {plural(max_hops, 'hop')} of curated claims"
    )
    for item in found:
        reached = ", ".join(
            f"{kg.label(p.nodes[-1])} in {plural(len(p.hops), 'hop')}" for p in item.paths
        )
        yield ""
        yield f"{kg.display(item.gene)}: {reached}"
        yield from claim_lines(kg, item.annotation, indent="  ")
        for number, found_path in enumerate(item.paths, 1):
            yield from ("  " + line for line in path_lines(kg, number, found_path))


@click.command()
@click.option(
    "--merge",
    "merge",
    multiple=True,
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="External graph to merge in (repeatable), e.g. HPO's KGX folder.",
)
@click.option("--phenotype", default="HP:0000939", show_default=True, help="The phenotype.")
@click.option(
    "--to",
    "targets",
    multiple=True,
    default=("bone resorption", "bone formation"),
    show_default=True,
    help="A process to reach (repeatable; an ID, label or synonym).",
)
@click.option(
    "--max-hops",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Longest path, in claims.",
)
def main(merge: tuple[Path, ...], phenotype: str, targets: tuple[str, ...], max_hops: int) -> None:
    """Print the genes annotated with PHENOTYPE that reach a target, with each hop's sources."""
    try:
        kg = load(merge=merge)
        ids = [kg.resolve(t) for t in targets]
        phenotype_id = kg.resolve(phenotype)
        total, found = reach(kg, phenotype_id, ids, max_hops)
    except BonekgError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines(kg, phenotype_id, ids, max_hops, total, found):
        click.echo(printable(line))  # merged names may hold control characters
    if not found:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

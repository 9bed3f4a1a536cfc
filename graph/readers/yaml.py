"""The curated YAML folder: ``nodes.yaml``, ``edges.yaml``, ``sources.yaml``, validated.

Every problem of the three files is collected before failing (see
:mod:`bonekg.validation`), located as ``file:line: field: message``.
"""

from __future__ import annotations

from pathlib import Path

from bonekg.constants import DATA_FILES, EDGES_FILE, NODES_FILE, SOURCES_FILE
from bonekg.errors import DataError, Problem
from bonekg.kg import KnowledgeGraph
from bonekg.model import Publication
from bonekg.readers.registry import Reader, register

__all__ = ["read_folder"]


def read_folder(folder: Path, *, label: bool = True) -> KnowledgeGraph:
    """Read and validate the curated files of *folder*.

    :param label: name files by their path in messages; else as ``data/<file>``
        (the bundled data, wherever it is installed)
    :raises DataError: any file is unreadable or invalid; carries every problem found
    """
    from bonekg.records import display_path, read_yaml
    from bonekg.validation import check
    from bonekg.vocabulary import load_vocabulary

    problems: list[Problem] = []
    docs = {}
    for name in DATA_FILES:
        path = folder / name
        shown = display_path(path) if label else f"data/{name}"
        try:
            docs[name] = read_yaml(path, shown)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    vocab = load_vocabulary()
    checked = check(docs[NODES_FILE], docs[EDGES_FILE], docs[SOURCES_FILE], vocab)
    if checked.problems:
        raise DataError(checked.problems)
    publications = {c: Publication.from_record(c, r) for c, r in checked.publications.items()}
    kg = KnowledgeGraph.from_records(checked.nodes, checked.claims, publications, vocab)
    warnings = list(checked.warnings)
    if not kg.number_of_claims:
        edges = display_path(folder / EDGES_FILE) if label else f"data/{EDGES_FILE}"
        message = "no claims: build, export and view refuse an empty graph without --allow-empty"
        warnings.append(Problem(edges, 0, "", message))
    kg.warnings = tuple(sorted(warnings))
    return kg


register(Reader("yaml", "curated YAML folder (nodes, edges, sources)", read_folder, folder=True))

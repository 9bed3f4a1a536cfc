"""Load the curated data into a validated graph, with a content-keyed cache.

:func:`load` reads ``nodes.yaml``, ``edges.yaml`` and ``sources.yaml``, validates them
(every problem at once) and builds the graph. The result is pickled under a key made
from the bytes of the data, the vocabulary and the loader's own code, so an unchanged
data set is not re-validated on every command while a changed byte always misses the
cache: the cache can be slow to fill, never stale.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.constants import (
    DATA_PACKAGE,
    EDGES_FILE,
    NODES_FILE,
    ONTOLOGY_PACKAGE,
    PREFIXES_FILE,
    SOURCES_FILE,
    VOCABULARY_FILE,
)
from bonekg.errors import DataError, Problem
from bonekg.model import Publication
from bonekg.names import build_index

if TYPE_CHECKING:
    import networkx as nx

    from bonekg.vocabulary import Vocabulary

__all__ = ["bundled_data_dir", "cache_dir", "graph_from_records", "load"]

_CODE_FILES = ("load.py", "model.py", "names.py", "records.py", "validate.py", "vocabulary.py")
DATA_FILES = (NODES_FILE, EDGES_FILE, SOURCES_FILE)


def bundled_data_dir() -> Path:
    """Return the folder of the bundled curated data (``data/`` in a checkout)."""
    return Path(str(resources.files(DATA_PACKAGE)))


def cache_dir() -> Path | None:
    """Return where validated graphs are cached, or None when caching is off.

    ``BONEKG_CACHE_DIR`` names the folder; ``BONEKG_CACHE_DIR=off`` turns caching off;
    the default is ``$XDG_CACHE_HOME/bonekg`` (``~/.cache/bonekg``).
    """
    configured = os.environ.get("BONEKG_CACHE_DIR")
    if configured:
        return None if configured.lower() in {"off", "0", "no"} else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bonekg"


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during bulk loads (2-3x faster on large graphs)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    code = resources.files("bonekg")
    ontology = resources.files(ONTOLOGY_PACKAGE)
    parts: list[tuple[str, bytes]] = [
        (f"code/{n}", code.joinpath(n).read_bytes()) for n in _CODE_FILES
    ]
    parts += [
        (f"ontology/{n}", ontology.joinpath(n).read_bytes())
        for n in (VOCABULARY_FILE, PREFIXES_FILE)
    ]
    for name in DATA_FILES:
        try:
            parts.append((f"data/{name}", (data_dir / name).read_bytes()))
        except OSError:
            parts.append((f"data/{name}", b"\0missing"))
    for name, blob in parts:
        digest.update(name.encode() + b"\0" + str(len(blob)).encode() + b"\0" + blob)
    return digest.hexdigest()


def load(data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True) -> nx.MultiDiGraph:
    """Load and validate the curated data.

    :param data_dir: folder holding nodes.yaml, edges.yaml and sources.yaml
        (default: the bundled data)
    :param cache: reuse a graph validated earlier from byte-identical inputs
    :returns: the graph, one edge per claim
    :raises DataError: the data is invalid; carries every problem found
    """
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    where = cache_dir() if cache else None
    key = _fingerprint(folder) if where is not None else ""
    if where is not None:
        try:
            with (where / f"{key}.pickle").open("rb") as handle, _no_gc():
                graph: nx.MultiDiGraph = pickle.load(handle)
            return graph
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    graph = _load_fresh(folder, label=data_dir is not None)
    if where is not None:
        _store(where, key, graph)
    return graph


def _store(where: Path, key: str, graph: nx.MultiDiGraph) -> None:
    """Write the cache entry atomically; a read-only cache folder only costs speed."""
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where / f"{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _load_fresh(folder: Path, *, label: bool) -> nx.MultiDiGraph:
    from bonekg.records import display_path, read_yaml
    from bonekg.validate import check
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
    return graph_from_records(checked.nodes, checked.edges, checked.publications, vocab)


def graph_from_records(
    nodes: Mapping[str, Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    publications: Mapping[str, Mapping[str, Any]],
    vocab: Vocabulary,
) -> nx.MultiDiGraph:
    """Build the graph from validated records.

    :param nodes: node ID -> attributes (label, category, biolink_class, synonyms, ...)
    :param edges: records with subject, predicate, object, key, sign, qualifiers, sources
    :param publications: CURIE -> sources-file record
    :param vocab: the vocabulary the records were validated against
    :returns: the graph, with publications, vocabulary and name index attached
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    with _no_gc():
        graph.add_nodes_from((node_id, dict(data)) for node_id, data in sorted(nodes.items()))
        graph.add_edges_from(
            (
                e["subject"],
                e["object"],
                e["key"],
                {
                    "predicate": e["predicate"],
                    "sign": e.get("sign"),
                    "qualifiers": dict(e.get("qualifiers", {})),
                    "sources": [dict(s) for s in e["sources"]],
                },
            )
            for e in edges
        )
    graph.graph["publications"] = {
        curie: Publication(curie=curie, **{k: v for k, v in record.items()})
        for curie, record in sorted(publications.items())
    }
    graph.graph["vocabulary"] = vocab
    graph.graph["names"] = build_index(graph)
    return graph

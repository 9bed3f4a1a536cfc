"""Names of the curated files and packaged resources, stated once."""

from __future__ import annotations

__all__ = [
    "BONEKG_GRAPH",
    "BONEKG_NS",
    "DATA_FILES",
    "DATA_PACKAGE",
    "EDGES_FILE",
    "EXIT_INTERRUPTED",
    "NODES_FILE",
    "ONTOLOGY_PACKAGE",
    "PREFIXES_FILE",
    "QUERIES_PACKAGE",
    "SHAPES_FILE",
    "SOURCES_FILE",
    "VIZ_PACKAGE",
    "VOCABULARY_FILE",
]

#: Package holding the curated YAML (folder ``data/``).
DATA_PACKAGE = "bonekg.data"
#: Package holding the vocabulary, shapes and prefix map (folder ``ontology/``).
ONTOLOGY_PACKAGE = "bonekg.ontology"
#: Package holding the named SPARQL queries (folder ``ontology/queries/``).
QUERIES_PACKAGE = "bonekg.ontology.queries"
#: Package holding the viewer template and assets (folder ``viz/``).
VIZ_PACKAGE = "bonekg.viz"

NODES_FILE = "nodes.yaml"
EDGES_FILE = "edges.yaml"
SOURCES_FILE = "sources.yaml"
#: The curated files, in the order they are read and reported.
DATA_FILES = (NODES_FILE, EDGES_FILE, SOURCES_FILE)

VOCABULARY_FILE = "bonekg.ttl"
SHAPES_FILE = "shapes.ttl"
PREFIXES_FILE = "prefixes.json"

#: Namespace of project terms (classes, predicates, project-local nodes, statements).
BONEKG_NS = "https://w3id.org/bonekg/"
#: The named graph of the curated graph on a SPARQL server (``push``, ``sparql --endpoint``).
BONEKG_GRAPH = BONEKG_NS + "graph"

#: Exit status after Ctrl-C: 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130

#: Rows ``bonekg sparql`` prints at most (``--max-rows``; 0 for no cap).
DEFAULT_MAX_ROWS = 100_000

#: Claims a viewer page holds at most (``view --max-edges``; 0 for no cap): the best
#: supported are kept. A hub's neighbourhood in a merged graph holds most of it, and a
#: browser draws about 10,000 edges in a few seconds (tests/test_viz.py times 7,500).
DEFAULT_MAX_EDGES = 10_000

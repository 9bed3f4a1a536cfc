"""Every registered writer round-trips; a format without a case here fails a test.

Each case reads a format back into the parts of the graph it carries and compares them
with the graph itself. The RDF exports are also compared, as graphs, with golden files.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from bonekg.cli import cli
from bonekg.errors import OutputError
from bonekg.files import atomic_output
from bonekg.kg import KnowledgeGraph
from bonekg.load import load
from bonekg.model import Claim
from bonekg.rdf.mapping import RdfMapper, triples, vocabulary_triples
from bonekg.readers.rdf import graph_from_triples, parse
from bonekg.writers import BUILD_FORMATS, WRITERS, get_format, write_to_path

from .conftest import MINIMAL, RESOURCES
from .helpers import edge_view, full_view, node_view

QUERIES = RESOURCES / "valid" / "queries"
GOLDEN = RESOURCES / "golden"
FIXTURES = {"minimal": MINIMAL, "queries": QUERIES}


# --- readers: one per format ------------------------------------------------------------


Reader = Callable[[Path, KnowledgeGraph], tuple[Any, Any]]


def nx_claims(graph: nx.MultiDiGraph) -> list[Claim]:
    """The claims of a networkx graph read back from a file."""
    return [Claim(s, o, k, d) for s, o, k, d in graph.edges(keys=True, data=True)]


def read_rdf(fmt: str) -> Reader:
    def reader(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
        back = graph_from_triples(parse(path.read_bytes(), fmt))
        return full_view(back), full_view(kg)

    return reader


def read_nquads(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    import pyoxigraph as ox

    quads = list(ox.parse(path.read_bytes(), ox.RdfFormat.N_QUADS))
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)  # curated: the default graph
    back = graph_from_triples([q.triple for q in quads])
    return full_view(back), full_view(kg)


def read_nodelink(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    data = json.loads(path.read_text("utf-8"))
    back = nx.node_link_graph(data)
    assert sorted(back.nodes) == [n for n, _ in kg.nodes()]
    for n, d in back.nodes(data=True):
        assert d == dict(kg.node(n))
    return edge_view(nx_claims(back)), edge_view(kg.claims())


def read_graphml(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    back = nx.read_graphml(path, force_multigraph=True)
    for _, d in back.nodes(data=True):
        for key in ("synonyms", "xrefs"):
            d[key] = json.loads(d[key]) if key in d else []
        d.setdefault("description", "")
    for _, _, d in back.edges(data=True):
        d["qualifiers"] = json.loads(d.get("qualifiers", "{}"))
        d["sources"] = json.loads(d["sources"])
        d.setdefault("sign", None)
    read = KnowledgeGraph(back, kg.vocabulary, {})
    return (node_view(read), edge_view(read.claims())), (node_view(kg), edge_view(kg.claims()))


def read_kgx(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    def rows(name: str) -> list[dict[str, str]]:
        with (path / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    def split(value: str) -> tuple[str, ...]:
        return tuple(sorted(v for v in value.split("|") if v))

    nodes = {
        r["id"]: (r["name"], r["category"], split(r["synonym"]), r["description"], split(r["xref"]))
        for r in rows("nodes.tsv")
    }
    edges = {
        r["id"]: (
            r["subject"],
            r["original_predicate"].removeprefix("bonekg:"),
            r["object"],
            r["predicate"],
            r["object_direction_qualifier"],
            split(r["publications"]),
            split(r["has_evidence"]),
            tuple(sorted(tuple(q.split("=", 1)) for q in split(r["bonekg_qualifiers"]))),
            (r["knowledge_level"], r["agent_type"], r["category"]),
        )
        for r in rows("edges.tsv")
    }
    predicates = kg.vocabulary.predicates
    want_nodes = {n: (v[0], v[2], v[3], v[4], v[5]) for n, v in node_view(kg).items()}
    want_edges = {
        c.key: (
            c.subject,
            c.predicate,
            c.object,
            predicates[c.predicate].biolink,
            predicates[c.predicate].biolink_direction or "",
            tuple(sorted({x["ref"] for x in c.sources})),
            tuple(sorted({x["evidence"] for x in c.sources})),
            tuple(sorted(c.qualifiers.items())),
            ("knowledge_assertion", "manual_agent", "biolink:Association"),
        )
        for c in kg.claims()
    }
    return (nodes, edges), (want_nodes, want_edges)


def read_html(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    text = path.read_text("utf-8")
    block = re.search(
        r'<script type="application/json" id="bonekg-data">(.*?)</script>', text, re.S
    )
    assert block, "the page has no data block"
    data = json.loads(block.group(1))
    nodes = {
        n["id"]: (n["label"], n["category"], tuple(sorted(n["synonyms"])), n["description"])
        for n in data["nodes"]
    }
    edges = {
        e["id"]: (
            e["from"],
            e["predicate"],
            e["to"],
            tuple(sorted(tuple(q) for q in e["qualifiers"])),
            tuple((s["ref"], s["evidence"], s["species"], s["statement"]) for s in e["sources"]),
        )
        for e in data["edges"]
    }
    want_nodes = {n: (v[0], v[1], v[3], v[4]) for n, v in node_view(kg).items()}
    # The page shows no trial outcome: compare each source without it.
    want_edges = {
        k: (v[0], v[1], v[2], v[4], tuple(s[:4] for s in v[5]))
        for k, v in edge_view(kg.claims()).items()
    }
    return (nodes, edges), (want_nodes, want_edges)


def read_null(path: Path, kg: KnowledgeGraph) -> tuple[Any, Any]:
    counter = get_format("null").factory(kg, None)
    kg.feed(counter)
    return (counter.nodes, counter.edges), (len(kg), kg.number_of_claims)  # type: ignore[attr-defined]


CASES: dict[str, Reader] = {
    "ttl": read_rdf("ttl"),
    "nt": read_rdf("nt"),
    "nq": read_nquads,
    "jsonld": read_rdf("jsonld"),
    "json": read_nodelink,
    "graphml": read_graphml,
    "kgx": read_kgx,
    "html": read_html,
    "null": read_null,
}


def test_every_registered_format_has_a_round_trip_case() -> None:
    assert set(WRITERS) - set(CASES) == set(), "add a reader for the new format to CASES"
    assert set(CASES) - set(WRITERS) == set(), "CASES names a format that is not registered"


@pytest.fixture(scope="module", params=sorted(FIXTURES))
def fixture_graph(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return load(FIXTURES[request.param], cache=False)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_round_trip(name: str, fixture_graph: KnowledgeGraph, tmp_path: Path) -> None:
    fmt = get_format(name)
    target = tmp_path / (fmt.filename or "null.out")
    if name == "null":
        target.touch()
    else:
        write_to_path(fixture_graph, fmt, target)
    got, want = CASES[name](target, fixture_graph)
    assert got == want


def test_the_null_writer_factory_counts_what_it_is_fed() -> None:
    graph = load(QUERIES, cache=False)
    fmt = get_format("null")
    assert fmt.filename == "" and "null" not in BUILD_FORMATS
    counter = fmt.factory(graph, None)
    graph.feed(counter)
    assert (counter.nodes, counter.edges) == (len(graph), graph.number_of_claims)  # type: ignore[attr-defined]
    assert counter.edges > 0


def test_nodelink_loads_with_networkx_defaults_and_no_warning(tmp_path: Path) -> None:
    graph = load(QUERIES, cache=False)
    target = tmp_path / "bonekg.json"
    write_to_path(graph, get_format("json"), target)
    data = json.loads(target.read_text("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = nx.node_link_graph(data)
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_edges() == graph.number_of_claims
    assert inspect.signature(nx.node_link_graph).parameters["edges"].default in data


def test_every_allowed_networkx_reads_nodelink_by_default() -> None:
    """The written key is the default of every networkx that pyproject.toml allows.

    networkx read ``links`` by default up to 3.3 (a file with ``edges`` fails with
    ``KeyError: 'links'`` on 3.2), warned with a FutureWarning on every call without
    ``edges=`` in 3.4 and 3.5, and reads ``edges`` from 3.6 on: only a lower bound of
    3.6 makes ``nx.node_link_graph(data)`` read the file, silently, everywhere.
    """
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    (networkx,) = [
        r for r in map(Requirement, pyproject["project"]["dependencies"]) if r.name == "networkx"
    ]
    lowest = min(Version(s.version) for s in networkx.specifier if s.operator in {">=", "=="})
    assert lowest >= Version("3.6"), (
        f"networkx{networkx.specifier} allows a version reading 'links'"
    )


def test_rebuild_is_byte_identical(runner, tmp_path: Path) -> None:
    data = os.fspath(QUERIES)
    for out in ("a", "b"):
        result = runner.invoke(cli, ["build", "--data", data, "--out", os.fspath(tmp_path / out)])
        assert result.exit_code == 0, result.output
    first = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    second = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert first == second
    assert {str(p) for p in first} >= {
        "bonekg.ttl",
        "bonekg.nt",
        "bonekg.jsonld",
        "bonekg.graphml",
        "bonekg.json",
        "kgx/nodes.tsv",
        "kgx/edges.tsv",
    }
    for rel in first:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_build_writes_every_build_format(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", "--data", os.fspath(MINIMAL), "--out", os.fspath(tmp_path)]
    )
    assert result.exit_code == 0
    assert result.output == "".join(
        f"wrote {tmp_path / name}\n"
        for name in [*(get_format(n).filename for n in BUILD_FORMATS), "MANIFEST.json"]
    )


@pytest.mark.parametrize(
    ("ext", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_rdf_matches_golden(ext: str, parser: str, tmp_path: Path) -> None:
    graph = load(MINIMAL, cache=False)
    target = tmp_path / f"out.{ext}"
    write_to_path(graph, get_format(ext), target)
    got = rdflib.Graph().parse(target, format=parser)
    vocab = rdflib.Graph().parse(
        data="".join(f"{t} .\n" for t in vocabulary_triples()), format="nt"
    )
    assert len(got & vocab) == len(vocab), "the vocabulary is not part of the export"
    golden = rdflib.Graph().parse(GOLDEN / f"minimal.{ext}", format=parser)
    assert isomorphic(got - vocab, golden)


def test_turtle_ntriples_and_jsonld_hold_the_same_triples(tmp_path: Path) -> None:
    graph = load(QUERIES, cache=False)
    sets = {}
    for ext in ("ttl", "nt", "jsonld"):
        target = tmp_path / f"out.{ext}"
        write_to_path(graph, get_format(ext), target)
        sets[ext] = set(parse(target.read_bytes(), ext))
    assert sets["ttl"] == sets["nt"] == sets["jsonld"] == set(triples(graph))


def test_ntriples_state_each_triple_once() -> None:
    # The two sources of a claim of the fixture share their species: the statement
    # says it once, so the line count of the N-Triples is the triple count.
    graph = load(QUERIES, cache=False)
    assert any(
        len(c.sources) > 1 and len({s["species"] for s in c.sources}) < len(c.sources)
        for c in graph.claims()
    )
    buffer = io.BytesIO()
    graph.feed(get_format("nt").factory(graph, buffer))
    lines = buffer.getvalue().decode("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(triples(graph)) == len(set(triples(graph)))


def test_export_to_stdout_and_to_a_file(runner, tmp_path: Path) -> None:
    data = os.fspath(MINIMAL)
    shown = runner.invoke(cli, ["export", "nt", "--data", data])
    assert shown.exit_code == 0
    assert shown.stdout.count(" .\n") == len(triples(load(MINIMAL, cache=False)))
    target = tmp_path / "x.ttl"
    written = runner.invoke(cli, ["export", "ttl", "--data", data, "--out", os.fspath(target)])
    assert written.exit_code == 0 and target.read_text("utf-8").startswith("@prefix rdf:")
    folder = runner.invoke(cli, ["export", "kgx", "--data", data])
    assert folder.exit_code == 2
    assert (
        "Error: kgx writes a folder: standard output (-) is not supported; give --out DIR\n"
        in folder.output
    )
    unknown = runner.invoke(cli, ["export", "rdfxml", "--data", data])
    assert unknown.exit_code == 2 and "'rdfxml' is not one of" in unknown.output


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("name", ["ttl", "nt", "jsonld", "kgx"])
def test_failed_write_leaves_no_file(name: str, tmp_path: Path, monkeypatch) -> None:
    graph = load(MINIMAL, cache=False)

    def explode(*args: Any) -> None:
        raise Boom("disk full")

    monkeypatch.setattr(RdfMapper, "edge", explode)
    monkeypatch.setattr("bonekg.writers.kgx.KgxWriter.write_edge", explode)
    fmt = get_format(name)
    with pytest.raises(Boom):
        write_to_path(graph, fmt, tmp_path / fmt.filename)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_atomic_output_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "bonekg.ttl"
    target.write_text("old")
    with pytest.raises(Boom), atomic_output(target) as handle:
        handle.write(b"half")
        raise Boom
    assert target.read_text() == "old" and len(list(tmp_path.iterdir())) == 1


def test_atomic_output_names_the_path_it_cannot_write(tmp_path: Path) -> None:
    folder = re.escape(str(tmp_path))
    in_the_way = pytest.raises(
        OutputError, match=f"^cannot write {folder}: a folder is in the way$"
    )
    with in_the_way, atomic_output(tmp_path):
        pass
    blocker = tmp_path / "file"
    blocker.write_text("kept")
    with pytest.raises(OutputError, match="a file is in the way"), atomic_output(blocker / "x"):
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["file"] and blocker.read_text() == "kept"


# --- KGX's own reader and validator -------------------------------------------------------


def test_kgx_reads_and_validates_the_tsv(kgx_offline: Any, tmp_path: Path) -> None:
    transformer_class, validator_class = kgx_offline
    graph = load(QUERIES, cache=False)
    write_to_path(graph, get_format("kgx"), tmp_path / "kgx")
    files = [os.fspath(tmp_path / "kgx" / "nodes.tsv"), os.fspath(tmp_path / "kgx" / "edges.tsv")]
    records: list[Any] = []
    reading = transformer_class(stream=True)
    reading.transform(
        {"filename": files, "format": "tsv"},
        output_args={"format": "null"},
        inspector=lambda kind, record: records.append((kind, record)),
    )
    nodes = {r[0]: r[1] for kind, r in records if kind.name == "NODE"}
    edges = [r[3] for kind, r in records if kind.name == "EDGE"]
    # Every row is read; (KGX's in-memory store would merge the two teriparatide claims,
    # which share subject, Biolink predicate and object and differ by direction.)
    assert len(nodes) == len(graph) and len(edges) == graph.number_of_claims
    assert nodes["CHEBI:16469"]["category"] == ["biolink:SmallMolecule"]
    assert nodes["CHEBI:16469"]["name"] == "estradiol"
    vocab = graph.vocabulary
    for data in edges:
        ours = graph.nx.edges[data["subject"], data["object"], data["id"]]
        predicate = vocab.predicates[ours["predicate"]]
        assert data["predicate"] == predicate.biolink
        assert data.get("object_direction_qualifier") == predicate.biolink_direction
        assert data["publications"] == sorted({x["ref"] for x in ours["sources"]})
        assert data["knowledge_level"] == "knowledge_assertion"
        assert data["agent_type"] == "manual_agent"
    validator = validator_class()
    checking = transformer_class(stream=True)
    checking.transform(
        {"filename": files, "format": "tsv"}, output_args={"format": "null"}, inspector=validator
    )
    assert validator.get_errors() == {}


def test_kgx_validator_with_the_stock_context_flags_only_local_ids(
    kgx_offline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Biolink's own prefix context (no bonekg entry), the only errors are project IDs."""
    import re

    import kgx.config

    transformer_class, validator_class = kgx_offline
    monkeypatch.delitem(kgx.config.jsonld_context_map["biolink"], "bonekg")
    graph = load()
    write_to_path(graph, get_format("kgx"), tmp_path / "kgx")
    files = [os.fspath(tmp_path / "kgx" / "nodes.tsv"), os.fspath(tmp_path / "kgx" / "edges.tsv")]
    validator = validator_class()
    transformer_class(stream=True).transform(
        {"filename": files, "format": "tsv"}, output_args={"format": "null"}, inspector=validator
    )
    errors = validator.get_errors()
    local = {n for n, _ in graph.nodes() if n.startswith("bonekg:")}
    assert local and all(graph.node(n).get("local_reason") for n in local)
    named: set[str] = set()
    for level in errors.values():
        for kind, messages in level.items():
            assert kind in {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}, kind
            for message in messages:
                found = re.findall(r"'(bonekg:[^']+)'", message)
                assert found and "prefix 'bonekg'" in message, message
                named.update(found)
    node_errors = errors["ERROR"]["INVALID_NODE_PROPERTY_VALUE"]
    assert len(node_errors) == len(local)
    assert named == local

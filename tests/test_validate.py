"""One golden case per kind of defect: each invalid folder overlays the minimal data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bonekg.cli import cli

from .conftest import INVALID, assemble_case

CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())


def test_invalid_fixtures_exist() -> None:
    assert len(CASES) >= 15, "the invalid fixture folder lost its cases"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_exactly(case: Path, tmp_path: Path, runner, monkeypatch) -> None:
    data = assemble_case(case, tmp_path / "data")
    monkeypatch.chdir(data)
    result = runner.invoke(cli, ["validate", "--data", "."])
    assert result.exit_code == 1
    assert result.output == (case / "expected.txt").read_text()
    assert "Traceback" not in result.output


def test_every_problem_is_file_line_field_message(tmp_path: Path, runner, monkeypatch) -> None:
    for case in CASES:
        data = assemble_case(case, tmp_path / case.name)
        monkeypatch.chdir(data)
        lines = runner.invoke(cli, ["validate", "--data", "."]).output.splitlines()[1:]
        assert lines, case.name
        for line in lines:
            where, field, message = line.split(": ", 2)
            assert where.split(":")[0].endswith(".yaml"), line
            assert field and message, line


def test_unreadable_file(minimal_dir: Path, runner, monkeypatch) -> None:
    (minimal_dir / "nodes.yaml").unlink()
    (minimal_dir / "nodes.yaml").mkdir()  # unreadable as a file, even for root
    monkeypatch.chdir(minimal_dir)
    result = runner.invoke(cli, ["validate", "--data", "."])
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == "nodes.yaml: file: cannot read: Is a directory"


def test_all_problems_in_one_run(minimal_dir: Path, runner, monkeypatch) -> None:
    edges = minimal_dir / "edges.yaml"
    text = edges.read_text().replace("predicate: increases", "predicate: increase")
    edges.write_text(text.replace("object: MONDO:0005298", "object: MONDO:0000000"))
    nodes = minimal_dir / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("category: Disease", "category: Illness"))
    monkeypatch.chdir(minimal_dir)
    result = runner.invoke(cli, ["validate", "--data", "."])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: 3 problems in the data:",
        "edges.yaml:2: predicate: unknown predicate 'increase' (did you mean increases?)",
        "edges.yaml:19: object: unknown node MONDO:0000000 (did you mean MONDO:0005298?)",
        "nodes.yaml:16: category: unknown category 'Illness' (allowed: Anatomy, CellType, "
        "Diagnostic, Disease, Intervention, Phenotype, Process, Signal)",
    ]


def test_valid_minimal(minimal_dir: Path, runner) -> None:
    result = runner.invoke(cli, ["validate", "--data", os.fspath(minimal_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "valid: 5 nodes, 3 edges, 1 sources\n"


def test_project_slug_must_not_be_a_vocabulary_term(minimal_dir: Path, runner, monkeypatch) -> None:
    nodes = minimal_dir / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("bonekg:msc-therapy", "bonekg:increases"))
    edges = minimal_dir / "edges.yaml"
    edges.write_text(edges.read_text().replace("bonekg:msc-therapy", "bonekg:increases"))
    monkeypatch.chdir(minimal_dir)
    result = runner.invoke(cli, ["validate", "--data", "."])
    assert result.exit_code == 1
    assert (
        "nodes.yaml:17: id: bonekg:increases is the IRI of a vocabulary term of ontology/bonekg.ttl; choose another slug"
        in result.output
    )


def test_an_empty_optional_field_counts_as_absent(minimal_dir: Path, runner) -> None:
    # Found by tests/test_hostile.py: `synonyms:` with no value crashed the node builder.
    nodes = minimal_dir / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("  synonyms:\n    - MSC therapy\n", "  synonyms:\n"))
    edges = minimal_dir / "edges.yaml"
    edges.write_text(edges.read_text().replace("  sources:\n", "  qualifiers:\n  sources:\n", 1))
    result = runner.invoke(cli, ["validate", "--data", os.fspath(minimal_dir)])
    assert result.exit_code == 0, result.output

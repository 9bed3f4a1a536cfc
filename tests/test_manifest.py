"""A build's manifest (graph/manifest.py), and `bonekg validate --out DIR` checking it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from bonekg.build import build_files
from bonekg.cli import cli
from bonekg.load import fingerprint

from .conftest import MINIMAL


@pytest.fixture
def built(runner, tmp_path: Path, monkeypatch) -> Path:
    """A fresh build of a copy of the minimal data, in ``out`` under the working directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "data")
    assert runner.invoke(cli, ["build", "--data", "data", "--out", "out"]).exit_code == 0
    return tmp_path / "out"


def validate(runner, out: str = "out"):
    return runner.invoke(cli, ["validate", "--out", out, "--data", "data"])


def test_the_manifest_lists_every_file_with_its_size_and_sha256(built: Path) -> None:
    manifest = json.loads((built / "MANIFEST.json").read_text())
    assert manifest["generator"] == f"bonekg {version('bonekg')}"
    assert manifest["fingerprint"] == fingerprint(Path("data"))
    assert [f["path"] for f in manifest["files"]] == sorted(build_files()[:-1])
    for entry in manifest["files"]:
        data = (built / entry["path"]).read_bytes()
        assert entry == {
            "path": entry["path"],
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }


def test_validate_out_accepts_a_fresh_build(built: Path, runner) -> None:
    result = validate(runner)
    assert (result.exit_code, result.stderr) == (0, "")
    count = len(build_files()) - 1
    assert (
        result.stdout == f"valid: out matches its manifest ({count} files, built from this data)\n"
    )


def test_validate_out_reports_every_mismatch_one_line_each(built: Path, runner) -> None:
    nt = built / "bonekg.nt"
    nt.write_bytes(nt.read_bytes() + b"# added\n")
    ttl = built / "bonekg.ttl"
    text = ttl.read_bytes()
    ttl.write_bytes(text.replace(b"@prefix", b"@PREFIX", 1))  # same size, other content
    (built / "kgx" / "edges.tsv").unlink()
    (built / "notes.txt").write_text("mine")
    edges = Path("data") / "edges.yaml"
    edges.write_text(edges.read_text() + "\n")  # the data moved on since the build
    result = validate(runner)
    assert (result.exit_code, result.stdout) == (1, "")
    size = nt.stat().st_size
    assert result.stderr == (
        "Error: 5 problems in the build in out:\n"
        "out/MANIFEST.json: fingerprint: built from other data, merged files, vocabulary or bonekg code"
        " than the current: run `bonekg build`\n"
        "out/bonekg.nt: size: " + f"{size} bytes, MANIFEST.json says {size - 8}\n"
        "out/bonekg.ttl: sha256: content differs from MANIFEST.json (changed since the build)\n"
        "out/kgx/edges.tsv: missing (MANIFEST.json lists it)\n"
        "out/notes.txt: not in MANIFEST.json\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "missing: not a bonekg build (or one older than manifests)"),
        (
            "{",
            "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ('{"files": {}}', "not a bonekg manifest (no list of files)"),
    ],
    ids=["missing", "not JSON", "no files"],
)
def test_validate_out_without_a_usable_manifest(
    content: str | None, message: str, built: Path, runner
) -> None:
    manifest = built / "MANIFEST.json"
    manifest.unlink()
    if content is not None:
        manifest.write_text(content)
    result = validate(runner)
    assert result.exit_code == 1
    assert result.stderr == f"Error: 1 problem in the build in out:\nout/MANIFEST.json: {message}\n"


def test_validate_out_refuses_paths_outside_the_folder(built: Path, runner) -> None:
    manifest = built / "MANIFEST.json"
    doc = json.loads(manifest.read_text())
    doc["files"].append({"path": "../data/nodes.yaml", "size": 1, "sha256": "0"})
    manifest.write_text(json.dumps(doc))
    result = validate(runner)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "out/MANIFEST.json: files: '../data/nodes.yaml' is not a path inside the folder"
    ]
    # ... and a build does not take it as a file of its own to delete.
    assert runner.invoke(cli, ["build", "--data", "data", "--out", "out"]).exit_code == 0
    assert (Path("data") / "nodes.yaml").exists()


def test_validate_out_of_the_bundled_build(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["build", "--data", os.fspath(MINIMAL), "--out", "a"]).exit_code == 0
    mismatch = runner.invoke(cli, ["validate", "--out", "a"])  # checked against the bundled data
    assert mismatch.exit_code == 1 and "fingerprint: built from other data" in mismatch.stderr


def test_validate_takes_rdf_or_out_not_both(built: Path, runner) -> None:
    result = runner.invoke(cli, ["validate", "--out", "out", "--rdf", "out/bonekg.ttl"])
    assert (
        result.exit_code == 2 and "Error: give --rdf FILE or --out DIR, not both" in result.output
    )

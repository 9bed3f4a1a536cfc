from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bonekg.cli import cli


def run(runner, *args: str):
    return runner.invoke(cli, list(args))


def test_validate_text_and_json(runner, minimal_dir: Path) -> None:
    data = os.fspath(minimal_dir)
    result = run(runner, "validate", "--data", data)
    assert result.exit_code == 0 and result.stdout == "valid: 5 nodes, 3 edges, 1 sources\n"
    # A project ID without its reason is allowed, with a warning on stderr.
    assert result.stderr == (
        f"warning: {minimal_dir / 'nodes.yaml'}:17: local_reason: bonekg:msc-therapy is a "
        "project ID: say in local_reason why no standard term fits\n"
    )
    result = run(runner, "validate", "--data", data, "--format", "json")
    assert json.loads(result.stdout) == {"valid": True, "nodes": 5, "edges": 3, "sources": 1}


def test_stats_json(runner, minimal_dir: Path) -> None:
    result = run(runner, "stats", "--data", os.fspath(minimal_dir), "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.output)
    assert stats["nodes"] == 5 and stats["edges"] == 3
    assert stats["categories"] == {"CellType": 2, "Disease": 1, "Intervention": 1, "Process": 1}
    assert stats["predicates"] == {"differentiates_into": 1, "increases": 1, "treats": 1}
    assert stats["evidence"] == {"review": 3}
    assert stats["species"] == {"NCBITaxon:9606": 3}


def test_search_text(runner, minimal_dir: Path) -> None:
    result = run(runner, "search", "osteo", "--data", os.fspath(minimal_dir))
    assert (
        result.output == "CL:0000062\tosteoblast\tCellType\nMONDO:0005298\tosteoporosis\tDisease\n"
    )
    missing = run(runner, "search", "kidney", "--data", os.fspath(minimal_dir))
    assert missing.exit_code == 1
    assert missing.output == "Error: no node matches 'kidney'\n"


def test_search_json(runner, minimal_dir: Path) -> None:
    result = run(runner, "search", "MSC", "--data", os.fspath(minimal_dir), "--format", "json")
    assert [n["id"] for n in json.loads(result.output)] == ["CL:0000134", "bonekg:msc-therapy"]


def test_show_text(runner, minimal_dir: Path) -> None:
    result = run(runner, "show", "msc", "--data", os.fspath(minimal_dir))
    assert result.exit_code == 0
    assert result.output == (
        "mesenchymal stem cell (CL:0000134)\n"
        "  category: CellType (biolink:Cell)\n"
        "  synonyms: MSC\n"
        "  edges: 1\n"
        "  mesenchymal stem cell (CL:0000134) -differentiates_into-> osteoblast (CL:0000062)\n"
        "      PMID:32719657 Arjmand B 2020 (review, human): MSCs differentiate into osteoblasts.\n"
    )


def test_show_json_shape(runner, minimal_dir: Path) -> None:
    result = run(runner, "show", "osteoblast", "--data", os.fspath(minimal_dir), "--format", "json")
    shown = json.loads(result.output)
    assert shown["id"] == "CL:0000062"
    edge = shown["edges"][0]
    assert set(edge) == {
        "subject",
        "subject_label",
        "predicate",
        "object",
        "object_label",
        "sign",
        "qualifiers",
        "sources",
        "origin",  # curated here; a merged edge adds its provenance (tests/test_merge.py)
    }
    assert edge["origin"] == "curated"
    assert edge["sources"][0]["ref"] == "PMID:32719657"


def test_neighbors_direction_and_predicate(runner, minimal_dir: Path) -> None:
    data = os.fspath(minimal_dir)
    out = json.loads(
        run(
            runner,
            "neighbors",
            "osteoblast",
            "--direction",
            "out",
            "--data",
            data,
            "--format",
            "json",
        ).output
    )
    assert [(e["predicate"], e["object"]) for e in out["edges"]] == [("increases", "GO:0001503")]
    inc = json.loads(
        run(
            runner,
            "neighbors",
            "osteoblast",
            "--direction",
            "in",
            "--data",
            data,
            "--format",
            "json",
        ).output
    )
    assert [(e["subject"], e["predicate"]) for e in inc["edges"]] == [
        ("CL:0000134", "differentiates_into")
    ]
    both = json.loads(
        run(
            runner,
            "neighbors",
            "osteoblast",
            "--predicate",
            "increases",
            "--data",
            data,
            "--format",
            "json",
        ).output
    )
    assert len(both["edges"]) == 1
    bad = run(runner, "neighbors", "osteoblast", "--predicate", "cures", "--data", data)
    assert bad.exit_code == 2


def test_unknown_and_usage_exit_codes(runner, minimal_dir: Path) -> None:
    data = os.fspath(minimal_dir)
    unknown = run(runner, "show", "osteoblst", "--data", data)
    assert unknown.exit_code == 1
    assert (
        unknown.output == "Error: unknown node 'osteoblst' (did you mean CL:0000062 osteoblast?)\n"
    )
    assert run(runner, "neighbors", "x", "--direction", "sideways").exit_code == 2
    assert run(runner, "validate", "--data", os.fspath(minimal_dir / "nope")).exit_code == 2


def test_build_writes_every_registered_format(runner, minimal_dir: Path, tmp_path: Path) -> None:
    from bonekg.writers import BUILD_FORMATS, WRITERS

    out = tmp_path / "out"
    result = run(runner, "build", "--data", os.fspath(minimal_dir), "--out", os.fspath(out))
    assert result.exit_code == 0, result.output
    for name in BUILD_FORMATS:
        assert (out / WRITERS[name].filename).exists(), name
    assert not list(out.rglob(".*.tmp"))


def test_build_refuses_invalid_data_and_writes_nothing(
    runner, minimal_dir: Path, tmp_path: Path
) -> None:
    (minimal_dir / "edges.yaml").write_text("- subject: [\n")
    out = tmp_path / "out"
    result = run(runner, "build", "--data", os.fspath(minimal_dir), "--out", os.fspath(out))
    assert result.exit_code == 1
    assert not out.exists()


def test_fmt_check_and_rewrite(runner, minimal_dir: Path) -> None:
    data = os.fspath(minimal_dir)
    assert run(runner, "fmt", "--check", "--data", data).exit_code == 0
    nodes = minimal_dir / "nodes.yaml"
    canonical = nodes.read_text()
    nodes.write_text(
        "- {id: MONDO:0005298, label: osteoporosis, category: Disease}\n"
        + canonical.replace("- id: MONDO:0005298\n  label: osteoporosis\n  category: Disease\n", "")
    )
    assert run(runner, "fmt", "--check", "--data", data).exit_code == 1
    assert run(runner, "fmt", "--data", data).exit_code == 0
    assert nodes.read_text() == canonical


def test_python_m_bonekg(minimal_dir: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bonekg", "validate", "--data", os.fspath(minimal_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "valid: 5 nodes, 3 edges, 1 sources\n"


def test_every_command_has_help_and_is_in_the_readme(runner) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
        assert f"bonekg {name}" in readme, f"README does not show `bonekg {name}`"
        assert run(runner, name, "--help").exit_code == 0


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    from bonekg.files import atomic_output

    old = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "new.txt") as handle:
            handle.write(b"x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        (tmp_path / "new.txt").chmod(0o600)
        with atomic_output(tmp_path / "new.txt") as handle:
            handle.write(b"y")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    from bonekg.files import atomic_output

    target = tmp_path / "kept.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]


# --- output-side errors: one line naming the path, nothing left behind --------------------


@dataclass(frozen=True)
class OutputCase:
    """A command whose output the OS refuses, and the message it must print."""

    #: The command line, given the test's folder (which holds a folder dir/ and a file).
    args: Callable[[Path], list[str]]
    #: The message after ``Error: ``.
    message: Callable[[Path], str]
    #: Extra set-up, given the folder, the minimal data's copy and pytest's monkeypatch.
    prepare: Callable[[Path, Path, pytest.MonkeyPatch], None] | None = None


def _replace_nodes_by_a_folder(tmp: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make nodes.yaml need rewriting, then turn it into a folder once it has been read.

    As if another program replaced the file between ``fmt`` reading and writing it.
    """
    import bonekg.canonical

    nodes = data / "nodes.yaml"
    block = "- id: CL:0000062\n  label: osteoblast\n  category: CellType\n"
    flow = "- {id: CL:0000062, label: osteoblast, category: CellType}\n"
    nodes.write_text(nodes.read_text().replace(block, flow))
    real = bonekg.canonical.canonical_text

    def canonical_text(name: str, *args: object) -> str:
        text = real(name, *args)  # type: ignore[arg-type]
        if name == "nodes.yaml":
            nodes.unlink()
            nodes.mkdir()
        return text

    monkeypatch.setattr(bonekg.canonical, "canonical_text", canonical_text)


OUTPUT_CASES = {
    "export into a folder": OutputCase(
        lambda tmp: ["export", "ttl", "--out", os.fspath(tmp / "dir")],
        lambda tmp: f"cannot write {tmp / 'dir'}: a folder is in the way",
    ),
    "build under /proc": OutputCase(
        lambda tmp: ["build", "--out", "/proc/x"],
        lambda tmp: "cannot write into /proc/x: No such file or directory",
    ),
    "view under /proc": OutputCase(
        lambda tmp: ["view", "--out", "/proc/x.html"],
        lambda tmp: "cannot write /proc/x.html: No such file or directory",
    ),
    "path --view under /proc": OutputCase(
        lambda tmp: ["path", "MSC", "osteoblast", "--view", "/proc/x.html"],
        lambda tmp: "cannot write /proc/x.html: No such file or directory",
    ),
    "kgx into a file": OutputCase(
        lambda tmp: ["export", "kgx", "--out", os.fspath(tmp / "file")],
        lambda tmp: f"cannot write into {tmp / 'file'}: a file is in the way",
    ),
    "kgx with a folder in place of edges.tsv": OutputCase(
        lambda tmp: ["export", "kgx", "--out", os.fspath(tmp / "kgx")],
        lambda tmp: f"cannot write {tmp / 'kgx' / 'edges.tsv'}: a folder is in the way",
        lambda tmp, data, monkeypatch: (tmp / "kgx" / "edges.tsv").mkdir(parents=True),
    ),
    "a file in place of a parent folder": OutputCase(
        lambda tmp: ["export", "nt", "--out", os.fspath(tmp / "file" / "sub" / "x.nt")],
        lambda tmp: f"cannot write into {tmp / 'file' / 'sub'}: Not a directory",
    ),
    # Root may write anywhere chmod allows: /sys stands for a folder it may not write in.
    "a read-only folder": OutputCase(
        lambda tmp: ["export", "jsonld", "--out", "/sys/x.jsonld"],
        lambda tmp: "cannot write /sys/x.jsonld: Permission denied",
    ),
    "fmt with a folder in place of a file": OutputCase(
        lambda tmp: ["fmt"],
        lambda tmp: (
            f"cannot write {(tmp / 'data' / 'nodes.yaml').resolve()}: a folder is in the way"
        ),
        _replace_nodes_by_a_folder,
    ),
}


@pytest.mark.parametrize("case", OUTPUT_CASES.values(), ids=OUTPUT_CASES)
def test_output_errors_are_one_line_and_leave_nothing(
    case: OutputCase, runner, minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("kept")
    if case.prepare is not None:
        case.prepare(tmp_path, minimal_dir, monkeypatch)
    before = sorted(tmp_path.rglob("*"))
    result = run(runner, *case.args(tmp_path), "--data", os.fspath(minimal_dir))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exc_info
    assert result.stderr == f"Error: {case.message(tmp_path)}\n"
    assert result.stdout == ""
    assert sorted(tmp_path.rglob("*")) == before, "the failed write left a file behind"
    assert list(tmp_path.rglob("*.tmp")) == []
    assert (tmp_path / "file").read_text() == "kept"
    for name in ("x", "x.html", "x.jsonld"):
        assert not Path("/proc", name).exists() and not Path("/sys", name).exists()


# --- Ctrl-C: one line, exit 130, no partial output -----------------------------------------


def test_ctrl_c_in_a_command_prints_one_line_and_exits_130(
    runner, minimal_dir: Path, monkeypatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    # (``bonekg.load`` is the function; the module is ``sys.modules["bonekg.load"]``.)
    monkeypatch.setattr(sys.modules["bonekg.load"], "load", interrupted)
    result = run(runner, "stats", "--data", os.fspath(minimal_dir))
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "Aborted.\n")


def test_ctrl_c_while_writing_leaves_no_file(
    runner, minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    import bonekg.writers.nodelink

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(bonekg.writers.nodelink.NodeLinkWriter, "write_edge", interrupted)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.json"
    result = run(
        runner, "export", "json", "--out", os.fspath(target), "--data", os.fspath(minimal_dir)
    )
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "Aborted.\n")
    assert list(out.iterdir()) == []


#: Run the real entry point (``bonekg.__main__.main``) after *setup*, in a fresh interpreter.
ENTRY = "import sys\nsys.argv = ['bonekg', *sys.argv[1:]]\n{setup}\nfrom bonekg.__main__ import main\nmain()\n"
#: Send a real SIGINT to the process itself when the CLI imports click (during start-up).
DURING_START_UP = """
import builtins, os, signal
real = builtins.__import__
def imp(name, *args, **kwargs):
    if name == "click":
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)
builtins.__import__ = imp
"""
#: Send a real SIGINT while the graph loads (during the command).
DURING_LOAD = """
import importlib, os, signal, time
def load(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(10)
importlib.import_module("bonekg.load").load = load
"""


@pytest.mark.parametrize("setup", [DURING_START_UP, DURING_LOAD], ids=["start-up", "load"])
def test_sigint_prints_one_line_and_exits_130(setup: str, minimal_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            ENTRY.format(setup=setup),
            "stats",
            "--data",
            os.fspath(minimal_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "Aborted.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--direction", "in", "--predicate", "treats"],
            "no in edges with predicate treats for osteoblast (CL:0000062)",
        ),
        (
            ["--direction", "out", "--predicate", "treats", "--predicate", "secretes"],
            "no out edges with predicate treats or secretes for osteoblast (CL:0000062)",
        ),
        (["--predicate", "treats"], "no edges with predicate treats for osteoblast (CL:0000062)"),
        (["--direction", "in"], "no in edges for mesenchymal stem cell (CL:0000134)"),
    ],
)
def test_neighbors_without_edges_names_the_filter(
    args: list[str], message: str, runner, minimal_dir: Path
) -> None:
    node = "msc" if "treats" not in args else "osteoblast"
    result = run(runner, "neighbors", node, *args, "--data", os.fspath(minimal_dir))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


# --- --out: a symlink, a FIFO, or - for standard output ------------------------------------


def test_export_through_a_symlink_replaces_its_target(
    runner, minimal_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "target.nt").write_text("old")
    link = tmp_path / "link.nt"
    link.symlink_to(Path("real") / "target.nt")
    result = run(runner, "export", "nt", "--out", os.fspath(link), "--data", os.fspath(minimal_dir))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    expected = run(runner, "export", "nt", "--data", os.fspath(minimal_dir)).stdout
    assert (tmp_path / "real" / "target.nt").read_text() == expected


@pytest.mark.parametrize("command", [["export", "nt"], ["view"]])
def test_a_fifo_as_out_is_refused_in_one_line(
    command: list[str], runner, minimal_dir: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run(runner, *command, "--out", os.fspath(fifo), "--data", os.fspath(minimal_dir))
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr
        == f"Error: cannot write {fifo}: it is a FIFO (named pipe), not a regular file\n"
    )
    assert fifo.is_fifo() and sorted(tmp_path.iterdir()) == sorted([fifo, minimal_dir])


@pytest.mark.parametrize("command", [["export", "nt"], ["export", "json"], ["view"]])
def test_out_dash_writes_standard_output(
    command: list[str], runner, minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = os.fspath(minimal_dir)
    result = run(runner, *command, "--out", "-", "--data", data)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and not (tmp_path / "-").exists()
    run(runner, *command, "--out", "file", "--data", data)
    assert result.stdout == (tmp_path / "file").read_text("utf-8")


@pytest.mark.parametrize("command", [["export", "kgx"], ["build"]])
def test_out_dash_for_a_folder_is_refused_in_one_line(
    command: list[str], runner, minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, *command, "--out", "-", "--data", os.fspath(minimal_dir))
    assert result.exit_code == 2 and result.stdout == ""
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "writes a folder" in error and "standard output (-) is not supported" in error
    assert sorted(tmp_path.iterdir()) == [minimal_dir]


# --- an empty graph is refused unless --allow-empty -----------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* (relative path -> bytes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


EMPTY_COMMANDS = {
    "build": ["build", "--out", "good"],
    "export": ["export", "nt", "--out", "good/bonekg.nt"],
    "export to stdout": ["export", "ttl"],
    "view": ["view", "--out", "good/bonekg.html"],
}


@pytest.mark.parametrize("nodes", [0, 5], ids=["no nodes", "nodes only"])
@pytest.mark.parametrize("command", EMPTY_COMMANDS.values(), ids=EMPTY_COMMANDS)
def test_an_empty_graph_is_refused_unless_allowed(
    command: list[str], nodes: int, runner, minimal_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(runner, "build", "--out", "good", "--data", os.fspath(minimal_dir)).exit_code == 0
    before = snapshot(tmp_path / "good")
    empty = tmp_path / "empty"
    empty.mkdir()
    for name in ("nodes.yaml", "edges.yaml", "sources.yaml"):
        (empty / name).write_text("")
    if nodes:
        (empty / "nodes.yaml").write_text((minimal_dir / "nodes.yaml").read_text())
    result = run(runner, *command, "--data", "empty")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"Error: empty/edges.yaml: no claims ({nodes} nodes): refusing to write an empty graph;"
        " --allow-empty writes it anyway"
    )
    assert snapshot(tmp_path / "good") == before
    allowed = run(runner, *command, "--data", "empty", "--allow-empty")
    assert allowed.exit_code == 0, allowed.output
    assert snapshot(tmp_path / "good") != before or command[:2] == ["export", "ttl"]


def test_validate_warns_about_an_empty_graph(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("nodes.yaml", "edges.yaml", "sources.yaml"):
        (tmp_path / name).write_text("")
    result = run(runner, "validate", "--data", ".")
    assert result.exit_code == 0 and result.stdout == "valid: 0 nodes, 0 edges, 0 sources\n"
    assert result.stderr == (
        "warning: edges.yaml: no claims: build, export and view refuse an empty graph"
        " without --allow-empty\n"
    )

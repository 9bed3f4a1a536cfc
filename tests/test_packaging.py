"""The card's folders install as one package, and a built wheel works outside the checkout."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from collections.abc import Collection
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
FOLDERS = {
    "graph": "bonekg",
    "ontology": "bonekg.ontology",
    "data": "bonekg.data",
    "viz": "bonekg.viz",
}


def test_every_package_folder_is_listed() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            package = ".".join([name, *rel.parts])
            assert package in listed, (
                f"{package} ({init.parent}) is missing from [tool.setuptools] packages"
            )
            assert mapping[package] == init.parent.relative_to(ROOT).as_posix()


def test_the_top_level_api() -> None:
    import importlib.metadata

    import bonekg

    assert bonekg.__version__ == importlib.metadata.version("bonekg")
    assert {
        "KnowledgeGraph",
        "Claim",
        "Publication",
        "PathQuery",
        "find_paths",
        "explain",
        "load",
        "BonekgError",
        "DataError",
        "UnknownNodeError",
        "AmbiguousNodeError",
        "NoPathError",
        "UnknownFormatError",
    } <= set(bonekg.__all__)
    for name in bonekg.__all__:
        assert hasattr(bonekg, name), name
    # Lookups are methods of the graph now (or bonekg.names.resolve / search).
    for gone in ("edges", "get_node", "resolve", "search"):
        assert not hasattr(bonekg, gone), gone
    assert issubclass(bonekg.NoPathError, bonekg.errors.NoResultError)


def test_no_top_level_bonekg_folder() -> None:
    assert not (ROOT / "bonekg").exists()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            os.fspath(out),
            os.fspath(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("bonekg-*.whl")
    return found


def test_wheel_holds_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in FOLDERS.items():
        prefix = package.replace(".", "/")
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {
                ".py",
                ".ttl",
                ".json",
                ".rq",
                ".yaml",
                ".html",
                ".css",
                ".js",
                ".typed",
            }:
                if "__pycache__" in path.parts:
                    continue
                rel = path.relative_to(ROOT / folder).as_posix()
                assert f"{prefix}/{rel}" in names, f"{folder}/{rel} is missing from the wheel"


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The wheel goes in without its dependencies, which come from the test environment
    # through a .pth file, so that the test needs no network. Lines of a .pth file do not
    # run the test environment's own .pth files, so its editable bonekg stays out.
    purelib = subprocess.run(
        [os.fspath(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(purelib) / "test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            os.fspath(python),
            "install",
            "--no-deps",
            "--quiet",
            os.fspath(wheel),
        ],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [os.fspath(env_dir / "bin" / "bonekg"), "stats", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "BONEKG_CACHE_DIR": "off"},
        check=True,
    )
    assert '"nodes"' in out.stdout
    where = subprocess.run(
        [os.fspath(python), "-c", "import bonekg; print(bonekg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(os.fspath(env_dir))


# --- no import cycles inside the package ---------------------------------------------------

#: The folders of Python modules, by the package name they install as.
CODE_FOLDERS = {"graph": "bonekg", "viz": "bonekg.viz"}


def package_modules() -> dict[str, Path]:
    """Every module of graph/ and viz/, by its import name."""
    found = {}
    for folder, package in CODE_FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([package, *parts])] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The nodes inside ``if TYPE_CHECKING:`` blocks: imports that never run."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            skipped |= {id(n) for statement in node.body for n in ast.walk(statement)}
    return skipped


def imported_modules(name: str, path: Path, known: Collection[str]) -> set[str]:
    """The package modules that module *name* imports anywhere in its file.

    Function-level (lazy) imports count; ``from bonekg.pkg import sub`` counts as an import
    of the submodule when ``sub`` is one, else of ``bonekg.pkg``.
    """
    tree = ast.parse(path.read_text("utf-8"), os.fspath(path))
    skipped = _type_checking_only(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "bonekg"}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative to the package of *name*
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            if module.split(".")[0] != "bonekg":
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in known else module)
    return found - {name}


def test_no_import_cycles_inside_the_package() -> None:
    import networkx as nx

    modules = package_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, other) for other in imported_modules(name, path, modules))
    # The graph holds what it must: registration imports of a package's __init__ and
    # imports inside functions.
    assert graph.has_edge("bonekg.writers", "bonekg.writers.turtle")
    assert graph.has_edge("bonekg.readers", "bonekg.readers.yaml")
    assert graph.has_edge("bonekg.cli", "bonekg.paths")
    cycles = sorted(nx.simple_cycles(graph), key=lambda c: (len(c), c))
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles)

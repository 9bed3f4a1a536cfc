"""The card's folders install as one package, and a built wheel works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
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

"""Shared fixtures: an isolated cache, the bundled graph, the minimal fixture data."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

import bonekg

RESOURCES = Path(__file__).parent / "resources"
MINIMAL = RESOURCES / "valid" / "minimal"
INVALID = RESOURCES / "invalid"
EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' graph cache out of the user's ~/.cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("BONEKG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def graph():
    """The bundled, validated graph."""
    return bonekg.load()


@pytest.fixture(scope="session")
def phenotype_genes() -> ModuleType:
    """examples/phenotype_genes.py as a module (a script of the README, not of the package)."""
    name = "bonekg_example_phenotype_genes"
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / "phenotype_genes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def minimal_dir(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data set."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def assemble_case(case: Path, target: Path) -> Path:
    """Overlay an invalid case's files on a copy of the minimal data set."""
    shutil.copytree(MINIMAL, target)
    for file in case.glob("*.yaml"):
        shutil.copy(file, target / file.name)
    delete = case / "DELETE"
    if delete.exists():
        for name in delete.read_text().split():
            (target / name).unlink()
    return target


@pytest.fixture(scope="session")
def kgx_offline() -> tuple[type, type]:
    """Import kgx with bmt pointed at the Biolink schema of the biolink-model package.

    kgx builds a bmt Toolkit at import time, which would download the schema and the
    predicate map; and its prefix manager downloads the Biolink JSON-LD context.
    """
    pytest.importorskip("kgx")
    from importlib import resources

    from bmt import toolkit

    package = resources.files("biolink_model")
    schema = str(package.joinpath("schema/biolink_model.yaml"))
    toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})
    import kgx.config

    context = json.loads(package.joinpath("prefixmaps/biolink-model-prefix-map.json").read_text())
    context["bonekg"] = "https://w3id.org/bonekg/"  # the project's own namespace
    kgx.config.jsonld_context_map["biolink"] = context
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    return Transformer, Validator

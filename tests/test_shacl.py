"""The SHACL shapes: the export conforms, and a broken export fails them readably."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib

from bonekg import shacl
from bonekg.cli import cli
from bonekg.load import load
from bonekg.rdf.mapping import triples
from bonekg.readers.rdf import parse

from .conftest import MINIMAL, RESOURCES

QUERIES = RESOURCES / "valid" / "queries"
B = "https://w3id.org/bonekg/"
ST1 = rdflib.URIRef(B + "statement/1bfc1e344d4408cd")  # osteoblast increases ossification
ST2 = rdflib.URIRef(B + "statement/f635cee9f26c5a4c")  # MSC differentiates into osteoblast
GO = rdflib.URIRef("http://purl.obolibrary.org/obo/GO_0001503")


@pytest.fixture
def minimal_rdf() -> rdflib.Graph:
    return shacl.to_rdflib(triples(load(MINIMAL, cache=False)))


@pytest.mark.parametrize("folder", [MINIMAL, QUERIES], ids=["minimal", "queries"])
def test_fixtures_conform(folder: Path) -> None:
    assert shacl.check_graph(load(folder, cache=False)) == []


def test_bundled_data_conforms(graph) -> None:
    assert shacl.check_graph(graph) == []


def test_broken_rdf_fails_the_shapes(minimal_rdf: rdflib.Graph) -> None:
    sign = rdflib.URIRef(B + "sign")
    minimal_rdf.remove((ST1, sign, None))
    minimal_rdf.remove(
        (
            rdflib.URIRef("http://purl.obolibrary.org/obo/CL_0000062"),
            rdflib.URIRef(B + "increases"),
            GO,
        )
    )
    minimal_rdf.remove((GO, rdflib.RDFS.label, None))
    minimal_rdf.remove((ST2, rdflib.URIRef(B + "hasSource"), None))
    minimal_rdf.add((ST2, sign, rdflib.Literal(2)))
    problems = [str(p) for p in shacl.check(minimal_rdf)]
    assert problems == [
        "GO:0001503: rdfs:label: a node needs exactly one non-empty rdfs:label",
        "statement:1bfc1e344d4408cd (osteoblast increases GO:0001503): increases is causal (sign 1) but the statement has no bonekg:sign 1",
        "statement:1bfc1e344d4408cd (osteoblast increases GO:0001503): the direct triple (subject bonekg:increases object) of the statement is missing",
        "statement:1bfc1e344d4408cd (osteoblast increases GO:0001503): rdf:object/rdfs:label: the object of a statement has no rdfs:label",
        "statement:f635cee9f26c5a4c (mesenchymal stem cell differentiates_into osteoblast): differentiates_into is not causal, yet the statement has bonekg:sign 2",
        "statement:f635cee9f26c5a4c (mesenchymal stem cell differentiates_into osteoblast): bonekg:hasSource: a statement needs at least one source (bonekg:hasSource a bonekg:Source)",
        "statement:f635cee9f26c5a4c (mesenchymal stem cell differentiates_into osteoblast): bonekg:sign: bonekg:sign is -1 or 1, at most once (value: '2')",
    ]


def test_sources_and_publications_are_checked(minimal_rdf: rdflib.Graph) -> None:
    pub = rdflib.URIRef("https://pubmed.ncbi.nlm.nih.gov/32719657/")
    minimal_rdf.remove((pub, rdflib.DCTERMS.title, None))
    source = rdflib.URIRef(str(ST1) + "-source-1")
    minimal_rdf.set((source, rdflib.URIRef(B + "species"), rdflib.Literal("in silico")))
    problems = [str(p) for p in shacl.check(minimal_rdf)]
    assert (
        "<https://pubmed.ncbi.nlm.nih.gov/32719657/>: dcterms:title: a publication has exactly one dcterms:title"
        in problems
    )
    assert any(
        p.startswith(
            "statement:1bfc1e344d4408cd-source-1: bonekg:species: a source has exactly one species"
        )
        for p in problems
    )
    minimal_rdf.remove((pub, rdflib.RDF.type, None))
    problems = [str(p) for p in shacl.check(minimal_rdf)]
    assert (
        "statement:1bfc1e344d4408cd (osteoblast increases ossification): dcterms:source: "
        "a dcterms:source of the statement is not a publication of the sources file "
        "(value: <https://pubmed.ncbi.nlm.nih.gov/32719657/>)"
    ) in problems


def test_validate_checks_an_rdf_file(runner, tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    runner.invoke(cli, ["export", "ttl", "--data", os.fspath(MINIMAL), "--out", os.fspath(good)])
    result = runner.invoke(cli, ["validate", "--rdf", os.fspath(good)])
    count = len(parse(good.read_bytes(), "ttl"))
    assert result.exit_code == 0
    assert result.output == f"valid: {good} conforms to the SHACL shapes ({count} triples)\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text(good.read_text().replace('rdfs:label "ossification" ;', ""))
    result = runner.invoke(cli, ["validate", "--rdf", os.fspath(broken)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: 2 problems in the data:\n"
        "GO:0001503: rdfs:label: a node needs exactly one non-empty rdfs:label\n"
        "statement:1bfc1e344d4408cd (osteoblast increases GO:0001503): rdf:object/rdfs:label: the object of a statement has no rdfs:label\n"
    )


def test_validate_reports_invalid_rdf_syntax(runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n")
    result = runner.invoke(cli, ["validate", "--rdf", os.fspath(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: 1 problem in the data:\n{bad}: invalid .nt: ")

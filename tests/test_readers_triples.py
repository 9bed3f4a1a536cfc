"""The external N-Triples/Turtle reader: IRIs to CURIEs, Biolink mapping, bad lines."""

from __future__ import annotations

import gzip
from pathlib import Path

from bonekg.errors import Problem
from bonekg.readers import reader_for
from bonekg.readers.triples import read_triples

MERGE = Path(__file__).parent / "resources" / "merge"


def test_ntriples_become_nodes_and_merged_edges() -> None:
    kg = read_triples(MERGE / "example.nt")
    (claim,) = kg.claims()
    # The OBO IRI is CL:0000134 through the prefix map; biolink:develops_into is differentiates_into.
    assert (claim.subject, claim.predicate, claim.object) == (
        "http://example.org/ex/3",
        "differentiates_into",
        "CL:0000134",
    )
    assert claim.knowledge_source == "example.nt"  # plain triples: the file is the source
    assert kg.node("http://example.org/ex/3")["label"] == "EX progenitor 3"
    assert kg.node("http://example.org/ex/3")["category"] == "CellType"


def test_bad_ntriples_line_is_located_and_parsing_goes_on() -> None:
    kg = read_triples(MERGE / "bad.nt")
    assert kg.skipped == (
        Problem(
            str(MERGE / "bad.nt"),
            2,
            "triple",
            "column 74: The object of a triple must be an IRI, a blank node or a literal",
        ),
    )
    assert [c.object for c in kg.claims()] == ["CL:0000062"]  # line 3, after the bad line


def test_gzipped_turtle(tmp_path: Path) -> None:
    turtle = (
        b"@prefix biolink: <https://w3id.org/biolink/vocab/> .\n"
        b"<http://example.org/ex/9> biolink:part_of <http://purl.obolibrary.org/obo/UBERON_0002481> .\n"
    )
    path = tmp_path / "dump.ttl.gz"
    path.write_bytes(gzip.compress(turtle))
    assert reader_for(path, external=True).name == "triples"
    (claim,) = read_triples(path).claims()
    assert (claim.predicate, claim.object) == ("part_of", "UBERON:0002481")

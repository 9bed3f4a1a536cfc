"""The RDF model: IRIs, statement nodes, and the round trip data -> RDF -> graph."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekg.errors import DataError
from bonekg.kg import KnowledgeGraph
from bonekg.load import load
from bonekg.model import OUTCOME_FIELDS
from bonekg.rdf.mapping import triples
from bonekg.rdf.namespaces import BIOLINK, STATEMENT_NS
from bonekg.readers.rdf import graph_from_triples, parse
from bonekg.vocabulary import load_vocabulary
from bonekg.writers import get_format

from .conftest import MINIMAL, RESOURCES
from .helpers import claim, full_view, make_graph, publications

QUERIES = RESOURCES / "valid" / "queries"
VOCAB = load_vocabulary()
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BONEKG = "https://w3id.org/bonekg/"


def by_subject(rows: list[Any]) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {}
    for t in rows:
        out.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return out


def test_node_iris_are_standard() -> None:
    props = by_subject(triples(load(MINIMAL, cache=False)))
    assert "http://purl.obolibrary.org/obo/CL_0000062" in props
    assert "https://w3id.org/bonekg/msc-therapy" in props
    node = props["http://purl.obolibrary.org/obo/CL_0000134"]
    assert {t.value for t in node[RDF + "type"]} == {BONEKG + "CellType", BIOLINK + "Cell"}
    assert [v.value for v in node["http://www.w3.org/2004/02/skos/core#altLabel"]] == ["MSC"]


def test_every_edge_has_one_statement_with_sources_and_its_direct_triple() -> None:
    graph = load(QUERIES, cache=False)
    rows = triples(graph)
    props = by_subject(rows)
    direct = {(t.subject.value, t.predicate.value, t.object.value) for t in rows}
    statements = {
        s: p for s, p in props.items() if RDF + "Statement" in {t.value for t in p[RDF + "type"]}
    }
    assert len(statements) == graph.number_of_claims
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for iri, p in statements.items():
        (s,), (pred,), (o,) = p[RDF + "subject"], p[RDF + "predicate"], p[RDF + "object"]
        assert (s.value, pred.value, o.value) in direct
        assert p[BIOLINK + "subject"] == [s] and p[BIOLINK + "object"] == [o]
        assert p["http://purl.org/dc/terms/source"], iri
        assert props[s.value][label] and props[o.value][label]
    assert set(statements) == {STATEMENT_NS + c.key for c in graph.claims()}


def test_sources_stay_distinguishable() -> None:
    graph = load(QUERIES, cache=False)
    (key,) = [c.key for c in graph.claims() if len(c.sources) == 2]
    props = by_subject(triples(graph))
    nodes = props[STATEMENT_NS + key][BONEKG + "hasSource"]
    assert len(nodes) == 2
    pairs = {
        (
            props[n.value]["http://purl.org/dc/terms/source"][0].value,
            props[n.value][BIOLINK + "supporting_text"][0].value,
        )
        for n in nodes
    }
    assert pairs == {
        (
            "https://pubmed.ncbi.nlm.nih.gov/90000001/",
            "Estradiol lowers bone resorption in postmenopausal women.",
        ),
        (
            "https://pubmed.ncbi.nlm.nih.gov/32719657/",
            "Estrogen deficiency raises bone resorption.",
        ),
    }


def test_round_trip_of_the_fixtures() -> None:
    for folder in (MINIMAL, QUERIES):
        graph = load(folder, cache=False)
        assert full_view(graph_from_triples(triples(graph))) == full_view(graph)


def test_bundled_round_trip(graph) -> None:
    assert full_view(graph_from_triples(triples(graph))) == full_view(graph)


def test_parse_errors_are_data_errors() -> None:
    with pytest.raises(DataError, match=r"broken\.ttl: invalid ttl: "):
        parse(b"<a> <b> .", "ttl", "broken.ttl")
    with pytest.raises(DataError, match="unknown RDF format 'rdfxml'"):
        parse(b"", "rdfxml")


def test_incomplete_rdf_is_reported() -> None:
    rows = [t for t in triples(load(MINIMAL, cache=False)) if "label" not in t.predicate.value]
    with pytest.raises(DataError, match=r"CL_0000062: rdfs:label: missing"):
        graph_from_triples(rows)


# --- generated graphs -----------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
NODE_ID = st.one_of(
    st.integers(0, 9_999_999).map(lambda n: f"CL:{n:07d}"),
    st.integers(1, 99_999).map(lambda n: f"HGNC:{n}"),
    st.integers(1, 10**6).map(lambda n: f"CHEBI:{n}"),
    st.from_regex(r"\Ax[0-9]{1,4}(-[a-z]{1,5})?\Z").map(lambda s: f"bonekg:{s}"),
)


#: A trial's outcome on a source (any claim may carry one: the mapping does not care).
OUTCOME = st.fixed_dictionaries(
    {},
    optional={name: st.integers(1, 10**6) if name == "n" else TEXT for name in OUTCOME_FIELDS},
)


@st.composite
def publication_records(draw: Any) -> dict[str, dict[str, Any]]:
    pubs = {}
    for number in draw(st.lists(st.integers(1, 10**8), min_size=1, max_size=3, unique=True)):
        doi = draw(st.none() | st.from_regex(r"\A10\.[0-9]{4}/[a-z0-9.]{1,8}\Z"))
        record = {
            "title": draw(TEXT),
            "first_author": draw(TEXT),
            "year": draw(st.integers(1900, 2030)),
            "journal": draw(TEXT),
            "type": draw(st.sampled_from(sorted(VOCAB.publication_types))),
        }
        if draw(st.booleans()) or doi is None:
            record["pmid"] = str(number)
            if doi:
                record["doi"] = doi
            if draw(st.booleans()):
                record["pmcid"] = f"PMC{number}"
            pubs[f"PMID:{number}"] = record
        else:
            record["doi"] = doi
            pubs[f"DOI:{doi}"] = record
        if draw(st.booleans()):
            record["seen_at"] = f"https://example.org/seen/{number}"
    return pubs


@st.composite
def graphs(draw: Any) -> KnowledgeGraph:
    ids = draw(st.lists(NODE_ID, min_size=1, max_size=6, unique=True))
    nodes = {}
    for node_id in ids:
        category = draw(st.sampled_from(sorted(VOCAB.categories)))
        nodes[node_id] = {
            "label": draw(TEXT),
            "category": category,
            "biolink_class": draw(
                st.sampled_from(sorted(VOCAB.categories[category].allowed_biolink))
            ),
            "synonyms": draw(st.lists(TEXT, max_size=3, unique=True)),
            "description": draw(st.just("") | TEXT),
            "xrefs": draw(st.lists(NODE_ID, max_size=2, unique=True)),
        }
    pubs = draw(publication_records())
    source = st.fixed_dictionaries(
        {
            "ref": st.sampled_from(sorted(pubs)),
            "evidence": st.sampled_from(sorted(VOCAB.evidence)),
            "species": st.sampled_from([*sorted(VOCAB.taxa), "in vitro"]),
            "statement": TEXT,
        },
        optional={"outcome": OUTCOME},
    )
    claims = {}
    for _ in range(draw(st.integers(0, 8))):
        predicate = draw(st.sampled_from(sorted(VOCAB.predicates)))
        subject, obj = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        names = draw(st.lists(st.sampled_from(sorted(VOCAB.qualifiers)), max_size=2, unique=True))
        qualifiers = {name: draw(TEXT) for name in names}
        sources = draw(st.lists(source, min_size=1, max_size=3))
        found = claim(subject, predicate, obj, qualifiers=qualifiers, sources=sources)
        claims[found.key] = found
    return make_graph(claims.values(), nodes=nodes, pubs=publications(pubs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sampled_from(["ttl", "nt", "jsonld"]))
def test_round_trip_of_generated_graphs(graph: KnowledgeGraph, fmt: str) -> None:
    import io

    buffer = io.BytesIO()
    graph.feed(get_format(fmt).factory(graph, buffer))
    back = graph_from_triples(parse(buffer.getvalue(), fmt), VOCAB)
    assert full_view(back) == full_view(graph)

"""The embedded store's query runner: a deadline, a row cap, rows streamed as they come."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from bonekg.cli import cli
from bonekg.embedded import _term, run
from bonekg.errors import QueryError
from bonekg.sparql import build_store, collect, query_store

from .conftest import MINIMAL

#: A join of every triple with every other: on the bundled graph, 26k x 26k rows.
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
#: The same join counted: pyoxigraph computes it whole (minutes) before its one row.
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def store(graph):
    return build_store(graph)


def test_a_query_past_its_timeout_is_stopped_with_one_line(runner) -> None:
    started = time.monotonic()
    result = runner.invoke(cli, ["sparql", COUNT_CROSS, "--timeout", "1"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert result.output == (
        "Error: the query ran past 1 s on the embedded store; "
        "narrow it, add a LIMIT, or give a longer --timeout\n"
    )
    # The count alone runs for about two minutes on this graph; the child is killed.
    assert elapsed < 30


def test_the_row_cap_stops_a_huge_answer_at_once(runner) -> None:
    started = time.monotonic()
    result = runner.invoke(cli, ["sparql", CROSS, "--max-rows", "5", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert len(document["results"]["bindings"]) == 5
    assert result.stderr == "warning: stopped after 5 rows (--max-rows); there are more\n"
    assert time.monotonic() - started < 30


def test_an_answer_within_the_cap_has_no_warning(runner) -> None:
    result = runner.invoke(cli, ["sparql", "SELECT ?s WHERE { ?s a rdf:Statement } LIMIT 3"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.endswith("(3 rows)\n")


def test_csv_rows_arrive_before_the_query_ends(tmp_path) -> None:
    """The first rows of a 700-million-row join reach a reader at once."""
    command = [sys.executable, "-m", "bonekg", "sparql", CROSS, "--format", "csv"]
    command += ["--max-rows", "0", "--timeout", "120"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
        assert child.stdout is not None
        started = time.monotonic()
        header = child.stdout.readline()
        first = child.stdout.readline()
        waited = time.monotonic() - started
        child.kill()
    assert header == b"a,b,c,d,e,f\r\n" and first.count(b",") >= 5
    assert waited < 60  # well before the 120 s deadline: nothing waits for the whole answer


def test_closing_the_stream_early_stops_the_child(store) -> None:
    import os

    from bonekg.rdf.namespaces import prefixes

    def children() -> set[str]:
        found = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
        return set(Path(found).read_text().split()) if Path(found).exists() else set()

    before = children()
    events = run(store, CROSS, prefixes(), timeout=60)
    assert next(events)[0] == "head" and next(events)[0] == "row"
    assert len(children() - before) == 1  # the child answering
    events.close()  # kills and reaps it: no process is left behind
    assert children() - before == set()


def test_errors_of_the_query_come_back_as_query_errors(store) -> None:
    with pytest.raises(QueryError, match="malformed query: error at 1:"):
        query_store(store, "SELEC ?x")
    with pytest.raises(QueryError, match="SERVICE is refused"):
        query_store(store, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_ask_and_construct_answers(store) -> None:
    assert query_store(store, "ASK { ?s a rdf:Statement }").boolean is True
    triples = query_store(store, "CONSTRUCT { ?s a rdf:Statement } WHERE { ?s a rdf:Statement }")
    assert triples.triples is not None and len(triples) > 100
    assert all(line.endswith(" .") for line in triples.triples.splitlines())
    empty = query_store(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }")
    assert empty.triples == "" and len(empty) == 0


TERMS = [
    ox.NamedNode("http://example.org/a"),
    ox.Literal("plain"),
    ox.Literal("chat", language="fr"),
    ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/type")),
    ox.Literal('quote " and\nnewline'),
]


def test_terms_are_written_as_pyoxigraph_writes_results_json() -> None:
    small = ox.Store()
    subject = ox.NamedNode("http://example.org/s")
    for i, term in enumerate(TERMS):
        small.add(ox.Quad(subject, ox.NamedNode(f"http://example.org/p{i}"), term))
    small.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://example.org/p"), subject))
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"
    answer = small.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    expected = json.loads(answer.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    ours = collect(run(small, text, {}, timeout=30))
    assert ours.json() == expected
    assert _term(TERMS[2]) == {"type": "literal", "value": "chat", "xml:lang": "fr"}


def test_other_data_folders_are_queried_too(runner) -> None:
    result = runner.invoke(
        cli, ["sparql", "ASK { ?s a rdf:Statement }", "--data", str(MINIMAL), "--timeout", "5"]
    )
    assert (result.exit_code, result.stdout) == (0, "true\n")

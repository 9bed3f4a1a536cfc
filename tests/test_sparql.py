"""SPARQL on the embedded store: named queries, output formats, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bonekg.cli import cli
from bonekg.sparql import named_queries

from .conftest import MINIMAL, RESOURCES

QUERIES = RESOURCES / "valid" / "queries"
NAMES = sorted(named_queries())
LABELS = "SELECT ?label WHERE { ?n rdfs:label ?label ; bonekg:category ?c } ORDER BY ?label"


def run(runner, *args: str):
    return runner.invoke(cli, list(args))


def test_at_least_ten_named_queries_each_saying_its_question(runner) -> None:
    assert len(NAMES) >= 10
    listed = run(runner, "sparql", "--list")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["@" + n for n in NAMES]
    for name, query in named_queries().items():
        assert query.text.startswith("# "), f"{name}.rq must start with a comment"
        assert query.question.endswith(("?", ".")) and len(query.question) > 20, name


GOLDEN_ROWS = RESOURCES / "golden" / "queries"


def test_every_named_query_has_golden_rows() -> None:
    assert sorted(p.stem for p in GOLDEN_ROWS.glob("*.csv")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_named_query_rows_on_the_fixture(runner, name: str) -> None:
    """Each named query's exact rows on the `queries` fixture (a golden CSV per query)."""
    result = run(runner, "sparql", "@" + name, "--data", os.fspath(QUERIES), "--format", "csv")
    assert result.exit_code == 0, result.output
    expected = (GOLDEN_ROWS / f"{name}.csv").read_bytes()
    assert expected.count(b"\n") > 1, f"{name}.csv holds no row"
    assert result.stdout_bytes == expected, (
        f"@{name}: rows changed (tests/resources/golden/queries)"
    )


@pytest.mark.parametrize("name", NAMES)
def test_named_query_returns_rows_on_the_bundled_data(runner, name: str) -> None:
    result = run(runner, "sparql", "@" + name, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"], f"@{name} found nothing"


def test_statements_equal_edges(runner, graph) -> None:
    result = run(runner, "sparql", "@statements", "--format", "csv")
    assert result.stdout_bytes == f"statements\r\n{graph.number_of_claims}\r\n".encode()


def test_table_output(runner) -> None:
    result = run(runner, "sparql", LABELS, "--data", os.fspath(MINIMAL))
    assert result.exit_code == 0
    assert result.output == (
        "label\n"
        "-----------------------------\n"
        "mesenchymal stem cell\n"
        "mesenchymal stem cell therapy\n"
        "ossification\n"
        "osteoblast\n"
        "osteoporosis\n"
        "(5 rows)\n"
    )


def test_table_compacts_iris(runner) -> None:
    query = "SELECT ?s ?o WHERE { ?s bonekg:treats ?o }"
    result = run(runner, "sparql", query, "--data", os.fspath(MINIMAL))
    assert result.output == (
        "s                   o\n"
        "------------------  -------------\n"
        "bonekg:msc-therapy  MONDO:0005298\n"
        "(1 row)\n"
    )


def test_json_is_w3c_results(runner) -> None:
    query = "SELECT ?s ?label WHERE { ?s bonekg:treats ?o ; rdfs:label ?label }"
    result = run(runner, "sparql", query, "--data", os.fspath(MINIMAL), "--format", "json")
    assert json.loads(result.output) == {
        "head": {"vars": ["s", "label"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "uri", "value": "https://w3id.org/bonekg/msc-therapy"},
                    "label": {"type": "literal", "value": "mesenchymal stem cell therapy"},
                }
            ]
        },
    }


def test_csv_and_tsv(runner) -> None:
    query = "SELECT ?s ?sign WHERE { ?st rdf:subject ?s ; bonekg:sign ?sign } ORDER BY ?s"
    data = os.fspath(MINIMAL)
    rows = list(
        csv.reader(
            io.StringIO(run(runner, "sparql", query, "--data", data, "--format", "csv").output)
        )
    )
    assert rows == [["s", "sign"], ["http://purl.obolibrary.org/obo/CL_0000062", "1"]]
    tsv = run(runner, "sparql", query, "--data", data, "--format", "tsv").output
    assert tsv == (
        "?s\t?sign\n"
        '<http://purl.obolibrary.org/obo/CL_0000062>\t"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )


def test_ask_and_construct(runner) -> None:
    data = os.fspath(MINIMAL)
    ask = run(runner, "sparql", "ASK { ?s bonekg:treats ?o }", "--data", data)
    assert ask.exit_code == 0 and ask.output == "true\n"
    query = "CONSTRUCT { ?s bonekg:treats ?o } WHERE { ?s bonekg:treats ?o }"
    built = run(runner, "sparql", query, "--data", data)
    assert built.output == (
        "<https://w3id.org/bonekg/msc-therapy> <https://w3id.org/bonekg/treats> "
        "<http://purl.obolibrary.org/obo/MONDO_0005298> .\n"
    )


def test_query_from_a_file(runner, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }")
    result = run(
        runner, "sparql", os.fspath(query), "--data", os.fspath(MINIMAL), "--format", "csv"
    )
    assert result.stdout_bytes == b"n\r\n3\r\n"
    missing = run(runner, "sparql", os.fspath(tmp_path / "nope.rq"), "--data", os.fspath(MINIMAL))
    assert missing.exit_code == 1 and missing.output.startswith("Error: cannot read query file ")


def test_no_rows_exits_1(runner) -> None:
    result = run(
        runner, "sparql", "SELECT ?s WHERE { ?s bonekg:binds ?o }", "--data", os.fspath(MINIMAL)
    )
    assert result.exit_code == 1 and result.output == "s\n-\n(0 rows)\n"


def test_malformed_query_gives_the_parser_message(runner) -> None:
    result = run(runner, "sparql", "SELEC ?s WHERE { ?s ?p ?o }", "--data", os.fspath(MINIMAL))
    assert result.exit_code == 1
    assert result.output.startswith("Error: malformed query: error at 1:")
    assert result.output.count("\n") == 1
    unknown = run(runner, "sparql", "@nope", "--data", os.fspath(MINIMAL))
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: unknown named query '@nope' (known: @")
    empty = run(runner, "sparql", "--data", os.fspath(MINIMAL))
    assert empty.exit_code == 2


def test_query_commands_do_not_import_rdflib_or_pyshacl() -> None:
    code = (
        "import sys\n"
        "from bonekg.cli import cli\n"
        "try:\n"
        f"    cli(['sparql', '@statements', '--data', {os.fspath(MINIMAL)!r}], standalone_mode=False)\n"
        "finally:\n"
        "    print(sorted(m for m in ('rdflib', 'pyshacl') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_service_is_refused_by_the_embedded_store_at_once(runner) -> None:
    """A SERVICE call would make the local store send a request with no deadline."""
    import socket
    import time

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        started = time.monotonic()
        result = run(runner, "sparql", query)
        assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.output == (
        "Error: SERVICE is refused by the embedded store, which never sends requests; "
        "query a server with --endpoint instead\n"
    )
    # The word inside a string, an IRI or a comment is not a SERVICE call.
    quoted = 'SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE <http://x/>'
    assert run(runner, "sparql", quoted, "--data", os.fspath(MINIMAL)).exit_code in (0, 1)
    assert "SERVICE is refused" not in run(runner, "sparql", quoted).output

"""push and sparql --endpoint against real servers on 127.0.0.1, and failures.

Oxigraph (the ``oxigraph`` package of the test extra) and Virtuoso Open Source (Debian's
``virtuoso-opensource``, started by ``tests/virtuoso.py``). Without Virtuoso its tests
skip, unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bonekg.cli import cli
from bonekg.constants import BONEKG_GRAPH
from bonekg.sparql import named_queries

from .conftest import RESOURCES
from .virtuoso import USER, Virtuoso, VirtuosoError, binaries, start

pytestmark = pytest.mark.server
QUERIES = RESOURCES / "valid" / "queries"
COUNT = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a rdf:Statement }"
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.fail("the oxigraph server is missing: pip install oxigraph (test extra)")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free port of 127.0.0.1; stop it afterwards."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            os.fspath(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"oxigraph did not start: {process.stderr.read().decode() if process.stderr else ''}"
                    )
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Start Virtuoso with ``tests/virtuoso.py`` on free loopback ports; stop it afterwards."""
    if binaries() is None:
        reason = "virtuoso-t is missing (apt-get install virtuoso-opensource)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the Virtuoso tests must run")
        pytest.skip(reason)
    try:
        running = start(tmp_path_factory.mktemp("virtuoso"))
    except VirtuosoError as exc:
        pytest.fail(str(exc))
    try:
        yield running
    finally:
        running.stop()


@dataclass
class Target:
    """A server as the tests use it: where to push and query, and how another client writes."""

    store: str
    query: str
    user: list[str]
    password: str | None
    #: Put one triple into a graph of the server, as another client would.
    add_other: Callable[[str, str], None]


def _oxigraph_other(base: str) -> Callable[[str, str], None]:
    def add(graph_iri: str, triple: str) -> None:
        request = urllib.request.Request(
            f"{base}/store?graph={urllib.parse.quote(graph_iri, safe='')}",
            data=triple.encode(),
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        urllib.request.urlopen(request, timeout=10).close()

    return add


def _virtuoso_other(running: Virtuoso) -> Callable[[str, str], None]:
    def add(graph_iri: str, triple: str) -> None:
        running.sql(f"SPARQL INSERT DATA {{ GRAPH <{graph_iri}> {{ {triple} }} }};\n")

    return add


@pytest.fixture(params=["oxigraph", "virtuoso"])
def target(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Target:
    if request.param == "oxigraph":
        base = request.getfixturevalue("server")
        return Target(base + "/store", base + "/query", [], None, _oxigraph_other(base))
    running: Virtuoso = request.getfixturevalue("virtuoso")
    monkeypatch.setenv("BONEKG_PASSWORD", running.password)
    return Target(
        running.store, running.query, ["--user", USER], running.password, _virtuoso_other(running)
    )


OTHER = "https://example.org/another-client"
OTHER_TRIPLE = '<https://example.org/s> <https://example.org/p> "kept" .'


def test_a_second_push_replaces_only_our_graph(runner, target: Target, graph) -> None:
    """Push twice into our named graph; another client's graph survives; counts match."""
    target.add_other(OTHER, OTHER_TRIPLE)
    nt = runner.invoke(cli, ["export", "nt"]).stdout
    for _ in range(2):
        started = time.monotonic()
        pushed = runner.invoke(cli, ["push", "--endpoint", target.store, *target.user])
        seconds = time.monotonic() - started
        assert pushed.exit_code == 0, pushed.output
        assert pushed.output == (
            f"pushed {nt.count(chr(10))} triples ({graph.number_of_claims} statements) "
            f"to graph <{BONEKG_GRAPH}> at {target.store}\n"
        )
        for query, expected in ((COUNT, graph.number_of_claims), (ALL, nt.count("\n"))):
            held = runner.invoke(
                cli, ["sparql", query, "--endpoint", target.query, "--format", "csv"]
            )
            assert held.output.splitlines()[1] == str(expected), held.output
        kept = runner.invoke(
            cli,
            ["sparql", "SELECT ?o { ?s ?p ?o }", "--endpoint", target.query, "--graph", OTHER],
        )
        assert kept.exit_code == 0 and "kept" in kept.output, kept.output
        assert seconds < 30
    if target.password:
        assert target.password not in pushed.output


MERGE = RESOURCES / "merge"
#: Two knowledge sources: ``infores:example`` (a KGX folder) and ``example.nt``.
MERGED = ["--merge", os.fspath(MERGE / "kgx"), "--merge", os.fspath(MERGE / "example.nt")]
GRAPHS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/bonekg/graph")) } GROUP BY ?g ORDER BY ?g"""


def vanishing_source(folder: Path) -> Path:
    """A KGX folder with one edge from a third source, ``infores:vanishing``."""
    folder.mkdir()
    (folder / "nodes.tsv").write_text("id\tcategory\tname\nEX:9\tbiolink:Gene\tEX gene 9\n")
    (folder / "edges.tsv").write_text(
        "subject\tpredicate\tobject\tprimary_knowledge_source\n"
        "EX:9\tbiolink:affects\tCL:0000062\tinfores:vanishing\n"
    )
    return folder


def held(runner, target: Target, query: str, *graph: str) -> list[str]:
    """The CSV rows (header left out) that the server answers to *query*."""
    result = runner.invoke(
        cli, ["sparql", query, "--endpoint", target.query, "--format", "csv", *graph]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]


def test_a_second_push_of_a_merged_graph_replaces_only_our_graphs(
    runner, target: Target, tmp_path: Path
) -> None:
    """Curated part and each source apart; one copy after two pushes; a gone source dropped.

    Then every named query answers on the server as on the embedded store, and a push of
    the curated graph alone drops the source graphs again.
    """
    import pyoxigraph as ox

    import bonekg

    target.add_other(OTHER, OTHER_TRIPLE)
    vanishing = ["--merge", os.fspath(vanishing_source(tmp_path / "vanishing"))]
    push = ["push", "--endpoint", target.store, *target.user]
    first = runner.invoke(cli, [*push, *MERGED, *vanishing])
    assert first.exit_code == 0, first.output
    assert f"to graph <{BONEKG_GRAPH}> and 3 source graphs at {target.store}\n" in first.stdout
    assert held(runner, target, GRAPHS, "--graph", "default")[-1].startswith(
        f"{BONEKG_GRAPH}/infores:vanishing,"
    )

    merged = bonekg.load(merge=[MERGE / "kgx", MERGE / "example.nt"], cache=False)
    nt = runner.invoke(cli, ["export", "nt", *MERGED]).stdout
    nq = runner.invoke(cli, ["export", "nq", *MERGED]).stdout
    second = runner.invoke(cli, [*push, *MERGED])
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        f"pushed {nt.count(chr(10))} triples ({merged.number_of_claims} statements) to graph "
        f"<{BONEKG_GRAPH}> and 2 source graphs at {target.store}\n"
    )
    assert second.stderr == (
        f"dropped graph <{BONEKG_GRAPH}/infores:vanishing> (its source is no longer merged)\n"
    )
    # Our graphs hold the export once: the N-Quads' graphs, and the record of the sources.
    in_graph = Counter(
        BONEKG_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        for q in ox.parse(nq, ox.RdfFormat.N_QUADS)
    )
    assert held(runner, target, GRAPHS, "--graph", "default") == [
        f"{BONEKG_GRAPH},{in_graph.pop(BONEKG_GRAPH)}",
        f"{BONEKG_GRAPH}#graphs,2",
        *(f"{name},{n}" for name, n in sorted(in_graph.items())),
    ]
    assert sorted(in_graph) == [f"{BONEKG_GRAPH}/example.nt", f"{BONEKG_GRAPH}/infores:example"]
    # sparql --endpoint queries our graph with its source graphs, as the embedded store.
    assert held(runner, target, COUNT) == [str(merged.number_of_claims)]
    assert held(runner, target, ALL) == [str(nt.count("\n"))]
    assert held(runner, target, "SELECT ?o { ?s ?p ?o }", "--graph", OTHER) == ["kept"]
    for name in sorted(named_queries()):
        remote = runner.invoke(
            cli, ["sparql", f"@{name}", *MERGED, "--endpoint", target.query, "--format", "json"]
        )
        local = runner.invoke(cli, ["sparql", f"@{name}", *MERGED, "--format", "json"])
        assert (remote.exit_code, remote.output) == (local.exit_code, local.output), name

    curated = runner.invoke(cli, push)
    assert curated.exit_code == 0, curated.output
    assert curated.stdout.endswith(f"to graph <{BONEKG_GRAPH}> at {target.store}\n")
    assert held(runner, target, GRAPHS, "--graph", "default")[0].startswith(f"{BONEKG_GRAPH},")
    assert len(held(runner, target, GRAPHS, "--graph", "default")) == 1
    assert held(runner, target, "SELECT ?o { ?s ?p ?o }", "--graph", OTHER) == ["kept"]


def test_push_of_a_merged_graph_into_the_default_graph_is_one_graph(
    runner, server: str, graph
) -> None:
    """``--graph default``: curated and merged edges in the server's default graph, as before."""
    nt = runner.invoke(cli, ["export", "nt", *MERGED]).stdout
    store = server + "/store"
    pushed = runner.invoke(cli, ["push", "--endpoint", store, "--graph", "default", *MERGED])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output == (
        f"pushed {nt.count(chr(10))} triples ({graph.number_of_claims + 4} statements) "
        f"to the default graph at {store}\n"
    )
    target = Target(store, server + "/query", [], None, _oxigraph_other(server))
    assert held(runner, target, ALL, "--graph", "default") == [str(nt.count("\n"))]
    urllib.request.urlopen(urllib.request.Request(store + "?default", method="DELETE")).close()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_on_virtuoso_matches_the_embedded_store(
    runner, virtuoso: Virtuoso, name: str, monkeypatch
) -> None:
    monkeypatch.setenv("BONEKG_PASSWORD", virtuoso.password)
    pushed = runner.invoke(cli, ["push", "--endpoint", virtuoso.store, "--user", USER])
    assert pushed.exit_code == 0, pushed.output
    remote = runner.invoke(
        cli, ["sparql", f"@{name}", "--endpoint", virtuoso.query, "--format", "json"]
    )
    local = runner.invoke(cli, ["sparql", f"@{name}", "--format", "json"])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_readme_virtuoso_examples(runner, virtuoso: Virtuoso, monkeypatch) -> None:
    """The README's Virtuoso pushes, run on this Virtuoso (its port in place of theirs)."""
    from .test_readme import arguments, console_examples

    monkeypatch.setenv("BONEKG_PASSWORD", virtuoso.password)
    shown = [(c, o) for c, o in console_examples() if "/sparql-graph-crud" in c]
    assert len(shown) == 2
    for command, output in shown:
        port = re.search(r"127\.0\.0\.1:(\d+)/", command).group(1)

        def here(text: str, port: str = port) -> str:
            return text.replace(f"127.0.0.1:{port}/", f"127.0.0.1:{virtuoso.http_port}/")

        result = runner.invoke(cli, arguments(here(command)))
        assert result.output == here(output)


def test_readme_merged_push_example(runner, server: str, monkeypatch) -> None:
    """The README's push of a merged graph and its query per graph, on this Oxigraph."""
    from .test_readme import ROOT, arguments, console_examples

    monkeypatch.chdir(ROOT)  # the example merges files of the repository

    shown = console_examples()
    at = next(i for i, (c, _) in enumerate(shown) if c.startswith("$ bonekg push --merge "))
    for command, output in shown[at : at + 2]:
        here = command.replace("http://127.0.0.1:7878/", f"{server}/")
        result = runner.invoke(cli, arguments(here))
        assert result.exit_code == 0, result.output
        assert result.stdout == output.replace("http://127.0.0.1:7878/", f"{server}/")


def test_virtuoso_refuses_anonymous_writes(runner, virtuoso: Virtuoso) -> None:
    anonymous = runner.invoke(cli, ["push", "--endpoint", virtuoso.anonymous_store])
    assert anonymous.exit_code == 1
    assert "answered 403 Forbidden: " in anonymous.output
    unnamed = runner.invoke(cli, ["push", "--endpoint", virtuoso.store])
    assert unnamed.exit_code == 1
    assert unnamed.output.endswith(
        "answered 401 Unauthorized: give --user NAME and the password in "
        "BONEKG_PASSWORD or ~/.netrc\n"
    )


def count(runner, base: str, *extra: str) -> str:
    result = runner.invoke(
        cli, ["sparql", COUNT, "--endpoint", base + "/query", "--format", "csv", *extra]
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[1]


def test_push_then_query_twice(runner, server: str, graph) -> None:
    for _ in range(2):
        pushed = runner.invoke(cli, ["push", "--endpoint", server + "/store"])
        assert pushed.exit_code == 0, pushed.output
        assert pushed.output.startswith("pushed ")
        assert (
            f"({graph.number_of_claims} statements) to graph <{BONEKG_GRAPH}> at {server}/store\n"
            in pushed.output
        )
        assert count(runner, server) == str(graph.number_of_claims)
        # Each triple once (claims differing only in qualifiers share their direct triple).
        held = runner.invoke(
            cli, ["sparql", ALL, "--endpoint", server + "/query", "--format", "csv"]
        )
        assert pushed.output.startswith(f"pushed {held.output.splitlines()[1]} triples (")


def test_push_into_a_named_graph_and_query_it(runner, server: str) -> None:
    iri = "https://w3id.org/bonekg/graph/fixture"
    data = os.fspath(QUERIES)
    for _ in range(2):
        pushed = runner.invoke(
            cli, ["push", "--endpoint", server + "/store", "--graph", iri, "--data", data]
        )
        assert pushed.exit_code == 0, pushed.output
        assert f"to graph <{iri}> at" in pushed.output
        assert count(runner, server, "--graph", iri) == "9"
        # Each triple is sent once: the count pushed is the count the server holds.
        held = runner.invoke(
            cli,
            ["sparql", ALL, "--endpoint", server + "/query", "--graph", iri, "--format", "csv"],
        )
        assert pushed.output.startswith(f"pushed {held.output.splitlines()[1]} triples (9 ")
    # Leave no graph below ours that no push of ours recorded (README example counts graphs).
    gone = urllib.request.Request(
        f"{server}/store?graph={urllib.parse.quote(iri, safe='')}", method="DELETE"
    )
    urllib.request.urlopen(gone, timeout=10).close()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_on_the_server_matches_the_embedded_store(
    runner, server: str, name: str
) -> None:
    # Every named query gives the same answer on every engine (no order left undefined).
    runner.invoke(cli, ["push", "--endpoint", server + "/store"])
    remote = runner.invoke(
        cli, ["sparql", f"@{name}", "--endpoint", server + "/query", "--format", "json"]
    )
    local = runner.invoke(cli, ["sparql", f"@{name}", "--format", "json"])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_server_error_is_one_line(runner, server: str) -> None:
    result = runner.invoke(cli, ["sparql", "SELEC ?s", "--endpoint", server + "/query"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {server}/query answered 400 Bad Request: ")
    assert result.output.count("\n") == 1


def test_server_down(runner) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: cannot reach {url}: connection refused (is the server running?)\n"
    )
    pushed = runner.invoke(cli, ["push", "--endpoint", url.replace("query", "store")])
    assert pushed.exit_code == 1 and pushed.output.startswith("Error: cannot reach ")


def test_server_too_slow(runner) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    try:
        started = time.monotonic()
        result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url, "--timeout", "0.5"])
        assert time.monotonic() - started < 5
        assert result.exit_code == 1
        assert result.output == f"Error: no answer from {url} within 0.5 s\n"
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def test_not_an_http_url(runner) -> None:
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", "ftp://127.0.0.1/x"])
    assert result.exit_code == 1
    assert result.output == "Error: the endpoint must be an http(s) URL, got 'ftp://127.0.0.1/x'\n"


def _fake_server(reply) -> tuple[str, threading.Event]:
    """A one-connection HTTP server on loopback; *reply(conn)* writes the answer."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    done = threading.Event()
    seen: list[bytes] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn, listener:
            conn.settimeout(5)
            seen.append(conn.recv(65536))
            with contextlib.suppress(OSError):
                reply(conn, done)

    threading.Thread(target=serve, daemon=True).start()
    done.seen = seen  # type: ignore[attr-defined]
    return f"http://127.0.0.1:{listener.getsockname()[1]}/query", done


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"


def test_a_trickling_server_is_cut_off_at_the_deadline(runner) -> None:
    def trickle(conn: socket.socket, done: threading.Event) -> None:
        conn.sendall(HEAD + b"Content-Length: 100000\r\n\r\n")
        while not done.wait(0.1):  # one byte every 0.1 s: each read is quick, the whole is not
            conn.sendall(b" ")

    url, done = _fake_server(trickle)
    started = time.monotonic()
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url, "--timeout", "1"])
    done.set()
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    assert result.output == f"Error: no complete answer from {url} within 1 s\n"


def test_an_oversized_reply_is_refused(runner, monkeypatch) -> None:
    monkeypatch.setenv("BONEKG_MAX_REPLY_MB", "0.01")

    def flood(conn: socket.socket, done: threading.Event) -> None:
        conn.sendall(HEAD + b"Content-Length: 1000000\r\n\r\n" + b"x" * 1_000_000)

    url, _ = _fake_server(flood)
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {url} answered more than 0.01 MB (set BONEKG_MAX_REPLY_MB to raise it)\n"
    )


def test_a_reply_of_the_wrong_shape_is_one_line(runner) -> None:
    def wrong(conn: socket.socket, done: threading.Event) -> None:
        conn.sendall(HEAD + b"Content-Length: 9\r\n\r\n[1, 2, 3]")

    url, _ = _fake_server(wrong)
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {url} answered invalid SPARQL results JSON: ")
    assert len(result.output.splitlines()) == 1


def test_a_malformed_url_is_one_line(runner) -> None:
    result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", "http://[::1"])
    assert result.exit_code == 1
    assert result.output == "Error: malformed endpoint URL 'http://[::1'\n"

"""Credentials for servers: ``--user`` with BONEKG_PASSWORD or ~/.netrc, basic and digest.

A small ``http.server`` on loopback demands basic or digest authentication the way real
servers do (Virtuoso asks for digest on ``/sparql-graph-crud-auth``) and records what it
was sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bonekg.cli import cli
from bonekg.constants import BONEKG_GRAPH

USER, PASSWORD = "curator", "s3cret!pw"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ANSWER = json.dumps(
    {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]}}
).encode()


@dataclass
class Seen:
    """What the server was sent: (method, path, Authorization header, body size) per request."""

    requests: list[tuple[str, str, str, int]] = field(default_factory=list)
    delay: float = 0.0


def _digest_ok(header: str, method: str, password: str) -> bool:
    """Check an ``Authorization: Digest`` value as a server does (RFC 7616, qop=auth, MD5)."""
    items = urllib.request.parse_http_list(header.removeprefix("Digest "))
    fields = {k.strip(): v.strip().strip('"') for k, _, v in (i.partition("=") for i in items)}

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1 = md5(f"{fields['username']}:{fields['realm']}:{password}")
    ha2 = md5(f"{method}:{fields['uri']}")
    expected = md5(
        f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}"
    )
    return fields["username"] == USER and fields["response"] == expected


def serve(scheme: str, seen: Seen) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on 127.0.0.1 that demands *scheme* (``basic`` or ``digest``)."""
    nonce = secrets.token_hex(16)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _handle(self) -> None:
            size = int(self.headers.get("Content-Length", 0) or 0)
            if size:
                self.rfile.read(size)
            auth = self.headers.get("Authorization", "")
            seen.requests.append((self.command, self.path, auth, size))
            time.sleep(seen.delay)
            if scheme == "bearer":
                ok, challenge = False, 'Bearer realm="bonekg test"'
            elif scheme == "basic":
                token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                ok = auth == f"Basic {token}"
                challenge = 'Basic realm="bonekg test"'
            else:
                ok = auth.startswith("Digest ") and _digest_ok(auth, self.command, PASSWORD)
                challenge = (
                    f'Digest realm="SPARQL", nonce="{nonce}", opaque="xyz", '
                    'qop="auth", algorithm="MD5"'
                )
            if not ok:
                self.send_response(401)
                self.send_header("WWW-Authenticate", challenge)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = ANSWER if self.command == "POST" else b""
            self.send_response(200 if self.command != "PUT" else 201)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_HEAD = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(autouse=True)
def _no_user_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ~/.netrc nor BONEKG_PASSWORD of the user running the tests."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("BONEKG_PASSWORD", raising=False)


@pytest.fixture(params=["basic", "digest"])
def auth_server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, Seen]]:
    seen = Seen()
    server, base = serve(request.param, seen)
    yield request.param, base, seen
    server.shutdown()
    server.server_close()


def no_secret(output: str) -> None:
    assert PASSWORD not in output and USER not in output
    assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in output


def test_sparql_answers_the_challenge_in_the_scheme_asked(runner, auth_server, monkeypatch):
    scheme, base, seen = auth_server
    monkeypatch.setenv("BONEKG_PASSWORD", PASSWORD)
    result = runner.invoke(
        cli, ["sparql", COUNT, "--endpoint", base + "/sparql", "--user", USER, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "7"]
    # First without credentials; then in answer to the 401, in the server's scheme: the
    # query for the source graphs that push recorded, then the query itself.
    assert [(m, a.split(" ")[0]) for m, _, a, _ in seen.requests] == [
        ("POST", ""),
        ("POST", scheme.capitalize()),
    ] * 2
    no_secret(result.output)


def test_push_checks_the_credentials_before_sending_the_data_once(runner, auth_server, monkeypatch):
    scheme, base, seen = auth_server
    monkeypatch.setenv("BONEKG_PASSWORD", PASSWORD)
    result = runner.invoke(cli, ["push", "--endpoint", base + "/store", "--user", USER])
    assert result.exit_code == 0, result.output
    assert f"to graph <{BONEKG_GRAPH}> at {base}/store\n" in result.output
    methods = [(m, a.split(" ")[0], size > 0) for m, _, a, size in seen.requests]
    # Then the record of the source graphs an earlier push made (none here: nothing to drop).
    assert methods == [
        ("HEAD", "", False),
        ("HEAD", scheme.capitalize(), False),
        ("PUT", scheme.capitalize(), True),
        ("GET", "", False),
        ("GET", scheme.capitalize(), False),
    ]
    no_secret(result.output)


def test_the_password_can_come_from_netrc(runner, auth_server, tmp_path: Path) -> None:
    _, base, seen = auth_server
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    for extra in ([], ["--user", USER]):
        result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", base + "/q", *extra])
        assert result.exit_code == 0, result.output
        no_secret(result.output)
    assert seen.requests[-1][2]


def test_a_broken_netrc_is_an_error_only_with_user(runner, tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o644)
    url = "http://127.0.0.1:9/query"
    quiet = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url])
    assert quiet.output.startswith(f"Error: cannot reach {url}")
    loud = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url, "--user", USER])
    assert loud.output == "Error: cannot use ~/.netrc: readable by others\n"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password\n{PASSWORD} oops\n")
    netrc.chmod(0o600)
    broken = runner.invoke(cli, ["sparql", COUNT, "--endpoint", url, "--user", USER])
    assert broken.output.startswith("Error: cannot use ~/.netrc: malformed at line ")
    no_secret(broken.output)


def test_wrong_password_is_refused_in_one_line(runner, auth_server, monkeypatch) -> None:
    _, base, _ = auth_server
    monkeypatch.setenv("BONEKG_PASSWORD", "wrong-password")
    for command in (["sparql", COUNT], ["push"]):
        result = runner.invoke(cli, [*command, "--endpoint", base + "/x", "--user", USER])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {base}/x")
        assert "answered 401 Unauthorized: the server refused the credentials" in result.output
        assert result.output.count("\n") == 1
        assert "wrong-password" not in result.output and USER not in result.output


def test_no_credentials_says_how_to_give_them(runner, auth_server) -> None:
    _, base, seen = auth_server
    for command in (["sparql", COUNT], ["push"]):
        result = runner.invoke(cli, [*command, "--endpoint", base + "/x"])
        assert result.exit_code == 1
        assert result.output.endswith(
            "answered 401 Unauthorized: give --user NAME and the password in "
            "BONEKG_PASSWORD or ~/.netrc\n"
        )
    # push asked with HEAD first: its data was never sent to a server that refuses it.
    assert "PUT" not in [method for method, _, _, _ in seen.requests]


def test_a_user_without_a_password_is_an_error(runner) -> None:
    result = runner.invoke(cli, ["push", "--endpoint", "http://127.0.0.1:9/store", "--user", USER])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no password for --user at 127.0.0.1: set BONEKG_PASSWORD, or add "
        "'machine 127.0.0.1 login NAME password ...' to ~/.netrc\n"
    )


def test_credentials_in_the_url_answer_the_challenge_and_are_never_printed(
    runner, auth_server
) -> None:
    scheme, base, seen = auth_server
    secret = base.replace("http://", "http://curator:s3cret%21pw@")
    ok = runner.invoke(cli, ["sparql", COUNT, "--endpoint", secret + "/q"])
    assert ok.exit_code == 0, ok.output
    assert seen.requests[-1][2].startswith(scheme.capitalize() + " ")
    bad = runner.invoke(cli, ["push", "--endpoint", secret.replace("pw@", "px@") + "/store"])
    assert bad.exit_code == 1
    assert bad.output.startswith(f"Error: {base}/store?graph=")
    no_secret(bad.output)
    assert "s3cret" not in bad.output


def test_one_deadline_covers_the_authentication_round_trips(runner, monkeypatch) -> None:
    seen = Seen(delay=0.3)
    server, base = serve("digest", seen)
    monkeypatch.setenv("BONEKG_PASSWORD", PASSWORD)
    try:
        started = time.monotonic()
        result = runner.invoke(
            cli, ["push", "--endpoint", base + "/s", "--user", USER, "--timeout", "0.7"]
        )
        assert time.monotonic() - started < 3
        assert result.exit_code == 1
        assert "within 0.7 s\n" in result.output
        assert len(seen.requests) < 4
    finally:
        server.shutdown()
        server.server_close()


def test_a_scheme_other_than_basic_and_digest_is_refused(runner, monkeypatch) -> None:
    seen = Seen()
    server, base = serve("bearer", seen)
    monkeypatch.setenv("BONEKG_PASSWORD", PASSWORD)
    try:
        result = runner.invoke(cli, ["sparql", COUNT, "--endpoint", base + "/q", "--user", USER])
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {base}/q answered 401 Unauthorized asking for bearer; "
            "bonekg speaks basic and digest\n"
        )
    finally:
        server.shutdown()
        server.server_close()

"""Talk to any SPARQL 1.1 server: query it (Protocol) and load the graph (Graph Store Protocol).

A merged graph is pushed as the N-Quads export's graphs: the curated part into our named
graph, each knowledge source's edges into a graph below it, recorded beside it (see
:func:`record_graph`) so that a later push drops what it no longer has and queries see
them all.

Only the standard library (``urllib``), with one deadline per request and a cap on
the reply's size. Credentials (``--user`` with the password in ``BONEKG_PASSWORD`` or
``~/.netrc``, or ``http://user:pw@host/...``) answer the server's 401 challenge in the
scheme it asks for, HTTP digest (Virtuoso) or basic, and are never printed. A server
that is down, too slow or answering an error becomes one
:class:`~bonekg.errors.EndpointError` line, never a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import netrc
import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bonekg.constants import BONEKG_GRAPH
from bonekg.errors import EndpointError

if TYPE_CHECKING:
    from email.message import Message

    from bonekg.sparql import Results

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_TIMEOUT",
    "HAS_PART",
    "PASSWORD_ENV",
    "Credentials",
    "max_reply",
    "push",
    "query",
    "record_graph",
    "redact",
]

#: Seconds to wait for a server before giving up.
DEFAULT_TIMEOUT = 30.0
#: The environment variable holding the password of ``--user``.
PASSWORD_ENV = "BONEKG_PASSWORD"
#: The named graph that ``push`` replaces and ``sparql --endpoint`` queries by default
#: (with its source graphs); ``default`` names the server's default graph instead.
DEFAULT_GRAPH = BONEKG_GRAPH
#: The predicate of the record of the source graphs pushed beside our graph.
HAS_PART = "http://purl.org/dc/terms/hasPart"
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def max_reply() -> int:
    """Return the largest reply read from a server, from ``BONEKG_MAX_REPLY_MB`` (default 256)."""
    configured = os.environ.get("BONEKG_MAX_REPLY_MB", "")
    try:
        megabytes = float(configured) if configured else 256.0
    except ValueError:
        megabytes = -1
    if megabytes <= 0:
        raise EndpointError(f"BONEKG_MAX_REPLY_MB must be a positive number, not {configured!r}")
    return int(megabytes * 1_000_000)


def redact(url: str) -> str:
    """Return *url* without its ``user:password@`` part, for messages."""
    return re.sub(r"//[^/@?#]*@", "//", url, count=1)


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server; the password never appears in a repr."""

    user: str
    password: str = field(repr=False)

    def scrub(self, text: str) -> str:
        """Return *text* with the user name and password replaced by ``***``."""
        for secret in (self.password, self.user):
            if secret:
                text = text.replace(secret, "***")
        return text


def _prepare(url: str, user: str | None = None) -> tuple[str, Credentials | None]:
    """Return the URL without userinfo, and the credentials to answer a challenge with.

    The credentials are the URL's ``user:password@``; else ``--user`` *user* with the
    password from :data:`PASSWORD_ENV` or the ``~/.netrc`` entry of the host for that
    login; else the ``~/.netrc`` entry of the host, if there is one.

    :raises EndpointError: the URL is malformed or not http(s), or *user* has no password
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise EndpointError(f"malformed endpoint URL {redact(url)!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"the endpoint must be an http(s) URL, got {redact(url)!r}")
    clean = url
    if parts.username is not None:
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        clean = urllib.parse.urlunsplit(parts._replace(netloc=host + (f":{port}" if port else "")))
        url_user = urllib.parse.unquote(parts.username)
        if user is None or user == url_user:
            return clean, Credentials(url_user, urllib.parse.unquote(parts.password or ""))
    if user is not None and (password := os.environ.get(PASSWORD_ENV)) is not None:
        return clean, Credentials(user, password)
    entry = _netrc(parts.hostname, strict=user is not None)
    if entry is not None and (user is None or entry[0] == user):
        return clean, Credentials(*entry)
    if user is None:
        return clean, None
    raise EndpointError(
        f"no password for --user at {parts.hostname}: set {PASSWORD_ENV}, or add "
        f"'machine {parts.hostname} login NAME password ...' to ~/.netrc"
    )


def _netrc(host: str, *, strict: bool) -> tuple[str, str] | None:
    """Return the login and password that ``~/.netrc`` holds for *host* (or its default).

    A file that cannot be read is an error when *strict* (``--user`` was given), and
    ignored otherwise: a broken ``~/.netrc`` must not stop anonymous queries.

    :raises EndpointError: *strict*, and the file cannot be read or parsed (its text,
        which may hold passwords, is not shown)
    """
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        if not strict:
            return None
        why = "readable by others" if "permissive" in exc.msg else f"malformed at line {exc.lineno}"
        raise EndpointError(f"cannot use ~/.netrc: {why}") from None
    except OSError as exc:
        if not strict:
            return None
        raise EndpointError(f"cannot read ~/.netrc: {exc.strerror}") from None
    if entry is None:
        return None
    login, _, password = entry
    return (login, password or "") if login else None


def _challenges(headers: Message) -> dict[str, dict[str, str]]:
    """Return the ``WWW-Authenticate`` challenges of a 401 answer, by lower-case scheme."""
    found: dict[str, dict[str, str]] = {}
    for header in headers.get_all("WWW-Authenticate") or []:
        params: dict[str, str] | None = None
        for item in urllib.request.parse_http_list(header):
            scheme, _, rest = item.strip().partition(" ")
            if scheme and "=" not in scheme:
                params = found.setdefault(scheme.lower(), {})
                item = rest
            if params is None or "=" not in item:
                continue
            key, _, value = item.strip().partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            params[key.strip().lower()] = value
    return found


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _digest(
    creds: Credentials, challenge: dict[str, str], method: str, uri: str, count: int
) -> str:
    """Return the ``Authorization`` value answering a Digest *challenge* (RFC 7616).

    *count* is the number of requests sent with this nonce so far, this one included.

    :raises EndpointError: the challenge asks for an algorithm or qop not supported
    """
    algorithm = challenge.get("algorithm", "MD5")
    name = {"MD5": "md5", "SHA-256": "sha256"}.get(algorithm.upper().removesuffix("-SESS"))
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    if name is None or (qops and "auth" not in qops) or "nonce" not in challenge:
        raise EndpointError(
            f"the server asks for digest authentication with algorithm {algorithm!r} "
            f"and qop {challenge.get('qop', '')!r}, which bonekg does not support"
        )

    def digest(text: str) -> str:
        return hashlib.new(name, text.encode("utf-8"), usedforsecurity=False).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge["nonce"]
    cnonce, uses = secrets.token_hex(8), f"{count:08x}"
    secret = digest(f"{creds.user}:{realm}:{creds.password}")
    if algorithm.upper().endswith("-SESS"):
        secret = digest(f"{secret}:{nonce}:{cnonce}")
    body = digest(f"{method}:{uri}")
    fields = {"username": creds.user, "realm": realm, "nonce": nonce, "uri": uri}
    if qops:
        fields["response"] = digest(f"{secret}:{nonce}:{uses}:{cnonce}:auth:{body}")
        fields |= {"qop": "auth", "nc": uses, "cnonce": cnonce}
    else:
        fields["response"] = digest(f"{secret}:{nonce}:{body}")
    fields["algorithm"] = algorithm
    if "opaque" in challenge:
        fields["opaque"] = challenge["opaque"]
    bare = {"qop", "nc", "algorithm"}
    return "Digest " + ", ".join(f"{k}={v if k in bare else _quote(v)}" for k, v in fields.items())


def _authorization(
    creds: Credentials,
    headers: Message,
    request: urllib.request.Request,
    url: str,
    *,
    count: int = 1,
) -> str:
    """Return the ``Authorization`` value answering the server's 401 *headers*.

    Digest when the server offers it, else basic.

    :raises EndpointError: the server asks for a scheme that bonekg does not speak
    """
    offered = _challenges(headers)
    if "digest" in offered:
        digest = offered["digest"]
        return _digest(creds, digest, request.get_method(), request.selector, count)
    if "basic" in offered:
        token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
        return f"Basic {token}"
    schemes = ", ".join(sorted(offered)) or "none"
    raise EndpointError(
        f"{url} answered 401 Unauthorized asking for {schemes}; bonekg speaks basic and digest"
    )


def _exchange(
    request: urllib.request.Request, deadline: float, timeout: float
) -> tuple[int, str, Message, bytes]:
    """Send *request* before *deadline*; return the status, reason, headers and body.

    Bodies of error answers are read up to 2,000 bytes; others up to :func:`max_reply`.

    :raises EndpointError: connection refused, timeout, or too large
    """
    url = request.full_url
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise EndpointError(f"no complete answer from {url} within {timeout:g} s")
    cap = max_reply()
    try:
        with urllib.request.urlopen(request, timeout=remaining) as response:
            chunks, size = [], 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > cap:
                    raise EndpointError(
                        f"{url} answered more than {cap / 1_000_000:g} MB "
                        "(set BONEKG_MAX_REPLY_MB to raise it)"
                    )
                if time.monotonic() > deadline:
                    raise EndpointError(f"no complete answer from {url} within {timeout:g} s")
                chunks.append(chunk)
            return response.status, response.reason, response.headers, b"".join(chunks)
    except urllib.error.HTTPError as exc:
        return exc.code, str(exc.reason), exc.headers, exc.read(2000)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise EndpointError(f"no answer from {url} within {timeout:g} s") from exc
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(
                f"cannot reach {url}: connection refused (is the server running?)"
            ) from exc
        raise EndpointError(f"cannot reach {url}: {reason}") from exc
    except TimeoutError as exc:
        raise EndpointError(f"no answer from {url} within {timeout:g} s") from exc
    except (ConnectionError, OSError) as exc:
        raise EndpointError(f"connection to {url} failed: {exc}") from exc


def _send(
    request: urllib.request.Request,
    timeout: float,
    creds: Credentials | None = None,
    *,
    probe: bool = False,
    missing_ok: bool = False,
) -> tuple[str, bytes]:
    """Send *request*; return the response's content type and body.

    *timeout* bounds the whole exchange, not each read, and covers the authentication
    round trips too: a server that trickles its reply is cut off at the deadline; a reply
    larger than :func:`max_reply` is refused. Credentials are sent only in answer to a
    401 challenge, in the scheme the server asks for (digest or basic).

    With *probe* (a large body), HEAD requests fetch the challenge and check the
    credentials first: a server that refuses a request may close the connection while
    the body is still being sent, which would hide its answer.

    With *missing_ok*, a 404 answer (a graph that is not there) is an empty body.

    :raises EndpointError: connection refused, timeout, too large, or an HTTP error status
    """
    url = request.full_url
    deadline = time.monotonic() + timeout
    answered = False
    if probe:
        head = urllib.request.Request(url, method="HEAD")
        status, reason, challenge, body = _exchange(head, deadline, timeout)
        if status == 401:
            if creds is None:
                raise _refusal(url, status, reason, body, creds, answered=False)
            head.add_header("Authorization", _authorization(creds, challenge, head, url))
            status, reason, _, body = _exchange(head, deadline, timeout)
            if status == 401:
                raise _refusal(url, status, reason, body, creds, answered=True)
            authorization = _authorization(creds, challenge, request, url, count=2)
            request.add_header("Authorization", authorization)
            answered = True
    status, reason, headers, body = _exchange(request, deadline, timeout)
    if status == 401 and creds is not None and not answered:
        request.add_header("Authorization", _authorization(creds, headers, request, url))
        answered = True
        status, reason, headers, body = _exchange(request, deadline, timeout)
    if status < 400:
        return headers.get("Content-Type", ""), body
    if status == 404 and missing_ok:
        return "", b""
    raise _refusal(url, status, reason, body, creds, answered=answered)


def _refusal(
    url: str, status: int, reason: str, body: bytes, creds: Credentials | None, *, answered: bool
) -> EndpointError:
    """Return the one-line error for an HTTP error answer (credentials scrubbed from it)."""
    text = body.decode("utf-8", "replace")
    if text.lstrip()[:14].lower().startswith(("<!doctype html", "<html")):
        text = re.sub(r"<[^>]*>", " ", text)
    detail = " ".join(text.split())[:300]
    if creds is not None:
        detail = creds.scrub(detail)
    if status == 401:
        hint = (
            "the server refused the credentials"
            if answered
            else f"give --user NAME and the password in {PASSWORD_ENV} or ~/.netrc"
        )
        detail = hint + (f" ({detail})" if detail else "")
    return EndpointError(f"{url} answered {status} {reason}" + (f": {detail}" if detail else ""))


def _graph(graph: str | None) -> str | None:
    """Return the named graph meant by *graph*: ``None`` for the server's default graph."""
    if graph is None:
        return DEFAULT_GRAPH
    return None if graph == "default" else graph


def query(
    url: str,
    text: str,
    *,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
) -> Results:
    """Run a SPARQL query on the server at *url* (its query endpoint).

    The export's prefixes are declared before the query, so queries written for the
    embedded store run unchanged. With *graph* ``None``, the default graph is
    :data:`DEFAULT_GRAPH` together with the source graphs that ``push`` recorded beside
    it (one ``default-graph-uri`` each, read from :func:`record_graph` by a first small
    query), so merged edges are seen as the embedded store sees them.

    :param graph: query this named graph alone as the default graph
        (``default-graph-uri``); ``None`` for :data:`DEFAULT_GRAPH` and its source
        graphs, ``"default"`` for the server's default graph
    :param user: the user name, for a server that asks for credentials
    :raises EndpointError: the server is down, too slow, or answers an error
    """
    from bonekg.sparql import Results, prefix_lines

    url, creds = _prepare(url, user)
    fields = [("query", prefix_lines() + text)]
    target = _graph(graph)
    if target:
        fields.append(("default-graph-uri", target))
    if graph is None:
        fields += [("default-graph-uri", part) for part in _queried_parts(url, creds, timeout)]
    kind, body = _post_query(url, fields, timeout, creds)
    if kind.split(";")[0].strip() == _RESULTS_JSON:
        try:
            return Results.from_json(json.loads(body))
        except ValueError as exc:
            raise EndpointError(f"{url} answered invalid SPARQL results JSON: {exc}") from exc
    return Results(triples=body.decode("utf-8", "replace"))


def _post_query(
    url: str, fields: list[tuple[str, str]], timeout: float, creds: Credentials | None
) -> tuple[str, bytes]:
    """POST a query with its protocol *fields*; return the answer's content type and body."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9",
        },
    )
    return _send(request, timeout, creds)


def record_graph(graph: str) -> str:
    """Return the IRI of the small graph recording the source graphs pushed beside *graph*.

    ``push`` of a merged graph puts the curated part into *graph* and each knowledge
    source's edges into its own graph below it (``<graph>/<source>``, see
    :func:`bonekg.writers.nquads.source_graph`). Which source graphs it made is stated
    as ``<graph> dcterms:hasPart <source graph>`` in this record, a graph of its own
    (``<graph>#graphs``; a source graph's name is percent-encoded, so it never holds a
    ``#``) rather than inside *graph*:

    - ``push`` speaks only the Graph Store Protocol, so it reads the record with a GET,
      which returns a whole graph: a few triples here, not the whole curated part;
    - *graph* then holds exactly the curated part, so its counts equal the export's.

    ``sparql --endpoint`` reads the same triples with a query. The record is ours, and
    only graphs below ``<graph>/`` that it names are ever queried as ours or dropped:
    other clients' graphs are never touched.
    """
    return graph + ("-graphs" if "#" in graph else "#graphs")


def _ours(graph: str, parts: set[str]) -> set[str]:
    """Keep the recorded *parts* that are below *graph* (what a record may name)."""
    return {part for part in parts if part.startswith(graph + "/")}


def _queried_parts(url: str, creds: Credentials | None, timeout: float) -> list[str]:
    """Return the source graphs recorded beside :data:`DEFAULT_GRAPH`, by a query at *url*."""
    text = (
        f"SELECT ?part WHERE {{ GRAPH <{record_graph(DEFAULT_GRAPH)}> "
        f"{{ <{DEFAULT_GRAPH}> <{HAS_PART}> ?part }} }}"
    )
    _, body = _post_query(url, [("query", text)], timeout, creds)
    try:
        rows = json.loads(body)["results"]["bindings"]
        # A row leaving ?part unbound has no "part" key (results JSON): no graph.
        terms = [row.get("part", {}) for row in rows]
        found = {term["value"] for term in terms if term.get("type") == "uri"}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EndpointError(f"{url} answered invalid SPARQL results JSON: {exc}") from exc
    return sorted(_ours(DEFAULT_GRAPH, found))


def _store_url(url: str, graph: str | None) -> str:
    """Return the Graph Store Protocol address of *graph* (``None``: the default graph)."""
    query_part = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + query_part


def _put(
    url: str, graph: str | None, data: bytes, timeout: float, creds: Credentials | None
) -> None:
    """Replace *graph* with the N-Triples *data* (credentials checked before the data is sent)."""
    request = urllib.request.Request(
        _store_url(url, graph), data=data, method="PUT", headers={"Content-Type": _NTRIPLES}
    )
    _send(request, timeout, creds, probe=True)


def _delete(url: str, graph: str, timeout: float, creds: Credentials | None) -> None:
    """Drop *graph*; one that is not there (404) is no error."""
    request = urllib.request.Request(_store_url(url, graph), method="DELETE")
    _send(request, timeout, creds, missing_ok=True)


def _recorded_parts(url: str, graph: str, timeout: float, creds: Credentials | None) -> set[str]:
    """Return the source graphs that :func:`record_graph` of *graph* names (GET; 404: none).

    :raises EndpointError: the server answers an error, or RDF that does not parse
    """
    import pyoxigraph as ox

    request = urllib.request.Request(
        _store_url(url, record_graph(graph)),
        method="GET",
        headers={"Accept": f"{_NTRIPLES}, text/turtle;q=0.9"},
    )
    kind, body = _send(request, timeout, creds, missing_ok=True)
    if not body.strip():
        return set()
    media = kind.split(";")[0].strip()
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    try:
        # N-Triples is Turtle too: Turtle reads an answer of an unknown type.
        found = {
            triple.object.value
            for triple in ox.parse(body, fmt or ox.RdfFormat.TURTLE, base_iri=graph)
            if triple.subject == ox.NamedNode(graph)
            and triple.predicate == ox.NamedNode(HAS_PART)
            and isinstance(triple.object, ox.NamedNode)
        }
    except SyntaxError as exc:
        raise EndpointError(
            f"{url} answered the record of our source graphs with {media or 'no content type'} "
            f"that does not parse: {exc}"
        ) from exc
    return _ours(graph, found)


def _record(
    url: str, graph: str, parts: set[str], timeout: float, creds: Credentials | None
) -> None:
    """Write the record of the source graphs *parts* beside *graph* (drop it when none)."""
    if not parts:
        _delete(url, record_graph(graph), timeout, creds)
        return
    lines = "".join(f"<{graph}> <{HAS_PART}> <{part}> .\n" for part in sorted(parts))
    _put(url, record_graph(graph), lines.encode("utf-8"), timeout, creds)


def push(
    url: str,
    data: bytes,
    *,
    graph: str | None = None,
    parts: Mapping[str, bytes] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
) -> list[str]:
    """Replace our graphs on the server at *url* (its Graph Store endpoint) with N-Triples.

    An HTTP PUT replaces a graph's content, so pushing twice leaves one copy, and the
    server's other graphs stay as they are. *data* goes into *graph*; each of *parts*
    (the source graphs of a merged graph, :func:`bonekg.writers.nquads.split_graphs`)
    into its own graph, listed in :func:`record_graph`. Source graphs that an earlier
    push recorded and *parts* lacks (a source no longer merged) are dropped (DELETE), so
    the server holds exactly our current graphs. The record names the new graphs before
    they are written and loses the dropped ones only once they are gone, so a push cut
    short leaves nothing that the next push would not drop. Each request has the
    *timeout*, its authentication round trips included.

    :param graph: the named graph to replace: ``None`` for :data:`DEFAULT_GRAPH`,
        ``"default"`` for the server's default graph (*parts* must then be empty: the
        default graph has no IRI to record them beside)
    :param parts: N-Triples by graph IRI, each below ``<graph>/``
    :param user: the user name, for a server that asks for credentials
    :returns: the source graphs dropped, sorted
    :raises EndpointError: the server is down, too slow, or refuses the data
    :raises ValueError: *parts* given for the default graph, or not below *graph*
    """
    url, creds = _prepare(url, user)
    target = _graph(graph)
    parts = parts or {}
    if target is None:
        if parts:
            raise ValueError("the server's default graph takes no source graphs beside it")
        _put(url, None, data, timeout, creds)
        return []
    if stray := sorted(set(parts) - _ours(target, set(parts))):
        raise ValueError(f"source graph <{stray[0]}> is not below <{target}/>")
    _put(url, target, data, timeout, creds)
    old, new = _recorded_parts(url, target, timeout, creds), set(parts)
    if not new <= old:
        _record(url, target, old | new, timeout, creds)
    for part, triples in parts.items():
        _put(url, part, triples, timeout, creds)
    stale = sorted(old - new)
    for part in stale:
        _delete(url, part, timeout, creds)
    if new != old:
        _record(url, target, new, timeout, creds)
    return stale

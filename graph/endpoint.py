"""Talk to any SPARQL 1.1 server: query it (Protocol) and load the graph (Graph Store Protocol).

Only the standard library (``urllib``), with one deadline per request and a cap on
the reply's size. Credentials in the URL (``http://user:pw@host/...``) are sent as HTTP
basic auth and never printed. A server that
is down, too slow or answering an error becomes one :class:`~bonekg.errors.EndpointError`
line, never a traceback.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

from bonekg.errors import EndpointError

if TYPE_CHECKING:
    from bonekg.sparql import Results

__all__ = ["DEFAULT_TIMEOUT", "max_reply", "push", "query", "redact"]

#: Seconds to wait for a server before giving up.
DEFAULT_TIMEOUT = 30.0
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


def _prepare(url: str) -> tuple[str, dict[str, str]]:
    """Return the URL without userinfo, and the header that carries it (HTTP basic auth).

    :raises EndpointError: the URL is malformed or not http(s)
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise EndpointError(f"malformed endpoint URL {redact(url)!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"the endpoint must be an http(s) URL, got {redact(url)!r}")
    if parts.username is None:
        return url, {}
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    clean = urllib.parse.urlunsplit(parts._replace(netloc=host + (f":{port}" if port else "")))
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return clean, {"Authorization": f"Basic {token}"}


def _send(request: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
    """Send *request*; return the response's content type and body.

    *timeout* bounds the whole exchange, not each read: a server that trickles its reply
    is cut off at the deadline; a reply larger than :func:`max_reply` is refused.

    :raises EndpointError: connection refused, timeout, too large, or an HTTP error status
    """
    url = request.full_url
    cap = max_reply()
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
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
            return response.headers.get("Content-Type", ""), b"".join(chunks)
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(2000).decode("utf-8", "replace").split())[:300]
        raise EndpointError(
            f"{url} answered {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        ) from exc
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


def query(
    url: str, text: str, *, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> Results:
    """Run a SPARQL query on the server at *url* (its query endpoint).

    The export's prefixes are declared before the query, so queries written for the
    embedded store run unchanged.

    :param graph: query this named graph as the default graph (``default-graph-uri``)
    :raises EndpointError: the server is down, too slow, or answers an error
    """
    from bonekg.sparql import Results, prefix_lines

    url, auth = _prepare(url)
    fields = [("query", prefix_lines() + text)]
    if graph:
        fields.append(("default-graph-uri", graph))
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9",
            **auth,
        },
    )
    kind, body = _send(request, timeout)
    if kind.split(";")[0].strip() == _RESULTS_JSON:
        try:
            return Results.from_json(json.loads(body))
        except ValueError as exc:
            raise EndpointError(f"{url} answered invalid SPARQL results JSON: {exc}") from exc
    return Results(triples=body.decode("utf-8", "replace"))


def push(
    url: str, data: bytes, *, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> None:
    """Replace a graph on the server at *url* (its Graph Store endpoint) with N-Triples *data*.

    An HTTP PUT replaces the graph's content, so pushing twice leaves one copy.

    :param graph: the named graph to replace (default: the server's default graph)
    :raises EndpointError: the server is down, too slow, or refuses the data
    """
    url, auth = _prepare(url)
    query_part = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    target = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query_part
    request = urllib.request.Request(
        target, data=data, method="PUT", headers={"Content-Type": _NTRIPLES, **auth}
    )
    _send(request, timeout)

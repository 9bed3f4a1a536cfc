"""Talk to any SPARQL 1.1 server: query it (Protocol) and load the graph (Graph Store Protocol).

Only the standard library (``urllib``), with a timeout on every request. A server that
is down, too slow or answering an error becomes one :class:`~bonekg.errors.EndpointError`
line, never a traceback.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

from bonekg.errors import EndpointError

if TYPE_CHECKING:
    from bonekg.sparql import Results

__all__ = ["DEFAULT_TIMEOUT", "push", "query"]

#: Seconds to wait for a server before giving up.
DEFAULT_TIMEOUT = 30.0
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise EndpointError(f"the endpoint must be an http(s) URL, got {url!r}")


def _send(request: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
    """Send *request*; return the response's content type and body.

    :raises EndpointError: connection refused, timeout, or an HTTP error status
    """
    url = request.full_url
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
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

    _check_url(url)
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
    _check_url(url)
    query_part = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    target = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query_part
    request = urllib.request.Request(
        target, data=data, method="PUT", headers={"Content-Type": _NTRIPLES}
    )
    _send(request, timeout)

"""Run a query on the embedded store with a deadline and a row cap, rows streamed back.

pyoxigraph evaluates a query in native code that Python cannot interrupt: a COUNT over
a cross product runs for minutes, and a thread cannot stop it. So the query runs in a
forked child (which shares the loaded store, copy-on-write) and sends its answer back
over a pipe, one JSON line per row, as pyoxigraph produces them (its solutions are
lazy: the first rows of a huge join arrive at once). The parent reads until the answer
ends, the row cap is reached, or the deadline passes; then it kills the child. Memory
stays bounded because no side holds more rows than it has been asked for.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bonekg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["DEFAULT_QUERY_TIMEOUT", "Event", "run"]

#: Seconds a query on the embedded store may run (``sparql --timeout``).
DEFAULT_QUERY_TIMEOUT = 60.0
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: What :func:`run` yields: ``("head", [variables])``, ``("row", binding)``,
#: ``("boolean", bool)``, ``("triple", "<s> <p> <o> .\n")`` or ``("more", None)``
#: (the row cap stopped an answer that had more).
Event = tuple[str, Any]


def run(
    store: pyoxigraph.Store,
    text: str,
    prefixes: dict[str, str],
    *,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    max_rows: int | None = None,
) -> Iterator[Event]:
    """Run *text* on *store* in a child process and yield its answer as it comes.

    :param timeout: seconds the whole query may take
    :param max_rows: stop after this many rows (then yield ``("more", None)`` if the
        answer had more)
    :raises QueryError: the query is malformed or fails, or runs past *timeout*
    """
    deadline = time.monotonic() + timeout
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, then leave without running any of the parent's exit code
        os.close(read_end)
        status = 0
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                _answer(store, text, prefixes, max_rows, out)
        except BaseException:
            status = 1
        os._exit(status)
    os.close(write_end)
    try:
        yield from _read(read_end, deadline, timeout)
    finally:
        os.close(read_end)
        _stop(pid)


def _read(fd: int, deadline: float, timeout: float) -> Iterator[Event]:
    """Yield the events the child writes to *fd*, until it closes the pipe."""
    pending = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise QueryError(
                f"the query ran past {timeout:g} s on the embedded store; "
                "narrow it, add a LIMIT, or give a longer --timeout"
            )
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            kind, value = json.loads(line)
            if kind == "error":
                raise QueryError(value)
            yield kind, value
    if pending:
        raise QueryError("the embedded store stopped in the middle of an answer")


def _stop(pid: int) -> None:
    """Kill the child if it still runs, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _answer(
    store: pyoxigraph.Store,
    text: str,
    prefixes: dict[str, str],
    max_rows: int | None,
    out: Any,
) -> None:
    """In the child: run the query and write one JSON line per event to *out*."""
    import pyoxigraph as ox

    def emit(kind: str, value: Any) -> None:
        out.write(json.dumps([kind, value], ensure_ascii=False) + "\n")

    try:
        answer = store.query(text, prefixes=prefixes)
    except SyntaxError as exc:
        emit("error", f"malformed query: {exc}")
        return
    except OSError as exc:
        emit("error", f"query failed: {exc}")
        return
    if isinstance(answer, ox.QueryBoolean):
        emit("boolean", bool(answer))
        return
    names: list[str] = []
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        emit("head", names)
    count = 0
    try:
        for item in answer:
            if max_rows is not None and count >= max_rows:
                emit("more", None)
                return
            if isinstance(item, ox.QuerySolution):
                row = {n: _term(item[n]) for n in names if item[n] is not None}
                emit("row", row)
            else:
                emit("triple", f"{item} .\n")
            count += 1
    except OSError as exc:
        emit("error", f"query failed: {exc}")


def _term(term: Any) -> dict[str, str]:
    """Return a pyoxigraph term as a W3C SPARQL results-JSON term."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found: dict[str, str] = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            found["datatype"] = term.datatype.value
        return found
    return {"type": "triple", "value": str(term)}

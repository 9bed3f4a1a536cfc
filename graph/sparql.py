"""SPARQL over the graph: the embedded store, the named queries, and the result formats.

The embedded store is pyoxigraph's in-memory store, filled from the RDF export of the
graph (``bench/sparql_engines.py`` measured it against rdflib's memory store and the
oxrdflib store; the README has the numbers). Results are held as the W3C SPARQL 1.1
results JSON, whether they come from the embedded store or from a server
(:mod:`bonekg.endpoint`), and printed as a table, JSON, CSV or TSV from that one form.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.constants import QUERIES_PACKAGE
from bonekg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

    from bonekg.embedded import Event
    from bonekg.kg import KnowledgeGraph

__all__ = [
    "FORMATS",
    "NamedQuery",
    "Results",
    "build_store",
    "canonical",
    "canonical_row",
    "collect",
    "concat_columns",
    "named_queries",
    "prefix_lines",
    "query_store",
    "read_query",
    "render",
    "stream_store",
    "uses_service",
    "write_answer",
    "write_stream",
]

#: Output formats of ``bonekg sparql``.
FORMATS = ("table", "json", "csv", "tsv")


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``ontology/queries``: ``@name`` on the command line."""

    name: str
    question: str
    text: str


@dataclass
class Results:
    """The answer to a query, in the shape of the W3C SPARQL 1.1 results JSON.

    SELECT fills :attr:`variables` and :attr:`bindings`; ASK sets :attr:`boolean`;
    CONSTRUCT and DESCRIBE set :attr:`triples` (N-Triples text).
    """

    variables: list[str] = field(default_factory=list)
    bindings: list[dict[str, dict[str, str]]] = field(default_factory=list)
    boolean: bool | None = None
    triples: str | None = None
    #: the row cap stopped an answer that had more rows
    truncated: bool = False
    #: rows written while streaming (:func:`write_stream`), which holds none
    count: int = 0

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Results:
        """Read a W3C SPARQL 1.1 results JSON document.

        :raises QueryError: the document is not SPARQL results JSON
        """
        try:
            if "boolean" in document:
                return cls(boolean=bool(document["boolean"]))
            return cls(
                variables=list(document["head"].get("vars", [])),
                bindings=[
                    {name: _term(term) for name, term in row.items()}
                    for row in document["results"]["bindings"]
                ],
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise QueryError(f"not SPARQL results JSON (missing {exc})") from exc

    def json(self) -> dict[str, Any]:
        """Return the W3C SPARQL 1.1 results JSON document."""
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        return {"head": {"vars": self.variables}, "results": {"bindings": self.bindings}}

    def events(self) -> Iterator[Event]:
        """Yield the results as the events of a streamed answer (:mod:`bonekg.embedded`)."""
        if self.boolean is not None:
            yield "boolean", self.boolean
        elif self.triples is not None:
            yield from (("triple", line + "\n") for line in self.triples.splitlines())
        else:
            yield "head", self.variables
            yield from (("row", row) for row in self.bindings)
        if self.truncated:
            yield "more", None

    def cut(self, max_rows: int | None) -> Results:
        """Keep the first *max_rows* rows (all if None), marking the rest as truncated."""
        if max_rows is not None and len(self.bindings) > max_rows:
            del self.bindings[max_rows:]
            self.truncated = True
        return self

    def __len__(self) -> int:
        """Return the number of rows (1 for ASK, the triple count for CONSTRUCT)."""
        if self.boolean is not None:
            return 1
        if self.triples is not None:
            return self.triples.count("\n")
        return len(self.bindings) or self.count


def _term(term: dict[str, str]) -> dict[str, str]:
    """Return a results-JSON term in one form: ``type``, ``value``, then its tag or datatype.

    Virtuoso still writes typed literals as ``"type": "typed-literal"`` (the 2008 draft
    of the format); the W3C recommendation says ``"literal"`` with a ``datatype``.
    """
    kind = term["type"]
    out = {"type": "literal" if kind == "typed-literal" else kind, "value": term["value"]}
    for key in ("xml:lang", "datatype"):
        if key in term:
            out[key] = term[key]
    return out


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Return the named queries of ``ontology/queries/*.rq``, by name.

    The leading ``#`` comment of each file says the question it answers.
    """
    found = {}
    folder = resources.files(QUERIES_PACKAGE)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text("utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        name = entry.name[: -len(".rq")]
        found[name] = NamedQuery(name, " ".join(c for c in comment if c), text)
    return found


def read_query(spec: str) -> str:
    """Return the text of a query given as ``@name``, a file path, or the query itself.

    :raises QueryError: an unknown ``@name`` or an unreadable file
    """
    if spec.startswith("@"):
        queries = named_queries()
        try:
            return queries[spec[1:]].text
        except KeyError:
            known = ", ".join("@" + n for n in queries)
            raise QueryError(f"unknown named query {spec!r} (known: {known})") from None
    if _is_file(spec):
        try:
            return Path(spec).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {spec}: {exc}") from exc
    return spec


def _is_file(spec: str) -> bool:
    if "\n" in spec or len(spec) > 1024:
        return False
    if spec.endswith((".rq", ".sparql")):
        return True
    try:
        return Path(spec).is_file()
    except OSError:
        return False


def prefix_lines() -> str:
    """Return the PREFIX declarations of the export, on one line.

    Sent before a query to a server, so that the prefixes the embedded store knows
    work there too (the query's own declarations come later and win).
    """
    from bonekg.rdf.namespaces import prefixes

    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items()) + "\n"


def build_store(kg: KnowledgeGraph) -> pyoxigraph.Store:
    """Return an in-memory pyoxigraph store holding the RDF export of *kg*.

    The export goes in as N-Triples text, a few megabytes at a time, through the
    store's bulk loader: far faster than adding triples one by one from Python.
    """
    import pyoxigraph as ox

    from bonekg.rdf.mapping import TripleWriter
    from bonekg.writers.ntriples import NTriplesSink

    store = ox.Store()

    class _Load:
        def write(self, data: bytes, /) -> None:
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)

    kg.feed(TripleWriter(kg, NTriplesSink(_Load(), chunk=64 << 20)))
    return store


#: Strings, IRIs and comments (skipped), or the SERVICE keyword (found).
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
    r"|(?<![\w:?$])(SERVICE)(?![\w:])",
    re.IGNORECASE,
)


def uses_service(text: str) -> bool:
    """Say whether the query calls ``SERVICE`` (outside strings, IRIs and comments)."""
    return any(m.group(1) for m in _TOKENS.finditer(text))


def query_store(
    store: pyoxigraph.Store,
    text: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Results:
    """Run a SPARQL query on an embedded store, with a deadline and a row cap.

    The embedded store is local: a query that calls ``SERVICE`` would make it send a
    request to another server (with no deadline), so it is refused.

    :param timeout: seconds the query may run (default
        :data:`~bonekg.embedded.DEFAULT_QUERY_TIMEOUT`)
    :param max_rows: keep at most this many rows (:attr:`Results.truncated` says if
        the answer had more)
    :raises QueryError: the query does not parse (with the parser's message), calls
        SERVICE, or runs past *timeout*
    """
    return collect(stream_store(store, text, timeout=timeout, max_rows=max_rows))


def stream_store(
    store: pyoxigraph.Store,
    text: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Iterator[Event]:
    """Yield the answer of a query on an embedded store as it comes (see :func:`query_store`)."""
    from bonekg.embedded import DEFAULT_QUERY_TIMEOUT, run

    if uses_service(text):
        raise QueryError(
            "SERVICE is refused by the embedded store, which never sends requests; "
            "query a server with --endpoint instead"
        )
    from bonekg.rdf.namespaces import prefixes

    limit = DEFAULT_QUERY_TIMEOUT if timeout is None else timeout
    return run(store, text, prefixes(), timeout=limit, max_rows=max_rows)


def collect(events: Iterable[Event]) -> Results:
    """Return the :class:`Results` that a stream of events makes."""
    results = Results()
    triples: list[str] = []
    selected = False
    for kind, value in events:
        if kind == "head":
            results.variables, selected = value, True
        elif kind == "row":
            results.bindings.append(value)
        elif kind == "boolean":
            results.boolean = value
        elif kind == "triple":
            triples.append(value)
        elif kind == "more":
            results.truncated = True
    if not selected and results.boolean is None:
        results.triples = "".join(triples)
    return results


def write_answer(
    events: Iterable[Event], text: str, fmt: str, write: Callable[[str], Any]
) -> Results:
    """Write the answer in *fmt*: CSV and TSV rows as they come, the other formats whole."""
    if fmt in ("csv", "tsv"):
        return write_stream(events, text, fmt, write)
    results = canonical(collect(events), text)
    write(render(results, fmt))
    return results


def write_stream(
    events: Iterable[Event], text: str, fmt: str, write: Callable[[str], Any]
) -> Results:
    """Write CSV or TSV rows with *write* as they come; return what was written, rows dropped.

    The returned :class:`Results` has the variables, no bindings (they are written,
    not held), :attr:`Results.count` rows and :attr:`Results.truncated`.
    """
    columns = concat_columns(text)
    results = Results()
    for kind, value in events:
        if kind == "head":
            results.variables = value
            write(_header(value, fmt))
        elif kind == "row":
            write(_row(results.variables, canonical_row(value, columns), fmt))
            results.count += 1
        elif kind == "more":
            results.truncated = True
        else:  # ASK and CONSTRUCT answers are small enough to print whole
            write(render(collect([(kind, value)]), fmt))
            results.count += 1
    return results


_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?[^;()]*;\s*SEPARATOR\s*=\s*"((?:[^"\\]|\\.)*)"\s*\)'
    r"\s+AS\s+\?(\w+)",
    re.IGNORECASE,
)


def concat_columns(text: str) -> dict[str, str]:
    """Return the ``GROUP_CONCAT`` columns of *text*, each with its separator."""
    return {name: separator for separator, name in _CONCAT.findall(text)}


def canonical_row(row: dict[str, dict[str, str]], columns: dict[str, str]) -> dict[str, Any]:
    """Sort the items of the ``GROUP_CONCAT`` cells of one row (see :func:`canonical`)."""
    for name, separator in columns.items():
        cell = row.get(name)
        if cell and separator:
            cell["value"] = separator.join(sorted(cell["value"].split(separator)))
    return row


def canonical(results: Results, text: str) -> Results:
    """Sort the items of each ``GROUP_CONCAT`` cell of *text*: one answer on every engine.

    SPARQL leaves the order inside a ``GROUP_CONCAT`` undefined, so two engines (or two
    versions of one) join the same values differently. The values form a set; sorting
    them makes every engine's answer byte-identical.
    """
    columns = concat_columns(text)
    if columns:
        for row in results.bindings:
            canonical_row(row, columns)
    return results


def _nt(term: dict[str, str]) -> str:
    """Return a results-JSON term in N-Triples syntax (the W3C TSV cell form)."""
    import pyoxigraph as ox

    kind = term.get("type")
    value = term.get("value", "")
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return str(ox.Literal(value, language=term["xml:lang"]))
    if "datatype" in term:
        return str(ox.Literal(value, datatype=ox.NamedNode(term["datatype"])))
    return str(ox.Literal(value))


def _short(term: dict[str, str] | None, compact: Any) -> str:
    """Return a results-JSON term as a person reads it: a CURIE, or the literal's text."""
    if term is None:
        return ""
    if term.get("type") == "uri":
        return str(compact(term["value"]) or term["value"])
    if term.get("type") == "bnode":
        return "_:" + term["value"]
    return " ".join(term.get("value", "").split())


def render(results: Results, fmt: str) -> str:
    """Return *results* as text in *fmt* (``table``, ``json``, ``csv`` or ``tsv``).

    ``json`` is the W3C SPARQL 1.1 results JSON, ``csv`` and ``tsv`` the W3C CSV and TSV
    results formats; CONSTRUCT and DESCRIBE results are N-Triples in every format.
    """
    if results.triples is not None:
        return results.triples
    if fmt == "json":
        return json.dumps(results.json(), indent=2, ensure_ascii=False) + "\n"
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    names = results.variables
    if fmt in ("csv", "tsv"):
        return _header(names, fmt) + "".join(_row(names, row, fmt) for row in results.bindings)
    if fmt != "table":
        raise QueryError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    return _table(results)


def _header(names: list[str], fmt: str) -> str:
    """Return the header line of CSV or TSV results."""
    if fmt == "csv":
        return _csv_line(names)
    return "\t".join("?" + n for n in names) + "\n"


def _row(names: list[str], row: dict[str, dict[str, str]], fmt: str) -> str:
    """Return one row of CSV (the values) or TSV (N-Triples terms) results."""
    if fmt == "csv":
        return _csv_line([row[n]["value"] if n in row else "" for n in names])
    return "\t".join(_nt(row[n]) if n in row else "" for n in names) + "\n"


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _table(results: Results) -> str:
    from bonekg.rdf.mapping import Compactor
    from bonekg.rdf.namespaces import prefixes

    compact = Compactor(prefixes())
    names = results.variables
    rows = [[_short(row.get(n), compact) for n in names] for row in results.bindings]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    count = len(rows)
    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"

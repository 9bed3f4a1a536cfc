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
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bonekg.constants import QUERIES_PACKAGE
from bonekg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

    from bonekg.kg import KnowledgeGraph

__all__ = [
    "FORMATS",
    "NamedQuery",
    "Results",
    "build_store",
    "canonical",
    "named_queries",
    "prefix_lines",
    "query_store",
    "read_query",
    "render",
    "uses_service",
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

    def __len__(self) -> int:
        """Return the number of rows (1 for ASK, the triple count for CONSTRUCT)."""
        if self.boolean is not None:
            return 1
        if self.triples is not None:
            return self.triples.count("\n")
        return len(self.bindings)


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
    """Return an in-memory pyoxigraph store holding the RDF export of *kg*."""
    import pyoxigraph as ox

    from bonekg.rdf.mapping import TripleWriter

    store = ox.Store()

    class _Load:
        def emit(self, block: list[ox.Triple]) -> None:
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in block)

        def close(self) -> None:
            pass

    kg.feed(TripleWriter(kg, _Load()))
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


def query_store(store: pyoxigraph.Store, text: str) -> Results:
    """Run a SPARQL query on an embedded store.

    The embedded store is local: a query that calls ``SERVICE`` would make it send a
    request to another server (with no deadline), so it is refused.

    :raises QueryError: the query does not parse (with the parser's message), or calls
        SERVICE
    """
    import pyoxigraph as ox

    if uses_service(text):
        raise QueryError(
            "SERVICE is refused by the embedded store, which never sends requests; "
            "query a server with --endpoint instead"
        )

    from bonekg.rdf.namespaces import prefixes

    try:
        answer = store.query(text, prefixes=prefixes())
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return Results(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        data = answer.serialize(format=ox.QueryResultsFormat.JSON) or b"{}"
        return Results.from_json(json.loads(data))
    return Results(triples="".join(f"{t} .\n" for t in answer))


_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?[^;()]*;\s*SEPARATOR\s*=\s*"((?:[^"\\]|\\.)*)"\s*\)'
    r"\s+AS\s+\?(\w+)",
    re.IGNORECASE,
)


def canonical(results: Results, text: str) -> Results:
    """Sort the items of each ``GROUP_CONCAT`` cell of *text*: one answer on every engine.

    SPARQL leaves the order inside a ``GROUP_CONCAT`` undefined, so two engines (or two
    versions of one) join the same values differently. The values form a set; sorting
    them makes every engine's answer byte-identical.
    """
    columns = {name: separator for separator, name in _CONCAT.findall(text)}
    if not columns:
        return results
    for row in results.bindings:
        for name, separator in columns.items():
            cell = row.get(name)
            if cell and separator:
                cell["value"] = separator.join(sorted(cell["value"].split(separator)))
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
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        for row in results.bindings:
            writer.writerow([row[n]["value"] if n in row else "" for n in names])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += [
            "\t".join(_nt(row[n]) if n in row else "" for n in names) for row in results.bindings
        ]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise QueryError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    return _table(results)


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

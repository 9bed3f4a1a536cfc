"""Check the RDF export against the SHACL shapes of ``ontology/shapes.ttl`` with pyshacl.

pyshacl (and rdflib under it) take about a second to import, so only ``validate`` and
``build`` call this module; the query commands never do. Each violation becomes one
:class:`~bonekg.errors.Problem`: ``<focus> (<what it is>): <path>: <message>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from bonekg.constants import ONTOLOGY_PACKAGE, SHAPES_FILE
from bonekg.errors import Problem
from bonekg.rdf.namespaces import RDF, RDFS, SH, XSD

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from bonekg.kg import KnowledgeGraph

__all__ = ["check", "check_graph", "shapes", "to_rdflib"]

_SH = SH
_RDF = RDF
_RDFS_LABEL = RDFS + "label"
_XSD_STRING = XSD + "string"
#: Focus of the whole-graph checks of shapes.ttl (the vocabulary's ontology node).
_WHOLE_GRAPH = "https://w3id.org/bonekg/ontology"


@cache
def shapes() -> rdflib.Graph:
    """Return the shapes graph (parsed once per process)."""
    import rdflib

    text = resources.files(ONTOLOGY_PACKAGE).joinpath(SHAPES_FILE).read_text("utf-8")
    return rdflib.Graph().parse(data=text, format="turtle")


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    """Copy pyoxigraph triples into an rdflib graph (what pyshacl works on)."""
    import pyoxigraph as ox
    import rdflib

    iris: dict[str, rdflib.URIRef] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            found = iris.get(t.value)
            if found is None:
                found = iris[t.value] = rdflib.URIRef(t.value)
            return found
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == _XSD_STRING:
            return rdflib.Literal(
                t.value
            )  # rdflib tells "x" from "x"^^xsd:string; RDF 1.1 does not
        return rdflib.Literal(t.value, datatype=term(t.datatype))

    graph = rdflib.Graph()
    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


def check(data: rdflib.Graph) -> list[Problem]:
    """Validate an RDF graph against the shapes.

    :param data: the export (with the vocabulary, which the shapes refer to)
    :returns: one problem per violation, sorted; empty when the graph conforms
    """
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes(), inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    return sorted({_problem(data, results, r) for r in _results(results)})


def check_graph(kg: KnowledgeGraph) -> list[Problem]:
    """Build the RDF export of *kg* in memory and validate it against the shapes."""
    from bonekg.rdf.mapping import triples

    return check(to_rdflib(triples(kg)))


def _results(results: rdflib.Graph) -> list[Any]:
    import rdflib

    kind = rdflib.URIRef(_SH + "ValidationResult")
    return list(results.subjects(rdflib.RDF.type, kind))


def _problem(data: rdflib.Graph, results: rdflib.Graph, result: Any) -> Problem:
    import rdflib

    def value(name: str) -> Any:
        return results.value(result, rdflib.URIRef(_SH + name))

    focus = value("focusNode")
    path = value("resultPath")
    message = str(value("resultMessage") or "violates " + _name(value("sourceShape")))
    offending = value("value")
    if str(focus) == _WHOLE_GRAPH and offending is not None:
        focus = offending  # a whole-graph check names the offending resource as its value
    elif offending is not None and str(offending) not in message and offending != focus:
        message += f" (value: {_name(offending)})"
    where = _name(focus)
    described = _describe(data, focus)
    if described:
        where += f" ({described})"
    return Problem(where, 0, _path(results, path), message)


def _name(term: Any) -> str:
    """Return a CURIE for an IRI when a prefix fits, else the term as text."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        compact: str | None = _compactor()(str(term))
        return compact or f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return repr(str(term))
    return str(term)


@cache
def _compactor() -> Any:
    from bonekg.rdf.mapping import Compactor
    from bonekg.rdf.namespaces import prefixes

    return Compactor(prefixes())


def _path(results: rdflib.Graph, path: Any) -> str:
    import rdflib

    if path is None:
        return ""
    if isinstance(path, rdflib.BNode):
        items = list(rdflib.collection.Collection(results, path))
        return "/".join(_name(p) for p in items) if items else str(path)
    return _name(path)


def _describe(data: rdflib.Graph, focus: Any) -> str:
    """Say in words what *focus* is: a node's label, or a statement's claim."""
    import rdflib

    label = rdflib.URIRef(_RDFS_LABEL)
    own = data.value(focus, label)
    if own is not None:
        return str(own)
    s = data.value(focus, rdflib.URIRef(_RDF + "subject"))
    p = data.value(focus, rdflib.URIRef(_RDF + "predicate"))
    o = data.value(focus, rdflib.URIRef(_RDF + "object"))
    if s is None or p is None or o is None:
        return ""
    verb = str(p).rsplit("/", 1)[-1]
    return f"{data.value(s, label) or _name(s)} {verb} {data.value(o, label) or _name(o)}"

"""Check the curated records and collect every defect before failing.

Each check appends a :class:`~bonekg.errors.Problem` located at the YAML line of the
offending value; :func:`check` returns them all so that one run of ``bonekg validate``
reports every defect. CURIE syntax is checked with the ``curies`` package against the
prefix map and patterns in ``ontology/prefixes.json``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from bonekg.constants import ONTOLOGY_PACKAGE, PREFIXES_FILE
from bonekg.errors import Problem
from bonekg.model import statement_id
from bonekg.records import Located

if TYPE_CHECKING:
    import curies

    from bonekg.vocabulary import Vocabulary

__all__ = ["Checked", "check", "converter", "curie_problem"]

_Key = tuple[Hashable, ...]

NODE_FIELDS: dict[str, tuple[type, bool]] = {
    "id": (str, True),
    "label": (str, True),
    "category": (str, True),
    "biolink_class": (str, False),
    "synonyms": (list, False),
    "description": (str, False),
    "xrefs": (list, False),
}
EDGE_FIELDS: dict[str, tuple[type, bool]] = {
    "subject": (str, True),
    "predicate": (str, True),
    "object": (str, True),
    "qualifiers": (dict, False),
    "sources": (list, True),
}
SOURCE_FIELDS: dict[str, tuple[type, bool]] = {
    "ref": (str, True),
    "evidence": (str, True),
    "species": (str, True),
    "statement": (str, True),
}
PUBLICATION_FIELDS: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "first_author": (str, True),
    "year": (int, True),
    "journal": (str, True),
    "type": (str, True),
    "pmid": (str, False),
    "doi": (str, False),
    "pmcid": (str, False),
}
IN_VITRO = "in vitro"
_NODE_PREFIXES = {"CL", "GO", "UBERON", "CHEBI", "MONDO", "HP", "NCIT", "HGNC", "bonekg"}
_REF_PREFIXES = {"PMID", "DOI"}


@cache
def converter() -> curies.Converter:
    """Return the CURIE converter built from ``ontology/prefixes.json``."""
    import curies

    path = resources.files(ONTOLOGY_PACKAGE).joinpath(PREFIXES_FILE)
    with resources.as_file(path) as real:
        return curies.load_extended_prefix_map(real)


def curie_problem(value: str, allowed: set[str]) -> str | None:
    """Say what is wrong with *value* as a CURIE with one of the *allowed* prefixes.

    :returns: a message, or None when the CURIE is well-formed
    """
    conv = converter()
    prefix, sep, local = value.partition(":")
    if not sep or not conv.is_curie(value):
        return f"malformed CURIE {value!r} (expected PREFIX:ID with PREFIX one of {', '.join(sorted(allowed))})"
    if prefix not in allowed:
        return f"prefix {prefix!r} not allowed here (use one of {', '.join(sorted(allowed))})"
    pattern = conv.pattern_map.get(prefix)
    if pattern and not re.match(pattern, local):
        return f"malformed CURIE {value!r}: the {prefix} local ID must match {pattern}"
    return None


@dataclass
class Checked:
    """The records that passed their own checks, ready to become a graph."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    publications: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _fields(
    doc: Located, key: _Key, record: Any, spec: dict[str, tuple[type, bool]], out: list[Problem]
) -> bool:
    """Check a record's fields and types; return False when it cannot be used further."""
    if not isinstance(record, dict):
        out.append(doc.problem(key, "record", f"expected a mapping, got {_kind(record)}"))
        return False
    ok = True
    for name in record:
        if name not in spec:
            hint = difflib.get_close_matches(str(name), spec, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else f" (allowed: {', '.join(spec)})"
            out.append(doc.problem((*key, name), str(name), f"unknown field{extra}"))
    for name, (typ, required) in spec.items():
        if name not in record or record[name] is None:
            if required:
                out.append(doc.problem(key, name, "required field is missing"))
                ok = False
            continue
        value = record[name]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            msg = f"expected {_TYPE_NAMES[typ]}, got {_kind(value)}"
            out.append(doc.problem((*key, name), name, msg))
            ok = False
        elif isinstance(value, str) and not value.strip():
            out.append(doc.problem((*key, name), name, "must not be empty"))
            ok = ok and not required
    return ok


_TYPE_NAMES: dict[type, str] = {
    dict: "mapping",
    list: "list",
    str: "string",
    int: "integer",
    float: "number",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _string_list(doc: Located, key: _Key, name: str, values: list[Any], out: list[Problem]) -> bool:
    ok = True
    for i, item in enumerate(values):
        if not isinstance(item, str) or not item.strip():
            out.append(
                doc.problem(
                    (*key, name, i), name, f"expected a non-empty string, got {_kind(item)}"
                )
            )
            ok = False
    return ok


def check(nodes: Located, edges: Located, sources: Located, vocab: Vocabulary) -> Checked:
    """Validate the three curated documents against each other and the vocabulary.

    :returns: the usable records and every problem found
    """
    result = Checked()
    _check_publications(sources, vocab, result)
    _check_nodes(nodes, vocab, result)
    _check_edges(edges, vocab, result)
    return result


def _check_publications(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, dict):
        out.append(
            doc.problem(
                (), "document", f"expected a mapping keyed by PMID or DOI, got {_kind(doc.value)}"
            )
        )
        return
    for curie, record in doc.value.items():
        key: _Key = (curie,)
        if not isinstance(curie, str) or (msg := curie_problem(curie, _REF_PREFIXES)):
            out.append(doc.problem(key, "ref", msg or f"expected a CURIE key, got {_kind(curie)}"))
            continue
        if not _fields(doc, key, record, PUBLICATION_FIELDS, out):
            # Known but defective: edges citing it are not reported again.
            result.publications[curie] = {}
            continue
        if record["type"] not in vocab.publication_types:
            allowed = ", ".join(sorted(vocab.publication_types))
            out.append(
                doc.problem(
                    (*key, "type"),
                    "type",
                    f"unknown publication type {record['type']!r} (allowed: {allowed})",
                )
            )
        if not record.get("pmid") and not record.get("doi"):
            out.append(doc.problem(key, "pmid", "a publication needs a pmid or a doi"))
        prefix, _, local = curie.partition(":")
        own = record.get("pmid") if prefix == "PMID" else record.get("doi")
        if own is not None and str(own).lower() != local.lower():
            field_name = "pmid" if prefix == "PMID" else "doi"
            out.append(
                doc.problem(
                    (*key, field_name), field_name, f"{own!r} does not match the key {curie!r}"
                )
            )
        if record.get("pmid") and not str(record["pmid"]).isdigit():
            out.append(
                doc.problem((*key, "pmid"), "pmid", f"expected digits, got {record['pmid']!r}")
            )
        if record.get("doi") and (msg := curie_problem("DOI:" + record["doi"], _REF_PREFIXES)):
            out.append(doc.problem((*key, "doi"), "doi", msg))
        if record.get("pmcid") and not re.fullmatch(r"PMC\d+", record["pmcid"]):
            out.append(
                doc.problem(
                    (*key, "pmcid"),
                    "pmcid",
                    f"expected PMC followed by digits, got {record['pmcid']!r}",
                )
            )
        result.publications[curie] = record


def _check_nodes(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, list):
        out.append(doc.problem((), "document", f"expected a list of nodes, got {_kind(doc.value)}"))
        return
    first_line: dict[str, int] = {}
    for i, record in enumerate(doc.value):
        key: _Key = (i,)
        ok = _fields(doc, key, record, NODE_FIELDS, out)
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue
        node_id = record["id"]
        if msg := curie_problem(node_id, _NODE_PREFIXES):
            out.append(doc.problem((*key, "id"), "id", msg))
            ok = False
        if node_id.startswith("bonekg:") and node_id[len("bonekg:") :] in vocab.terms:
            msg = f"{node_id} is the IRI of a vocabulary term of ontology/bonekg.ttl; choose another slug"
            out.append(doc.problem((*key, "id"), "id", msg))
            ok = False
        if node_id in first_line:
            out.append(
                doc.problem(
                    (*key, "id"),
                    "id",
                    f"duplicate node ID {node_id} (first at line {first_line[node_id]})",
                )
            )
            continue
        first_line[node_id] = doc.line((*key, "id"))
        category = vocab.categories.get(record.get("category"))  # type: ignore[arg-type]
        if category is None and isinstance(record.get("category"), str):
            allowed = ", ".join(sorted(vocab.categories))
            out.append(
                doc.problem(
                    (*key, "category"),
                    "category",
                    f"unknown category {record['category']!r} (allowed: {allowed})",
                )
            )
            ok = False
        elif (
            category is not None
            and "biolink_class" in record
            and record["biolink_class"] not in category.allowed_biolink
        ):
            allowed = ", ".join(sorted(category.allowed_biolink))
            msg = f"{record['biolink_class']!r} is not a Biolink class of {category.name} (allowed: {allowed})"
            out.append(doc.problem((*key, "biolink_class"), "biolink_class", msg))
            ok = False
        for name in ("synonyms", "xrefs"):
            if isinstance(record.get(name), list):
                ok = _string_list(doc, key, name, record[name], out) and ok
        xrefs: list[Any] = record["xrefs"] if isinstance(record.get("xrefs"), list) else []
        for j, xref in enumerate(xrefs):
            if isinstance(xref, str) and (msg := curie_problem(xref, set(converter().prefix_map))):
                out.append(doc.problem((*key, "xrefs", j), "xrefs", msg))
                ok = False
        if category is None:
            ok = False
        if ok and category is not None:
            result.nodes[node_id] = {
                "label": record["label"],
                "category": record["category"],
                "biolink_class": record.get("biolink_class", category.biolink_class),
                "synonyms": list(record.get("synonyms", [])),
                "description": record.get("description", ""),
                "xrefs": list(record.get("xrefs", [])),
            }
        else:
            # Known but defective: edges to it are not reported again as unknown nodes.
            result.nodes.setdefault(node_id, {})


def _suggest(node_id: str, nodes: Mapping[str, Mapping[str, Any]]) -> str:
    close = difflib.get_close_matches(node_id, list(nodes), n=1, cutoff=0.6)
    if not close:
        return ""
    label = nodes[close[0]].get("label", "")
    return f" (did you mean {close[0]} {label}?)".replace(" ?)", "?)")


def _check_edges(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, list):
        out.append(doc.problem((), "document", f"expected a list of edges, got {_kind(doc.value)}"))
        return
    seen: dict[str, int] = {}
    for i, record in enumerate(doc.value):
        key: _Key = (i,)
        if not _fields(doc, key, record, EDGE_FIELDS, out):
            continue
        ok = True
        ends = {}
        for end in ("subject", "object"):
            node_id = record[end]
            if node_id not in result.nodes:
                out.append(
                    doc.problem(
                        (*key, end), end, f"unknown node {node_id}{_suggest(node_id, result.nodes)}"
                    )
                )
                ok = False
            else:
                ends[end] = result.nodes[node_id].get("category")
        predicate = vocab.predicates.get(record["predicate"])
        if predicate is None:
            hint = difflib.get_close_matches(record["predicate"], list(vocab.predicates), n=1)
            extra = (
                f" (did you mean {hint[0]}?)"
                if hint
                else f" (allowed: {', '.join(sorted(vocab.predicates))})"
            )
            out.append(
                doc.problem(
                    (*key, "predicate"),
                    "predicate",
                    f"unknown predicate {record['predicate']!r}{extra}",
                )
            )
            ok = False
        elif ok and None not in ends.values():
            if ends["subject"] not in predicate.domain:
                msg = f"{predicate.name} does not take a {ends['subject']} subject ({record['subject']}); allowed: {', '.join(sorted(predicate.domain))}"
                out.append(doc.problem((*key, "subject"), "subject", msg))
                ok = False
            if ends["object"] not in predicate.range:
                msg = f"{predicate.name} does not take a {ends['object']} object ({record['object']}); allowed: {', '.join(sorted(predicate.range))}"
                out.append(doc.problem((*key, "object"), "object", msg))
                ok = False
            if predicate.name == "is_a" and ends["subject"] != ends["object"]:
                msg = (
                    f"is_a joins nodes of one category, not {ends['subject']} and {ends['object']}"
                )
                out.append(doc.problem((*key, "object"), "object", msg))
                ok = False
        qualifiers = record.get("qualifiers", {})
        for name, value in qualifiers.items():
            if name not in vocab.qualifiers:
                allowed = ", ".join(sorted(vocab.qualifiers))
                out.append(
                    doc.problem(
                        (*key, "qualifiers", name),
                        "qualifiers",
                        f"unknown qualifier {name!r} (allowed: {allowed})",
                    )
                )
                ok = False
            elif not isinstance(value, str) or not value.strip():
                out.append(
                    doc.problem(
                        (*key, "qualifiers", name),
                        name,
                        f"expected a non-empty string, got {_kind(value)}",
                    )
                )
                ok = False
        sources = record["sources"]
        if not sources:
            out.append(
                doc.problem((*key, "sources"), "sources", "an edge needs at least one source")
            )
            ok = False
        refs: set[str] = set()
        for j, source in enumerate(sources):
            skey = (*key, "sources", j)
            if not _fields(doc, skey, source, SOURCE_FIELDS, out):
                ok = False
                continue
            ok = _check_source(doc, skey, source, vocab, result) and ok
            if source["ref"] in refs:
                out.append(
                    doc.problem(
                        (*skey, "ref"),
                        "ref",
                        f"{source['ref']} cited twice on one edge; merge the two",
                    )
                )
                ok = False
            refs.add(source["ref"])
        if not ok:
            continue
        sid = statement_id(record["subject"], record["predicate"], record["object"], qualifiers)
        if sid in seen:
            msg = f"duplicate claim {record['subject']} {record['predicate']} {record['object']} (first at line {seen[sid]}); merge their sources"
            out.append(doc.problem(key, "edge", msg))
            continue
        seen[sid] = doc.line(key)
        result.edges.append(
            {
                "subject": record["subject"],
                "predicate": record["predicate"],
                "object": record["object"],
                "key": sid,
                "sign": predicate.sign if predicate else None,
                "qualifiers": dict(qualifiers),
                "sources": [dict(s) for s in sources],
            }
        )


def _check_source(
    doc: Located, key: _Key, source: dict[str, Any], vocab: Vocabulary, result: Checked
) -> bool:
    out = result.problems
    ok = True
    ref = source["ref"]
    if msg := curie_problem(ref, _REF_PREFIXES):
        out.append(doc.problem((*key, "ref"), "ref", msg))
        ok = False
    elif ref not in result.publications:
        out.append(
            doc.problem(
                (*key, "ref"),
                "ref",
                f"{ref} is not in the sources file; add it there (verified) first",
            )
        )
        ok = False
    if source["evidence"] not in vocab.evidence:
        allowed = ", ".join(f"{e.curie} ({e.label})" for e in vocab.evidence.values())
        out.append(
            doc.problem(
                (*key, "evidence"),
                "evidence",
                f"unknown evidence type {source['evidence']!r} (allowed: {allowed})",
            )
        )
        ok = False
    species = source["species"]
    if species != IN_VITRO and species not in vocab.taxa:
        allowed = ", ".join(
            [*(f"{t.curie} ({t.common_name})" for t in vocab.taxa.values()), IN_VITRO]
        )
        out.append(
            doc.problem(
                (*key, "species"), "species", f"unknown species {species!r} (allowed: {allowed})"
            )
        )
        ok = False
    return ok

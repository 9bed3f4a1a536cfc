"""Rules for ``nodes.yaml``: one record per entity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from bonekg.errors import Problem
from bonekg.ids import converter, curie_problem
from bonekg.model import NODE_FIELDS, NodeData
from bonekg.records import Located
from bonekg.validation.context import NODE_PREFIXES, Checked, Key
from bonekg.validation.shape import kind, record_shape, string_items

if TYPE_CHECKING:
    from bonekg.vocabulary import Vocabulary

__all__ = ["NODE_RULES", "check_nodes"]

Rule = Callable[[Located, Key, dict[str, Any], "Vocabulary"], Iterator[Problem]]


def node_id(doc: Located, key: Key, record: dict[str, Any], vocab: Vocabulary) -> Iterator[Problem]:
    """Check that the ID is a CURIE with a node prefix, and a project slug no vocabulary term."""
    value = record["id"]
    if msg := curie_problem(value, set(NODE_PREFIXES)):
        yield doc.problem((*key, "id"), "id", msg)
    if value.startswith("bonekg:") and value[len("bonekg:") :] in vocab.terms:
        msg = f"{value} is the IRI of a vocabulary term of ontology/bonekg.ttl; choose another slug"
        yield doc.problem((*key, "id"), "id", msg)


def category(
    doc: Located, key: Key, record: dict[str, Any], vocab: Vocabulary
) -> Iterator[Problem]:
    """Check that the category is the vocabulary's, and the Biolink class one it allows."""
    found = vocab.categories.get(record.get("category"))  # type: ignore[arg-type]
    if found is None and isinstance(record.get("category"), str):
        msg = f"unknown category {record['category']!r} (allowed: {', '.join(sorted(vocab.categories))})"
        yield doc.problem((*key, "category"), "category", msg)
    elif (
        found is not None
        and record.get("biolink_class", found.biolink_class) not in found.allowed_biolink
    ):
        allowed = ", ".join(sorted(found.allowed_biolink))
        msg = f"{record['biolink_class']!r} is not a Biolink class of {found.name} (allowed: {allowed})"
        yield doc.problem((*key, "biolink_class"), "biolink_class", msg)


def names(doc: Located, key: Key, record: dict[str, Any], vocab: Vocabulary) -> Iterator[Problem]:
    """Check that synonyms and xrefs are non-empty strings, xrefs CURIEs of the prefix map."""
    for name in ("synonyms", "xrefs"):
        if isinstance(record.get(name), list):
            yield from string_items(doc, key, name, record[name])
    xrefs: list[Any] = record["xrefs"] if isinstance(record.get("xrefs"), list) else []
    for j, xref in enumerate(xrefs):
        if isinstance(xref, str) and (msg := curie_problem(xref, set(converter().prefix_map))):
            yield doc.problem((*key, "xrefs", j), "xrefs", msg)


NODE_RULES: tuple[Rule, ...] = (node_id, category, names)


def _data(record: dict[str, Any], vocab: Vocabulary) -> NodeData:
    default = vocab.categories[record["category"]].biolink_class
    data = NodeData(
        label=record["label"],
        category=record["category"],
        biolink_class=record.get("biolink_class") or default,
        synonyms=list(record.get("synonyms") or []),
        description=record.get("description") or "",
        xrefs=list(record.get("xrefs") or []),
    )
    if record.get("local_reason"):
        data["local_reason"] = record["local_reason"]
    return data


def check_nodes(doc: Located, vocab: Vocabulary, result: Checked) -> None:
    """Run the node rules over ``nodes.yaml``, recording the usable nodes."""
    out = result.problems
    if doc.value is None:
        return
    if not isinstance(doc.value, list):
        out.append(doc.problem((), "document", f"expected a list of nodes, got {kind(doc.value)}"))
        return
    first_line: dict[str, int] = {}
    for i, record in enumerate(doc.value):
        key: Key = (i,)
        problems, usable = record_shape(doc, key, record, NODE_FIELDS)
        out += problems
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue
        value = record["id"]
        if value in first_line:
            msg = f"duplicate node ID {value} (first at line {first_line[value]})"
            out.append(doc.problem((*key, "id"), "id", msg))
            continue
        first_line[value] = doc.line((*key, "id"))
        found = [p for rule in NODE_RULES for p in rule(doc, key, record, vocab)]
        out += found
        if usable and not found and record.get("category") in vocab.categories:
            result.nodes[value] = _data(record, vocab)
            if value.startswith("bonekg:") and not record.get("local_reason"):
                msg = f"{value} is a project ID: say in local_reason why no standard term fits"
                result.warnings.append(doc.problem(key, "local_reason", msg))
        else:
            # Known but defective: claims on it are not reported again as unknown nodes.
            result.defective_nodes.add(value)

"""Rule: each record has the fields and types its schema (:mod:`bonekg.model`) declares."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bonekg.errors import Problem
from bonekg.model import Field
from bonekg.records import Located
from bonekg.terminal import CONTROL
from bonekg.validation.context import Key
from bonekg.validation.hints import allowed, did_you_mean

__all__ = ["control_characters", "kind", "record_shape", "string_items"]

_TYPE_NAMES: dict[type, str] = {
    dict: "mapping",
    list: "list",
    str: "string",
    int: "integer",
    float: "number",
}


def kind(value: Any) -> str:
    """Name the YAML type of *value* for a message (``mapping``, ``nothing``...)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def record_shape(
    doc: Located, key: Key, record: Any, spec: Mapping[str, Field]
) -> tuple[list[Problem], bool]:
    """Check a record's fields against *spec*.

    :returns: the problems, and whether the record can be checked further (it is a
        mapping whose required fields are present and of the right type)
    """
    if not isinstance(record, dict):
        return [doc.problem(key, "record", f"expected a mapping, got {kind(record)}")], False
    out = []
    usable = True
    for name in record:
        if name not in spec:
            hint = did_you_mean(str(name), spec, show=repr, otherwise=allowed(spec, sort=False))
            out.append(doc.problem((*key, name), str(name), f"unknown field{hint}"))
    for name, declared in spec.items():
        if name not in record or record[name] is None:
            if declared.required:
                out.append(doc.problem(key, name, "required field is missing"))
                usable = False
            continue
        value = record[name]
        if not isinstance(value, declared.type) or (
            declared.type is int and isinstance(value, bool)
        ):
            msg = f"expected {_TYPE_NAMES[declared.type]}, got {kind(value)}"
            out.append(doc.problem((*key, name), name, msg))
            usable = False
        elif isinstance(value, str) and not value.strip():
            out.append(doc.problem((*key, name), name, "must not be empty"))
            usable = usable and not declared.required
    return out, usable


def string_items(doc: Located, key: Key, name: str, values: list[Any]) -> Iterator[Problem]:
    """Check that every item of the list field *name* is a non-empty string."""
    for i, item in enumerate(values):
        if not isinstance(item, str) or not item.strip():
            yield doc.problem(
                (*key, name, i), name, f"expected a non-empty string, got {kind(item)}"
            )


def control_characters(doc: Located) -> Iterator[Problem]:
    r"""Refuse control characters (NUL, ANSI escapes, bidi overrides) anywhere in *doc*.

    YAML's double-quoted escapes (``"\e[31m"``, ``"\0"``) let them into any string;
    printed raw they would recolour or hide what a user reads.
    """

    def walk(value: Any, key: Key, name: str) -> Iterator[Problem]:
        if isinstance(value, str):
            if found := CONTROL.search(value):
                char = f"U+{ord(found.group()):04X}"
                yield doc.problem(key, name, f"control character {char} is not allowed")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, (*key, i), name)
        elif isinstance(value, dict):
            for sub, item in value.items():
                yield from walk(sub, (*key, sub), "key")
                yield from walk(item, (*key, sub), str(sub))

    yield from walk(doc.value, (), "document")

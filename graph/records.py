"""Read curated YAML into plain Python values, remembering the line of every value.

PyYAML's composer keeps a mark on each node; we walk the node tree ourselves so that a
validator can say ``edges.yaml:120: object: ...`` and so that a key given twice in one
mapping is reported instead of silently overwritten.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bonekg.errors import DataError, Problem

__all__ = ["Located", "display_path", "read_yaml"]

#: Path of a value inside a document: mapping keys and list indexes from the root.
Key = tuple[Hashable, ...]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A parsed YAML document and the 1-based line of each value in it."""

    file: str
    value: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, key: Key) -> int:
        """Return the line of the value at *key*, or of its nearest located ancestor.

        :param key: mapping keys and list indexes from the document root
        :returns: a 1-based line number (0 when the document is empty)
        """
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 0)

    def problem(self, key: Key, field_name: str, message: str) -> Problem:
        """Build a :class:`Problem` located at *key*."""
        return Problem(self.file, self.line(key), field_name, message)


def display_path(path: Path) -> str:
    """Name *path* for messages: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, name: str | None = None) -> Located:
    """Parse one YAML file, keeping line numbers.

    :param path: the file to read
    :param name: how to name the file in messages (default: :func:`display_path`)
    :returns: the document with its lines
    :raises DataError: the file is unreadable, not UTF-8, or not valid YAML, or repeats a key
    """
    label = name or display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError([Problem(label, 0, "file", "file not found")]) from exc
    except OSError as exc:
        raise DataError([Problem(label, 0, "file", f"cannot read: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        raise DataError([Problem(label, line, "encoding", message)]) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = Located(label, None)
        problems: list[Problem] = []
        if node is not None:
            doc.value = _walk(loader, node, (), doc, problems)
        if problems:
            raise DataError(problems)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        message = str(exc.problem or exc.context or "")
        if exc.context and exc.problem:
            started = f" started at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            message += f" ({exc.context}{started})"
        raise DataError([Problem(label, line, "yaml", message or "invalid YAML")]) from exc
    except yaml.YAMLError as exc:
        raise DataError([Problem(label, 0, "yaml", str(exc))]) from exc
    finally:
        loader.dispose()


def _walk(loader: Any, node: yaml.Node, key: Key, doc: Located, problems: list[Problem]) -> Any:
    doc.lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = loader.construct_object(key_node, deep=True)
            if not isinstance(name, Hashable):
                problems.append(doc.problem(key, "yaml", "a mapping key must be a scalar"))
                continue
            if name in out:
                line = key_node.start_mark.line + 1
                problems.append(Problem(doc.file, line, str(name), "key given twice in one record"))
            out[name] = _walk(loader, value_node, (*key, name), doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*key, i), doc, problems) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)

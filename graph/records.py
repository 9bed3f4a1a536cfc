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

from bonekg.errors import DataError, InputError, Problem
from bonekg.inputs import read_input

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
    except (
        ValueError,
        OSError,
        RuntimeError,
    ):  # not below; or a symlink loop (RuntimeError < 3.13)
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
        raw = read_input(path)
    except InputError as exc:
        raise DataError([Problem(label, 0, "file", exc.reason)]) from exc
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
            doc.value = _walk(loader, text, node, doc, problems)
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


def _walk(loader: Any, text: str, root: yaml.Node, doc: Located, problems: list[Problem]) -> Any:
    """Build the value of *root*, recording lines; refuse aliases and merge keys.

    An alias makes the composed tree a graph that shares nodes: walking it would expand
    a "billion laughs" document exponentially. Each node is walked once; one met again
    was reached through an alias, which curated data never needs.
    """
    seen: set[int] = set()

    def walk(node: yaml.Node, key: Key) -> Any:
        doc.lines[key] = node.start_mark.line + 1
        if id(node) in seen:
            raise _AliasFound
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(
                        Problem(doc.file, line, "yaml", "merge keys (<<) are not allowed")
                    )
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(doc.problem(key, "yaml", "a mapping key must be a scalar"))
                    continue
                name = loader.construct_object(key_node, deep=True)
                if name in out:
                    problems.append(
                        Problem(doc.file, line, str(name), "key given twice in one record")
                    )
                out[name] = walk(value_node, (*key, name))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, (*key, i)) for i, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    try:
        return walk(root, ())
    except _AliasFound:
        problems.append(
            Problem(doc.file, _first_alias_line(text), "yaml", "aliases (*name) are not allowed")
        )
        return None


class _AliasFound(Exception):
    """A collection node was met twice: the document uses an alias."""


def _first_alias_line(text: str) -> int:
    """Return the line of the document's first alias (events are linear, never expanded)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1 if event.start_mark else 0
    return 0

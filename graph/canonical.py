"""The canonical text of the curated YAML files, so that diffs show only real changes.

Nodes are ordered by category then ID, edges by subject, predicate, object and
qualifiers, publications by CURIE; fields keep the order of the data model.
``bonekg fmt`` rewrites the files in this form and a test checks they are in it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bonekg.constants import DATA_FILES, EDGES_FILE, NODES_FILE, SOURCES_FILE
from bonekg.model import (
    CLAIM_FIELDS,
    NODE_FIELDS,
    OUTCOME_FIELDS,
    PUBLICATION_FIELDS,
    SOURCE_FIELDS,
)

__all__ = ["canonical_text", "reformat"]


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, long strings folded by width."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _ordered(record: Any, spec: Mapping[str, Any]) -> Any:
    if not isinstance(record, dict):
        return record
    known = {k: record[k] for k in spec if k in record}
    return known | {k: v for k, v in record.items() if k not in spec}


def _edge(record: Any) -> Any:
    record = _ordered(record, CLAIM_FIELDS)
    if isinstance(record, dict) and isinstance(record.get("sources"), list):
        record["sources"] = [_source(s) for s in record["sources"]]
    if isinstance(record, dict) and isinstance(record.get("qualifiers"), dict):
        record["qualifiers"] = dict(sorted(record["qualifiers"].items()))
    return record


def _source(record: Any) -> Any:
    record = _ordered(record, SOURCE_FIELDS)
    if isinstance(record, dict) and isinstance(record.get("outcome"), dict):
        record["outcome"] = _ordered(record["outcome"], OUTCOME_FIELDS)
    return record


def _sort_key(*fields: str) -> Any:
    def key(record: Any) -> Any:
        if not isinstance(record, dict):
            return ("",)
        return tuple(json.dumps(record.get(f), sort_keys=True, default=str) for f in fields)

    return key


def canonical_text(name: str, value: Any, category_order: Mapping[str, int] | None = None) -> str:
    """Return the canonical YAML text of the curated file *name* holding *value*.

    :param name: ``nodes.yaml``, ``edges.yaml`` or ``sources.yaml``
    :param value: the parsed document
    :param category_order: category name -> position, to order nodes by category
    """
    order = category_order or {}
    if name == NODES_FILE and isinstance(value, list):
        value = sorted(
            (_ordered(r, NODE_FIELDS) for r in value),
            key=lambda r: (
                (order.get(str(r.get("category")), 99), str(r.get("id")))
                if isinstance(r, dict)
                else (99, "")
            ),
        )
    elif name == EDGES_FILE and isinstance(value, list):
        value = sorted(
            (_edge(r) for r in value), key=_sort_key("subject", "predicate", "object", "qualifiers")
        )
    elif name == SOURCES_FILE and isinstance(value, dict):
        value = {k: _ordered(value[k], PUBLICATION_FIELDS) for k in sorted(value, key=str)}
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def reformat(folder: Path, *, write: bool = True) -> list[Path]:
    """Find (and with *write*, rewrite) the curated files of *folder* not in canonical form.

    :returns: the files that were not canonical
    :raises OutputError: a file cannot be rewritten
    """
    from bonekg.files import atomic_output
    from bonekg.records import read_yaml
    from bonekg.vocabulary import load_vocabulary

    order = {c.name: c.order for c in load_vocabulary().categories.values()}
    stale = []
    for name in DATA_FILES:
        path = (folder / name).resolve()
        text = path.read_text("utf-8")
        wanted = canonical_text(name, read_yaml(path).value, order)
        if text == wanted:
            continue
        stale.append(path)
        if write:
            with atomic_output(path) as handle:
                handle.write(wanted.encode("utf-8"))
    return stale

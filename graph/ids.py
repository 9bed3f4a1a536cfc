"""CURIEs and IRIs: the prefix map of ``ontology/prefixes.json``, and CURIE checks.

The map is read once into a :class:`curies.Converter` (expand, compress, patterns);
the validator, the RDF mapping and the readers all use this one converter.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from bonekg.constants import ONTOLOGY_PACKAGE, PREFIXES_FILE

if TYPE_CHECKING:
    import curies

__all__ = ["converter", "curie_problem"]


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

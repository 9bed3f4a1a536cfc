"""What may reach a terminal: text with its control characters shown, never obeyed.

A NUL, an ANSI escape (``ESC [ 31 m``) or a bidirectional override in a statement would
otherwise recolour, hide or reorder what a user reads. Validation refuses them in the
data (:data:`CONTROL`); text printed from anywhere else (messages quoting input, graphs
read from RDF or a server) goes through :func:`printable`.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "printable"]

#: C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides
#: and isolates (U+202A-U+202E, U+2066-U+2069).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""Return *text* with each control character written as its escape (``\x1b``)."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

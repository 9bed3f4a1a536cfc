"""The one "did you mean" helper of every message that names an unknown value."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection

__all__ = ["allowed", "did_you_mean"]


def allowed(choices: Collection[str], *, sort: bool = True) -> str:
    """Return `` (allowed: a, b, c)``."""
    names = sorted(choices) if sort else list(choices)
    return f" (allowed: {', '.join(names)})"


def did_you_mean(
    value: str,
    choices: Collection[str],
    *,
    show: Callable[[str], str] = str,
    cutoff: float = 0.6,
    otherwise: str = "",
) -> str:
    """Return `` (did you mean X?)`` for the closest of *choices*, else *otherwise*.

    :param show: how to write the suggestion (``repr`` for field names, ID and label for nodes)
    :param otherwise: what to say when nothing is close (e.g. :func:`allowed`)
    """
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean {show(close[0])}?)" if close else otherwise

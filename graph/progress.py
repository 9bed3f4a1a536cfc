"""Progress bars for the long steps (reading merged files, writing exports), on a terminal only.

The library shows none unless the CLI turns them on (:func:`enable`): it does so when
standard error is a terminal and ``--quiet`` is not given, so piped output and logs never
get bar frames. Each step says how far it is every few thousand items, not every item.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

__all__ = ["Bar", "bar", "enable", "enabled"]

_state = {"on": False}


class Bar(Protocol):
    """What a step tells its bar."""

    def update(self, n_steps: int) -> None:
        """Advance by *n_steps* (items or bytes)."""


class _Silent:
    def update(self, n_steps: int) -> None:
        pass


def enable(on: bool) -> None:
    """Show progress bars from now on (the CLI's choice), or stop showing them."""
    _state["on"] = on


def enabled() -> bool:
    """Whether progress bars are shown."""
    return _state["on"]


@contextmanager
def bar(label: str, total: int) -> Iterator[Bar]:
    """Show a bar of *total* steps on standard error while the block runs (if enabled)."""
    if not _state["on"] or total <= 0:
        yield _Silent()
        return
    import sys

    import click

    with click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True) as shown:
        yield shown

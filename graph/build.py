"""Writing the graph out: ``bonekg build`` (every format, as one whole folder) and its guards.

:func:`require_claims` refuses an empty graph before anything is written, so an emptied
data folder cannot silently replace good exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bonekg.constants import EDGES_FILE
from bonekg.errors import EmptyGraphError

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = ["require_claims"]


def require_claims(kg: KnowledgeGraph, data_dir: Path | None, *, allow_empty: bool) -> None:
    """Refuse to write a graph with no claims, unless *allow_empty*.

    :param data_dir: the folder the graph was read from (None: the bundled data), to name
        its edges file
    :raises EmptyGraphError: the graph holds no claims
    """
    if kg.number_of_claims or allow_empty:
        return
    from bonekg.records import display_path

    edges = display_path(data_dir / EDGES_FILE) if data_dir is not None else f"data/{EDGES_FILE}"
    raise EmptyGraphError(
        f"{edges}: no claims ({len(kg)} nodes): refusing to write an empty graph;"
        " --allow-empty writes it anyway"
    )

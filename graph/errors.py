"""The one error hierarchy of bonekg; the CLI catches :class:`BonekgError` once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AmbiguousNodeError",
    "BonekgError",
    "DataError",
    "EmptyGraphError",
    "EndpointError",
    "InputError",
    "NoPathError",
    "NoResultError",
    "OutputError",
    "Problem",
    "QueryError",
    "UnknownFormatError",
    "UnknownNodeError",
]


class BonekgError(Exception):
    """Base class of every error bonekg raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in the curated data, located as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        from bonekg.terminal import printable

        where = f"{self.file}:{self.line}" if self.line else self.file
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return printable(text)


class DataError(BonekgError):
    """The curated data (or a file given by the user) is invalid; carries every problem found."""

    #: What the problems are in, for the CLI's header line (``3 problems in the data:``).
    subject = "the data"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class EmptyGraphError(BonekgError, ValueError):
    """The graph holds no claims: build, export and view refuse it unless asked to allow it."""


class UnknownNodeError(BonekgError, KeyError):
    """A node name (ID, label or synonym) matches nothing; carries suggestions."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"unknown node {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNodeError(BonekgError, KeyError):
    """A node name matches several nodes; carries the candidates."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"ambiguous node {name!r}: candidates are {', '.join(self.candidates)}")

    def __str__(self) -> str:
        return str(self.args[0])


class NoResultError(BonekgError):
    """A query found nothing: the command exits 1, with this message when it has one."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)


class NoPathError(NoResultError):
    """No path connects two nodes within the given bounds."""


class UnknownFormatError(BonekgError, ValueError):
    """An output format has no registered writer."""


class QueryError(BonekgError, ValueError):
    """A SPARQL query is malformed or unknown."""


class EndpointError(BonekgError):
    """A SPARQL server is down, too slow, or answered with an error."""


class OutputError(BonekgError):
    """An output file or folder cannot be written (a folder in the way, no permission...)."""


class InputError(BonekgError):
    """An input file cannot be read as one: not a regular file, or larger than the cap."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

"""The options the commands share, as decorators, and the lazy choice of output formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from bonekg.constants import BONEKG_GRAPH

__all__ = [
    "STDOUT",
    "FormatChoice",
    "allow_empty_option",
    "data_option",
    "endpoint_options",
    "format_option",
    "merge_options",
    "no_folder_on_stdout",
    "path_options",
    "quiet_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: ``--out -``: standard output.
STDOUT = "-"


def no_folder_on_stdout(what: str) -> click.UsageError:
    """Refuse ``--out -`` for output that is a folder of files (one line after the usage)."""
    return click.UsageError(
        f"{what} writes a folder: standard output (-) is not supported; give --out DIR"
    )


def data_option(func: F) -> F:
    """Add ``--data DIR`` (default: the bundled data)."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder with nodes.yaml, edges.yaml, sources.yaml (default: the bundled data).",
    )(func)


#: Where ``--merge`` and ``--lenient`` leave their values for :func:`bonekg.cli.get_graph`.
MERGE_KEY = "bonekg.merge"
LENIENT_KEY = "bonekg.lenient"


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        ctx.meta[key] = value

    return callback


def merge_options(func: F) -> F:
    """Add ``--merge PATH`` (repeatable) and ``--lenient``, read where the graph is loaded.

    They reach the loader through the click context rather than each command's
    arguments: every command that reads the graph takes them, none does anything else
    with them.
    """
    func = quiet_option(func)
    func = click.option(
        "--lenient",
        is_flag=True,
        expose_value=False,
        callback=_remember(LENIENT_KEY),
        help="Leave out the merged files' bad rows (counted in one warning) instead of failing.",
    )(func)
    return click.option(
        "--merge",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        expose_value=False,
        callback=_remember(MERGE_KEY),
        metavar="PATH",
        help="Merge in an external graph: a KGX folder, or an N-Triples or Turtle file (repeatable).",
    )(func)


def _progress(_ctx: click.Context, _param: click.Parameter, quiet: bool) -> None:
    import sys

    from bonekg.progress import enable

    enable(not quiet and sys.stderr.isatty())


def quiet_option(func: F) -> F:
    """Add ``--quiet``: no progress bars (none are shown when standard error is not a terminal)."""
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        expose_value=False,
        callback=_progress,
        help="Show no progress bars (shown on a terminal for long reads and writes).",
    )(func)


def allow_empty_option(func: F) -> F:
    """Add ``--allow-empty``: write a graph with no claims instead of refusing it."""
    return click.option(
        "--allow-empty",
        is_flag=True,
        help="Write the graph even when it holds no claims (refused by default).",
    )(func)


def format_option(func: F) -> F:
    """Add ``--format text|json``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(func)


def path_options(func: F) -> F:
    """Add the bounds and filters shared by ``path`` and ``explain``."""
    from bonekg.paths import EVIDENCE_KINDS

    options = [
        click.option(
            "--max-hops",
            type=click.IntRange(min=1),
            default=4,
            show_default=True,
            help="Longest path, in claims.",
        ),
        click.option(
            "--limit",
            type=click.IntRange(min=1),
            default=None,
            help="Most paths to consider [path: 10, explain: 20].",
        ),
        click.option(
            "--predicate",
            "predicates",
            multiple=True,
            help="Only claims with this predicate (repeatable).",
        ),
        click.option(
            "--species",
            "species",
            multiple=True,
            help="Only claims with a source in this species: human, mouse, rat, in vitro or an NCBITaxon CURIE (repeatable).",
        ),
        click.option(
            "--evidence",
            "evidence",
            multiple=True,
            type=click.Choice(EVIDENCE_KINDS),
            help="Only claims with a source of this kind; primary = not a review (repeatable).",
        ),
        click.option(
            "--exclude",
            "exclude",
            multiple=True,
            metavar="NODE",
            help="No path through this node (repeatable).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=2.0,
            show_default=True,
            help="Seconds of search before printing what was found.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def endpoint_options(func: F) -> F:
    """Add ``--graph IRI``, ``--user NAME`` and ``--timeout SECONDS`` for a SPARQL server."""
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Seconds the whole answer may take [default: 30 for a server, 60 for the embedded store].",
    )(func)
    func = click.option(
        "--user",
        default=None,
        metavar="NAME",
        help="User for a server that asks for credentials (HTTP digest or basic); the "
        "password comes from BONEKG_PASSWORD or ~/.netrc, never the command line.",
    )(func)
    return click.option(
        "--graph",
        "graph_iri",
        default=None,
        metavar="IRI",
        help=f"Named graph on the server (default: {BONEKG_GRAPH}). push puts the curated "
        "part there and each merged knowledge source's edges in a graph below it (IRI/SOURCE); "
        "sparql queries our default graph with its source graphs, another IRI alone. "
        "'default': the server's default graph, where push puts everything in one graph.",
    )(func)


class FormatChoice(click.Choice[str]):
    """The registered output formats, read from the registry only when an argument needs them.

    Importing the writers costs time that the query commands (``bonekg path``) never pay.
    """

    def __init__(self) -> None:
        super().__init__(())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check *value* against the registry."""
        from bonekg.writers import WRITERS

        self.choices = tuple(sorted(n for n in WRITERS if n != "null"))
        return super().convert(value, param, ctx)

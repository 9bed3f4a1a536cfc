"""The entry point of ``bonekg`` and ``python -m bonekg``: the CLI, with a quiet Ctrl-C.

The command line is imported inside :func:`main`, so that a Ctrl-C while Python imports
it (click, the command modules) gives the same one line and exit status 130 as a Ctrl-C
during a command, instead of a traceback.
"""

from __future__ import annotations

import sys

from bonekg.constants import EXIT_INTERRUPTED

__all__ = ["main"]


def main() -> None:
    """Run the ``bonekg`` command line (the console script's entry point)."""
    try:
        from bonekg.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        sys.stderr.write("Aborted.\n")
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()

"""Run the command line as ``python -m bonekg``."""

from __future__ import annotations

from bonekg.cli import main

if __name__ == "__main__":
    main()

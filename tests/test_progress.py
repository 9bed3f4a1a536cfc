"""Progress bars: on a terminal only, never with --quiet, never in piped output."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pytest

from bonekg import progress
from bonekg.cli import cli


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Terminal]:
    """A terminal as standard error (set in the test's body: pytest swaps streams per phase)."""
    screen = _Terminal()
    yield screen
    progress.enable(False)


def test_a_bar_is_drawn_on_a_terminal_when_enabled(terminal: _Terminal, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stderr", terminal)
    progress.enable(True)
    with progress.bar("reading edges.tsv", 100) as shown:
        shown.update(100)
    assert "reading edges.tsv" in terminal.getvalue() and "100%" in terminal.getvalue()


def test_no_bar_unless_enabled(terminal: _Terminal, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stderr", terminal)
    progress.enable(False)
    with progress.bar("reading edges.tsv", 100) as shown:
        shown.update(100)
    assert terminal.getvalue() == ""


@pytest.mark.parametrize(
    ("quiet", "tty", "shown"), [(False, True, True), (True, True, False), (False, False, False)]
)
def test_bars_need_a_terminal_and_no_quiet(
    terminal: _Terminal, monkeypatch: pytest.MonkeyPatch, quiet: bool, tty: bool, shown: bool
) -> None:
    """What ``--quiet``'s callback decides (the CLI runner's own stderr is never a terminal)."""
    import click

    from bonekg.options import quiet_option

    monkeypatch.setattr(sys, "stderr", terminal if tty else io.StringIO())
    command = quiet_option(click.command()(lambda: None))
    command.main(["--quiet"] if quiet else [], standalone_mode=False)
    assert progress.enabled() is shown


def test_piped_output_has_no_bar_frames(runner, tmp_path) -> None:
    """CliRunner's standard error is not a terminal: a merged export prints its lines only."""
    from pathlib import Path

    kgx = Path(__file__).parent / "resources" / "merge" / "kgx"
    result = runner.invoke(
        cli, ["export", "nt", "--out", str(tmp_path / "x.nt"), "--merge", str(kgx)]
    )
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "[" not in result.stderr

"""Generated hostile input: broken YAML and broken queries never end in a traceback.

Each example mutates the minimal data set (or a query) at random and runs the CLI as a
user would. Whatever the mutation, the command either succeeds or fails with one-line
``Error:`` output (``file:line: field: message`` lines for data), exit 1 or 2, no raw
control character on the terminal, and no output file left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekg.cli import cli
from bonekg.terminal import CONTROL

from .conftest import MINIMAL

FILES = ("nodes.yaml", "edges.yaml", "sources.yaml")
#: YAML's own syntax, quotes and escapes, control characters, and a few non-ASCII letters.
NASTY = st.text(
    alphabet=st.sampled_from(
        [*":-[]{}&*!|>'\"%@`#,?~ \n\t\\", "\x00", "\x1b", "\u202e", "é", "β", "0", "a"]
    ),
    max_size=12,
)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    """Pick a data file and return its text with one random edit."""
    name = draw(st.sampled_from(FILES))
    text = (MINIMAL / name).read_text("utf-8")
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    edit = draw(st.sampled_from(["replace", "truncate", "duplicate", "bytes"]))
    if edit == "replace":
        text = text[:start] + draw(NASTY) + text[end:]
    elif edit == "truncate":
        text = text[:start]
    elif edit == "duplicate":
        text = text[:end] + text[start:end] + text[end:]
    else:
        text = text[:start] + draw(st.binary(max_size=4)).decode("latin-1") + text[end:]
    return name, text


def _assert_clean_failure(output: str, exit_code: int) -> None:
    assert exit_code in (0, 1, 2), output
    assert "Traceback" not in output
    assert not CONTROL.search(output), f"raw control character printed: {output!r}"
    if exit_code:
        assert output.startswith(("Error:", "Usage:")), output


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_broken_yaml_gives_one_line_errors_and_no_output(mutation: tuple[str, str]) -> None:
    name, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(MINIMAL, data)
        (data / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        out = Path(tmp) / "graph.nt"
        result = CliRunner().invoke(
            cli, ["export", "nt", "--data", os.fspath(data), "--out", os.fspath(out)]
        )
        _assert_clean_failure(result.output, result.exit_code)
        assert isinstance(result.exception, SystemExit | None), result.exception
        if result.exit_code:
            assert not out.exists()
            assert [p.name for p in Path(tmp).iterdir()] == ["data"]  # no temporary left


@settings(max_examples=60, deadline=None)
@given(
    command=st.sampled_from(["path", "explain", "show", "neighbors", "search", "sparql"]),
    text=NASTY,
)
def test_broken_queries_give_one_line_errors(command: str, text: str) -> None:
    args = {
        "path": ["path", text, "osteoporosis"],
        "explain": ["explain", "osteoporosis", text],
        "show": ["show", text],
        "neighbors": ["neighbors", text],
        "search": ["search", text],
        "sparql": ["sparql", "SELECT * WHERE { " + text + " }"],
    }[command]
    result = CliRunner().invoke(cli, args)
    _assert_clean_failure(result.output, result.exit_code)
    assert isinstance(result.exception, SystemExit | None), result.exception

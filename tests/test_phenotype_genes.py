"""examples/phenotype_genes.py on the HPO excerpt: the genes, their paths, each hop's sources."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from bonekg import hpo
from bonekg.load import load

from .conftest import RESOURCES

HPO = RESOURCES / "hpo"
OSTEOPOROSIS, RESORPTION, FORMATION = "HP:0000939", "GO:0045453", "GO:0001503"


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The excerpt of HPO's files, converted to a KGX folder."""
    out = tmp_path_factory.mktemp("hpo") / "kgx"
    hpo.convert(
        out,
        genes=HPO / hpo.GENES_FILE,
        diseases=HPO / hpo.DISEASES_FILE,
        hp_obo=HPO / "hp.obo",
    )
    return out


def test_curated_genes_annotated_with_osteoporosis_reach_bone(
    phenotype_genes: ModuleType, excerpt: Path
) -> None:
    kg = load(merge=[excerpt])
    total, found = phenotype_genes.reach(kg, OSTEOPOROSIS, [RESORPTION, FORMATION])
    # Seven genes in the excerpt; five are HPO's alone, with no curated claim to follow.
    assert total == 7
    assert {r.gene: [p.nodes[-1] for p in r.paths] for r in found} == {
        "HGNC:6697": [FORMATION],  # LRP5
        "HGNC:11909": [RESORPTION, FORMATION],  # TNFRSF11B (osteoprotegerin)
    }
    for item in found:
        assert item.annotation.merged and item.annotation.object == OSTEOPOROSIS
        assert item.annotation.subject == item.gene
        assert item.annotation.knowledge_source == hpo.KNOWLEDGE_SOURCE
        for path in item.paths:
            assert path.nodes[0] == item.gene and path.nodes[-1] in {RESORPTION, FORMATION}
            # Only the other target is excluded from a path: it is shown on its own.
            assert not {RESORPTION, FORMATION} & set(path.nodes[1:-1])
            for hop in path.hops:
                assert not hop.merged and hop.sources
                assert all(s["ref"] in kg.publications for s in hop.sources)


def test_the_script_prints_the_answer(phenotype_genes: ModuleType, excerpt: Path) -> None:
    result = CliRunner().invoke(phenotype_genes.main, ["--merge", str(excerpt)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "2 of 7 genes annotated with Osteoporosis (HP:0000939) reach bone resorption "
        "(GO:0045453) or ossification (GO:0001503) within 4 hops of curated claims"
    )
    assert [line for line in lines if line and not line.startswith(" ")][1:] == [
        "LRP5 (HGNC:6697): ossification in 1 hop",
        "TNFRSF11B (HGNC:11909): bone resorption in 1 hop, ossification in 3 hops",
    ]
    assert lines[3:5] == [
        "  LRP5 (HGNC:6697) -has_phenotype-> Osteoporosis (HP:0000939) [merged]",
        "      merged from infores:hpo-annotations (logical_entailment)",
    ]


def test_no_gene_reaching_exits_1(phenotype_genes: ModuleType, excerpt: Path) -> None:
    args = ["--merge", str(excerpt), "--to", "bone resorption", "--max-hops", "1"]
    assert CliRunner().invoke(phenotype_genes.main, args).exit_code == 0  # TNFRSF11B
    # Clavicular sclerosis annotates LRP5 alone, whose curated claims reach no resorption.
    args = ["--merge", str(excerpt), "--phenotype", "HP:0100923", "--to", "bone resorption"]
    result = CliRunner().invoke(phenotype_genes.main, args)
    assert (result.exit_code, result.output) == (
        1,
        "0 of 1 gene annotated with Clavicular sclerosis (HP:0100923) reach bone resorption "
        "(GO:0045453) within 4 hops of curated claims\n",
    )

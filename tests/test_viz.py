"""The viewer (viz/, bonekg.viz; writers/html.py), driven in real headless Chromium.

Browser tests use Debian's chromium through Playwright's Python package (no browser
download). Without a browser they skip, unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import bonekg
from bonekg.cli import cli
from bonekg.kg import KnowledgeGraph
from bonekg.names import build_index
from bonekg.viz.options import stabilization_iterations
from bonekg.viz.page import neighbourhood, render_page, script_json, write_page
from bonekg.viz.payload import node_url, page_data
from bonekg.writers import BUILD_FORMATS, get_format, write_to_path

from .helpers import PRIMARY, VOCAB, claim, make_graph, source

MINIMAL = Path(__file__).parent / "resources" / "valid" / "minimal"
#: Curated data and a KGX folder to merge into it (three curated edges, three merged).
MERGE = Path(__file__).parent / "resources" / "merge"
SCREENSHOT = Path(__file__).parent.parent / "docs" / "viewer.png"
#: Set to 1 to rewrite docs/viewer.png from the screenshot test.
UPDATE_SCREENSHOT = "BONEKG_UPDATE_SCREENSHOT"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MARKUP = '<img src=x onerror="window.__pwned=1">'

MSC, OSTEOBLAST, OSSIFICATION, OSTEOPOROSIS = (
    "CL:0000134",
    "CL:0000062",
    "GO:0001503",
    "MONDO:0005298",
)
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/32719657/"


def minimal_graph() -> KnowledgeGraph:
    return bonekg.load(MINIMAL)


def edge_key(kg: KnowledgeGraph, subject: str, obj: str) -> str:
    return str(next(iter(kg.nx.get_edge_data(subject, obj))))


def synthetic_graph(nodes: int, edges: int, seed: int = 5) -> KnowledgeGraph:
    """A random graph with the vocabulary and the minimal data's publication."""
    rng = random.Random(seed)
    categories = sorted(VOCAB.categories)
    evidence = sorted(VOCAB.evidence)
    node_data = {
        f"bonekg:n{i}": {
            "label": f"node {i}",
            "category": categories[i % len(categories)],
            "synonyms": [f"syn{i}"],
            "description": f"Synthetic node {i}.",
        }
        for i in range(nodes)
    }
    predicates = ["increases", "decreases", "part_of", "binds"]
    species = ["NCBITaxon:9606", "NCBITaxon:10090", "in vitro"]
    claims = []
    for j in range(edges):
        # a few hubs, as in real graphs
        a = rng.randrange(nodes) if rng.random() < 0.8 else rng.randrange(20)
        b = rng.randrange(nodes)
        cited = source(
            evidence=evidence[j % len(evidence)],
            species=species[j % len(species)],
            statement=f"Synthetic claim {j}.",
        )
        claims.append(
            claim(
                f"bonekg:n{a}",
                predicates[j % len(predicates)],
                f"bonekg:n{b}",
                sources=[cited],
                key=f"e{j}",
            )
        )
    return make_graph(claims, nodes=node_data)


# ---------------------------------------------------------------- without a browser


def test_script_json_cannot_end_its_script_block() -> None:
    value = {"label": "</script><script>alert(1)</script><!-- & \u2028 \u2029"}
    text = script_json(value)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == value


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_is_self_contained() -> None:
    page = render_page(minimal_graph())
    parser = _Tags()
    parser.feed(page)
    urls = [
        value
        for _, attrs in parser.tags
        for name, value in attrs.items()
        if name in {"src", "href", "action", "data"}
    ]
    assert urls == ["data:,"]  # the empty favicon, so the browser asks for none
    assert [t for t, _ in parser.tags].count("script") == 3  # data, vis-network, viewer
    csp = next(
        a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and csp.startswith("default-src 'none'; script-src 'unsafe-inline';")
    assert "@license" in page and "vis-network" in page  # the build and its license header


def test_node_links() -> None:
    assert node_url("CL:0000062") == "http://purl.obolibrary.org/obo/CL_0000062"
    assert node_url("HGNC:9399") == "https://identifiers.org/hgnc:9399"
    assert node_url("bonekg:msc-therapy") is None


def test_stabilisation_is_bounded() -> None:
    assert stabilization_iterations(10) == 1000
    assert stabilization_iterations(5000) < stabilization_iterations(500)
    assert stabilization_iterations(1_000_000) == 25


def test_html_is_a_build_format() -> None:
    assert get_format("html").filename == "bonekg.html"
    assert "html" in BUILD_FORMATS


def test_html_writer_writes_the_viewer(tmp_path: Path) -> None:
    graph = minimal_graph()
    target = tmp_path / "bonekg.html"
    write_to_path(graph, get_format("html"), target)
    data = page_json(target)
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nx.nodes)
    assert len(data["edges"]) == 3 and data["title"] == "bonekg: bone-biology mechanisms"


def test_query_path_does_not_import_pyvis() -> None:
    code = (
        "import sys, bonekg.cli, bonekg.writers, bonekg.viz.page, bonekg.writers.html; "
        "print('pyvis' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_focus_keeps_the_neighbourhood(tmp_path: Path) -> None:
    graph = minimal_graph()
    assert neighbourhood(graph, MSC, 1) == {MSC, OSTEOBLAST}
    assert neighbourhood(graph, MSC, 2) == {MSC, OSTEOBLAST, OSSIFICATION}
    target = write_page(graph, tmp_path / "focus.html", focus=MSC, depth=1)
    data = page_json(target)
    assert {n["id"] for n in data["nodes"]} == {MSC, OSTEOBLAST}
    assert [(e["from"], e["to"]) for e in data["edges"]] == [(MSC, OSTEOBLAST)]
    assert data["focus"] == MSC
    assert data["title"] == "bonekg: mesenchymal stem cell and its neighbourhood (depth 1)"


def hub_graph(spokes: int) -> KnowledgeGraph:
    """A hub with *spokes* claims: every tenth one rests on a primary study, the rest on a review."""
    rows = [
        ("x:hub", "increases", f"x:n{i:03}", PRIMARY if i % 10 == 0 else REVIEW_EVIDENCE)
        for i in range(spokes)
    ]
    return make_graph(rows)


REVIEW_EVIDENCE = next(e.curie for e in VOCAB.evidence.values() if e.kind == "review")


def test_a_capped_page_keeps_the_best_supported_claims(tmp_path: Path) -> None:
    graph = hub_graph(200)
    target = write_page(graph, tmp_path / "hub.html", focus="x:hub", depth=1, max_edges=20)
    data = page_json(target)
    # The 20 primary-study claims are kept, every review-only one is left out, and so are
    # the nodes only those joined; the page says how many.
    assert sorted(e["to"] for e in data["edges"]) == [f"x:n{i:03}" for i in range(0, 200, 10)]
    assert {n["id"] for n in data["nodes"]} == {"x:hub"} | {e["to"] for e in data["edges"]}
    assert data["left_out"] == {"claims": 180, "nodes": 180, "max_edges": 20}


def test_a_page_within_the_cap_leaves_nothing_out(tmp_path: Path) -> None:
    data = page_json(write_page(hub_graph(30), tmp_path / "hub.html", max_edges=30))
    assert len(data["edges"]) == 30 and data["left_out"] is None
    everything = page_json(write_page(hub_graph(30), tmp_path / "all.html", max_edges=None))
    assert len(everything["edges"]) == 30


def test_a_highlighted_path_survives_the_cap(tmp_path: Path) -> None:
    graph = hub_graph(100)
    # x:n001 rests on a review only: it would be cut, but it is on the path.
    target = write_page(graph, tmp_path / "p.html", highlight=["x:hub", "x:n001"], max_edges=5)
    data = page_json(target)
    assert ("x:hub", "x:n001") in {(e["from"], e["to"]) for e in data["edges"]}
    assert len(data["edges"]) == 5


def test_view_max_edges_option(runner, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = runner.invoke(cli, ["view", "--out", str(out), "--max-edges", "25"])
    assert result.exit_code == 0, result.output
    data = page_json(out)
    assert len(data["edges"]) == 25 and data["left_out"]["max_edges"] == 25
    assert data["left_out"]["claims"] == stats(runner, None)["edges"] - 25


def test_unknown_nodes_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(bonekg.UnknownNodeError, match="CL:9999999"):
        write_page(minimal_graph(), tmp_path / "x.html", highlight=[MSC, "CL:9999999"])
    with pytest.raises(bonekg.UnknownNodeError, match="CL:9999999"):
        write_page(minimal_graph(), tmp_path / "x.html", focus="CL:9999999")
    assert list(tmp_path.iterdir()) == []


def page_json(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    start = text.index('id="bonekg-data">') + len('id="bonekg-data">')
    data: dict[str, Any] = json.loads(text[start : text.index("</script>", start)])
    return data


def test_view_command(runner, tmp_path: Path) -> None:
    data = os.fspath(MINIMAL)
    out = tmp_path / "sub" / "page.html"
    result = runner.invoke(cli, ["view", "--data", data, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    assert len(page_json(out)["nodes"]) == 5

    result = runner.invoke(
        cli, ["view", "--data", data, "--out", str(out), "--focus", "msc", "--depth", "1"]
    )
    assert result.exit_code == 0, result.output
    assert page_json(out)["focus"] == MSC

    result = runner.invoke(
        cli, ["view", "--data", data, "--out", str(out), "--path", "MSC", "bone formation"]
    )
    assert result.exit_code == 0, result.output
    highlight = page_json(out)["highlight"]
    assert highlight["nodes"] == [MSC, OSTEOBLAST, OSSIFICATION]
    assert len(highlight["edges"]) == 2


def test_view_command_errors(runner, tmp_path: Path) -> None:
    data = os.fspath(MINIMAL)
    out = tmp_path / "page.html"
    result = runner.invoke(cli, ["view", "--data", data, "--out", str(out), "--depth", "2"])
    assert result.exit_code == 2 and "--depth needs --focus" in result.output
    result = runner.invoke(cli, ["view", "--data", data, "--out", str(out), "--focus", "kidney"])
    assert result.exit_code == 1 and "unknown node 'kidney'" in result.output
    result = runner.invoke(
        cli, ["view", "--data", data, "--out", str(out), "--path", "osteoporosis", "MSC"]
    )
    assert result.exit_code == 1
    assert "no path from osteoporosis (MONDO:0005298) to mesenchymal stem cell" in result.output
    assert not out.exists()


# ---------------------------------------------------------------- in Chromium


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the viewer tests must run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A page open in Chromium, with what it asked for and what it complained about."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    """Open an HTML file in a fresh context and wait until its layout has settled."""
    contexts = []

    def opener(path: Path, timeout: float = 60) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.resolve().as_uri())
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on(
            "console",
            lambda m: opened.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
        page.goto(opened.url)
        # a function, not an expression: Playwright evals expressions, which the CSP forbids
        page.wait_for_function(
            "() => window.bonekg && window.bonekg.state.stable", timeout=timeout * 1000
        )
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Write each test page once per session."""
    folder = tmp_path_factory.mktemp("pages")
    written: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in written:
            target = folder / f"{name}.html"
            if name == "minimal":
                write_page(minimal_graph(), target)
            elif name == "bundled":
                write_page(bonekg.load(), target)
            elif name == "synthetic":
                write_page(synthetic_graph(5000, 7500), target)
            elif name == "markup":
                write_page(markup_graph(), target, title=f"title {MARKUP}")
            elif name == "path":
                write_page(minimal_graph(), target, highlight=[MSC, OSTEOBLAST, OSSIFICATION])
            elif name == "focus":
                write_page(minimal_graph(), target, focus=OSTEOBLAST, depth=1)
            elif name == "capped":
                write_page(hub_graph(200), target, focus="x:hub", depth=1, max_edges=20)
            elif name == "merged":
                write_page(merged_graph(), target)
            else:
                raise KeyError(name)
            written[name] = target
        return written[name]

    return build


def merged_graph() -> KnowledgeGraph:
    from bonekg.load import load

    return load(MERGE / "data", merge=[MERGE / "kgx"], cache=False)


def markup_graph() -> KnowledgeGraph:
    graph = minimal_graph()
    node = graph.node(OSTEOBLAST)
    node["label"] = MARKUP
    node["synonyms"] = ["</script><script>window.__pwned=3</script>"]
    node["description"] = "<script>window.__pwned=2</script> & <b>bold</b>"
    for c in graph.claims():
        c.sources[0] = dict(c.sources[0], statement="<b onclick=alert(1)>hi</b>")  # type: ignore[typeddict-item]
    graph.names = build_index(graph.nodes())
    return graph


def stats(runner, data: Path | None) -> dict[str, Any]:
    args = ["stats", "--format", "json"] + (["--data", os.fspath(data)] if data else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    value: dict[str, Any] = json.loads(result.output)
    return value


def dom_point(opened: Opened, node: str | None = None, edge: str | None = None) -> dict[str, float]:
    """Where a node (its centre) or an edge (its midpoint) is, in page coordinates."""
    point: dict[str, float] = opened.js(
        """([node, edge]) => {
            const net = bonekg.network;
            const p = node ? net.getPositions([node])[node]
                           : net.body.edges[edge].edgeType.getPoint(0.5);
            const d = net.canvasToDOM(p);
            const r = document.getElementById("graph").getBoundingClientRect();
            return {x: r.left + d.x, y: r.top + d.y};
        }""",
        [node, edge],
    )
    return point


browser_test = pytest.mark.browser


@browser_test
@pytest.mark.parametrize("name", ["minimal", "bundled"])
def test_page_loads_offline_without_errors(open_page, pages, name: str) -> None:
    opened = open_page(pages(name))
    opened.page.fill("#search", "os")
    opened.page.keyboard.press("Enter")
    opened.page.click("#fit")
    opened.page.wait_for_timeout(400)
    assert opened.errors == []
    assert opened.foreign_requests() == []
    assert opened.js("document.querySelectorAll('script[src], link[href^=http], img').length") == 0


@browser_test
@pytest.mark.parametrize("name, data", [("minimal", MINIMAL), ("bundled", None)])
def test_dataset_matches_stats(open_page, pages, runner, name: str, data: Path | None) -> None:
    opened = open_page(pages(name))
    counted = stats(runner, data)
    assert opened.js("[bonekg.nodes.length, bonekg.edges.length]") == [
        counted["nodes"],
        counted["edges"],
    ]
    shown = opened.page.text_content("#counts")
    assert f"{counted['nodes']} of {counted['nodes']} nodes" in shown
    # the evidence filter counts sources by kind as `bonekg stats` does
    kinds = opened.js("Object.fromEntries(bonekg.data.evidence_kinds.map(k => [k.name, k.count]))")
    assert kinds == counted["evidence"]


@browser_test
def test_search_by_synonym_focuses_the_node(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    opened.page.fill("#search", "msc")
    # the exact synonym (MSC) ranks above a longer one (MSC therapy)
    options = opened.page.locator("#search-results li")
    assert options.count() == 2
    assert "synonym: MSC" in options.nth(0).text_content()
    opened.page.keyboard.press("Enter")
    assert opened.js("bonekg.network.getSelectedNodes()") == [MSC]
    assert opened.page.text_content("#details-title") == "mesenchymal stem cell"
    opened.page.wait_for_timeout(500)  # the focus animation
    view = opened.js(
        "[bonekg.network.getViewPosition(), bonekg.network.getPositions(['CL:0000134'])['CL:0000134']]"
    )
    assert abs(view[0]["x"] - view[1]["x"]) < 1 and abs(view[0]["y"] - view[1]["y"]) < 1


@browser_test
def test_search_by_synonym_in_the_bundled_graph(open_page, pages) -> None:
    graph = bonekg.load()
    index = graph.names
    synonym, node = next(
        (name, ids[0])
        for name, ids in sorted(index["synonym"].items())
        if len(ids) == 1 and name not in index["label"] and name not in index["id"]
    )
    opened = open_page(pages("bundled"))
    opened.page.fill("#search", synonym)
    opened.page.keyboard.press("Enter")
    assert opened.js("bonekg.network.getSelectedNodes()") == [node]
    assert opened.page.text_content("#details-title") == graph.label(node)


@browser_test
def test_clicking_an_edge_shows_its_evidence(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    key = edge_key(minimal_graph(), MSC, OSTEOBLAST)
    point = dom_point(opened, edge=key)
    at = opened.js(
        """(p) => { const r = document.getElementById("graph").getBoundingClientRect();
                    return bonekg.network.getEdgeAt({x: p.x - r.left, y: p.y - r.top}); }""",
        point,
    )
    assert at == key
    opened.page.mouse.click(point["x"], point["y"])
    link = opened.page.locator(f'#details a[href="{PUBMED}"]')
    link.first.wait_for(timeout=3000)
    assert link.count() == 2  # the title and the PMID
    assert link.nth(1).text_content() == "PMID:32719657"
    details = opened.page.text_content("#details")
    assert "Arjmand B, 2020. Prospect of Stem Cell Therapy" in details
    assert "Front Endocrinol (Lausanne)" in details
    assert "MSCs differentiate into osteoblasts." in details
    assert "human (Homo sapiens)" in details
    assert "author statement supported by traceable reference" in details
    assert (
        opened.page.locator('#details a[href="https://doi.org/10.3389/fendo.2020.00430"]').count()
        == 1
    )


@browser_test
def test_clicking_a_node_shows_its_details(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    point = dom_point(opened, node=MSC)
    opened.page.mouse.click(point["x"], point["y"])
    opened.page.wait_for_selector("#details-title", timeout=3000)
    assert opened.page.text_content("#details-title") == "mesenchymal stem cell"
    link = opened.page.locator("#details dd a").first
    assert link.get_attribute("href") == "http://purl.obolibrary.org/obo/CL_0000134"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "MSC" in opened.page.text_content("#details dl")
    assert opened.page.locator("#details li.claim").count() == 1


@browser_test
def test_a_capped_page_says_what_it_left_out(open_page, pages) -> None:
    opened = open_page(pages("capped"))
    assert opened.js("[bonekg.nodes.length, bonekg.edges.length]") == [21, 20]
    shown = opened.page.text_content("#counts")
    assert "the page holds the 20 best-supported claims: 180 claims and 180 nodes left out" in shown
    assert "(view --max-edges 20)" in shown


@browser_test
def test_category_filter_hides_its_nodes(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    hidden = "bonekg.nodes.get().filter(n => n.hidden).map(n => n.id).sort()"
    opened.page.click('#filter-category input[data-name="CellType"]')
    assert opened.js(hidden) == sorted([MSC, OSTEOBLAST])
    assert opened.js("bonekg.network.body.nodes['CL:0000134'].options.hidden") is True
    assert opened.js("bonekg.edges.get().filter(e => !e.hidden).length") == 1
    assert "3 of 5 nodes, 1 of 3 edges" in opened.page.text_content("#counts")
    opened.page.click('#filter-category input[data-name="CellType"]')
    assert opened.js(hidden) == []


@browser_test
def test_predicate_and_evidence_filters_hide_edges(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    shown = "bonekg.edges.get().filter(e => !e.hidden).length"
    opened.page.click("#sidebar summary:has-text('Predicates')")
    opened.page.click('#filter-predicate input[data-name="treats"]')
    assert opened.js(shown) == 2
    opened.page.click('#filter-evidence input[data-name="review"]')
    assert opened.js(shown) == 0
    assert opened.js("bonekg.nodes.get().filter(n => n.hidden).length") == 0


@browser_test
def test_neighbourhood_of_a_node(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    opened.js("bonekg.focusNode('CL:0000134')")
    opened.page.fill("#hood-depth", "1")
    opened.page.click("#show-hood")
    visible = "bonekg.nodes.get().filter(n => !n.hidden).map(n => n.id).sort()"
    assert opened.js(visible) == sorted([MSC, OSTEOBLAST])
    opened.js("bonekg.focusNode('CL:0000134')")
    opened.page.fill("#hood-depth", "2")
    opened.page.click("#show-hood")
    assert opened.js(visible) == sorted([MSC, OSTEOBLAST, OSSIFICATION])
    opened.page.click("#show-all")
    assert len(opened.js(visible)) == 5


@browser_test
def test_physics_is_off_once_stable_and_toggles(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    assert opened.js("bonekg.network.physics.physicsEnabled") is False
    opened.page.click("#physics")
    assert opened.js("bonekg.network.physics.physicsEnabled") is True
    assert opened.page.get_attribute("#physics", "aria-pressed") == "true"
    opened.page.click("#physics")
    assert opened.js("bonekg.network.physics.physicsEnabled") is False


@browser_test
def test_markup_in_the_data_is_shown_as_text(open_page, pages) -> None:
    opened = open_page(pages("markup"))
    assert opened.page.text_content("#title") == f"title {MARKUP}"
    opened.page.fill("#search", "img src")
    opened.page.keyboard.press("Enter")
    assert opened.page.text_content("#details-title") == MARKUP
    assert opened.page.text_content("#details-description").startswith("<script>")
    # the tooltip on hover is plain text too
    opened.page.wait_for_timeout(500)  # the focus animation
    point = dom_point(opened, node=OSTEOBLAST)
    opened.page.mouse.move(point["x"] + 40, point["y"] + 40)
    opened.page.mouse.move(point["x"], point["y"])
    tooltip = opened.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    assert MARKUP in tooltip.text_content()
    # innerText turns line breaks into <br>; nothing else may appear
    tags = "Array.from(document.querySelector('div.vis-tooltip').children).map(c => c.tagName)"
    assert set(opened.js(tags)) <= {"BR"}
    # an edge's statement
    opened.js(f"bonekg.selectEdge({json.dumps(edge_key(minimal_graph(), MSC, OSTEOBLAST))})")
    assert opened.page.text_content("#details blockquote") == "<b onclick=alert(1)>hi</b>"
    assert opened.js("document.querySelectorAll('img, b, #details script').length") == 0
    assert opened.js("typeof window.__pwned") == "undefined"
    assert opened.errors == []
    assert opened.foreign_requests() == []


@browser_test
def test_highlighted_path(open_page, pages) -> None:
    opened = open_page(pages("path"))
    assert "Highlighted path" in opened.page.text_content("#details")
    widths = opened.js("bonekg.edges.get().map(e => [e.from, e.width]).sort()")
    assert [w for _, w in widths] == [5, 5, 1.5]
    assert opened.js("bonekg.nodes.get('CL:0000062').borderWidth") == 4


@browser_test
def test_focused_page_opens_on_its_node(open_page, pages) -> None:
    opened = open_page(pages("focus"))
    assert opened.js("bonekg.nodes.length") == 3
    assert opened.js("bonekg.network.getSelectedNodes()") == [OSTEOBLAST]
    assert opened.page.text_content("#details-title") == "osteoblast"


@browser_test
def test_five_thousand_nodes_open_and_respond(open_page, pages) -> None:
    started = time.perf_counter()
    opened = open_page(pages("synthetic"), timeout=90)
    opened_after = time.perf_counter() - started
    assert opened.js("[bonekg.nodes.length, bonekg.edges.length]") == [5000, 7500]
    stable_ms = opened.js("bonekg.state.stableAfterMs")
    assert stable_ms < 30_000
    started = time.perf_counter()
    opened.page.fill("#search", "syn4321")
    opened.page.keyboard.press("Enter")
    opened.page.wait_for_function(
        "() => document.getElementById('details-title')?.textContent === 'node 4321'",
        timeout=10_000,
    )
    responded_after = time.perf_counter() - started
    assert responded_after < 5
    started = time.perf_counter()
    opened.page.click('#filter-category input[data-name="CellType"]')
    filtered_after = time.perf_counter() - started
    assert opened.js("bonekg.nodes.get().filter(n => n.hidden).length") == 625
    assert filtered_after < 5
    assert opened.errors == []
    print(
        f"\n5,000 nodes / 7,500 edges: stable after {stable_ms} ms in the page, "
        f"{opened_after:.1f} s to open; search and focus {responded_after:.2f} s; "
        f"category filter {filtered_after:.2f} s"
    )


@browser_test
def test_screenshot_for_the_readme(open_page, pages, tmp_path: Path) -> None:
    """Shoot the bundled graph with a well-supported claim selected.

    Only ``BONEKG_UPDATE_SCREENSHOT=1`` writes the shot to docs/viewer.png (the README's
    picture); a plain run writes it to a temporary folder, leaving the checkout alone.
    """
    name = "bundled"
    graph = bonekg.load()
    opened = open_page(pages(name))
    best = max(
        graph.claims(),
        key=lambda c: (len(c.sources), c.sign is not None, c.key),
    )
    opened.js(f"bonekg.selectEdge({json.dumps(best.key)})")
    opened.page.wait_for_timeout(300)
    print(f"\n{name}: stable after {opened.js('bonekg.state.stableAfterMs')} ms in the page")
    shot = opened.page.screenshot()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    target = SCREENSHOT if os.environ.get(UPDATE_SCREENSHOT) == "1" else tmp_path / "viewer.png"
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_suffix(".png.tmp")
    tmp.write_bytes(shot)
    tmp.replace(target)
    assert target.read_bytes() == shot


@pytest.mark.parametrize("found", [True, False], ids=["opened", "not opened"])
def test_view_open_says_where_the_page_is_when_it_cannot_open_it(
    found: bool, runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return found

    monkeypatch.setattr(webbrowser, "open", open_url)
    out = tmp_path / "page.html"
    result = runner.invoke(cli, ["view", "--data", os.fspath(MINIMAL), "--out", str(out), "--open"])
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]
    assert result.stdout == f"wrote {out}\n"
    assert result.stderr == ("" if found else f"no browser could be opened: open {out.resolve()}\n")


def whole_page_data(kg: KnowledgeGraph) -> dict[str, Any]:
    return page_data(
        kg, [n for n, _ in kg.nodes()], kg.claims(), title="t", options={}, layout_budget_ms=1
    )


def test_payload_marks_merged_edges() -> None:
    data = whole_page_data(merged_graph())
    edges = data["edges"]
    merged = [e for e in edges if e["origin"] == "merged"]
    assert len(merged) == 3 and len(edges) == 6
    up = next(e for e in merged if e["predicate"] == "increases")
    assert up["knowledge_source"] == "infores:example" and up["sources"] == []
    assert up["publications"] == ["EX:pub-1", "EX:pub-2"]


@browser_test
def test_merged_edges_are_dotted_and_no_evidence_filter_hides_them(open_page, pages) -> None:
    opened = open_page(pages("merged"))
    assert opened.errors == []
    dotted = "bonekg.edges.get().filter(e => Array.isArray(e.dashes)).length"
    assert opened.js(dotted) == 3
    assert "merged from an external graph" in opened.page.text_content("#legend-sign")
    opened.page.click('#filter-evidence input[data-name="review"]')
    assert opened.js("bonekg.edges.get().filter(e => !e.hidden).length") == 3


def test_payload_lists_the_origins_only_with_merged_edges() -> None:
    assert whole_page_data(merged_graph())["origins"] == [
        {"name": "curated", "label": "curated", "count": 3},
        {"name": "merged:infores:example", "label": "merged from infores:example", "count": 3},
    ]
    assert whole_page_data(minimal_graph())["origins"] == []


@browser_test
def test_origin_filter_hides_merged_or_curated_edges(open_page, pages) -> None:
    opened = open_page(pages("merged"))
    shown = "bonekg.data.edges.filter(e => !bonekg.edges.get(e.id).hidden).map(e => e.origin)"
    merged = '#filter-origin input[data-name="merged:infores:example"]'
    curated = '#filter-origin input[data-name="curated"]'
    assert opened.page.is_visible("#origin-group")
    assert opened.page.text_content("#filter-origin") == "curated3merged from infores:example3"
    opened.page.click(merged)
    assert opened.js(shown) == ["curated"] * 3
    assert "3 of 6 edges" in opened.page.text_content("#counts")
    # as with the predicate and evidence filters, nodes stay when their edges go
    assert opened.js("bonekg.nodes.get().filter(n => n.hidden).length") == 0
    opened.page.click(merged)
    opened.page.click(curated)
    assert opened.js(shown) == ["merged"] * 3
    opened.page.click(merged)
    assert opened.js(shown) == []
    # selecting a hidden edge brings its origin back, as it does its predicate
    opened.js("bonekg.selectEdge(bonekg.data.edges.find(e => e.origin === 'curated').id)")
    assert opened.page.is_checked(curated) and not opened.page.is_checked(merged)
    assert opened.js(shown) == ["curated"] * 3
    assert opened.errors == []


@browser_test
def test_a_page_without_merged_edges_has_no_origin_filter(open_page, pages) -> None:
    opened = open_page(pages("minimal"))
    assert not opened.page.is_visible("#origin-group")
    assert opened.js("document.querySelectorAll('#filter-origin input').length") == 0
    assert opened.js("bonekg.edges.get().filter(e => !e.hidden).length") == 3

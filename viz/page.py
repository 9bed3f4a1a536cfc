"""Render the viewer: one self-contained HTML file that makes no network request.

The page is our own template (``viz/page.html``) with the style (``viewer.css``), the
script (``viewer.js``) and the vis-network build that pyvis ships, all inlined. The
graph travels as JSON in a ``<script type="application/json">`` block, escaped so no
value can end the block; the script builds the page with ``textContent`` and gives
vis-network plain-text tooltips, so labels, descriptions and statements stay text.
A Content-Security-Policy forbids every fetch. pyvis's own templates are not used:
they link Bootstrap from a CDN and insert titles and the heading as raw HTML.
"""

from __future__ import annotations

import html
import json
import os
from collections import deque
from collections.abc import Iterable, Sequence
from importlib import resources
from itertools import pairwise
from pathlib import Path
from string import Template
from typing import IO, TYPE_CHECKING, Any

from bonekg.constants import DEFAULT_MAX_EDGES, VIZ_PACKAGE
from bonekg.errors import BonekgError, UnknownNodeError
from bonekg.files import atomic_output
from bonekg.model import Claim
from bonekg.viz.payload import page_data

if TYPE_CHECKING:
    from bonekg.kg import KnowledgeGraph

__all__ = [
    "DEFAULT_DEPTH",
    "best_supported",
    "neighbourhood",
    "render_page",
    "script_json",
    "vis_network_js",
    "write_page",
]

#: Depth of ``--focus`` when no ``--depth`` is given.
DEFAULT_DEPTH = 2
_TEMPLATE = "page.html"
_STYLE = "viewer.css"
_SCRIPT = "viewer.js"
#: The vis-network build inside the pyvis distribution (standalone: includes vis-data).
_VIS_JS = ("lib", "vis-9.1.2", "vis-network.min.js")

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(value: Any) -> str:
    r"""Serialise *value* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u`` escapes (so no ``</script>`` or ``<!--`` can
    appear), as do the line separators U+2028 and U+2029.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.translate(_JSON_ESCAPES)


def _asset(name: str) -> str:
    return resources.files(VIZ_PACKAGE).joinpath(name).read_text("utf-8")


def vis_network_js() -> str:
    """Return the vis-network build that pyvis ships, license header included.

    :raises BonekgError: the installed pyvis does not ship the expected build
    """
    try:
        return resources.files("pyvis").joinpath(*_VIS_JS).read_text("utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise BonekgError(
            f"cannot read vis-network from the installed pyvis ({'/'.join(_VIS_JS)}): {exc}"
        ) from exc


def _inline_script(code: str, name: str) -> str:
    """Refuse code that would end its ``<script>`` element early."""
    if "</script" in code.lower():
        raise BonekgError(f"{name} contains '</script' and cannot be inlined")
    return code


def neighbourhood(kg: KnowledgeGraph, focus: str, depth: int) -> set[str]:
    """Return the nodes within *depth* claims of *focus*, following edges either way.

    :raises UnknownNodeError: *focus* is not a node of *kg*
    """
    if focus not in kg:
        raise UnknownNodeError(focus)
    graph = kg.nx
    seen = {focus}
    frontier: deque[tuple[str, int]] = deque([(focus, 0)])
    while frontier:
        node, hops = frontier.popleft()
        if hops >= depth:
            continue
        for other in (*graph.successors(node), *graph.predecessors(node)):
            if other not in seen:
                seen.add(other)
                frontier.append((other, hops + 1))
    return seen


def best_supported(
    kg: KnowledgeGraph, rows: Sequence[Claim], cap: int, first: Sequence[str] = ()
) -> list[Claim]:
    """Return the *cap* best-supported claims of *rows*, in their order.

    Claims joining consecutive nodes of *first* (a highlighted path) come before any
    other; then a claim's best source (human RCT ... review), then its number of sources.
    """
    if len(rows) <= cap:
        return list(rows)
    on_path = {frozenset(pair) for pair in pairwise(first)}

    def support(claim: Claim) -> tuple[bool, int, int]:
        sources = claim.data.get("sources") or ()
        best = max((kg.source_rank(s) for s in sources), default=0)
        return frozenset((claim.subject, claim.object)) in on_path, best, len(sources)

    ranked = sorted(range(len(rows)), key=lambda i: support(rows[i]), reverse=True)
    kept = sorted(ranked[:cap])
    return [rows[i] for i in kept]


def render_page(
    kg: KnowledgeGraph,
    *,
    nodes: Iterable[str] | None = None,
    claims: Iterable[Claim] | None = None,
    title: str = "bonekg: bone-biology mechanisms",
    focus: str | None = None,
    depth: int | None = None,
    highlight: Sequence[str] = (),
    max_edges: int | None = DEFAULT_MAX_EDGES,
) -> str:
    """Return the viewer page of *kg* (or of the given nodes and claims) as HTML text.

    :param kg: the graph, for its vocabulary and publications
    :param nodes: node IDs to show (default: every node)
    :param claims: claims to show (default: every claim between the shown nodes)
    :param title: the page title, plain text
    :param focus: a node to select when the page opens
    :param depth: the depth the page was cut to around *focus* (shown in the header)
    :param highlight: node IDs along a path, highlighted with the claims joining them
    :param max_edges: keep only the best-supported claims past this many (None: all), and
        the nodes they join (with *focus* and *highlight*); the page says what it left out
    :returns: the complete HTML document
    """
    from bonekg.viz.options import LAYOUT_BUDGET_MS, vis_options

    node_ids = [n for n, _ in kg.nodes()] if nodes is None else list(nodes)
    rows = (
        list(kg.claims(within=None if nodes is None else set(node_ids)))
        if claims is None
        else list(claims)
    )
    left_out = None
    if max_edges is not None and len(rows) > max_edges:
        kept = best_supported(kg, rows, max_edges, highlight)
        ends = {c.subject for c in kept} | {c.object for c in kept}
        ends.update(highlight)
        if focus is not None:
            ends.add(focus)
        shown = [n for n in node_ids if n in ends]
        left_out = {
            "claims": len(rows) - len(kept),
            "nodes": len(node_ids) - len(shown),
            "max_edges": max_edges,
        }
        node_ids, rows = shown, kept
    data = page_data(
        kg,
        node_ids,
        rows,
        title=title,
        options=vis_options(len(node_ids), len(rows)),
        layout_budget_ms=LAYOUT_BUDGET_MS,
        focus=focus,
        depth=depth,
        highlight=highlight,
        left_out=left_out,
    )
    template = Template(_asset(_TEMPLATE))
    return template.substitute(
        title=html.escape(title),
        style=_asset(_STYLE).replace("</", "<\\/"),
        vis_js=_inline_script(vis_network_js(), "vis-network"),
        viewer_js=_inline_script(_asset(_SCRIPT), _SCRIPT),
        data=script_json(data),
    )


def write_page(
    kg: KnowledgeGraph,
    path: str | os.PathLike[str] | IO[bytes],
    *,
    focus: str | None = None,
    depth: int | None = None,
    highlight: Sequence[str] | None = None,
    title: str | None = None,
    max_edges: int | None = DEFAULT_MAX_EDGES,
) -> Path | None:
    """Write the viewer of *kg* to *path* atomically (or to a binary handle).

    :param kg: the graph to show
    :param path: the HTML file to write, or a binary handle (standard output)
    :param focus: a node ID; the page then holds only its neighbourhood and opens on it
    :param depth: claims to follow from *focus*, either way (default :data:`DEFAULT_DEPTH`)
    :param highlight: node IDs along a path, in order; highlighted, and always shown
    :param title: the page title (default: says what the page holds)
    :param max_edges: the most claims the page holds, the best supported (None: all)
    :returns: the path written (None for a handle)
    :raises UnknownNodeError: *focus* or a highlighted node is not in *kg*
    :raises ValueError: *depth* without *focus*, or a negative depth
    :raises OutputError: *path* cannot be written
    """
    path_nodes = list(highlight or ())
    for node in path_nodes:
        if node not in kg:
            raise UnknownNodeError(node)
    if depth is not None and (focus is None or depth < 0):
        raise ValueError("depth needs a focus node and must be 0 or more")
    keep: set[str] | None = None
    if focus is not None:
        depth = DEFAULT_DEPTH if depth is None else depth
        keep = neighbourhood(kg, focus, depth) | set(path_nodes)
    if title is None:
        title = _default_title(kg, focus, depth, path_nodes)
    text = render_page(
        kg,
        nodes=None if keep is None else sorted(keep),
        title=title,
        focus=focus,
        depth=depth,
        highlight=path_nodes,
        max_edges=max_edges,
    )
    if not isinstance(path, str | os.PathLike):
        path.write(text.encode("utf-8"))
        return None
    target = Path(path)
    with atomic_output(target) as handle:
        handle.write(text.encode("utf-8"))
    return target


def _default_title(
    kg: KnowledgeGraph, focus: str | None, depth: int | None, path: Sequence[str]
) -> str:
    name = kg.label

    if focus is not None:
        return f"bonekg: {name(focus)} and its neighbourhood (depth {depth})"
    if len(path) >= 2:
        return f"bonekg: path from {name(path[0])} to {name(path[-1])}"
    return "bonekg: bone-biology mechanisms"

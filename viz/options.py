"""vis-network options for a graph of a given size, set through pyvis's option model.

The layout runs a bounded number of physics iterations before the page is shown and
then stops (the page turns physics off once stabilised; a button turns it back on).
The bound shrinks as the graph grows, so that a graph of thousands of nodes still
opens in seconds; large graphs also draw straight edges and hide edges while dragging.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["LARGE", "LAYOUT_BUDGET_MS", "stabilization_iterations", "vis_options"]

#: From this many nodes on, the page trades looks for speed.
LARGE = 1000
#: Milliseconds of layout the page spends at most before it stops the physics (the
#: page checks between batches of iterations, so it may overrun by one batch).
LAYOUT_BUDGET_MS = 600
#: The node-iterations of physics a page may spend before it is shown: Barnes-Hut costs
#: about 15 µs per node and iteration in headless Chromium on one core here.
_BUDGET = 200_000


def stabilization_iterations(node_count: int) -> int:
    """Return the bound on layout iterations before the page is shown.

    :param node_count: nodes on the page
    :returns: between 25 and 1000 iterations, fewer for larger graphs
    """
    return max(25, min(1000, _BUDGET // max(node_count, 1)))


def vis_options(node_count: int, edge_count: int) -> dict[str, Any]:
    """Return the vis-network options for a page of *node_count* nodes.

    :param node_count: nodes on the page
    :param edge_count: edges on the page
    :returns: a JSON-serialisable options object for ``new vis.Network``
    """
    from pyvis.network import Network

    large = node_count >= LARGE or edge_count >= 2 * LARGE
    net = Network(directed=True)
    net.barnes_hut(
        gravity=-6000 if not large else -3000,
        central_gravity=0.25,
        spring_length=140 if not large else 90,
        spring_strength=0.03,
        damping=0.25,
        overlap=0 if large else 0.1,
    )
    net.inherit_edge_colors(False)
    net.toggle_hide_edges_on_drag(large)
    if not large:
        net.set_edge_smooth("continuous")
    options: dict[str, Any] = json.loads(net.options.to_json())
    # A coarser Barnes-Hut approximation than vis-network's 0.5: about twice as many
    # iterations fit in the time budget, and the drawing looks the same.
    options["physics"]["barnesHut"]["theta"] = 0.8
    if large:
        options["edges"]["smooth"] = False
    options["physics"].update(
        {
            "enabled": True,
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": stabilization_iterations(node_count),
                # iterations per batch: about 50 ms of work, so the time budget is kept
                "updateInterval": max(1, min(25, 2500 // max(node_count, 1))),
                "fit": True,
            },
        }
    )
    options["edges"].update(
        {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        }
    )
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
        "scaling": {"label": {"drawThreshold": 6}},
    }
    options["interaction"].update(
        {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        }
    )
    options["layout"] = {"randomSeed": 7, "improvedLayout": node_count <= 150}
    return options

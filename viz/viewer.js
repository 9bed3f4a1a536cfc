/* bonekg viewer: draws the graph with vis-network and shows the evidence of every edge.
 *
 * Every value of the data block is text. It reaches the page through textContent,
 * through vis-network labels (drawn on a canvas) or through vis-network tooltips given
 * as plain strings (vis-network 9 sets them with innerText): never as markup. Links
 * are made only from http(s) URLs computed by bonekg.
 */
(function () {
  "use strict";

  const started = performance.now();
  const data = JSON.parse(document.getElementById("bonekg-data").textContent);
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ DOM helpers
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "style") Object.assign(node.style, value);
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(url, text) {
    const href = safeUrl(url);
    if (!href) return h("span", { text });
    return h("a", { href, target: "_blank", rel: "noopener noreferrer", text });
  }

  // ------------------------------------------------------------------ indexes
  const categories = Object.fromEntries(data.categories.map((c) => [c.name, c]));
  const signs = Object.fromEntries(data.signs.map((s) => [s.name, s]));
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const adjacency = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    e.kinds = Array.from(new Set(e.sources.map((s) => s.kind)));
    // The origin filter's name of the edge, as bonekg.viz.payload names its entries.
    e.originName = e.origin === "merged" ? "merged:" + e.knowledge_source : "curated";
    if (adjacency.has(e.from)) adjacency.get(e.from).push(e);
    if (e.to !== e.from && adjacency.has(e.to)) adjacency.get(e.to).push(e);
  }
  const pathNodes = new Set(data.highlight.nodes);
  const pathEdges = new Set(data.highlight.edges);
  const label = (id) => (nodeById.has(id) ? nodeById.get(id).label : id);
  const categoryOf = (n) =>
    categories[n.category] || { name: n.category, label: n.category, color: "#BBBBBB", shape: "dot", glyph: "●" };

  function darker(hex, factor) {
    const v = parseInt(hex.slice(1), 16);
    const f = (shift) => Math.round(((v >> shift) & 255) * factor);
    return "rgb(" + f(16) + "," + f(8) + "," + f(0) + ")";
  }

  function nodeTitle(n) {
    const cat = categoryOf(n);
    const lines = [n.label, cat.label + " · " + n.id];
    if (n.synonyms.length) lines.push("also: " + n.synonyms.join(", "));
    lines.push(n.degree + " edge" + (n.degree === 1 ? "" : "s") + " — click for details");
    return lines.join("\n");
  }

  function edgeTitle(e) {
    const lines = [label(e.from) + " — " + e.predicate_label + " → " + label(e.to)];
    for (const [k, v] of e.qualifiers) lines.push(k + ": " + v);
    const n = e.sources.length;
    if (e.origin === "merged") lines.push("merged from " + e.knowledge_source + " — click for provenance");
    else lines.push(n + " source" + (n === 1 ? "" : "s") + " (" + e.kinds.join(", ") + ") — click for evidence");
    return lines.join("\n");
  }

  // ------------------------------------------------------------------ vis data
  const nodeItems = data.nodes.map((n) => {
    const cat = categoryOf(n);
    const onPath = pathNodes.has(n.id);
    const item = {
      id: n.id,
      label: n.label,
      title: nodeTitle(n),
      shape: cat.shape,
      size: 9 + Math.min(16, 2.5 * Math.sqrt(n.degree)),
      borderWidth: onPath ? 4 : 1,
      color: {
        background: cat.color,
        border: onPath ? "#000000" : darker(cat.color, 0.7),
        highlight: { background: cat.color, border: "#000000" },
        hover: { background: cat.color, border: "#000000" },
      },
    };
    if (cat.shape === "box") item.font = { color: "#000000", strokeWidth: 0 };
    if (onPath) item.font = Object.assign(item.font || {}, { size: 17, bold: true });
    return item;
  });
  const edgeItems = data.edges.map((e) => {
    const color = (signs[e.sign] || signs.other).color;
    const onPath = pathEdges.has(e.id);
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      title: edgeTitle(e),
      color: { color, highlight: color, hover: color, opacity: onPath || !pathEdges.size ? 1 : 0.55 },
      width: onPath ? 5 : 1.5 + Math.min(3, 0.75 * (e.sources.length - 1)),
      dashes: e.origin === "merged" ? [2, 5] : data.dash_reviews && e.kinds.length === 1 && e.kinds[0] === "review",
    };
  });

  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(edgeItems);
  const timings = { parsed: Math.round(performance.now() - started) };
  const network = new vis.Network($("graph"), { nodes, edges }, data.options);
  timings.network = Math.round(performance.now() - started);
  const state = {
    stable: false,
    stableAfterMs: null,
    physics: true,
    categories: new Set(data.categories.map((c) => c.name)),
    predicates: new Set(data.predicates.map((p) => p.name)),
    kinds: new Set(data.evidence_kinds.map((k) => k.name)),
    origins: new Set(data.origins.map((o) => o.name)),
    hood: null,
    selected: null,
    nodeHidden: new Map(),
    edgeHidden: new Map(),
  };

  // ------------------------------------------------------------------ filters
  function edgePasses(e) {
    // A merged edge has no curated evidence for the evidence filter to judge: it stays.
    // A page without merged edges has no origin filter (data.origins is empty).
    return state.predicates.has(e.predicate) && (e.origin === "merged" || e.kinds.some((k) => state.kinds.has(k))) &&
      (!data.origins.length || state.origins.has(e.originName));
  }

  function nodeShown(id) {
    const n = nodeById.get(id);
    return state.categories.has(n.category) && (!state.hood || state.hood.members.has(id));
  }

  function applyFilters() {
    const nodeUpdates = [];
    const edgeUpdates = [];
    let shownNodes = 0;
    let shownEdges = 0;
    for (const n of data.nodes) {
      const hidden = !nodeShown(n.id);
      if (!hidden) shownNodes++;
      if ((state.nodeHidden.get(n.id) || false) !== hidden) {
        state.nodeHidden.set(n.id, hidden);
        nodeUpdates.push({ id: n.id, hidden });
      }
    }
    for (const e of data.edges) {
      const hidden = !(edgePasses(e) && nodeShown(e.from) && nodeShown(e.to));
      if (!hidden) shownEdges++;
      if ((state.edgeHidden.get(e.id) || false) !== hidden) {
        state.edgeHidden.set(e.id, hidden);
        edgeUpdates.push({ id: e.id, hidden });
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    let text = "Showing " + shownNodes + " of " + data.nodes.length + " nodes, " +
      shownEdges + " of " + data.edges.length + " edges";
    if (state.hood) text += " (neighbourhood of " + label(state.hood.center) + ", depth " + state.hood.depth + ")";
    if (data.left_out) {
      text += "; the page holds the " + data.edges.length + " best-supported claims: " +
        data.left_out.claims + " claims and " + data.left_out.nodes +
        " nodes left out (view --max-edges " + data.left_out.max_edges + ")";
    }
    $("counts").textContent = text;
    $("show-all").disabled = !state.hood;
  }

  function neighbourhood(center, depth) {
    const members = new Set([center]);
    let frontier = [center];
    for (let d = 0; d < depth && frontier.length; d++) {
      const next = [];
      for (const id of frontier) {
        for (const e of adjacency.get(id) || []) {
          if (!edgePasses(e)) continue;
          const other = e.from === id ? e.to : e.from;
          if (!members.has(other)) {
            members.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
    return members;
  }

  function showNeighbourhood(center, depth) {
    state.hood = { center, depth, members: neighbourhood(center, depth) };
    state.categories.add(nodeById.get(center).category);
    syncCheckboxes();
    applyFilters();
    network.fit({ nodes: Array.from(state.hood.members).filter(nodeShown), animation: { duration: 300 } });
  }

  function clearNeighbourhood() {
    state.hood = null;
    applyFilters();
  }

  function checkbox(group, item, extra) {
    const input = h("input", { type: "checkbox", checked: "checked", "data-name": item.name });
    input.addEventListener("change", () => {
      if (input.checked) state[group].add(item.name);
      else state[group].delete(item.name);
      applyFilters();
    });
    return h("li", {}, h("label", { title: item.name }, input, extra || null, h("span", { text: item.label }),
      h("span", { class: "count", text: String(item.count) })));
  }

  function syncCheckboxes() {
    for (const [group, list] of [["categories", "filter-category"], ["predicates", "filter-predicate"], ["kinds", "filter-evidence"], ["origins", "filter-origin"]]) {
      for (const input of $(list).querySelectorAll("input[type=checkbox]")) {
        input.checked = state[group].has(input.getAttribute("data-name"));
      }
    }
  }

  function buildSidebar() {
    for (const c of data.categories) {
      if (!c.count) continue;
      $("filter-category").append(checkbox("categories", c, h("span", { class: "glyph", style: { color: c.color }, text: c.glyph })));
    }
    for (const s of data.signs) {
      $("legend-sign").append(h("li", {}, h("span", { class: "line", style: { borderTopColor: s.color } }), h("span", { text: s.label })));
    }
    if (data.dash_reviews) {
      $("legend-sign").append(h("li", {}, h("span", { class: "line dashed", style: { borderTopColor: "#8C8C8C" } }), h("span", { text: "only review evidence" })));
    }
    if (data.edges.some((e) => e.origin === "merged")) {
      $("legend-sign").append(h("li", {}, h("span", { class: "line dotted", style: { borderTopColor: "#8C8C8C" } }), h("span", { text: "merged from an external graph" })));
    }
    if (pathEdges.size) {
      $("legend-sign").append(h("li", {}, h("span", { class: "line", style: { borderTopColor: "#444", borderTopWidth: "5px" } }), h("span", { text: "highlighted path" })));
    }
    for (const p of data.predicates) $("filter-predicate").append(checkbox("predicates", p));
    for (const k of data.evidence_kinds) $("filter-evidence").append(checkbox("kinds", k));
    for (const o of data.origins) $("filter-origin").append(checkbox("origins", o));
    $("origin-group").hidden = !data.origins.length;
  }

  // ------------------------------------------------------------------ details panel
  const panel = $("details");

  function setPanel(...children) {
    panel.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  function nodeButton(id) {
    return h("button", { type: "button", class: "nodelink", text: label(id), on: { click: () => focusNode(id) } });
  }

  function badge(text, color) {
    return h("span", { class: "badge", style: { background: color }, text });
  }

  function signGlyph(e) {
    const s = signs[e.sign] || signs.other;
    return h("span", { style: { color: s.color, fontWeight: "bold" }, text: e.sign === "increase" ? "+" : e.sign === "decrease" ? "−" : "·" });
  }

  function claimLine(e) {
    return h("li", { class: "claim" }, signGlyph(e), " ", nodeButton(e.from), " ",
      h("button", { type: "button", class: "nodelink", title: "Show the evidence", text: e.predicate_label, on: { click: () => selectEdge(e.id) } }),
      " ", nodeButton(e.to),
      e.qualifiers.length ? h("span", { class: "muted", text: " [" + e.qualifiers.map(([k, v]) => k + ": " + v).join("; ") + "]" }) : null,
      h("span", { class: "muted", text: " (" + e.sources.length + ")" }));
  }

  function overview() {
    setPanel(
      h("h2", { text: data.title }),
      h("p", { text: data.nodes.length + " nodes, " + data.edges.length + " edges, " + Object.keys(data.publications).length + " publications." }),
      h("p", { class: "muted", text: "Click a node for its description and edges, or an edge for its evidence: each source with its citation, evidence type, species and statement. Search by label or synonym above; filter on the left." }),
    );
    if (data.highlight.nodes.length) {
      panel.append(h("h3", { text: "Highlighted path" }),
        h("ol", {}, data.highlight.nodes.map((id) => h("li", {}, nodeButton(id)))));
      const step = new Map(data.highlight.nodes.map((id, i) => [id, i]));
      const hops = data.edges.filter((e) => pathEdges.has(e.id))
        .sort((a, b) => Math.min(step.get(a.from), step.get(a.to)) - Math.min(step.get(b.from), step.get(b.to)));
      if (hops.length) panel.append(h("h3", { text: "Its claims" }), h("ul", {}, hops.map(claimLine)));
    }
  }

  function showNode(id) {
    const n = nodeById.get(id);
    if (!n) return;
    state.selected = { node: id };
    const cat = categoryOf(n);
    const depthInput = h("input", { type: "number", min: "1", max: "10", value: String(state.hood ? state.hood.depth : 1), "aria-label": "Neighbourhood depth", id: "hood-depth" });
    const list = (adjacency.get(id) || []).slice().sort((a, b) => (a.from !== id) - (b.from !== id) || a.predicate.localeCompare(b.predicate));
    const fields = [["ID", link(n.url, n.id)], ["Category", h("span", {}, h("span", { class: "glyph", style: { color: cat.color }, text: cat.glyph }), cat.label)]];
    if (n.synonyms.length) fields.push(["Synonyms", h("span", { text: n.synonyms.join(", ") })]);
    if (n.xrefs.length) fields.push(["Xrefs", h("span", {}, n.xrefs.flatMap((x, i) => [i ? ", " : null, link(x.url, x.id)]))]);
    setPanel(
      h("h2", { id: "details-title", text: n.label }),
      h("dl", {}, fields.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)])),
      n.description ? h("p", { id: "details-description", text: n.description }) : null,
      h("div", { class: "row" }, "Neighbourhood to depth", depthInput,
        h("button", { type: "button", id: "show-hood", text: "Show", on: { click: () => showNeighbourhood(id, Math.max(1, Math.min(10, parseInt(depthInput.value, 10) || 1))) } })),
      h("h3", { text: "Edges (" + list.length + ")" }),
      list.length ? h("ul", {}, list.map(claimLine)) : h("p", { class: "muted", text: "No edges on this page." }),
    );
  }

  function citation(pub) {
    if (!pub.title) return h("p", { class: "citation" }, link(pub.url, pub.ref));
    const stop = /[.?!]$/.test(pub.title) ? " " : ". ";
    return h("p", { class: "citation" },
      pub.first_author + ", " + pub.year + ". ", link(pub.url, pub.title), stop,
      h("em", { text: pub.journal }), ".");
  }

  function showEdge(id) {
    const e = edgeById.get(id);
    if (!e) return;
    state.selected = { edge: id };
    const s = signs[e.sign] || signs.other;
    const predicate = h("span", { text: e.predicate_label });
    if (e.predicate_label !== e.predicate) predicate.append(" ", h("span", { class: "muted", text: "(" + e.predicate + ")" }));
    const fields = [["Predicate", predicate], ["Sign", badge(s.label, s.color)]];
    for (const [k, v] of e.qualifiers) fields.push([k, h("span", { text: v })]);
    if (e.origin === "merged") {
      fields.push(["Merged from", h("span", { text: e.knowledge_source + (e.knowledge_level ? " (" + e.knowledge_level + ")" : "") })]);
      if (e.publications.length) fields.push(["Publications", h("span", { text: e.publications.join(", ") })]);
    }
    const sources = e.sources.map((src) => {
      const pub = data.publications[src.ref] || { ref: src.ref };
      const ids = [link(pub.url, src.ref)];
      if (pub.doi && !src.ref.startsWith("DOI:")) ids.push(" · ", link(pub.doi_url, "DOI:" + pub.doi));
      return h("div", { class: "source" },
        citation(pub),
        h("p", { class: "ids" }, ids),
        h("dl", {},
          h("dt", { text: "Evidence" }), h("dd", {}, link(src.evidence_url, src.evidence_label), " ", h("span", { class: "muted", text: "(" + src.evidence + ")" })),
          h("dt", { text: "Kind" }), h("dd", { text: src.kind }),
          h("dt", { text: "Species" }), h("dd", { text: src.species_label })),
        h("blockquote", { class: "statement", text: src.statement }));
    });
    setPanel(
      h("h2", { id: "details-title" }, nodeButton(e.from), " ", h("span", { style: { color: s.color }, text: e.predicate_label }), " ", nodeButton(e.to)),
      h("dl", {}, fields.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)])),
      h("h3", { text: "Sources (" + e.sources.length + ")" }),
      sources,
    );
  }

  function reveal(id) {
    const n = nodeById.get(id);
    let changed = false;
    if (!state.categories.has(n.category)) {
      state.categories.add(n.category);
      changed = true;
    }
    if (state.hood && !state.hood.members.has(id)) {
      state.hood = null;
      changed = true;
    }
    if (changed) {
      syncCheckboxes();
      applyFilters();
    }
  }

  function focusNode(id, animate) {
    if (!nodeById.has(id)) return;
    reveal(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: animate === false ? false : { duration: 300, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  function selectEdge(id) {
    const e = edgeById.get(id);
    if (!e) return;
    reveal(e.from);
    reveal(e.to);
    if (state.edgeHidden.get(id)) {
      state.predicates.add(e.predicate);
      for (const k of e.kinds) state.kinds.add(k);
      state.origins.add(e.originName);
      syncCheckboxes();
      applyFilters();
    }
    network.selectEdges([id]);
    showEdge(id);
  }

  // ------------------------------------------------------------------ search
  const searchIndex = data.nodes.map((n) => ({
    id: n.id,
    names: [[n.label, "label"], ...n.synonyms.map((s) => [s, "synonym"]), [n.id, "id"]].map(([t, why]) => [t.toLowerCase(), t, why]),
  }));

  function search(text, limit) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const found = [];
    for (const entry of searchIndex) {
      let best = null;
      for (const [lower, original, why] of entry.names) {
        const score = lower === q ? 0 : lower.startsWith(q) ? 1 : lower.includes(q) ? 2 : 3;
        if (score < 3 && (!best || score < best.score)) best = { score, original, why };
      }
      if (best) found.push({ id: entry.id, ...best });
    }
    found.sort((a, b) => a.score - b.score || label(a.id).localeCompare(label(b.id)) || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit || 20);
  }

  const searchBox = $("search");
  const results = $("search-results");
  let current = [];
  let active = 0;

  function renderResults() {
    results.replaceChildren(...current.map((r, i) => {
      const n = nodeById.get(r.id);
      return h("li", { role: "option", "aria-selected": i === active ? "true" : "false", "data-id": r.id,
        on: { mousedown: (ev) => { ev.preventDefault(); pick(i); } } },
        h("span", { class: "glyph", style: { color: categoryOf(n).color }, text: categoryOf(n).glyph }), n.label,
        r.why === "label" ? null : h("span", { class: "hint", text: " (" + r.why + ": " + r.original + ")" }));
    }));
    results.hidden = current.length === 0;
  }

  function pick(i) {
    const r = current[i];
    if (!r) return;
    results.hidden = true;
    searchBox.value = label(r.id);
    focusNode(r.id);
  }

  searchBox.addEventListener("input", () => {
    current = search(searchBox.value, 20);
    active = 0;
    renderResults();
  });
  searchBox.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      renderResults();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!current.length) current = search(searchBox.value, 20);
      pick(active);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  searchBox.addEventListener("blur", () => { results.hidden = true; });

  // ------------------------------------------------------------------ toolbar, events
  function setPhysics(on) {
    state.physics = on;
    network.setOptions({ physics: { enabled: on } });
    const button = $("physics");
    button.textContent = "Physics: " + (on ? "on" : "off");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  $("physics").addEventListener("click", () => setPhysics(!state.physics));
  $("fit").addEventListener("click", () => network.fit({ animation: { duration: 300 } }));
  $("show-all").addEventListener("click", clearNeighbourhood);

  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else overview();
  });
  network.on("doubleClick", (p) => {
    if (p.nodes.length) showNeighbourhood(p.nodes[0], state.hood ? state.hood.depth : 1);
  });
  // The layout stops at its time budget as well as at its iteration bound, so a large
  // graph opens in bounded time. vis-network has no option for that: lowering its
  // targetIterations ends the stabilisation after the current batch (vis-network 9).
  const layoutStarted = performance.now();
  network.on("stabilizationProgress", (p) => {
    $("progress").textContent = "Laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
    const physics = network.physics;
    if (performance.now() - layoutStarted > data.layout_budget_ms && physics && physics.targetIterations > p.iterations) {
      physics.targetIterations = p.iterations;
      timings.cutAtIteration = p.iterations;
    }
  });

  function settled() {
    if (state.stable) return;
    setPhysics(false);
    $("progress").hidden = true;
    state.stable = true;
    state.stableAfterMs = Math.round(performance.now()); // since the page was opened
    timings.stable = state.stableAfterMs;
    if (data.focus && nodeById.has(data.focus)) focusNode(data.focus, false);
    else if (pathNodes.size) network.fit({ nodes: Array.from(pathNodes) });
  }
  network.once("stabilizationIterationsDone", settled);

  buildSidebar();
  applyFilters();
  overview();
  if (!data.nodes.length) settled();

  // For tests and the curious: the vis DataSets, the network and a few actions.
  window.bonekg = { timings, data, nodes, edges, network, state, search, focusNode, selectEdge, showNeighbourhood, clearNeighbourhood, applyFilters };
})();

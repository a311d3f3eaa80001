/* bulletin-kg viewer: draws the graph embedded in #kg-data with vis-network.
 *
 * Every string in the data comes from a bulletin and is untrusted: it is only
 * ever put into the page with textContent (never innerHTML), and tooltips are
 * DOM elements, so nothing in a label or a sentence can become markup.
 * Exposes window.kgView = {network, nodes, edges, stable, stableMs} and sets
 * <body data-stable="true"> once the layout has settled and physics is off.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const kinds = new Map(data.kinds.map((k) => [k.kind, k]));
  const byId = (id) => document.getElementById(id);
  const filters = { hiddenKinds: new Set(), from: "", to: "" };

  /* ---------- small DOM helpers (text only) ---------- */

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function kindName(kind) {
    const k = kinds.get(kind);
    return k ? k.zh + " " + k.en : String(kind);
  }

  function dateText(item) {
    if (!item.date) return "";
    return item.end_date ? item.date + " – " + item.end_date : item.date;
  }

  /* ---------- tooltips: DOM elements built with textContent ---------- */

  function tooltip(title, lines) {
    const box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-title", title));
    lines.filter(Boolean).forEach((line) => box.appendChild(el("div", "kg-tip-line", line)));
    return box;
  }

  function nodeTooltip(n) {
    return tooltip(n.label, [n.pinyin, n.label_en, kindName(n.kind), dateText(n)]);
  }

  function edgeTooltip(e, labelOf) {
    const ends = labelOf(e.from) + " → " + labelOf(e.to);
    return tooltip(e.label || e.kind, [ends, e.kind, dateText(e)]);
  }

  /* ---------- data sets and network ---------- */

  const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
  const labelOf = (id) => labels.get(id) || String(id);
  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, { title: nodeTooltip(n) })));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, e, { title: edgeTooltip(e, labelOf) })));

  const options = data.options;
  const face = getComputedStyle(document.body).fontFamily;
  options.nodes = Object.assign({}, options.nodes, { font: { face: face, size: 14 } });
  options.edges.font = { face: face, size: 11, color: "#4a5562" };

  const network = new vis.Network(byId("kg-network"), { nodes: nodes, edges: edges }, options);
  const view = { network: network, nodes: nodes, edges: edges, stable: false, stableMs: null };
  window.kgView = view;

  /* ---------- stabilization ---------- */

  function markStable() {
    if (view.stable) return;
    network.setOptions({ physics: { enabled: false } });
    view.stable = true;
    view.stableMs = performance.now();
    document.body.dataset.stable = "true";
    const focus = data.meta.focus.filter((id) => nodes.get(id));
    if (focus.length) network.selectNodes(focus);
  }

  network.on("stabilizationProgress", (p) => {
    byId("kg-progress").value = p.total ? p.iterations / p.total : 0;
  });
  network.once("stabilizationIterationsDone", markStable);
  if (nodes.length === 0) markStable();

  /* ---------- details panel ---------- */

  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", null, Array.isArray(value) ? value.join("、") : value));
  }

  function kindBadge(kind) {
    const badge = el("span", "kg-badge", kindName(kind));
    const k = kinds.get(kind);
    badge.style.background = k ? k.color : "#888";
    return badge;
  }

  function sourceSection(item) {
    const part = document.createDocumentFragment();
    if (!item.sentence && !item.source_doc) return part;
    part.appendChild(el("h3", null, "来源 Source"));
    if (item.sentence) part.appendChild(el("blockquote", "kg-source", item.sentence));
    if (item.source_doc) part.appendChild(el("p", "kg-doc", "文件 Document: " + item.source_doc));
    return part;
  }

  function propsList(item) {
    const dl = el("dl", "kg-props");
    Object.entries(item.props || {}).forEach(([key, value]) => addRow(dl, key, value));
    return dl;
  }

  function showPanel(heading, summary, item) {
    const body = byId("kg-details-body");
    body.replaceChildren(el("h2", null, heading), kindBadge(item.kind), summary, propsList(item), sourceSection(item));
    byId("kg-details").hidden = false;
  }

  function showNode(id) {
    const n = nodes.get(id);
    const dl = el("dl");
    addRow(dl, "拼音 Pinyin", n.pinyin);
    addRow(dl, "英文 English", n.label_en);
    addRow(dl, "别名 Aliases", n.aliases);
    addRow(dl, "日期 Date", dateText(n));
    addRow(dl, "编号 ID", n.id);
    showPanel(n.label, dl, n);
  }

  function showEdge(id) {
    const e = edges.get(id);
    const dl = el("dl");
    addRow(dl, "从 From", labelOf(e.from));
    addRow(dl, "到 To", labelOf(e.to));
    addRow(dl, "关系 Relation", e.kind);
    addRow(dl, "日期 Date", dateText(e));
    showPanel(e.label || e.kind, dl, e);
  }

  function hideDetails() {
    byId("kg-details").hidden = true;
  }

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else hideDetails();
  });
  byId("kg-details-close").addEventListener("click", hideDetails);

  /* ---------- filters: kinds and date range ---------- */

  function dateRange(item) {
    if (!item.date) return null;
    const end = String(item.end_date || item.date);
    const lo = (String(item.date) + "-01-01").slice(0, 10);
    const hi = end.length === 4 ? end + "-12-31" : end.length === 7 ? end + "-31" : end.slice(0, 10);
    return { lo: lo, hi: hi };
  }

  function inDates(item) {
    const r = dateRange(item);
    if (!r) return true;
    return !(filters.from && r.hi < filters.from) && !(filters.to && r.lo > filters.to);
  }

  function changedHidden(dataset, isVisible) {
    const updates = [];
    dataset.forEach((item) => {
      const hidden = !isVisible(item);
      if (Boolean(item.hidden) !== hidden) updates.push({ id: item.id, hidden: hidden });
    });
    return updates;
  }

  function applyFilters() {
    nodes.update(changedHidden(nodes, (n) => !filters.hiddenKinds.has(n.kind) && inDates(n)));
    const shown = (id) => !nodes.get(id).hidden;
    edges.update(changedHidden(edges, (e) => inDates(e) && shown(e.from) && shown(e.to)));
    showCounts();
    search();
  }

  function showCounts() {
    const n = nodes.get({ filter: (x) => !x.hidden }).length;
    const m = edges.get({ filter: (x) => !x.hidden }).length;
    byId("kg-counts").textContent =
      "节点 " + n + "/" + nodes.length + " · 边 " + m + "/" + edges.length +
      " — nodes " + n + " of " + nodes.length + ", edges " + m + " of " + edges.length;
  }

  function kindRow(k) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = k.kind;
    box.addEventListener("change", () => {
      if (box.checked) filters.hiddenKinds.delete(k.kind);
      else filters.hiddenKinds.add(k.kind);
      applyFilters();
    });
    const glyph = el("span", "kg-glyph", k.glyph);
    glyph.style.color = k.color;
    label.append(box, glyph, el("span", null, k.zh + " " + k.en), el("span", "kg-count", k.count));
    return label;
  }

  function setUpDateInputs() {
    const dates = [];
    data.nodes.concat(data.edges).forEach((item) => {
      const r = dateRange(item);
      if (r) dates.push(r.lo, r.hi);
    });
    dates.sort();
    [byId("kg-date-from"), byId("kg-date-to")].forEach((input) => {
      if (dates.length) {
        input.min = dates[0];
        input.max = dates[dates.length - 1];
      }
      input.addEventListener("change", () => {
        filters.from = byId("kg-date-from").value;
        filters.to = byId("kg-date-to").value;
        applyFilters();
      });
    });
  }

  /* ---------- search: label, pinyin (tones/spaces ignored), alias, English ---------- */

  function norm(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, "").toLowerCase();
  }

  const searchKeys = new Map(
    data.nodes.map((n) => [n.id, [n.label, n.pinyin, n.label_en].concat(n.aliases || []).map(norm).filter(Boolean)]),
  );

  function rank(id, query) {
    const keys = searchKeys.get(id);
    if (keys.includes(query)) return 0;
    if (keys.some((k) => k.startsWith(query))) return 1;
    return keys.some((k) => k.includes(query)) ? 2 : -1;
  }

  function matches(query) {
    const found = [];
    nodes.forEach((n) => {
      const r = n.hidden ? -1 : rank(n.id, query);
      if (r >= 0) found.push({ id: n.id, r: r, len: String(n.label).length });
    });
    found.sort((a, b) => a.r - b.r || a.len - b.len);
    return found.slice(0, 12).map((m) => m.id);
  }

  function selectNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    showNode(id);
  }

  function resultItem(id) {
    const n = nodes.get(id);
    const button = el("button", null, n.label);
    button.type = "button";
    button.appendChild(el("span", "kg-kind", kindName(n.kind)));
    button.addEventListener("click", () => selectNode(id));
    const li = el("li");
    li.appendChild(button);
    return li;
  }

  function search() {
    const query = norm(byId("kg-search").value);
    const found = query ? matches(query) : [];
    byId("kg-results").replaceChildren(...found.map(resultItem));
    return found;
  }

  byId("kg-search").addEventListener("input", search);
  byId("kg-search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const found = search();
    if (found.length) selectNode(found[0]);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideDetails();
  });

  /* ---------- header: legend, counts, reduction notice ---------- */

  function showNotice(meta) {
    if (!meta.reduced) return;
    const notice = byId("kg-notice");
    notice.textContent =
      "已精简显示：共 " + meta.nodes_total + " 个节点，显示 " + meta.nodes_drawn + " 个。" +
      " Reduced view: showing " + meta.nodes_drawn + " of " + meta.nodes_total + " nodes — " + meta.reason;
    notice.hidden = false;
  }

  byId("kg-kinds").append(...data.kinds.map(kindRow));
  setUpDateInputs();
  showCounts();
  showNotice(data.meta);
})();

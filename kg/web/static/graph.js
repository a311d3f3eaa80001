// bulletin-kg web app: graph drawings (vis-network), readable first, with "show more" and expand-on-double-click.
// Names and sentences from bulletins are only ever set as text (textContent, vis-network labels).
"use strict";
(function () {
  const PAGES = { person: "person", org: "organization", event: "event", agreement: "agreement", place: "place",
    project: "place", post: "post", doc: "document" };
  const STEP = 60;          // nodes added by "show more"
  const READABLE = 0.7;     // the smallest zoom the drawing opens at: labels stay legible
  const FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function pageOf(id) {
    const prefix = id.split("-", 1)[0];
    return PAGES[prefix] ? `/${PAGES[prefix]}/${encodeURIComponent(id)}` : null;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function short(name) {
    const text = name || "";
    return text.length > 18 ? text.slice(0, 17) + "…" : text;
  }

  function Drawing(box) {
    const container = box.querySelector(".graph");
    const parts = {};
    for (const role of ["count", "more", "hops", "fit", "lang", "legend", "info"]) {
      parts[role] = box.querySelector(`[data-role="${role}"]`);
    }
    const state = { entity: container.dataset.entity, limit: STEP, hops: 1, lang: 0, styles: {}, terms: {},
      focus: new Set(), shown: 0, total: 0 };
    const nodes = new vis.DataSet();
    const edges = new vis.DataSet();
    const network = new vis.Network(container, { nodes, edges }, {
      autoResize: true,
      layout: { randomSeed: 7, improvedLayout: true },
      physics: { solver: "barnesHut", stabilization: { iterations: 400, updateInterval: 50 },
        barnesHut: { gravitationalConstant: -5000, springLength: 150, springConstant: 0.04, damping: 0.2, avoidOverlap: 0.3 } },
      interaction: { hover: true, tooltipDelay: 200, navigationButtons: false },
      nodes: { font: { face: FONT, size: 16, strokeWidth: 4, strokeColor: "#ffffff" }, borderWidth: 1 },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, color: { color: "#9aa5b1", highlight: "#2f6db3", hover: "#2f6db3" },
        font: { face: FONT, size: 12, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
        smooth: { enabled: true, type: "continuous" } },
    });

    function edgeLabel(e) {
      const names = e.roles.length ? e.roles : [e.type];
      return names.map((t) => (state.terms[t] || [t, t])[state.lang]).join(state.lang ? ", " : "、");
    }

    function tooltip(n) {
      const style = state.styles[n.kind] || {};
      const div = el("div");
      div.append(el("b", n.name || n.id), el("div", `${style.zh || n.kind} ${style.en || ""}`));
      return div;
    }

    function add(data) {
      Object.assign(state.styles, data.styles);
      Object.assign(state.terms, data.terms);
      data.focus.forEach((f) => state.focus.add(f));
      nodes.update(data.nodes.map((n) => {
        const style = state.styles[n.kind] || { color: "#bab0ac", shape: "dot" };
        const focus = state.focus.has(n.id);
        return { id: n.id, label: short(n.name || n.id), title: tooltip(n), shape: style.shape, color: style.color,
          size: focus ? 26 : 15, font: focus ? { size: 18, bold: true } : undefined, kind: n.kind, name: n.name };
      }));
      edges.update(data.edges.map((e) => ({ id: `${e.from}|${e.type}|${e.to}`, from: e.from, to: e.to, label: edgeLabel(e), raw: e })));
      state.shown = nodes.length;
      state.total = Math.max(state.total, data.total || 0);
      render();
      settle();
    }

    function render() {
      parts.count.textContent = `${state.shown} / ${state.total} 个节点 nodes`;
      parts.more.hidden = !state.entity || state.total <= state.shown;
      parts.hops.hidden = !state.entity;
      parts.hops.firstChild.textContent = state.hops === 1 ? "两跳 " : "一跳 ";
      parts.hops.lastChild.textContent = state.hops === 1 ? "2 hops" : "1 hop";
      parts.lang.textContent = state.lang ? "中文" : "EN";
      parts.legend.replaceChildren(...Object.entries(state.styles).map(([kind, s]) => {
        const item = el("span");
        const glyph = el("span", s.glyph, "legend-glyph");
        glyph.style.color = s.color;
        item.append(glyph, el("span", state.lang ? s.en : s.zh));
        return item;
      }));
    }

    async function load(entity, limit, hops) {
      const response = await fetch(`/api/graph/${encodeURIComponent(entity)}?limit=${limit}&hops=${hops}`);
      if (!response.ok) throw new Error(`graph ${response.status}`);
      return response.json();
    }

    function readable() {
      network.fit({ animation: false });
      if (network.getScale() < READABLE) {
        const focus = [...state.focus].find((id) => nodes.get(id));
        const at = focus ? network.getPositions([focus])[focus] : undefined;
        network.moveTo({ position: at, scale: READABLE, animation: false });
      }
    }

    // each change of the data is laid out before it is shown, then physics stops (nodes stay put)
    network.on("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      if (box.dataset.stable !== "true" && !box.dataset.opened) {
        readable();
        box.dataset.opened = "true";
      }
      box.dataset.stable = "true";
    });

    function settle() {
      box.dataset.stable = "false";
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(400);
    }

    network.on("dragEnd", () => network.setOptions({ physics: { enabled: false } }));

    network.on("click", (params) => {
      const id = params.nodes[0];
      if (!id) { parts.info.hidden = true; return; }
      const n = nodes.get(id);
      const style = state.styles[n.kind] || {};
      const link = el("a", n.name || id);
      const page = pageOf(id);
      if (page) link.href = page;
      parts.info.replaceChildren(el("span", `${style.zh || n.kind} ${style.en || ""} · `), link,
        el("span", " · 双击展开 double-click to expand", "en"));
      parts.info.hidden = false;
    });

    network.on("doubleClick", async (params) => {
      const id = params.nodes[0];
      if (!id) return;
      add({ ...(await load(id, 30, 1)), total: state.total, focus: [] });
    });

    parts.more.addEventListener("click", async () => {
      state.limit += STEP;
      add(await load(state.entity, state.limit, state.hops));
    });
    parts.hops.addEventListener("click", async () => {
      state.hops = state.hops === 1 ? 2 : 1;
      state.limit = STEP;
      state.total = 0;
      nodes.clear();
      edges.clear();
      delete box.dataset.opened;
      add(await load(state.entity, state.limit, state.hops));
    });
    parts.fit.addEventListener("click", () => network.fit());
    parts.lang.addEventListener("click", () => {
      state.lang = 1 - state.lang;
      edges.update(edges.get().map((e) => ({ id: e.id, label: edgeLabel(e.raw) })));
      render();
    });

    const embedded = box.querySelector("script[data-graph]");
    if (embedded) {
      add(JSON.parse(embedded.textContent));
    } else if (state.entity) {
      load(state.entity, state.limit, state.hops).then(add).catch((error) => {
        parts.count.textContent = String(error);
        box.dataset.stable = "true";
      });
    }
  }

  document.querySelectorAll(".graph-box").forEach((box) => Drawing(box));
})();

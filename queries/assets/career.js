/* bulletin-kg career timeline. Draws the spells (stated start/end dashed, observed filled) and the
   events (points) of one person as SVG from the JSON in #kg-data; a click shows the sentences the
   bar or point rests on. Text from bulletins is only ever set as textContent. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const svg = document.getElementById("kg-timeline");
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const LEFT = 280, RIGHT = 30, TOP = 34, ROW = 30;

  // a date of any precision as a time: the first (or, for an end, the last) day of its period
  function time(iso, last) {
    if (!iso || iso.startsWith("--")) return null;
    const [y, m, d] = iso.split("-").map(Number);
    if (d) return Date.UTC(y, m - 1, d);
    if (m) return last ? Date.UTC(y, m, 1) - DAY : Date.UTC(y, m - 1, 1);
    return last ? Date.UTC(y + 1, 0, 1) - DAY : Date.UTC(y, 0, 1);
  }

  function el(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    (parent || svg).appendChild(node);
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  const spells = data.spells.map((s) => ({
    ...s,
    begin: time(s.start) ?? time(s.first_observed),
    until: time(s.end, true) ?? time(s.last_observed, true),
    seenFrom: time(s.first_observed),
    seenTo: time(s.last_observed, true),
  }));
  const events = data.events.map((e) => ({ ...e, at: time(e.date) })).filter((e) => e.at !== null);
  const times = [];
  for (const s of spells) times.push(s.begin, s.until, s.seenFrom, s.seenTo);
  for (const e of events) times.push(e.at);
  const known = times.filter((t) => t !== null);
  let lo = known.length ? Math.min(...known) : Date.UTC(2000, 0, 1);
  let hi = known.length ? Math.max(...known) : lo;
  const pad = Math.max((hi - lo) * 0.04, 30 * DAY);
  lo -= pad;
  hi += pad;

  const width = Math.max(svg.clientWidth || 1000, 600);
  const height = TOP + (spells.length + (events.length ? 1 : 0)) * ROW + 20;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("height", height);
  const x = (t) => LEFT + ((t - lo) / (hi - lo)) * (width - LEFT - RIGHT);

  // the axis: months, quarters or years, by the span
  const axis = el("g", { class: "kg-axis" });
  const step = hi - lo < 400 * DAY ? 1 : hi - lo < 4 * 365 * DAY ? 3 : 12;
  const from = new Date(lo);
  let month = from.getUTCMonth() + 1;
  month += (step - (month % step)) % step;
  for (let tick = Date.UTC(from.getUTCFullYear(), month, 1); tick <= hi; ) {
    const d = new Date(tick);
    el("line", { x1: x(tick), x2: x(tick), y1: TOP - 8, y2: height - 10 }, axis);
    const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
    el("text", { x: x(tick) + 3, y: TOP - 14 }, axis).textContent = step === 12 ? `${d.getUTCFullYear()}` : `${d.getUTCFullYear()}-${mm}`;
    tick = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1);
  }

  let selected = null;
  function select(node, item, kind) {
    if (selected) selected.classList.remove("kg-selected");
    selected = node;
    node.classList.add("kg-selected");
    show(item, kind);
  }

  function dated(iso, precision) {
    return iso ? `${iso}${precision && precision !== "day" ? ` (${precision})` : ""}` : "—";
  }

  function show(item, kind) {
    const body = document.getElementById("kg-details-body");
    body.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = kind === "event" ? item.name : `${item.title} · ${item.organization || ""}`;
    body.appendChild(h);
    const dl = document.createElement("dl");
    const rows = kind === "event"
      ? [["日期 date", item.date], ["角色 roles", (item.roles || []).join(", ")]]
      : [
          ["起 start (stated)", dated(item.start, item.start_precision)],
          ["止 end (stated)", item.ended && !item.end ? "ended, day not stated" : dated(item.end, item.end_precision)],
          ["见于 observed", item.first_observed ? `${item.first_observed} – ${item.last_observed}` : "—"],
          ["来源 tenures", String(item.sources)],
        ];
    for (const [k, v] of rows) {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k;
      dd.textContent = v || "—";
      dl.append(dt, dd);
    }
    body.appendChild(dl);
    for (const s of item.sentences || []) {
      const q = document.createElement("blockquote");
      q.textContent = s.text;
      const src = document.createElement("div");
      src.className = "kg-source";
      src.textContent = `${s.role} · ${s.file}${s.published ? " · " + s.published : ""}`;
      body.append(q, src);
    }
    document.getElementById("kg-details").hidden = false;
  }

  spells.forEach((s, i) => {
    const y = TOP + i * ROW;
    const label = el("text", { x: 6, y: y + 15 });
    label.textContent = `${s.title || ""} · ${s.organization || ""}`;
    const stated = time(s.start) !== null || time(s.end, true) !== null;
    if (stated && s.begin !== null) {
      const x2 = s.until !== null ? x(s.until) : x(s.begin) + 8;
      const bar = el("rect", { class: "kg-stated", x: x(s.begin), y: y + 2, width: Math.max(x2 - x(s.begin), 6), height: ROW - 8, "data-spell": i });
      titled(bar, `stated ${dated(s.start, s.start_precision)} – ${dated(s.end, s.end_precision)}`);
      bar.addEventListener("click", () => select(bar, s, "spell"));
    }
    if (s.seenFrom !== null) {
      const bar = el("rect", { class: "kg-observed", x: x(s.seenFrom), y: y + 7, width: Math.max(x(s.seenTo) - x(s.seenFrom), 4), height: ROW - 18, "data-spell": i });
      titled(bar, `observed ${s.first_observed} – ${s.last_observed}`);
      bar.addEventListener("click", () => select(bar, s, "spell"));
    }
    if (s.ended && !s.end) {
      const at = (s.seenTo ?? s.begin ?? lo) + 0;
      titled(el("line", { class: "kg-ended", x1: x(at) + 6, x2: x(at) + 6, y1: y + 2, y2: y + ROW - 6 }), "ended, day not stated");
    }
  });

  if (events.length) {
    const y = TOP + spells.length * ROW;
    el("text", { x: 6, y: y + 15 }).textContent = "活动 events";
    for (const e of events) {
      const dot = el("circle", { class: "kg-event", cx: x(e.at), cy: y + 10, r: 5 });
      titled(dot, `${e.date} ${e.name}`);
      dot.addEventListener("click", () => select(dot, e, "event"));
    }
  }

  document.getElementById("kg-counts").textContent =
    `${data.person.pinyin || ""} · ${spells.length} spells, ${events.length} events`;
  document.getElementById("kg-details-close").addEventListener("click", () => {
    document.getElementById("kg-details").hidden = true;
  });
  document.body.dataset.stable = "true";
})();

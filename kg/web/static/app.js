// bulletin-kg web app: small behaviours the pages share (no text from the store is ever parsed as HTML).
"use strict";
(function () {
  // query pages: an example fills the editor
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const editor = button.closest("form").querySelector("textarea");
      editor.value = button.dataset.query;
      editor.focus();
    });
  }

  // question forms: names offered as one types
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.getAttribute("list"));
    const labels = input.dataset.suggest.split(",").filter(Boolean);
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const params = new URLSearchParams({ q: input.value });
        labels.forEach((l) => params.append("label", l));
        if (!input.value.trim()) return;
        const response = await fetch("/api/suggest?" + params);
        if (!response.ok) return;
        list.replaceChildren(...(await response.json()).map((r) => {
          const option = document.createElement("option");
          option.value = r.name;
          option.label = [r.label, r.pinyin, r.id].filter(Boolean).join(" · ");
          return option;
        }));
      }, 200);
    });
  }

  // the header's suggestions close on Escape or a click elsewhere
  const suggestions = document.getElementById("suggestions");
  const close = () => suggestions && suggestions.replaceChildren();
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
  document.addEventListener("click", (event) => { if (!event.target.closest(".search")) close(); });

  // document page: the fact named in the address (#f-ID) is marked wherever it is
  function markTarget() {
    const id = decodeURIComponent(location.hash.replace(/^#f-/, ""));
    const marked = document.querySelectorAll(".target");
    marked.forEach((el) => el.classList.remove("target"));
    if (!location.hash.startsWith("#f-") || !id) return;
    const hits = [...document.querySelectorAll("[data-f]")].filter((el) => el.dataset.f.split(" ").includes(id));
    hits.forEach((el) => el.classList.add("target"));
    const first = hits.find((el) => el.closest(".doc-text")) || hits[0];
    if (first) first.scrollIntoView({ block: "center" });
    document.body.dataset.marked = String(hits.length);
  }
  if (document.querySelector(".doc-text")) {
    window.addEventListener("hashchange", markTarget);
    markTarget();
  }
})();

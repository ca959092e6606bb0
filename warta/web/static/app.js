// warta web UI: the only script. Links an article's events to their spans on hover.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("event-list");
  const text = document.getElementById("article-text");
  if (!list || !text) return;
  const spansOf = (id) => text.querySelectorAll('[data-ev~="' + CSS.escape(id) + '"]');
  const clear = () => document.querySelectorAll(".on").forEach((el) => el.classList.remove("on"));
  list.querySelectorAll("li[data-ev-id]").forEach((item) => {
    item.addEventListener("mouseenter", () => {
      clear();
      item.classList.add("on");
      spansOf(item.dataset.evId).forEach((el) => el.classList.add("on"));
    });
    item.addEventListener("mouseleave", clear);
  });
  // Hovering a highlighted word shows which events it belongs to.
  text.querySelectorAll(".hl[data-ev]").forEach((span) => {
    span.addEventListener("mouseenter", () => {
      clear();
      span.dataset.ev.split(" ").filter(Boolean).forEach((id) => {
        const item = document.getElementById("ev-" + id);
        if (item) item.classList.add("on");
      });
    });
    span.addEventListener("mouseleave", clear);
  });
  // An article opened at #ev-ID (from the event table) shows that event's spans.
  const target = location.hash.startsWith("#ev-") ? document.getElementById(location.hash.slice(1)) : null;
  if (target) {
    target.classList.add("on");
    spansOf(target.dataset.evId).forEach((el) => el.classList.add("on"));
    target.scrollIntoView({ block: "nearest" });
  }
});

// Charts: Vega-Lite specs from <script type="application/json"> blocks (data, never code),
// drawn by the vendored vega-embed. The expression interpreter keeps eval out, so the charts
// run under the page's Content-Security-Policy; the tooltip's and the actions' styles are
// in style.css rather than injected.
window.wartaCharts = {};
document.addEventListener("DOMContentLoaded", () => {
  const charts = document.querySelectorAll("[data-chart]");
  if (!charts.length) return;
  if (typeof window.vegaEmbed !== "function") {
    charts.forEach((el) => { el.textContent = "The charts need JavaScript."; });
    return;
  }
  const options = {
    mode: "vega-lite", renderer: "svg", ast: true, defaultStyle: false,
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { disableDefaultStyle: true, theme: "light" },
  };
  charts.forEach((el) => {
    const source = document.getElementById(el.dataset.chart);
    if (!source) return;
    window.vegaEmbed(el, JSON.parse(source.textContent), options).then((result) => {
      window.wartaCharts[el.id] = result.view;
      el.dataset.rendered = "true";
    }).catch((err) => {
      el.dataset.rendered = "error";
      el.textContent = "This chart could not be drawn: " + err.message;
      console.error(err);
    });
  });
});

// Tables drawn whole on the page (dyads, a dyad's periods) sort in the browser: a click on a
// header sorts by that column, a second click the other way round. Numbers sort as numbers.
document.addEventListener("DOMContentLoaded", () => {
  const key = (row, index) => {
    const text = (row.cells[index] ? row.cells[index].textContent : "").trim();
    const number = Number(text.replace("\u2212", "-"));
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  };
  const compare = (x, y) => {
    if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  document.querySelectorAll("table.sortable").forEach((table) => {
    const head = table.tHead;
    const body = table.tBodies[0];
    if (!head || !body) return;
    Array.from(head.rows[0].cells).forEach((th, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "sort by " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        head.querySelectorAll("th").forEach((cell) => cell.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        rows.sort((a, b) => (ascending ? 1 : -1) * compare(key(a, index), key(b, index)));
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
});

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

// Loud reporting: anything Google would reject or ignore becomes a red box in place of
// what it broke (with the offending JSON), plus a console error, so nothing is hidden.

import { h } from "./dom.js";

export function errorsOf(problems) {
  return problems.filter((p) => p.level === "error");
}

function problemList(problems) {
  return h("ul", { class: "problem-list" },
    problems.map((p) => h("li", {}, p.path ? h("code", { text: p.path }) : null, p.path ? ": " : "", p.message)));
}

/** A red box: `title`, the problems, and the offending JSON pretty-printed. */
export function problemBox(title, problems, json) {
  console.error(`[preview] ${title}`, problems, json);
  const box = h("div", { class: "problem", role: "alert", dataset: { problem: "error" } },
    h("div", { class: "problem-title" }, h("span", { class: "material-icons", text: "error" }), title),
    problemList(problems));
  if (json !== undefined) box.append(h("pre", { class: "problem-json", text: JSON.stringify(json, null, 2) }));
  return box;
}

/** An amber note for valid-but-suspicious input (Chat-only fields, deprecated names). */
export function warningBox(problems) {
  console.warn("[preview] card warnings", problems);
  return h("div", { class: "warning", dataset: { problem: "warn" } },
    h("div", { class: "problem-title" }, h("span", { class: "material-icons", text: "warning" }), "Preview warning"),
    problemList(problems));
}

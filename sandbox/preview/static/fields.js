// Shared parts of the input widgets: ids, the labelled shell with its error line, and
// the stringInputs shape most inputs send.

import { h } from "./dom.js";

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

export function fieldShell(kind, name, label, control, hint) {
  const error = h("div", { class: "field-error", role: "alert" });
  const shell = h("div", { class: `field field-${kind}`, dataset: { widget: kind, name: name || "" } },
    label ? h("label", { class: "field-label", for: control.id, text: label }) : null,
    control, hint ? h("div", { class: "field-hint", text: hint }) : null, error);
  const setError = (message) => {
    shell.classList.toggle("invalid", Boolean(message));
    error.textContent = message || "";
    if (message) shell.scrollIntoView?.({ block: "nearest" });
  };
  return { shell, setError };
}

export const str = (values) => ({ stringInputs: { value: values } });

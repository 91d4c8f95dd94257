// Card checks: the proto table (schema.js) plus the rules Google states in prose
// (required fields, footer buttons, HTTPS action URLs). Each widget is checked where it
// is rendered so a bad one is replaced by a red box and its neighbours still render.

import { iconProblems } from "./icons.js";
import { MESSAGES, WIDGET_KINDS, checkMessage } from "./schema.js";

const error = (path, message) => ({ level: "error", path, message });
const warn = (path, message) => ({ level: "warn", path, message });

function isLoopback(url) {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

const RULES = {
  Action(a, path) {
    const out = [];
    if (!a.function) {
      out.push(error(path, "action has no function (the full HTTPS URL of the endpoint)"));
    } else {
      let url = null;
      try { url = new URL(a.function); } catch { /* reported below */ }
      if (!url || !/^https?:$/.test(url.protocol)) {
        out.push(error(`${path}.function`, `function must be a full URL on the HTTP runtime, got ${JSON.stringify(a.function)}`));
      } else if (url.protocol === "http:" && !isLoopback(url)) {
        out.push(warn(`${path}.function`, "Google calls HTTPS endpoints only"));
      }
    }
    if ("interaction" in a) out.push(error(`${path}.interaction`, "interaction is Chat-only: on an add-on action Gmail strips the whole card"));
    return out;
  },
  Button(b, path) {
    const out = [];
    if (!b.onClick) out.push(error(path, "button has no onClick"));
    if (!b.text && !b.icon) out.push(error(path, "button needs text or an icon"));
    return out;
  },
  Icon(i, path) { return iconProblems(i, path); },
  CardHeader(h, path) { return h.title ? [] : [error(path, "header.title is required")]; },
  DecoratedText(d, path) { return "text" in d ? [] : [error(path, "decoratedText.text is required")]; },
  Image(i, path) { return i.imageUrl ? [] : [error(path, "image.imageUrl is required")]; },
  TextInput(t, path) {
    const out = [];
    if (!t.name) out.push(error(path, "textInput.name is required (it keys formInputs)"));
    if (!t.label && !t.hintText) out.push(error(path, "textInput needs a label or a hintText"));
    return out;
  },
  SelectionInput(s, path) {
    const out = [];
    if (!s.name) out.push(error(path, "selectionInput.name is required (it keys formInputs)"));
    if ((s.items || []).length > 100) out.push(error(path, "selectionInput supports up to 100 items"));
    return out;
  },
  DateTimePicker(d, path) { return d.name ? [] : [error(path, "dateTimePicker.name is required (it keys formInputs)")]; },
  SwitchControl(s, path) { return s.name ? [] : [error(path, "switchControl.name is required (it keys formInputs)")]; },
  Columns(c, path) { return (c.columnItems || []).length > 2 ? [error(path, "columns holds at most 2 columnItems")] : []; },
  CardFixedFooter(f, path) {
    const out = [];
    if (!f.primaryButton) out.push(error(path, "fixedFooter needs a primaryButton (a secondaryButton alone is an error)"));
    for (const key of ["primaryButton", "secondaryButton"]) {
      const b = f[key];
      if (b && (!b.text || !b.color)) out.push(error(`${path}.${key}`, "footer buttons must be text buttons with text and color set"));
    }
    return out;
  },
  Section(s, path) { return (s.widgets || []).length ? [] : [error(path, "a section must contain at least one widget")]; },
};

// Walk `value` as message `type`, applying RULES to every nested message (stopping at
// boundaries, which are checked where they are rendered).
function applyRules(type, value, path, out) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return;
  const rule = RULES[type];
  if (rule) out.push(...rule(value, path));
  const fields = MESSAGES[type] || {};
  for (const [key, item] of Object.entries(value)) {
    const spec = fields[key];
    if (!spec) continue;
    const inner = spec.list || spec;
    if (!inner.msg || inner.boundary) continue;
    const items = spec.list ? (Array.isArray(item) ? item : []) : [item];
    items.forEach((v, i) => applyRules(inner.msg, v, spec.list ? `${path}.${key}[${i}]` : `${path}.${key}`, out));
  }
}

/** Problems of one widget (`type` is Widget or ColumnWidget). */
export function validateWidget(widget, path, type = "Widget") {
  if (!widget || typeof widget !== "object" || Array.isArray(widget)) return [error(path, "a widget must be an object")];
  const out = checkMessage(type, widget, path);
  const kinds = WIDGET_KINDS.filter((k) => k in widget);
  if (!kinds.length && !out.some((p) => p.level === "error")) out.push(error(path, "widget sets no widget kind"));
  applyRules(type, widget, path, out);
  return out;
}

/** Problems of the card outside its widgets (header, sections' own fields, footer, actions). */
export function validateCard(card) {
  if (!card || typeof card !== "object" || Array.isArray(card)) return [error("card", "a card must be an object")];
  const out = checkMessage("Card", card, "card");
  applyRules("Card", card, "card", out);
  const total = (card.sections || []).reduce((n, s) => n + ((s && s.widgets) || []).length, 0);
  if (total > 100) out.push(warn("card", `${total} widgets: Gmail ignores widgets beyond 100`));
  return out;
}

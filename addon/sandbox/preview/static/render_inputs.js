// Input widgets: textInput, selectionInput (all five types), dateTimePicker and the
// switchControl of a decoratedText. Each registers a field with the card's Form so a
// click can send formInputs in Google's exact shapes.

import { h } from "./dom.js";

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

function fieldShell(kind, name, label, control, hint) {
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

const str = (values) => ({ stringInputs: { value: values } });

// ---- textInput ----------------------------------------------------------------------

function validateText(value, validation) {
  if (!validation || !value) return null;
  const limit = Number(validation.characterLimit || 0);
  if (limit && [...value].length > limit) return `At most ${limit} characters`;
  const type = validation.inputType;
  if (type === "INTEGER" && !/^[-+]?\d+$/.test(value.trim())) return "Enter a whole number";
  if (type === "FLOAT" && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) return "Enter a number";
  if (type === "EMAIL" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) return "Enter an email address";
  return null;
}

export function renderTextInput(w, ctx) {
  const multi = w.type === "MULTIPLE_LINE" && !w.initialSuggestions;
  const id = nextId("ti");
  const control = multi
    ? h("textarea", { id, name: w.name, rows: 3, placeholder: w.hintText && !w.label ? w.hintText : "" })
    : h("input", { id, name: w.name, type: "text", placeholder: w.hintText && !w.label ? w.hintText : "", autocomplete: "off" });
  control.value = w.value ?? "";
  const hint = w.label ? w.hintText : null;
  const { shell, setError } = fieldShell("textInput", w.name, w.label, control, hint);
  const limit = Number(w.validation?.characterLimit || 0);
  if (limit) {
    const counter = h("div", { class: "field-counter" });
    const update = () => { counter.textContent = `${[...control.value].length}/${limit}`; };
    control.addEventListener("input", update);
    update();
    shell.append(counter);
  }
  if (w.initialSuggestions || w.autoCompleteAction) attachSuggestions(control, shell, w, ctx);
  const field = ctx.form.add({
    name: w.name, kind: `textInput:${multi ? "MULTIPLE_LINE" : "SINGLE_LINE"}`, el: shell, dirty: false, setError,
    read: () => (control.value === "" ? null : str([control.value])),
    raw: () => control.value,
    setRaw: (v) => { control.value = v; },
    validate: () => validateText(control.value, w.validation),
  });
  control.addEventListener("input", () => { field.dirty = true; setError(null); });
  if (w.onChangeAction) control.addEventListener("change", () => ctx.runAction(w.onChangeAction, shell));
  return shell;
}

function attachSuggestions(control, shell, w, ctx) {
  const list = h("datalist", { id: nextId("dl") });
  const fill = (items) => {
    list.replaceChildren(...(items || []).map((it) => h("option", { value: it.text ?? "" })));
  };
  fill(w.initialSuggestions?.items);
  control.setAttribute("list", list.id);
  shell.append(list);
  if (w.autoCompleteAction) {
    let timer = 0;
    control.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => fill(await ctx.autoComplete(w.autoCompleteAction)), 300);
    });
  }
}

// ---- selectionInput -------------------------------------------------------------------

export function renderSelectionInput(w, ctx) {
  const type = w.type || "CHECK_BOX";
  const items = w.items || [];
  const build = { DROPDOWN: dropdown, RADIO_BUTTON: choices, CHECK_BOX: choices, SWITCH: choices, MULTI_SELECT: multiSelect }[type];
  const { control, read, raw, setRaw } = build(w, items, type);
  const group = h("fieldset", { class: `field field-selectionInput selection-${type.toLowerCase()}`, dataset: { widget: "selectionInput", name: w.name || "", type } },
    w.label ? h("legend", { class: "field-label", text: w.label }) : null, control);
  const error = h("div", { class: "field-error", role: "alert" });
  group.append(error);
  const setError = (message) => { group.classList.toggle("invalid", Boolean(message)); error.textContent = message || ""; };
  const field = ctx.form.add({
    name: w.name, kind: `selectionInput:${type}`, el: group, dirty: false, setError, raw, setRaw,
    read: () => { const values = read(); return values.length ? str(values) : null; },
  });
  group.addEventListener("change", (event) => {
    field.dirty = true;
    setError(null);
    if (w.onChangeAction) ctx.runAction(w.onChangeAction, group);
  });
  return group;
}

function dropdown(w, items) {
  const select = h("select", { name: w.name, id: nextId("sel"), "aria-label": w.label || w.name },
    items.map((it) => h("option", { value: it.value ?? "", selected: Boolean(it.selected), text: it.text ?? "" })));
  const wrap = h("div", { class: "select-wrap" }, select, h("span", { class: "material-icons select-caret", text: "arrow_drop_down" }));
  return {
    control: wrap,
    read: () => (select.selectedIndex >= 0 && items.length ? [select.value] : []),
    raw: () => [select.value],
    setRaw: (values) => { if (items.some((it) => it.value === values[0])) select.value = values[0]; },
  };
}

function choices(w, items, type) {
  const inputType = type === "RADIO_BUTTON" ? "radio" : "checkbox";
  const group = nextId("grp");
  const inputs = items.map((it) => h("input", {
    type: inputType, name: `${w.name}-${group}`, value: it.value ?? "", checked: Boolean(it.selected),
    class: type === "SWITCH" ? "switch-input" : "",
  }));
  const rows = items.map((it, i) => h("label", { class: "choice" }, inputs[i],
    type === "SWITCH" ? h("span", { class: "switch-track" }) : null,
    h("span", { class: "choice-text" }, it.text ?? "", it.bottomText ? h("span", { class: "choice-bottom", text: it.bottomText }) : null)));
  const selected = () => inputs.filter((i) => i.checked).map((i) => i.value);
  return {
    control: h("div", { class: "choices" }, rows),
    read: selected, raw: selected,
    setRaw: (values) => inputs.forEach((i) => { i.checked = values.includes(i.value); }),
  };
}

function multiSelect(w, items) {
  const max = Number(w.multiSelectMaxSelectedItems ?? 3);
  let chosen = items.filter((it) => it.selected).map((it) => it.value);
  const chips = h("div", { class: "ms-chips" });
  const adder = h("select", { class: "ms-add", "aria-label": `Add to ${w.label || w.name}` });
  const box = h("div", { class: "multi-select" }, chips, adder);
  const notify = () => box.dispatchEvent(new Event("change", { bubbles: true }));
  const draw = () => {
    chips.replaceChildren(...chosen.map((value) => {
      const item = items.find((it) => it.value === value) || { text: value };
      return h("span", { class: "chip ms-chip", dataset: { value } }, item.text,
        h("button", { type: "button", class: "chip-x", "aria-label": `Remove ${item.text}`, onclick: () => { chosen = chosen.filter((v) => v !== value); draw(); notify(); } },
          h("span", { class: "material-icons", text: "close" })));
    }));
    const rest = items.filter((it) => !chosen.includes(it.value));
    adder.replaceChildren(h("option", { value: "", text: chosen.length >= max ? `Up to ${max} selected` : "Add…" }),
      ...rest.map((it) => h("option", { value: it.value, text: it.text })));
    adder.disabled = chosen.length >= max || !rest.length;
  };
  adder.addEventListener("change", (event) => {
    event.stopPropagation();
    if (adder.value) { chosen = [...chosen, adder.value]; draw(); notify(); }
  });
  draw();
  return {
    control: box, read: () => [...chosen], raw: () => [...chosen],
    setRaw: (values) => { chosen = values.filter((v) => items.some((it) => it.value === v)); draw(); },
  };
}

// ---- dateTimePicker -------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, "0");

// DATE_ONLY values are midnight UTC; DATE_AND_TIME is an instant shown in
// timezoneOffsetDate (minutes) when set, else in the user's zone; TIME_ONLY is ms after midnight.
function toInputValue(type, ms, offsetMin) {
  if (ms === undefined || ms === null || ms === "") return "";
  const n = Number(ms);
  if (type === "DATE_ONLY") return new Date(n).toISOString().slice(0, 10);
  if (type === "TIME_ONLY") return `${pad(Math.floor(n / 3600000) % 24)}:${pad(Math.floor(n / 60000) % 60)}`;
  const offset = offsetMin ?? -new Date(n).getTimezoneOffset();
  return new Date(n + offset * 60000).toISOString().slice(0, 16);
}

function readDate(type, value, offsetMin) {
  if (!value) return null;
  if (type === "TIME_ONLY") {
    const [hours, minutes] = value.split(":").map(Number);
    return { timeInput: { hours, minutes } };
  }
  if (type === "DATE_ONLY") {
    const [y, m, d] = value.split("-").map(Number);
    return { dateInput: { msSinceEpoch: String(Date.UTC(y, m - 1, d)) } };
  }
  const asUtc = Date.parse(`${value}:00Z`);
  const offset = offsetMin ?? -new Date(asUtc).getTimezoneOffset();
  return { dateTimeInput: { msSinceEpoch: String(asUtc - offset * 60000), hasDate: true, hasTime: true } };
}

export function renderDateTimePicker(w, ctx) {
  const type = w.type || "DATE_AND_TIME";
  const offset = w.timezoneOffsetDate === undefined ? undefined : Number(w.timezoneOffsetDate);
  const control = h("input", {
    id: nextId("dt"), name: w.name,
    type: { DATE_ONLY: "date", TIME_ONLY: "time", DATE_AND_TIME: "datetime-local" }[type],
  });
  control.value = toInputValue(type, w.valueMsEpoch, offset);
  const { shell, setError } = fieldShell("dateTimePicker", w.name, w.label, control, null);
  shell.dataset.type = type;
  const field = ctx.form.add({
    name: w.name, kind: `dateTimePicker:${type}`, el: shell, dirty: false, setError,
    read: () => readDate(type, control.value, offset),
    raw: () => control.value,
    setRaw: (v) => { control.value = v; },
  });
  control.addEventListener("change", () => {
    field.dirty = true;
    setError(null);
    if (w.onChangeAction) ctx.runAction(w.onChangeAction, shell);
  });
  return shell;
}

// ---- decoratedText.switchControl ------------------------------------------------------

export function renderSwitchControl(s, ctx) {
  const isCheckbox = s.controlType === "CHECK_BOX" || s.controlType === "CHECKBOX";
  const input = h("input", { type: "checkbox", name: s.name, checked: Boolean(s.selected), class: isCheckbox ? "" : "switch-input", "aria-label": s.name });
  const el = h("label", { class: `switch-control ${isCheckbox ? "as-checkbox" : "as-switch"}`, dataset: { widget: "switchControl", name: s.name || "" } },
    input, isCheckbox ? null : h("span", { class: "switch-track" }));
  const field = ctx.form.add({
    name: s.name, kind: "switchControl", el, dirty: false, setError: () => {},
    // Selected: the switch's value ("" when it has none). Not selected: omitted.
    read: () => (input.checked ? str([s.value ?? ""]) : null),
    raw: () => input.checked,
    setRaw: (v) => { input.checked = Boolean(v); },
  });
  input.addEventListener("change", () => {
    field.dirty = true;
    if (s.onChangeAction) ctx.runAction(s.onChangeAction, el);
  });
  return el;
}

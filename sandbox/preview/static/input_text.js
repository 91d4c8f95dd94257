// textInput and the switchControl of a decoratedText. Each registers a field with the
// card's Form so a click can send formInputs in Google's exact shapes.

import { h } from "./dom.js";
import { fieldShell, nextId, str } from "./fields.js";

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

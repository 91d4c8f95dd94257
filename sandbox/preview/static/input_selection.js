// selectionInput in its five types. Selected item values go out as one stringInputs list.

import { h } from "./dom.js";
import { nextId, str } from "./fields.js";

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

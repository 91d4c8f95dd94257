// dateTimePicker: DATE_ONLY → dateInput, DATE_AND_TIME → dateTimeInput, TIME_ONLY → timeInput.

import { h } from "./dom.js";
import { fieldShell, nextId } from "./fields.js";

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

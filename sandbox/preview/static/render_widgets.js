// Display widgets and the per-widget dispatcher. Every widget is validated first; an
// invalid one is replaced by a red box carrying its JSON, so the rest of the card renders.

import { h } from "./dom.js";
import { iconElement, imageWithFallback } from "./icons.js";
import { errorsOf, problemBox, warningBox } from "./problems.js";
import { renderDateTimePicker } from "./input_date.js";
import { renderSelectionInput } from "./input_selection.js";
import { renderSwitchControl, renderTextInput } from "./input_text.js";
import { sanitize } from "./sanitize.js";
import { WIDGET_KINDS } from "./schema.js";
import { validateWidget } from "./validate.js";

const ALIGN = { START: "flex-start", CENTER: "center", END: "flex-end" };

/** Card text (simple HTML subset) as a fragment. */
export function richText(html, ctx) {
  return sanitize(html, (url) => ctx.openLink({ url })).fragment;
}

const channel = (v) => Math.round(Math.min(1, Math.max(0, Number(v) || 0)) * 255);

/** Card Color {red, green, blue} (floats 0..1, missing = 0) → CSS, plus a readable text colour. */
export function cssColor(color) {
  const [r, g, b] = [channel(color.red), channel(color.green), channel(color.blue)];
  const light = 0.299 * r + 0.587 * g + 0.114 * b > 160;
  return { background: `rgb(${r}, ${g}, ${b})`, foreground: light ? "#1f1f1f" : "#ffffff" };
}

export function renderButton(b, ctx, extraClass = "") {
  const iconOnly = !b.text && b.icon;
  const type = b.color ? "FILLED" : b.type && b.type !== "TYPE_UNSPECIFIED" ? b.type : "OUTLINED";
  const button = h("button", {
    type: "button", class: `btn btn-${type.toLowerCase()} ${iconOnly ? "btn-icon" : ""} ${extraClass}`.trim(),
    disabled: Boolean(b.disabled), title: b.altText, "aria-label": b.altText || b.text,
    dataset: { widget: "button" },
  }, iconElement(b.icon, "btn-glyph"), b.text ? h("span", { class: "btn-text", text: b.text }) : null);
  if (b.color) {
    const { background, foreground } = cssColor(b.color);
    button.style.background = background;
    button.style.color = foreground;
    button.style.borderColor = background;
  }
  if (b.onClick) button.addEventListener("click", () => ctx.onClick(b.onClick, { source: button }));
  return button;
}

function textParagraph(w, ctx) {
  const el = h("div", { class: "w-text" }, richText(w.text, ctx));
  if (w.maxLines > 0) {
    el.classList.add("clamped");
    el.style.webkitLineClamp = String(w.maxLines);
  }
  return el;
}

function decoratedText(w, ctx) {
  const start = iconElement(w.startIcon || w.icon, "dt-icon");
  const body = h("div", { class: "dt-body" },
    w.topLabel ? h("div", { class: "dt-top" }, richText(w.topLabel, ctx)) : null,
    h("div", { class: `dt-text ${w.wrapText ? "wrap" : "nowrap"}` }, richText(w.text, ctx)),
    w.bottomLabel ? h("div", { class: "dt-bottom" }, richText(w.bottomLabel, ctx)) : null);
  let control = null;
  if (w.button) control = renderButton(w.button, ctx, "dt-button");
  else if (w.switchControl) control = renderSwitchControl(w.switchControl, ctx);
  else if (w.endIcon) control = iconElement(w.endIcon, "dt-end");
  const el = h("div", { class: "w-decorated" }, start || h("span", { class: "dt-icon-gap" }), body, control);
  if (w.onClick) {
    el.classList.add("clickable");
    body.tabIndex = 0;
    body.addEventListener("click", () => ctx.onClick(w.onClick, { source: el }));
  }
  return el;
}

function buttonList(w, ctx) {
  return h("div", { class: "w-buttons" }, (w.buttons || []).map((b) => renderButton(b, ctx)));
}

function image(w, ctx) {
  const img = imageWithFallback(w.imageUrl, w.altText || "", "w-image-img");
  const el = h("div", { class: "w-image" }, img);
  if (w.onClick) {
    el.classList.add("clickable");
    el.addEventListener("click", () => ctx.onClick(w.onClick, { source: el }));
  }
  return el;
}

function grid(w, ctx) {
  const border = w.borderStyle || {};
  const items = (w.items || []).map((item) => {
    const crop = item.image?.cropStyle?.type || "SQUARE";
    const pic = item.image ? imageWithFallback(item.image.imageUri, item.image.altText || "", `grid-img crop-${crop.toLowerCase()}`) : null;
    const text = h("div", { class: "grid-text" }, item.title ? h("div", { class: "grid-title", text: item.title }) : null,
      item.subtitle ? h("div", { class: "grid-subtitle", text: item.subtitle }) : null);
    const cell = h("div", { class: `grid-item ${border.type === "STROKE" ? "stroke" : ""}`, dataset: { id: item.id || "" } },
      item.layout === "TEXT_ABOVE" ? [text, pic] : [pic, text]);
    if (border.cornerRadius) cell.style.borderRadius = `${border.cornerRadius}px`;
    if (w.onClick) {
      cell.classList.add("clickable");
      // Google reuses the grid's onClick per item, adding the item's id to the parameters.
      cell.addEventListener("click", () => ctx.onClick(w.onClick, { source: cell, extraParameters: { grid_item_identifier: item.id ?? "" } }));
    }
    return cell;
  });
  const cells = h("div", { class: "grid-cells" }, items);
  cells.style.gridTemplateColumns = `repeat(${Math.max(1, Number(w.columnCount) || 2)}, minmax(0, 1fr))`;
  return h("div", { class: "w-grid" }, w.title ? h("div", { class: "grid-heading", text: w.title }) : null, cells);
}

function columns(w, ctx, path) {
  const cols = (w.columnItems || []).map((col, i) => {
    const el = h("div", { class: `column size-${(col.horizontalSizeStyle || "FILL_AVAILABLE_SPACE").toLowerCase()}` },
      (col.widgets || []).map((child, j) => renderWidget(child, ctx, `${path}.columns.columnItems[${i}].widgets[${j}]`, "ColumnWidget")));
    el.style.alignItems = ALIGN[col.horizontalAlignment] || "stretch";
    el.style.justifyContent = { TOP: "flex-start", CENTER: "center", BOTTOM: "flex-end" }[col.verticalAlignment] || "flex-start";
    return el;
  });
  return h("div", { class: "w-columns" }, cols);
}

function chipList(w, ctx) {
  const chips = (w.chips || []).map((c) => {
    const chip = h("button", { type: "button", class: "chip", disabled: Boolean(c.disabled) || c.enabled === false, title: c.altText },
      iconElement(c.icon, "chip-icon"), c.label ? h("span", { text: c.label }) : null);
    if (c.onClick) chip.addEventListener("click", () => ctx.onClick(c.onClick, { source: chip }));
    return chip;
  });
  return h("div", { class: `w-chips ${w.layout === "HORIZONTAL_SCROLLABLE" ? "scroll" : "wrap"}` }, chips);
}

const RENDERERS = {
  textParagraph, decoratedText, buttonList, image, grid, columns, chipList,
  divider: () => h("hr", { class: "w-divider" }),
  textInput: (w, ctx) => renderTextInput(w, ctx),
  selectionInput: (w, ctx) => renderSelectionInput(w, ctx),
  dateTimePicker: (w, ctx) => renderDateTimePicker(w, ctx),
  carousel: () => h("div", { class: "w-unsupported", text: "(carousel: not shown in Gmail add-ons)" }),
};

/** Render one widget object; `type` is the proto message it must be (Widget or ColumnWidget). */
export function renderWidget(widget, ctx, path, type = "Widget") {
  const problems = validateWidget(widget, path, type);
  const kind = WIDGET_KINDS.find((k) => widget && typeof widget === "object" && k in widget);
  if (errorsOf(problems).length || !kind) {
    const box = problemBox(kind ? `Invalid ${kind} widget` : "Unknown widget", problems, widget);
    box.dataset.widget = "problem";
    return box;
  }
  const el = RENDERERS[kind](widget[kind], ctx, path);
  const wrap = h("div", { class: `widget widget-${kind}`, dataset: { widget: kind } }, el);
  if (widget.horizontalAlignment && ALIGN[widget.horizontalAlignment]) wrap.style.justifyContent = ALIGN[widget.horizontalAlignment];
  if (problems.length) wrap.prepend(warningBox(problems));
  return wrap;
}

// One card: header, sections (collapsible), widgets, fixed footer. Card-level problems
// (unknown card fields, a footer without a primary button…) show as a red box on top;
// the card still renders below it so the developer sees both.

import { h } from "./dom.js";
import { imageWithFallback } from "./icons.js";
import { errorsOf, problemBox, warningBox } from "./problems.js";
import { renderButton, renderWidget, richText } from "./render_widgets.js";
import { validateCard } from "./validate.js";

function header(hd) {
  if (!hd) return null;
  const img = hd.imageUrl ? imageWithFallback(hd.imageUrl, hd.imageAltText || "", `card-header-img ${hd.imageType === "CIRCLE" ? "circle" : "square"}`) : null;
  return h("div", { class: "card-header" }, img,
    h("div", { class: "card-header-text" },
      h("div", { class: "card-title", text: hd.title ?? "" }),
      hd.subtitle ? h("div", { class: "card-subtitle", text: hd.subtitle }) : null));
}

function section(sec, index, ctx) {
  const widgets = (sec.widgets || []).map((w, j) => renderWidget(w, ctx, `card.sections[${index}].widgets[${j}]`));
  const el = h("section", { class: "card-section", dataset: { section: String(index) } },
    sec.header ? h("div", { class: "section-header" }, richText(sec.header, ctx)) : null);
  // uncollapsibleWidgetsCount only counts when collapsible is true.
  const keep = sec.collapsible ? Math.max(0, Number(sec.uncollapsibleWidgetsCount) || 0) : widgets.length;
  el.append(...widgets.slice(0, keep));
  if (keep < widgets.length) {
    const rest = h("div", { class: "section-more", hidden: true }, widgets.slice(keep));
    const control = sec.collapseControl || {};
    const labels = { more: control.expandButton?.text || "Show more", less: control.collapseButton?.text || "Show less" };
    const toggle = h("button", { type: "button", class: "section-toggle", "aria-expanded": "false" });
    const draw = () => {
      toggle.replaceChildren(h("span", { text: rest.hidden ? labels.more : labels.less }),
        h("span", { class: "material-icons", text: rest.hidden ? "expand_more" : "expand_less" }));
      toggle.setAttribute("aria-expanded", String(!rest.hidden));
    };
    toggle.addEventListener("click", () => { rest.hidden = !rest.hidden; draw(); });
    draw();
    el.append(rest, h("div", { class: "section-toggle-row" }, toggle));
  }
  return el;
}

/** Render `card`; returns {body, footer} (footer is pinned by the sidebar). */
export function renderCard(card, ctx) {
  const problems = validateCard(card);
  const body = h("div", { class: `card ${card.sectionDividerStyle === "NO_DIVIDER" ? "no-dividers" : ""}`, dataset: { cardName: card.name || "" } });
  if (errorsOf(problems).length) body.append(problemBox("Invalid card: Google rejects this response", problems, summarize(card)));
  else if (problems.length) body.append(warningBox(problems));
  body.append(...[header(card.header), ...(card.sections || []).map((s, i) => section(s || {}, i, ctx))].filter(Boolean));
  let footer = null;
  const ff = card.fixedFooter;
  if (ff && (ff.primaryButton || ff.secondaryButton)) {
    footer = h("div", { class: "card-footer" },
      ff.primaryButton ? renderButton(ff.primaryButton, ctx, "footer-primary") : null,
      ff.secondaryButton ? renderButton(ff.secondaryButton, ctx, "footer-secondary") : null);
  }
  return { body, footer };
}

// The card minus its sections, so the red box shows the offending top-level fields.
function summarize(card) {
  if (!card || typeof card !== "object") return card;
  const { sections, ...rest } = card;
  return sections ? { ...rest, sections: `[${sections.length} section(s), rendered below]` } : rest;
}

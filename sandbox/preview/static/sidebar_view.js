// The sidebar's chrome, like Gmail's add-on panel: a header with back arrow, logo, name
// and ⋮ menu; a progress bar; the card area; the pinned footer; a toast; and a
// developer drawer with the last response JSON. No add-on logic lives here.

import { clear, h } from "./dom.js";
import { imageWithFallback, materialGlyph } from "./icons.js";
import { problemBox, warningBox } from "./problems.js";

export class SidebarView {
  constructor(root, { name, logoUrl, primaryColor, onBack }) {
    this.root = root;
    this.back = h("button", { type: "button", class: "icon-btn sb-back", "aria-label": "Back", title: "Back", hidden: true, onclick: onBack }, materialGlyph("arrow_back"));
    this.menuButton = h("button", { type: "button", class: "icon-btn sb-menu-btn", "aria-label": "More options", "aria-haspopup": "menu", title: "More options", onclick: (e) => { e.stopPropagation(); this.toggleMenu(); } }, materialGlyph("more_vert"));
    this.menu = h("div", { class: "sb-menu", role: "menu", hidden: true });
    const logo = logoUrl ? imageWithFallback(logoUrl, "", "sb-logo") : h("span", { class: "sb-logo sb-logo-letter", text: (name || "A")[0] });
    this.title = h("div", { class: "sb-name", text: name || "Add-on" });
    this.header = h("div", { class: "sb-header" }, this.back, logo, this.title, this.menuButton, this.menu);
    if (primaryColor) root.style.setProperty("--addon-primary", primaryColor);
    this.progress = h("div", { class: "sb-progress", hidden: true }, h("div", { class: "sb-progress-bar" }));
    this.flags = h("div", { class: "sb-flags", "aria-live": "polite" });
    this.body = h("div", { class: "sb-body" });
    this.footer = h("div", { class: "sb-footer", hidden: true });
    this.peek = h("div", { class: "sb-peek", hidden: true });
    this.toastEl = h("div", { class: "sb-toast", role: "status", hidden: true });
    this.overlay = h("div", { class: "sb-overlay", hidden: true });
    this.json = h("pre", { class: "sb-json", hidden: true });
    this.jsonToggle = h("button", { type: "button", class: "sb-json-toggle", onclick: () => this.toggleJson() }, materialGlyph("data_object"), h("span", { text: "Show card JSON" }));
    const dev = h("div", { class: "sb-dev" }, this.jsonToggle, this.json);
    root.replaceChildren(this.header, this.progress, this.flags, this.body, this.footer, this.peek, dev, this.overlay, this.toastEl);
    root.dataset.state = "idle";
    root.dataset.responses = "0";
    document.addEventListener("click", () => this.closeMenu());
  }

  /** Busy state; `visible` false for loadIndicator NONE (no spinner, no blocking). */
  busy(on, visible = true) {
    this.root.dataset.state = on ? "busy" : "idle";
    this.progress.hidden = !(on && visible);
    this.overlay.hidden = !(on && visible);
  }

  responded() {
    this.root.dataset.responses = String(Number(this.root.dataset.responses) + 1);
  }

  showCard(body, footer, depth) {
    this.body.replaceChildren(body);
    this.body.scrollTop = 0;
    this.footer.replaceChildren(...(footer ? [footer] : []));
    this.footer.hidden = !footer;
    this.back.hidden = depth <= 1;
    this.root.dataset.depth = String(depth);
  }

  showEmpty(text) {
    this.showCard(h("div", { class: "sb-empty" }, materialGlyph("hourglass_empty"), h("p", { text })), null, 0);
  }

  showPeek(header, onOpen) {
    this.peek.hidden = !header;
    if (!header) return clear(this.peek);
    this.peek.replaceChildren(h("button", { type: "button", class: "sb-peek-btn", onclick: onOpen },
      h("div", { class: "peek-text" }, h("div", { class: "peek-title", text: header.title || "" }),
        header.subtitle ? h("div", { class: "peek-subtitle", text: header.subtitle }) : null),
      materialGlyph("expand_less")));
  }

  /** Replace the flags area: red box for errors, amber for warnings. */
  setFlags(title, problems, json) {
    clear(this.flags);
    this.addFlags(title, problems, json);
  }

  addFlags(title, problems, json) {
    const errors = problems.filter((p) => p.level === "error");
    const warnings = problems.filter((p) => p.level !== "error");
    if (errors.length) this.flags.append(problemBox(title, errors, json));
    if (warnings.length) this.flags.append(warningBox(warnings));
  }

  toast(text) {
    clearTimeout(this.toastTimer);
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    this.toastTimer = setTimeout(() => { this.toastEl.hidden = true; }, 4000);
  }

  setJson(label, value) {
    this.json.textContent = `// ${label}\n${typeof value === "string" ? value : JSON.stringify(value, null, 2)}`;
  }

  toggleJson() {
    this.json.hidden = !this.json.hidden;
    this.jsonToggle.querySelector("span:last-child").textContent = this.json.hidden ? "Show card JSON" : "Hide card JSON";
  }

  /** items: [{label, run, group}] — card actions first, then universal actions. */
  setMenu(items) {
    const rows = [];
    let group = null;
    for (const item of items) {
      if (group !== null && item.group !== group) rows.push(h("div", { class: "sb-menu-sep", role: "separator" }));
      group = item.group;
      rows.push(h("button", { type: "button", role: "menuitem", class: "sb-menu-item", dataset: { group: item.group },
        onclick: (e) => { e.stopPropagation(); this.closeMenu(); item.run(); } }, item.label));
    }
    this.menu.replaceChildren(...rows);
    this.menuButton.disabled = !rows.length;
  }

  /** A widget's overflowMenu: a popup under `anchor`; items [{label, icon, disabled, run}]. */
  showOverflow(items, anchor) {
    this.root.querySelector(".overflow-menu")?.remove();
    const popup = h("div", { class: "overflow-menu sb-menu", role: "menu" },
      items.map((item) => h("button", {
        type: "button", role: "menuitem", class: "sb-menu-item", disabled: item.disabled,
        onclick: (e) => { e.stopPropagation(); popup.remove(); item.run(); },
      }, item.icon, item.label)));
    const box = anchor.getBoundingClientRect();
    const base = this.root.getBoundingClientRect();
    popup.style.top = `${box.bottom - base.top + 4}px`;
    this.root.append(popup);
    // Open under the anchor, kept inside the sidebar so no item is clipped.
    const width = popup.getBoundingClientRect().width;
    const left = Math.min(box.left - base.left, base.width - width - 8);
    popup.style.left = `${Math.max(8, left)}px`;
    popup.style.right = "auto";
    setTimeout(() => document.addEventListener("click", () => popup.remove(), { once: true }));
  }

  toggleMenu() { this.menu.hidden = !this.menu.hidden; }
  closeMenu() { this.menu.hidden = true; }
}

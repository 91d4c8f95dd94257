// A minimal compose window: the draft the compose trigger sees (recipients with
// draftAccess METADATA) and the target of hostAppAction.gmailAction (google-addon-http.md §2.4);
// a draft the add-on created opens in it with its recipients, subject and body.

import { h } from "./dom.js";
import { materialGlyph } from "./icons.js";
import { sanitize } from "./sanitize.js";

const splitAddresses = (text) => text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);

/**
 * Open the compose window: empty, or `created`, a draft the add-on made with
 * users.drafts.create and Gmail opened (openCreatedDraftActionMarkup).
 */
export function renderCompose(pane, { addonLabel, onRunAddon, onClose, created = null }) {
  const to = h("input", { class: "compose-input", name: "to", "aria-label": "To", placeholder: "Recipients" });
  const cc = h("input", { class: "compose-input", name: "cc", "aria-label": "Cc" });
  const subject = h("input", { class: "compose-input", name: "subject", "aria-label": "Subject", placeholder: "Subject" });
  const body = h("div", { class: "compose-body", contenteditable: "true", "aria-label": "Message body" });
  if (created) {
    to.value = created.to || "";
    subject.value = created.subject || "";
    body.replaceChildren(sanitize(created.bodyHtml || "").fragment);
  }
  const title = created ? (created.inReplyTo ? "Reply (draft)" : "Draft") : "New message";
  pane.replaceChildren(h("div", { class: "compose", "data-draft-id": created?.id || "" },
    h("div", { class: "compose-title" }, h("span", { text: title }),
      h("button", { type: "button", class: "icon-btn light", "aria-label": "Close draft", onclick: onClose }, materialGlyph("close"))),
    h("label", { class: "compose-row" }, h("span", { text: "To" }), to),
    h("label", { class: "compose-row" }, h("span", { text: "Cc" }), cc),
    h("label", { class: "compose-row" }, subject),
    body,
    h("div", { class: "compose-bar" },
      h("button", { type: "button", class: "btn btn-filled", disabled: true, title: "Sending is not part of the demo" }, "Send"),
      h("button", { type: "button", class: "btn btn-outlined compose-addon", onclick: onRunAddon }, materialGlyph("extension"), h("span", { text: addonLabel || "Add-on" })))));

  const draft = {
    id: created?.id || null,
    // A reply's thread (a draft Gmail opened in a thread); null for a new email.
    threadId: created?.inReplyTo ? created.threadId || null : null,
    to: () => splitAddresses(to.value),
    cc: () => splitAddresses(cc.value),
    /** Apply hostAppAction; returns problems for the flags area. */
    apply(hostAppAction) {
      const gmail = hostAppAction.gmailAction || {};
      const problems = [];
      for (const key of Object.keys(hostAppAction)) if (key !== "gmailAction") problems.push({ level: "error", path: `hostAppAction.${key}`, message: "not a Gmail host action" });
      const update = gmail.updateDraftActionMarkup;
      if (update?.updateSubject) subject.value = update.updateSubject.subject || "";
      if (update?.updateToRecipients) to.value = (update.updateToRecipients.toRecipients || []).map((r) => r.email).join(", ");
      if (update?.updateCcRecipients) cc.value = (update.updateCcRecipients.ccRecipients || []).map((r) => r.email).join(", ");
      if (update?.updateBody) insertBody(body, update.updateBody, problems);
      return problems;
    },
  };
  return draft;
}

function insertBody(body, update, problems) {
  const nodes = (update.insertContents || []).map((c) => (c.contentType === "TEXT" || !c.contentType
    ? document.createTextNode(c.content || "")
    : sanitize(c.content || "").fragment));
  const type = update.type || "IN_PLACE_INSERT";
  if (!["IN_PLACE_INSERT", "INSERT_AT_START", "INSERT_AT_END"].includes(type)) {
    problems.push({ level: "error", path: "updateBody.type", message: `unknown type ${JSON.stringify(type)}` });
  }
  if (type === "INSERT_AT_START") body.prepend(...nodes);
  else body.append(...nodes);
}

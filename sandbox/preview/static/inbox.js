// The Gmail-like left and middle panes: the demo inbox and the open message's header.

import { h } from "./dom.js";
import { materialGlyph } from "./icons.js";

// RFC 2047 encoded words (=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=) as Gmail's UI shows them: decoded.
// Display only: the add-on itself reads the raw headers through the Gmail API.
const ENCODED_WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g;

export function decodeHeader(value) {
  return String(value || "").replace(ENCODED_WORD, (match, charset, encoding, text) => {
    try {
      const bytes = encoding.toUpperCase() === "B"
        ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
        : Uint8Array.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})|./gs, (m, hex) => (hex ? String.fromCharCode(parseInt(hex, 16)) : m)), (c) => c.charCodeAt(0));
      return new TextDecoder(charset).decode(bytes);
    } catch {
      return match;
    }
  });
}

/** "Ada Lovelace <ada@x.com>" → {name, email}. */
export function parseAddress(value) {
  const text = decodeHeader(value).trim();
  const match = text.match(/^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/);
  if (match) return { name: match[1].trim() || match[2], email: match[2].trim() };
  return { name: text, email: text };
}

function shortDate(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })
    : date.toLocaleDateString([], { month: "short", day: "numeric" });
}

function avatar(name, cls = "avatar") {
  const letter = (name || "?").trim()[0]?.toUpperCase() || "?";
  const hue = [...(name || "")].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 360, 7);
  return h("span", { class: cls, style: { background: `hsl(${hue} 45% 42%)` }, "aria-hidden": "true", text: letter });
}

export function renderInbox(list, messages, { selectedId, onOpen }) {
  if (!messages.length) {
    list.replaceChildren(h("li", { class: "inbox-empty", text: "No demo emails." }));
    return;
  }
  list.replaceChildren(...messages.map((m) => {
    const from = parseAddress(m.from);
    const row = h("li", {
      class: `mail-row ${m.id === selectedId ? "selected" : ""}`, tabindex: "0", role: "button",
      dataset: { messageId: m.id }, title: m.from,
      onclick: () => onOpen(m), onkeydown: (e) => { if (e.key === "Enter") onOpen(m); },
    },
    avatar(from.name, "avatar small"),
    h("div", { class: "mail-main" },
      h("div", { class: "mail-line" }, h("span", { class: "mail-from", text: from.name }), h("span", { class: "mail-date", text: shortDate(m.date) })),
      h("div", { class: "mail-subject", text: decodeHeader(m.subject) || "(no subject)" }),
      m.snippet ? h("div", { class: "mail-snippet", text: m.snippet }) : null,
      m.case ? h("span", { class: "mail-case", text: m.case }) : null));
    return row;
  }));
}

export function renderReader(pane, message, user, { onClose }) {
  if (!message) {
    pane.replaceChildren(h("div", { class: "reader-empty" }, materialGlyph("mark_email_read", "reader-empty-icon"),
      h("p", { class: "reader-empty-title", text: "No conversation selected" }),
      h("p", { text: "Open an email: Gmail runs the add-on's contextual trigger and the sidebar shows its card. With no email open the sidebar shows the homepage card." })));
    return;
  }
  const from = parseAddress(message.from);
  // Gmail says "to me" when the open mailbox's owner is the recipient.
  const toMe = !message.to || (user && message.to.includes(user.email));
  const to = toMe ? "me" : message.to;
  pane.replaceChildren(
    h("div", { class: "reader-toolbar" },
      h("button", { type: "button", class: "icon-btn", title: "Back to Inbox", "aria-label": "Back to Inbox", onclick: onClose }, materialGlyph("arrow_back")),
      h("span", { class: "reader-toolbar-note", text: `Message ${message.id} · thread ${message.threadId}` })),
    h("div", { class: "reader-head" },
      h("h1", { class: "reader-subject", text: decodeHeader(message.subject) || "(no subject)" }),
      h("span", { class: "label-chip", text: "Inbox" })),
    h("div", { class: "reader-meta" }, avatar(from.name),
      h("div", { class: "reader-people" },
        h("div", {}, h("span", { class: "reader-from", text: from.name }), from.email !== from.name ? h("span", { class: "reader-email", text: ` <${from.email}>` }) : null),
        h("div", { class: "reader-to", text: `to ${to}` })),
      h("span", { class: "reader-date", text: message.date ? new Date(message.date).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "" })),
    h("div", { class: "reader-body" },
      h("p", { text: message.snippet || "" }),
      h("p", { class: "reader-note", text: "On open, the add-on reads only the headers (From/To/Cc/Subject, format=metadata); it reads the body only when you log the email to Close." })));
}

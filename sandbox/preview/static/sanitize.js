// The simple HTML subset Gmail renders in card text: <b> <i> <u> <s> <br>
// <font color> <a href>. Everything else is dropped (its text kept), and whole
// subtrees of script-like elements are removed. Parsing happens in an inert document,
// so nothing in the card's markup runs or loads.

const KEEP = { B: [], STRONG: [], I: [], EM: [], U: [], S: [], STRIKE: [], BR: [], FONT: ["color"], A: ["href"], TIME: [] };
const DROP_SUBTREE = new Set(["SCRIPT", "STYLE", "IFRAME", "OBJECT", "EMBED", "TEMPLATE", "NOSCRIPT", "SVG", "MATH"]);
const SAFE_LINK = /^(https?:|mailto:|tel:)/i;
const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]+|rgba?\([\d\s.,%]+\))$/i;

/**
 * Sanitise `html` into a DocumentFragment. `onLink(url)` handles clicks on kept links;
 * the returned `dropped` lists the tag names removed, for a console note.
 */
export function sanitize(html, onLink) {
  const dropped = new Set();
  const source = new DOMParser().parseFromString(`<body>${html ?? ""}</body>`, "text/html").body;
  const out = document.createDocumentFragment();
  copyChildren(source, out, dropped, onLink);
  if (dropped.size) console.warn("[preview] HTML tags Gmail does not render were removed:", [...dropped]);
  return { fragment: out, dropped: [...dropped] };
}

function copyChildren(from, to, dropped, onLink) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) { to.append(document.createTextNode(node.data)); continue; }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = node.tagName;
    if (DROP_SUBTREE.has(tag)) { dropped.add(tag.toLowerCase()); continue; }
    const allowed = KEEP[tag];
    if (!allowed) { dropped.add(tag.toLowerCase()); copyChildren(node, to, dropped, onLink); continue; }
    const copy = document.createElement(tag === "FONT" ? "span" : tag.toLowerCase());
    if (tag === "FONT") {
      const color = node.getAttribute("color");
      if (color && SAFE_COLOR.test(color.trim())) copy.style.color = color.trim();
    }
    if (tag === "A") {
      const href = (node.getAttribute("href") || "").trim();
      if (SAFE_LINK.test(href)) {
        copy.setAttribute("href", href);
        copy.setAttribute("rel", "noopener noreferrer");
        copy.addEventListener("click", (event) => { event.preventDefault(); onLink?.(href); });
      }
    }
    copyChildren(node, copy, dropped, onLink);
    to.append(copy);
  }
}

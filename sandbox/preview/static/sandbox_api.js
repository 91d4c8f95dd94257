// The sandbox endpoints the page reads (same origin as the add-on).

const BASE = document.body.dataset.sandbox || "/sandbox";
const DEFAULT_USER = { email: "alex.morgan@northwind-analytics.com", name: "Alex Morgan" };

async function request(path, init) {
  const response = await fetch(`${BASE}${path}`, init);
  if (!response.ok) throw new Error(`${init?.method || "GET"} ${BASE}${path}: HTTP ${response.status}`);
  return response.json();
}

const post = (path, body) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const sandbox = {
  deployment: () => request("/deployment.json"),
  user: () => request("/user").catch(() => DEFAULT_USER),
  demoKey: () => request("/close/_demo").then((j) => j.apiKey || null).catch(() => null),
  messages: () => request("/gmail/messages"),
  addMessage: (message) => post("/gmail/messages", message),
  draft: (id) => request(`/gmail/drafts/${encodeURIComponent(id)}`),
  /** Fresh tokens per call: the system ID token's audience is the exact URL called. */
  tokens: (email, audience, messageId) => post("/google/tokens", messageId ? { email, audience, messageId } : { email, audience }),
};

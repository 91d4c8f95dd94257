// One call to the add-on, as Gmail makes it: fresh tokens whose audience is the exact
// URL, the event object, and the Authorization header the deployment asks for.

import { buildEvent } from "./events.js";
import { sandbox } from "./sandbox_api.js";

function authorization(deployment, tokens) {
  const mode = deployment?.addOns?.httpOptions?.authorizationHeader || "SYSTEM_ID_TOKEN";
  if (mode === "NONE") return {};
  const token = mode === "USER_ID_TOKEN" ? tokens.userIdToken : tokens.systemIdToken;
  return { Authorization: `Bearer ${token}` };
}

/**
 * POST an event to `url`. `context`: {deployment, user, message, compose}; `widget`:
 * {parameters, formInputs} for callbacks. Never throws: failures come back as {error}.
 */
export async function callAddon(url, context, widget) {
  const { deployment, user, message, compose } = context;
  let tokens;
  try {
    tokens = await sandbox.tokens(user.email, url, message?.id);
  } catch (err) {
    return { error: `Could not get tokens from the sandbox issuer: ${err.message}` };
  }
  const event = buildEvent({ deployment, message, compose, tokens, widget });
  const started = performance.now();
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...authorization(deployment, tokens) },
      body: JSON.stringify(event),
    });
  } catch (err) {
    const sameOrigin = new URL(url, location.href).origin === location.origin;
    return { event, error: `POST ${url} failed: ${err.message}${sameOrigin ? "" : " (not this page's origin: is ADDON_PUBLIC_URL the demo server?)"}` };
  }
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { event, url, status: response.status, ok: response.ok, text, json, ms: Math.round(performance.now() - started) };
}

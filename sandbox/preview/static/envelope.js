// Reading an add-on response the way Gmail does. Triggers (homepage, contextual,
// compose) must answer a RenderActions `{"action": …}`; widget callbacks must answer a
// SubmitFormResponse `{"renderActions": {"action": …}, "stateChanged": …}`. Google
// rejects the other one, so a mismatch is an error here, though the preview still
// renders what it can so the developer sees the card too.

const error = (path, message) => ({ level: "error", path, message });
const warn = (path, message) => ({ level: "warn", path, message });

const NAVIGATIONS = ["pushCard", "updateCard", "pop", "popToRoot", "popToCard"];

function camel(key) {
  return key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

// The protobuf JSON parser accepts snake_case field names (render_actions, push_card);
// the card proto has no map fields, so every key can be normalised safely.
function normalizeKeys(value, seen) {
  if (Array.isArray(value)) return value.map((v) => normalizeKeys(v, seen));
  if (!value || typeof value !== "object") return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    const name = key.includes("_") ? camel(key) : key;
    if (name !== key) seen.add(key);
    out[name] = normalizeKeys(item, seen);
  }
  return out;
}

function checkKeys(obj, allowed, path, out) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) out.push(error(path ? `${path}.${key}` : key, `unknown field "${key}" (allowed: ${allowed.join(", ")})`));
  }
}

function checkAction(action, path, out) {
  if (!action || typeof action !== "object" || Array.isArray(action)) { out.push(error(path, "action must be an object")); return; }
  checkKeys(action, ["navigations", "link", "notification"], path, out);
  if (action.navigations !== undefined && !Array.isArray(action.navigations)) out.push(error(`${path}.navigations`, "navigations must be a list"));
  (Array.isArray(action.navigations) ? action.navigations : []).forEach((nav, i) => {
    const where = `${path}.navigations[${i}]`;
    const keys = nav && typeof nav === "object" ? Object.keys(nav) : [];
    if (keys.length !== 1 || !NAVIGATIONS.includes(keys[0])) {
      out.push(error(where, `a navigation sets exactly one of ${NAVIGATIONS.join(", ")}; got ${JSON.stringify(nav)}`));
    }
  });
  if (action.notification) {
    checkKeys(action.notification, ["text"], `${path}.notification`, out);
    if (/<[a-z][^>]*>/i.test(action.notification.text || "")) out.push(warn(`${path}.notification.text`, "notification text is plain text: Gmail shows HTML tags literally"));
  }
}

/**
 * Read `body` (parsed JSON) as a response to `kind` ("trigger" | "callback" | "universal").
 * Returns {action, hostAppAction, stateChanged, autoComplete, problems}.
 */
export function readResponse(kind, body) {
  const problems = [];
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { action: null, problems: [error("", `the response must be a JSON object, got ${JSON.stringify(body)?.slice(0, 200)}`)] };
  }
  const aliases = new Set();
  const json = normalizeKeys(body, aliases);
  if (aliases.size) problems.push(warn("", `snake_case names accepted by Google's parser but not idiomatic: ${[...aliases].join(", ")}`));
  if (json.autoComplete) return { action: null, autoComplete: json.autoComplete, problems };
  if (json.renderActions?.autoComplete) return { action: null, autoComplete: json.renderActions.autoComplete, problems };
  if (json.requestingGoogleScopes || json.customAuthorizationPrompt) {
    problems.push(warn("", "scope / authorization prompts are not emulated by the preview"));
  }

  const wrapped = "renderActions" in json;
  let render = json;
  if (kind === "callback") {
    checkKeys(json, ["renderActions", "stateChanged", "schema", "requestingGoogleScopes"], "", problems);
    if (!wrapped) {
      problems.push(error("", 'Callback response is missing the "renderActions" wrapper. Google rejects it ("Cannot find field: action in message google.apps.card.v1.SubmitFormResponse") and the user sees nothing. Return {"renderActions": {"action": …}}.'));
    }
    render = wrapped ? json.renderActions : { action: json.action, hostAppAction: json.hostAppAction };
  } else if (kind === "trigger") {
    if (wrapped) {
      problems.push(error("", 'Trigger response uses the callback envelope {"renderActions": …}. Homepage, contextual and compose triggers must return a RenderActions object: {"action": {"navigations": [{"pushCard": …}]}}.'));
      render = json.renderActions;
    } else if ("sections" in json || "header" in json) {
      problems.push(error("", 'Trigger returned a bare Card. Wrap it: {"action": {"navigations": [{"pushCard": <card>}]}}.'));
      render = { action: { navigations: [{ pushCard: json }] } };
    } else {
      checkKeys(json, ["action", "hostAppAction", "schema", "requestingGoogleScopes", "customAuthorizationPrompt"], "", problems);
    }
  } else if (wrapped) {
    // Universal actions: the HTTP shape is undocumented (google-addon-http.md §2.5).
    problems.push(warn("", 'Universal action answered with {"renderActions": …}; the documented trigger shape is {"action": …}. Verify in a test deployment.'));
    render = json.renderActions;
  }
  if (!render || typeof render !== "object") render = {};
  if (wrapped) checkKeys(render, ["action", "hostAppAction", "schema"], "renderActions", problems);
  else if (kind === "universal") checkKeys(json, ["action", "hostAppAction", "schema"], "", problems);
  if (render.action !== undefined) checkAction(render.action, wrapped ? "renderActions.action" : "action", problems);
  return {
    action: render.action && typeof render.action === "object" ? render.action : null,
    hostAppAction: render.hostAppAction || null,
    stateChanged: json.stateChanged === true,
    problems,
  };
}

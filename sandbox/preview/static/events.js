// Event objects exactly as Gmail posts them (google-addon-http.md §1).

/** The browser's zone as Google sends it: IANA id and the offset from UTC in ms. */
export function timeZone(now = new Date()) {
  return { id: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", offset: -now.getTimezoneOffset() * 60000 };
}

/** Action.parameters [{key, value}] → commonEventObject.parameters {key: value}. */
export function flattenParameters(list, extra = {}) {
  const out = {};
  for (const p of list || []) if (p && p.key !== undefined) out[p.key] = p.value;
  return { ...out, ...extra };
}

// userLocale and timeZone are sent only when the deployment opts in with
// useLocaleFromApp and the script.locale scope (google-addon-http.md §1.2).
export function sendsLocale(deployment) {
  const scopes = deployment?.oauthScopes || [];
  return deployment?.addOns?.common?.useLocaleFromApp === true && scopes.some((s) => s.endsWith("/auth/script.locale"));
}

/**
 * Build the event. `context`: {message, compose, deployment}; `tokens` from the sandbox;
 * `widget`: {parameters, formInputs} for callbacks (omitted for triggers).
 */
export function buildEvent({ deployment, message, compose, tokens, widget }) {
  const common = { hostApp: "GMAIL", platform: "WEB" };
  if (sendsLocale(deployment)) {
    common.userLocale = navigator.language || "en-US";
    common.timeZone = timeZone();
  }
  if (widget) {
    if (Object.keys(widget.formInputs || {}).length) common.formInputs = widget.formInputs;
    if (Object.keys(widget.parameters || {}).length) common.parameters = widget.parameters;
  }
  const event = {
    commonEventObject: common,
    authorizationEventObject: {
      userOAuthToken: tokens.userOAuthToken,
      userIdToken: tokens.userIdToken,
      systemIdToken: tokens.systemIdToken,
      authorizedScopes: deployment?.oauthScopes || [],
    },
  };
  if (message) {
    event.gmail = { messageId: message.id, threadId: message.threadId, accessToken: tokens.accessToken };
  } else if (compose) {
    event.gmail = {};
    if (tokens.accessToken) event.gmail.accessToken = tokens.accessToken;
    // A reply names its thread, as an open message does; whether Gmail sends it for a
    // reply draft is unconfirmed (google-addon-http.md §1.6 e), and the add-on then keeps
    // the reply's "Re:" subject.
    if (compose.threadId) event.gmail.threadId = compose.threadId;
    // Recipients only with draftAccess METADATA (google-addon-http.md §1.5).
    if (deployment?.addOns?.gmail?.composeTrigger?.draftAccess === "METADATA") {
      Object.assign(event.gmail, { toRecipients: compose.to(), ccRecipients: compose.cc(), bccRecipients: [] });
    }
  }
  return event;
}

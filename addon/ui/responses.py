"""Response intents and the two envelopes Google expects.

Handlers return an `Intent` (push, update, pop, notify, update the draft); `envelope`
turns it into the body the route needs. Triggers (homepage, contextual, compose,
universal actions) answer a RenderActions object, `{"action": …}`; button callbacks
answer a SubmitFormResponse, `{"renderActions": {"action": …}}`. Mixing the two is
rejected by Gmail, so the choice is made here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

import pydantic_core

from addon.ui.format import TOAST, shorten

Json = dict[str, Any]
RouteKind = Literal["trigger", "callback"]


@dataclass(frozen=True)
class Intent:
    """What the sidebar should do next."""

    navigations: tuple[Json, ...] = ()
    notification: str | None = None
    state_changed: bool = False
    gmail_action: Json | None = None
    request_scopes: tuple[str, ...] = ()

    def then(self, other: Intent) -> Intent:
        """Return both intents' effects, this one's navigations first."""
        return Intent(
            navigations=self.navigations + other.navigations,
            notification=other.notification or self.notification,
            state_changed=self.state_changed or other.state_changed,
            gmail_action=other.gmail_action or self.gmail_action,
        )

    def with_notification(self, text: str) -> Intent:
        """Return this intent plus a toast, cut short: it must not cover the sidebar."""
        return replace(self, notification=shorten(text, TOAST))

    def changed(self) -> Intent:
        """Mark data shown in other cards as stale (Gmail refreshes them)."""
        return replace(self, state_changed=True)


def push(card: Json) -> Intent:
    return Intent(navigations=({"pushCard": card},))


def update(card: Json) -> Intent:
    """Replace the top card (Gmail keeps typed values of equivalent fields)."""
    return Intent(navigations=({"updateCard": card},))


def pop() -> Intent:
    return Intent(navigations=({"pop": True},))


def pop_to_root() -> Intent:
    return Intent(navigations=({"popToRoot": True},))


def notify(text: str) -> Intent:
    """Show a toast (cut short, as `Intent.with_notification`)."""
    return Intent().with_notification(text)


def update_draft(*, body_html: str, subject: str = "") -> Intent:
    """Insert content into the open draft, and set its subject if one is given (compose only)."""
    markup: Json = {
        "updateBody": {
            "insertContents": [{"content": body_html, "contentType": "MUTABLE_HTML"}],
            "type": "IN_PLACE_INSERT",
        }
    }
    if subject:
        markup["updateSubject"] = {"subject": subject}
    return Intent(gmail_action={"updateDraftActionMarkup": markup})


def as_update(intent: Intent) -> Intent:
    """Turn pushes into updates, so a card replaces the one on top instead of stacking."""
    navigations = tuple(
        {"updateCard": n["pushCard"]} if "pushCard" in n else n for n in intent.navigations
    )
    return replace(intent, navigations=navigations)


def request_scopes(*scopes: str) -> Intent:
    """Ask Gmail to have the user grant scopes they declined; Gmail then runs the click again."""
    return Intent(request_scopes=scopes)


def envelope(intent: Intent, kind: RouteKind) -> Json:
    """Return the JSON body for this route kind, action URLs still relative."""
    if intent.request_scopes:
        return {"requesting_google_scopes": {"scopes": list(intent.request_scopes)}}
    action: Json = {}
    if intent.navigations:
        action["navigations"] = list(intent.navigations)
    if intent.notification:
        action["notification"] = {"text": intent.notification}
    render_actions: Json = {"action": action}
    if intent.gmail_action:
        render_actions["hostAppAction"] = {"gmailAction": intent.gmail_action}
    if kind == "trigger":
        return render_actions
    body: Json = {"renderActions": render_actions}
    if intent.state_changed:
        body["stateChanged"] = True
    return body


_RELATIVE_FUNCTION = '"function":"actions/'


def to_json(body: Json, *, public_url: str) -> str:
    """Serialise a response, making every action URL absolute on the way out.

    Card builders stay free of deployment details and write `actions/<name>`; the public
    URL is put in front here, in one pass over the text. Inside JSON strings every quote
    is escaped, so the unescaped pattern can only be a real `function` key.
    """
    # pydantic-core writes the same compact JSON as json.dumps, several times faster.
    text = pydantic_core.to_json(body).decode()
    return text.replace(_RELATIVE_FUNCTION, f'"function":"{public_url}/actions/')

"""A test double for Gmail: signs requests like Google and posts events to the add-on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from addon.registry import registry
from sandbox.google import TokenIssuer
from tests.cardcheck import validate_response

PUBLIC_URL = "https://addon.example.com"


def form_inputs(values: dict[str, Any]) -> dict[str, Any]:
    """Build commonEventObject.formInputs the way Gmail sends them."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict):  # already in wire shape (dateInput, timeInput, …)
            out[name] = value
        elif isinstance(value, list | tuple):
            out[name] = {"stringInputs": {"value": [str(v) for v in value]}}
        else:
            out[name] = {"stringInputs": {"value": [str(value)]}}
    return out


@dataclass
class Gmail:
    """Post events as Gmail would, for one signed-in user."""

    client: FlaskClient
    issuer: TokenIssuer
    email: str = "ann.rep@ourco.example"
    message_id: str | None = None
    responses: list[dict[str, Any]] = field(default_factory=list)

    def issuer_user_sub(self) -> str:
        """Return the verified `sub` the add-on keys this user by."""
        from google.auth import jwt

        claims = jwt.decode(self.issuer.user_token(self.email), verify=False)
        return str(claims["sub"])

    def event(
        self,
        *,
        form: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        user_token: str | None = None,
    ) -> dict[str, Any]:
        """Return an event object for this user and (optionally) an open message."""
        common: dict[str, Any] = {
            "hostApp": "GMAIL",
            "platform": "WEB",
            "userLocale": "en-US",
            "timeZone": {"id": "Europe/Vienna", "offset": 3600000},
        }
        if form:
            common["formInputs"] = form_inputs(form)
        if params:
            common["parameters"] = params
        event: dict[str, Any] = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": self.issuer.oauth_token(self.email),
                "userIdToken": user_token or self.issuer.user_token(self.email),
                "systemIdToken": "unused-in-body",
            },
        }
        if self.message_id:
            event["gmail"] = {
                "messageId": self.message_id,
                "threadId": self.message_id,
                "accessToken": self.issuer.message_token(self.email, self.message_id),
            }
        return event

    def post(
        self, path: str, body: Any, *, token: str | None = None, raw: bool = False
    ) -> TestResponse:
        """POST a body to a route with a system token for that exact URL."""
        headers = {
            "Authorization": f"Bearer {token or self.issuer.system_token(PUBLIC_URL + path)}"
        }
        data = body if raw else json.dumps(body)
        return self.client.post(path, data=data, headers=headers, content_type="application/json")

    def trigger(self, path: str = "/homepage", **event_args: Any) -> dict[str, Any]:
        """Fire a trigger (homepage, message, compose, menu/…) and return its checked body."""
        return self._checked(self.post(path, self.event(**event_args)), "trigger")

    def click(self, name: str, **event_args: Any) -> dict[str, Any]:
        """Press a button bound to /actions/<name> and return the checked callback body."""
        return self._checked(self.post(f"/actions/{name}", self.event(**event_args)), "callback")

    def _checked(self, response: TestResponse, kind: str) -> dict[str, Any]:
        assert response.status_code == 200, (response.status_code, response.get_data(as_text=True))
        body = response.get_json()
        validate_response(body, kind, public_url=PUBLIC_URL)
        self.responses.append(body)
        return body


def cards(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the cards pushed or updated by a response, in order."""
    action = body.get("renderActions", body).get("action", {})
    return [
        nav.get("pushCard") or nav.get("updateCard")
        for nav in action.get("navigations", [])
        if "pushCard" in nav or "updateCard" in nav
    ]


def notification(body: dict[str, Any]) -> str | None:
    """Return the toast text of a response, if any."""
    action = body.get("renderActions", body).get("action", {})
    note = action.get("notification")
    return note["text"] if note else None


def find_button(card: dict[str, Any], text: str) -> dict[str, Any]:
    """Return the first button whose text is `text` (footer included)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("text") == text and "onClick" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert found, f"no button {text!r}"
    return found[0]


def action_of(button: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """Return (action name, parameters) a button posts; a line's are on its own button."""
    pressed = button if "action" in button.get("onClick", {}) else button["button"]
    act = pressed["onClick"]["action"]
    return split_function(act["function"], act.get("parameters", []))


def split_function(function: str, parameters: list[dict[str, str]]) -> tuple[str, dict[str, str]]:
    """Return (action name, arguments) of an action: its URL's query, and any parameters.

    Arguments are keyed by their fields' names, though some travel under short ones.
    """
    path, _, query = function.partition("?")
    name = path.rsplit("actions/", 1)[1]
    params = {p["key"]: p["value"] for p in parameters}
    params |= dict(parse_qsl(query, keep_blank_values=True))
    model = registry.actions[name].args if name in registry.actions else None
    if model is None:
        return name, params
    names = {f.serialization_alias: field for field, f in model.model_fields.items()}
    return name, {names.get(key) or key: value for key, value in params.items()}

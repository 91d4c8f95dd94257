"""Strict checks of what the add-on answers: Google's card schema and the two envelopes.

Cards are parsed with the `google.apps.card.v1.Card` protobuf from `google-apps-card`,
rejecting unknown fields, so a typo in any builder fails a test. Envelopes are checked
by hand against Google's RenderActions / SubmitFormResponse shapes, and every button
must point at a registered action of this deployment.
"""

from __future__ import annotations

from typing import Any

from google.apps import card_v1
from google.protobuf import json_format

import addon.core  # noqa: F401  (registers every handler, so buttons can be checked)
from addon.deployment import build_deployment
from addon.registry import registry

NAVIGATION_KEYS = {"pushCard", "updateCard", "pop", "popToRoot", "popToCard"}


def validate_card(card: dict[str, Any]) -> None:
    """Parse a card strictly with Google's card proto; raise on any unknown field or value."""
    json_format.ParseDict(card, card_v1.Card.pb()(), ignore_unknown_fields=False)
    widgets = sum(len(s.get("widgets", [])) for s in card.get("sections", []))
    assert widgets <= 100, "Gmail ignores widgets beyond 100 per card"
    for section in card.get("sections", []):
        assert section.get("widgets"), "a section must hold at least one widget"
    footer = card.get("fixedFooter")
    if footer:
        for key in ("primaryButton", "secondaryButton"):
            if key in footer:
                assert footer[key].get("text") and footer[key].get("color"), key


def validate_response(
    body: dict[str, Any], kind: str, *, public_url: str, allow_http: bool = False
) -> list[dict[str, Any]]:
    """Check the envelope for the route kind and every card in it; return the cards."""
    if "requesting_google_scopes" in body:  # granular consent: Gmail asks, then retries
        assert set(body) == {"requesting_google_scopes"}, body.keys()
        assert body["requesting_google_scopes"]["scopes"]
        return []
    if kind == "trigger":
        assert "renderActions" not in body, "a trigger answers RenderActions, not a form response"
        assert set(body) <= {"action", "hostAppAction"}, body.keys()
        render_actions = body
    else:
        assert set(body) <= {"renderActions", "stateChanged"}, body.keys()
        assert "renderActions" in body, "a button callback must wrap its answer in renderActions"
        render_actions = body["renderActions"]
        assert set(render_actions) <= {"action", "hostAppAction"}, render_actions.keys()
    action = render_actions.get("action", {})
    assert set(action) <= {"navigations", "notification", "link"}, action.keys()
    cards = []
    for navigation in action.get("navigations", []):
        assert len(navigation) == 1 and set(navigation) <= NAVIGATION_KEYS, navigation
        for key in ("pushCard", "updateCard"):
            if key in navigation:
                validate_card(navigation[key])
                _check_links(navigation[key], public_url, allow_http)
                cards.append(navigation[key])
    if "link" in action:
        _check_open_link(action["link"]["url"], public_url, allow_http)
    return cards


def _check_links(node: Any, public_url: str, allow_http: bool) -> None:
    if isinstance(node, dict):
        function = node.get("function")
        if isinstance(function, str):
            prefix = f"{public_url}/actions/"
            assert function.startswith(prefix), f"action URL outside the deployment: {function}"
            name = function[len(prefix) :].split("?")[0]
            assert name in registry.actions, f"button points at unregistered action {name!r}"
        if "openLink" in node:
            _check_open_link(node["openLink"]["url"], public_url, allow_http)
        for value in node.values():
            _check_links(value, public_url, allow_http)
    elif isinstance(node, list):
        for value in node:
            _check_links(value, public_url, allow_http)


def _check_open_link(url: str, public_url: str, allow_http: bool = False) -> None:
    if url.startswith(("mailto:", "tel:")):
        return
    if allow_http:  # the demo serves its Close app stand-in on plain loopback HTTP
        prefixes = [f"{public_url}/sandbox/close/app/", *_prefixes(public_url)]
        assert any(url.startswith(p) for p in prefixes), f"link not allowed: {url}"
        return
    prefixes = _prefixes(public_url)
    assert url.startswith("https://"), f"Gmail opens only https links: {url}"
    assert any(url.startswith(p) for p in prefixes), (
        f"link not allowed by openLinkUrlPrefixes: {url}"
    )


def _prefixes(public_url: str) -> list[str]:
    return list(build_deployment(public_url)["addOns"]["common"]["openLinkUrlPrefixes"])


def card_text(card: dict[str, Any]) -> str:
    """Return every human-readable string in a card, for assertions on what users see."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {
                    "text",
                    "title",
                    "subtitle",
                    "topLabel",
                    "bottomLabel",
                    "label",
                    "header",
                    "hintText",
                    "value",
                } and isinstance(value, str):
                    out.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(out)

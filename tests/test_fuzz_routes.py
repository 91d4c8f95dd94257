"""Every route, fuzzed: whatever a signed caller sends, never a 5xx, a traceback or a bug's card.

The demo add-on runs against its Close, Gmail and Google stand-ins on a loopback port, as
`make demo` does, with the demo user connected. Each example posts to one registered
route, with valid system and user tokens (Google's verification is not what is fuzzed
here), and random parameters in the URL's query and the event, random form inputs, and a
random or real open message. Parameter values are drawn from the demo's own ids and
addresses as often as from random text, so a good share of the requests get past the
arguments' check and into the handlers and Close.

A malformed event (random JSON, or an event whose parts have the wrong shape) must be a
400 with a short JSON reason, never a card. "Something went wrong" is the card for an
exception no handler expected: a bug, which fails the test.
"""

from __future__ import annotations

import json
import threading
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AliasChoices, TypeAdapter, ValidationError
from werkzeug.serving import BaseWSGIServer, make_server

from addon.registry import Registration, registry
from sandbox.close.state import CloseState
from sandbox.inbox import DEMO_USER_EMAIL
from sandbox.server import Sandbox, create_demo_app
from tests.localserver import free_port

GENERIC_CARD = "Something went wrong"
MAX_REASON = 300  # a reason is a short sentence, not a dump
FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROUTES: list[tuple[str, Registration]] = [
    (f"/menu/{name.removeprefix('menu_')}" if name.startswith("menu_") else f"/{name}", reg)
    for name, reg in sorted(registry.triggers.items())
] + [(f"/actions/{name}", reg) for name, reg in sorted(registry.actions.items())]


@dataclass(repr=False)
class Demo:
    app: Flask
    client: FlaskClient
    sandbox: Sandbox
    base_url: str
    values: list[str]  # the demo's ids, addresses and names, for parameters
    message_ids: list[str]

    def post(self, path: str, query: str, body: bytes) -> Any:
        url = f"{self.base_url}{path}?{query}" if query else self.base_url + path
        token = self.sandbox.issuer.system_token(url)
        return self.client.post(
            f"{path}?{query}" if query else path,
            data=body,
            headers={"Authorization": f"Bearer {token}"},
            content_type="application/json",
        )

    def connect(self) -> None:
        """Connect the demo user with the demo key, unless a fuzzed Disconnect undid it."""
        services = self.app.extensions["close_addon"].services
        from google.auth import jwt

        token = self.sandbox.issuer.user_token(DEMO_USER_EMAIL)
        sub = str(jwt.decode(token, verify=False)["sub"])
        settings_now = services.store.get(sub)
        if settings_now is not None and settings_now.api_key:
            return
        event = self.event({"formInputs": {"api_key": {"stringInputs": {"value": [self.key]}}}})
        answer = self.post("/actions/connect", "", json.dumps(event).encode())
        assert answer.status_code == 200, answer.get_data(as_text=True)

    @property
    def key(self) -> str:
        key = self.sandbox.close.demo_api_key
        assert key
        return key

    def event(self, common: dict[str, Any], gmail: dict[str, Any] | None = None) -> dict[str, Any]:
        issuer = self.sandbox.issuer
        event: dict[str, Any] = {
            "commonEventObject": {"hostApp": "GMAIL", "platform": "WEB", **common},
            "authorizationEventObject": {
                "userOAuthToken": issuer.oauth_token(DEMO_USER_EMAIL),
                "userIdToken": issuer.user_token(DEMO_USER_EMAIL),
                "systemIdToken": "unused-in-body",
            },
        }
        if gmail is not None:
            event["gmail"] = gmail
        return event


def _demo_values(close: CloseState) -> list[str]:
    values: set[str] = set()
    for table in (close.leads, close.contacts, close.opportunities, close.tasks):
        values.update(list(table)[:6])
    values.update(list(close.activities)[:6])
    values.update(close.templates)
    values.update(close.custom_fields)
    values.update(close.lead_statuses)
    values.update(close.opportunity_statuses)
    for contact in list(close.contacts.values())[:6]:
        values.update(e.get("email", "") for e in contact.get("emails", []))
        values.add(contact.get("name") or "")
    values.discard("")
    return sorted(values)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app, sandbox = create_demo_app(
        base_url,
        Path(tmp_path_factory.mktemp("fuzz")),
        request_deadline_seconds=3.0,
        close_timeout_seconds=1.5,
    )
    # Close's rate-limit waits pass at once: the fuzzer is not here to sleep.
    app.extensions["close_addon"].services.sleep = lambda seconds: None
    limits = app.test_client().post("/sandbox/close/_ratelimits", json={"enabled": False})
    assert limits.status_code == 200
    server: BaseWSGIServer = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Demo(
            app=app,
            client=app.test_client(),
            sandbox=sandbox,
            base_url=base_url,
            values=_demo_values(sandbox.close),
            message_ids=[m.id for m in sandbox.inbox.list()][:12],
        )
    finally:
        server.shutdown()


# Text that trips parsers: quotes, brackets, escapes, non-Latin letters, very long.
TEXT = st.text(
    st.characters(exclude_categories=["Cs"]) | st.sampled_from('"\\[]{}%&=?#@,:;<>'), max_size=40
) | st.sampled_from(["", " ", "0", "1", "-1", "true", "false", "null", "9" * 30, "x" * 2100])


SMALL = ["", "0", "1", "2", "3", "-1", "10", "true", "false"]
# Names of the inputs the handlers read (their cards' text fields, pickers and switches).
INPUT_NAMES = [
    *("activities_per_page", "aliases", "api_key", "assigned_to", "body", "comment"),
    *("confidence", "create_initial_opportunity", "date", "date_won", "due", "email"),
    *("immediate_updates", "is_shared", "name", "note", "opp_date", "query", "sections"),
    *("status", "status_id", "subject", "text", "type", "value", "value_period", "view"),
]


def _literals(annotation: Any) -> set[str]:
    """Return the Literal values anywhere in an annotation (kinds, object types…)."""
    found = set()
    for arg in typing.get_args(annotation):
        if isinstance(arg, str | int | bool):
            found.add(str(arg))
        else:
            found |= _literals(arg)
    return found


def _field_strategies(demo: Demo, registration: Registration) -> list[st.SearchStrategy]:
    """Return, for each argument, a strategy for (name it travels under, value).

    The values are the candidates its own type accepts (an id of the right kind, a
    number, one of its literals) or, as often, random text.
    """
    if registration.args is None:
        return []
    out = []
    for name, field in registration.args.model_fields.items():
        names = [name]
        if isinstance(field.validation_alias, AliasChoices):
            names += [str(choice) for choice in field.validation_alias.choices]
        typed = field.annotation
        if field.metadata:
            typed = Annotated[typed, *field.metadata]  # type: ignore[misc,valid-type]
        accepts: TypeAdapter[Any] = TypeAdapter(typed)
        fits = []
        for candidate in sorted({*demo.values, *SMALL, *_literals(field.annotation)}):
            try:
                accepts.validate_python(candidate)
            except ValidationError:
                continue
            fits.append(candidate)
        value = (st.sampled_from(fits) | TEXT) if fits else TEXT
        out.append(st.tuples(st.sampled_from(names), value))
    return out


@st.composite
def requests_to(draw: st.DrawFn, demo: Demo, registration: Registration) -> tuple[str, bytes]:
    """Draw one request for a route: its query string and its event body."""
    value = st.sampled_from(demo.values) | TEXT
    names = TEXT | st.sampled_from(["leadId", "email", "l", "c", "e"])
    query = {}
    for field in _field_strategies(demo, registration):
        if draw(st.integers(0, 9)) < 8:  # each argument is there most of the time
            key, text = draw(field)
            query[key] = text
    query |= draw(st.dictionaries(names, value, max_size=2))
    parameters = draw(st.dictionaries(names, value, max_size=3))
    form = draw(
        st.dictionaries(
            st.sampled_from(INPUT_NAMES) | TEXT,
            st.builds(lambda v: {"stringInputs": {"value": v}}, st.lists(value, max_size=3))
            | st.builds(
                lambda ms: {"dateInput": {"msSinceEpoch": ms}},
                st.integers(-(10**14), 10**14) | st.sampled_from(["0", "1672531200000"]),
            )
            | st.builds(
                lambda ms: {"dateTimeInput": {"msSinceEpoch": ms}},
                st.integers(-(10**14), 10**14),
            ),
            max_size=4,
        )
    )
    common: dict[str, Any] = {
        "userLocale": draw(st.sampled_from(["en-US", "de-AT", "ar", "xx-YY", ""]) | TEXT),
        "timeZone": {"id": draw(st.sampled_from(["UTC", "Europe/Vienna", "Mars/Base"]) | TEXT)},
        "formInputs": form,
        "parameters": parameters,
    }
    gmail = draw(
        st.none()
        | st.builds(lambda m: {"messageId": m, "threadId": m}, st.sampled_from(demo.message_ids))
        | st.builds(lambda m: {"messageId": m}, TEXT)
        | st.builds(lambda to: {"toRecipients": to}, st.lists(value, max_size=3))
    )
    event = demo.event(common, gmail)
    if gmail and "messageId" in gmail:
        token = demo.sandbox.issuer.message_token(DEMO_USER_EMAIL, gmail["messageId"])
        gmail["accessToken"] = token
    return urlencode(query), json.dumps(event).encode()


def _check(response: Any) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text
    assert "Traceback" not in text
    assert GENERIC_CARD not in text, text
    assert response.is_json, text
    if response.status_code >= 400:
        answer = response.get_json()
        assert set(answer) == {"error", "reason"}, answer
        assert len(answer["reason"]) <= MAX_REASON, answer


@pytest.mark.parametrize(("path", "registration"), ROUTES, ids=[path for path, _ in ROUTES])
def test_a_route_never_fails_whatever_it_is_sent(
    demo: Demo, path: str, registration: Registration
) -> None:
    @FUZZ
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        demo.connect()
        query, body = data.draw(requests_to(demo, registration))
        _check(demo.post(path, query, body))

    fuzz()


# Parts of an event in the wrong shape, each somewhere the parser reads.
WRONG_SHAPES = st.sampled_from(
    [
        {"commonEventObject": []},
        {"commonEventObject": {"formInputs": {"x": {"stringInputs": {"value": "a"}}}}},
        {"commonEventObject": {"formInputs": {"x": {"dateInput": {"msSinceEpoch": "soon"}}}}},
        {"commonEventObject": {"parameters": {"leadId": ["lead_1"]}}},
        {"commonEventObject": {"timeZone": "UTC"}},
        {"authorizationEventObject": {"userIdToken": 12}},
        {"gmail": {"toRecipients": "a@b.example"}},
        {"gmail": []},
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=15,
)


@settings(FUZZ, max_examples=60)
@given(
    path=st.sampled_from([path for path, _ in ROUTES]),
    body=st.one_of(
        st.binary(max_size=200),
        JSON.filter(lambda v: not isinstance(v, dict)).map(lambda v: json.dumps(v).encode()),
        WRONG_SHAPES.map(lambda v: json.dumps(v).encode()),
    ),
)
def test_a_malformed_event_is_a_400_with_a_short_reason(demo: Demo, path: str, body: bytes) -> None:
    response = demo.post(path, "", body)
    _check(response)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"] == "bad_event"


@settings(FUZZ, max_examples=40)
@given(
    name=st.from_regex(r"[A-Za-z0-9_.~-]{1,60}", fullmatch=True),
    kind=st.sampled_from(["actions", "menu"]),
)
def test_a_made_up_route_is_a_400_never_a_crash(demo: Demo, name: str, kind: str) -> None:
    path = f"/{kind}/{name}"
    body = json.dumps(demo.event({})).encode()
    response = demo.post(path, "", body)
    known = f"menu_{name}" in registry.triggers if kind == "menu" else name in registry.actions
    if not known:
        _check(response)
        assert response.get_json()["error"] == "unknown_action"


# What the fuzzing found, each kept as a plain example.


def _lead_and_contact(demo: Demo) -> tuple[str, str]:
    contact = next(iter(demo.sandbox.close.contacts.values()))
    return str(contact["lead_id"]), str(contact["id"])


def test_a_button_without_its_form_id_is_a_400_not_a_bugs_card(demo: Demo) -> None:
    demo.connect()
    lead_id, _ = _lead_and_contact(demo)
    query = urlencode({"l": lead_id, "add_email": "new.person@example.com"})
    response = demo.post("/actions/add_participant", query, json.dumps(demo.event({})).encode())
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameters"
    assert "form_id" in response.get_json()["reason"]


@pytest.mark.parametrize(
    ("action", "field"), [("edit_field", ""), ("save_field", "no_such"), ("remove_entry", "name")]
)
def test_an_edit_of_no_field_a_card_edits_is_a_400(demo: Demo, action: str, field: str) -> None:
    demo.connect()
    lead_id, contact_id = _lead_and_contact(demo)
    query = urlencode({"l": lead_id, "c": contact_id, "t": "contact", "o": contact_id, "f": field})
    response = demo.post(f"/actions/{action}", query, json.dumps(demo.event({})).encode())
    _check(response)
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameters"


def test_a_pasted_key_with_characters_no_key_has_is_refused_on_the_form(demo: Demo) -> None:
    form = {"api_key": {"stringInputs": {"value": ["api_“quoted”.key"]}}}
    response = demo.post(
        "/actions/connect", "", json.dumps(demo.event({"formInputs": form})).encode()
    )
    _check(response)
    assert "it has characters no key has" in response.get_data(as_text=True)

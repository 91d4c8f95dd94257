"""The Gmail stand-in: metadata on open, the body only for a click with the action scope."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sandbox.gmail import Inbox, create_gmail_blueprint
from sandbox.google import ACTION_SCOPE, TokenIssuer, create_google_blueprint
from sandbox.inbox import DEMO_USER_EMAIL, fill_inbox

BASE = "https://addon.example.com"
METADATA = "https://www.googleapis.com/auth/gmail.addons.current.message.metadata"


@pytest.fixture
def inbox() -> Inbox:
    box = Inbox(owner=DEMO_USER_EMAIL)
    fill_inbox(box)
    return box


@pytest.fixture
def client(inbox: Inbox) -> FlaskClient:
    issuer = TokenIssuer(
        issuer="https://issuer.example", service_account_email="sa@x.example", oauth_client_id="c"
    )
    app = Flask(__name__)
    app.register_blueprint(create_google_blueprint(issuer), url_prefix="/google")
    app.register_blueprint(create_gmail_blueprint(inbox, issuer), url_prefix="/gmail")
    return app.test_client()


def _read(client: FlaskClient, message_id: str, path: str, fmt: str, **extra: Any) -> int:
    body = {"email": DEMO_USER_EMAIL, "audience": BASE + path, "messageId": message_id, **extra}
    tokens = client.post("/google/tokens", json=body).get_json()
    reply = client.get(
        f"/gmail/gmail/v1/users/me/messages/{message_id}?format={fmt}",
        headers={
            "Authorization": f"Bearer {tokens['userOAuthToken']}",
            "X-Goog-Gmail-Access-Token": tokens["accessToken"],
        },
    )
    return reply.status_code


def test_the_body_is_served_only_for_a_click_with_the_action_scope(
    client: FlaskClient, inbox: Inbox
) -> None:
    message_id = inbox.list()[0].id
    assert _read(client, message_id, "/message", "metadata") == 200
    assert _read(client, message_id, "/message", "full") == 403  # opening is no interaction
    assert _read(client, message_id, "/actions/log_email", "full") == 200
    assert _read(client, message_id, "/actions/log_email", "full", scopes=[METADATA]) == 403
    both = [METADATA, ACTION_SCOPE]
    assert _read(client, message_id, "/actions/log_email", "full", scopes=both) == 200
    assert inbox.read_counts() == {"metadata": 1, "full": 2}


def test_every_demo_email_has_a_text_body_and_most_an_html_one(inbox: Inbox) -> None:
    messages = inbox.list()
    assert all(m.body_text.strip() for m in messages)
    assert sum(1 for m in messages if m.body_html.startswith("<div")) >= len(messages) - 1


def test_a_mailbox_holds_only_its_owners_mail(client: FlaskClient, inbox: Inbox) -> None:
    other = inbox.add({"Subject": "Hi"}, case="other", owner="sam@x.example")
    assert other not in inbox.list() and inbox.list("sam@x.example") == [other]
    assert _read(client, other.id, "/actions/log_email", "metadata") == 404


def test_injected_latency_is_slept_before_each_read(client: FlaskClient, inbox: Inbox) -> None:
    naps: list[float] = []
    inbox.sleep = naps.append
    message_id = inbox.list()[0].id
    assert client.post("/gmail/_faults", json={"latency_ms": 50}).status_code == 200

    assert _read(client, message_id, "/message", "metadata") == 200
    assert naps == [0.05]
    client.post("/gmail/_faults", json={})
    assert _read(client, message_id, "/message", "metadata") == 200
    assert naps == [0.05]


def test_reads_are_counted_over_http_for_other_processes(client: FlaskClient, inbox: Inbox) -> None:
    message_id = inbox.list()[0].id
    _read(client, message_id, "/message", "metadata")
    assert client.get("/gmail/_stats").get_json() == {"metadata": 1}
    assert client.delete("/gmail/_stats").get_json() == {}
    assert client.get("/gmail/_stats").get_json() == {}

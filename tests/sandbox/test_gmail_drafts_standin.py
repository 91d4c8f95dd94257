"""The Gmail stand-in's `users.drafts.create`: token-checked, threaded only as Gmail would."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sandbox.gmail import Inbox, create_gmail_blueprint
from sandbox.google import TokenIssuer, create_google_blueprint
from sandbox.inbox import DEMO_USER_EMAIL, fill_inbox
from sandbox.mail_message import Message

BASE = "https://addon.example.com"


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


def _raw(subject: str, in_reply_to: str | None, body: str = "<b>Hi</b>") -> str:
    message = EmailMessage()
    message["To"] = "Dana <dana@acme.example>"
    message["Subject"] = subject
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    message.set_content("Hi")
    message.add_alternative(body, subtype="html")
    return base64.urlsafe_b64encode(message.as_bytes()).decode().rstrip("=")


def _create(
    client: FlaskClient, opened: Message, body: Any, *, oauth: bool = True, token: str | None = None
) -> Any:
    tokens = client.post(
        "/google/tokens",
        json={"email": DEMO_USER_EMAIL, "audience": BASE + "/actions/x", "messageId": opened.id},
    ).get_json()
    headers = {"X-Goog-Gmail-Access-Token": token if token is not None else tokens["accessToken"]}
    if oauth:
        headers["Authorization"] = f"Bearer {tokens['userOAuthToken']}"
    return client.post("/gmail/gmail/v1/users/me/drafts", json=body, headers=headers)


def _reply_to(message: Message) -> dict[str, Any]:
    raw = _raw(f"Re: {message.headers['Subject']}", message.headers["Message-ID"])
    return {"message": {"raw": raw, "threadId": message.thread_id}}


def test_a_proper_reply_joins_the_thread_and_is_stored(client: FlaskClient, inbox: Inbox) -> None:
    opened = inbox.list()[0]
    reply = _create(client, opened, _reply_to(opened))
    assert reply.status_code == 200
    draft = reply.get_json()
    assert draft["id"] and draft["message"]["threadId"] == opened.thread_id
    assert draft["message"]["labelIds"] == ["DRAFT"]
    stored = client.get(f"/gmail/drafts/{draft['id']}").get_json()
    assert stored["bodyHtml"].strip() == "<b>Hi</b>" and stored["to"] == "Dana <dana@acme.example>"
    assert [d.id for d in inbox.list_drafts()] == [draft["id"]]


def test_without_in_reply_to_or_a_matching_subject_gmail_starts_a_new_thread(
    client: FlaskClient, inbox: Inbox
) -> None:
    opened = inbox.list()[0]
    loose = {
        "message": {
            "raw": _raw("Re: " + opened.headers["Subject"], None),
            "threadId": opened.thread_id,
        }
    }
    other_subject = {
        "message": {
            "raw": _raw("Something else", opened.headers["Message-ID"]),
            "threadId": opened.thread_id,
        }
    }
    for body in (loose, other_subject):
        draft = _create(client, opened, body).get_json()
        assert draft["message"]["threadId"] != opened.thread_id


def test_the_tokens_are_checked(client: FlaskClient, inbox: Inbox) -> None:
    opened, other = inbox.list()[0], inbox.list()[1]
    assert _create(client, opened, _reply_to(opened), oauth=False).status_code == 401
    assert _create(client, opened, _reply_to(opened), token="forged").status_code == 403
    assert other.thread_id != opened.thread_id
    assert _create(client, opened, _reply_to(other)).status_code == 403  # not the open thread
    assert inbox.list_drafts() == []


@pytest.mark.parametrize("body", [{}, {"message": {}}, {"message": {"raw": "!!"}}, []])
def test_a_draft_without_a_message_is_a_400(client: FlaskClient, inbox: Inbox, body: Any) -> None:
    assert _create(client, inbox.list()[0], body).status_code == 400
    assert client.get("/gmail/drafts/r0").status_code == 404

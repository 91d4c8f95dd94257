"""A reply draft: recipients and subject as Gmail's Reply makes them, one POST, typed errors."""

from __future__ import annotations

import base64
import email
import email.policy
import json
from collections.abc import Iterator

import pytest
import requests
import responses

from addon.gmail import GmailAuthError, GmailUnavailable
from addon.gmail.addresses import Address
from addon.gmail.drafts import reply_raw, reply_recipients, reply_subject
from addon.gmail.headers import MessageHeaders

from .fakes import ACCESS, BASE, OAUTH, new_client

DRAFTS = f"{BASE}gmail/v1/users/me/drafts"
DANA = Address("dana@acme.example", "Dana Whitfield")
ME = Address("alex@northwind.example", "Alex")


def headers(**changes: object) -> MessageHeaders:
    base: dict[str, object] = {
        "message_id": "18f2c0a1b2c3d4e5",
        "thread_id": "18f2c0a1b2c3d4e0",
        "sender": DANA,
        "reply_to": (),
        "to": (ME,),
        "cc": (),
        "subject": "Q3 rollout",
        "date": None,
        "rfc_message_id": "<CAF=abc123@mail.gmail.com>",
    }
    return MessageHeaders(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.mark.parametrize(
    ("subject", "reply"),
    [("Q3 rollout", "Re: Q3 rollout"), ("Re: Q3", "Re: Q3"), ("RE:Q3", "RE:Q3"), ("", "Re:")],
)
def test_a_reply_subject_has_one_re(subject: str, reply: str) -> None:
    assert reply_subject(subject) == reply


def test_a_reply_goes_to_the_reply_to_else_the_sender_else_the_users_own_recipients() -> None:
    own = frozenset({ME.email})
    assert reply_recipients(headers(), own) == (DANA,)
    other = Address("ops@acme.example")
    assert reply_recipients(headers(reply_to=(other,)), own) == (other,)
    sent = headers(sender=ME, to=(DANA, other))
    assert reply_recipients(sent, own) == (DANA, other)


def test_the_raw_reply_threads_and_carries_html_and_text() -> None:
    raw = reply_raw(headers(), (DANA,), "Re: Q3 rollout", "Hi Dana 🚀,<br>Alex &amp; co")
    parsed = email.message_from_bytes(base64.urlsafe_b64decode(raw), policy=email.policy.default)
    assert parsed["In-Reply-To"] == parsed["References"] == "<CAF=abc123@mail.gmail.com>"
    assert parsed["To"] == "Dana Whitfield <dana@acme.example>"
    assert parsed["Subject"] == "Re: Q3 rollout"
    html = parsed.get_body(preferencelist=("html",))
    text = parsed.get_body(preferencelist=("plain",))
    assert html is not None and "Hi Dana 🚀,<br>Alex &amp; co" in html.get_content()
    assert text is not None and text.get_content().split() == [
        "Hi",
        "Dana",
        "🚀,",
        "Alex",
        "&",
        "co",
    ]


def _create(**changes: object) -> object:
    return new_client().create_reply_draft(
        headers=headers(),
        to=(DANA,),
        subject="Re: Q3 rollout",
        body_html="Hi",
        oauth_token=OAUTH,
        access_token=ACCESS,
        **changes,  # type: ignore[arg-type]
    )


def test_the_draft_is_created_in_the_thread_with_both_tokens(rsps: responses.RequestsMock) -> None:
    rsps.post(DRAFTS, json={"id": "r-42", "message": {"id": "m1", "threadId": "18f2c0a1b2c3d4e0"}})
    created = _create()
    assert (created.draft_id, created.thread_id) == ("r-42", "18f2c0a1b2c3d4e0")  # type: ignore[attr-defined]
    (call,) = rsps.calls
    assert call.request.headers["Authorization"] == f"Bearer {OAUTH}"
    assert call.request.headers["X-Goog-Gmail-Access-Token"] == ACCESS
    sent = json.loads(call.request.body or b"{}")
    assert sent["message"]["threadId"] == "18f2c0a1b2c3d4e0" and sent["message"]["raw"]


def test_a_refused_token_is_an_auth_error(rsps: responses.RequestsMock) -> None:
    rsps.post(DRAFTS, status=403, json={"error": {"code": 403}})
    with pytest.raises(GmailAuthError):
        _create()


@pytest.mark.parametrize("failure", [500, requests.ConnectionError("reset")])
def test_a_failed_create_is_never_retried(
    rsps: responses.RequestsMock, failure: int | Exception
) -> None:
    if isinstance(failure, int):
        rsps.post(DRAFTS, status=failure)
    else:
        rsps.post(DRAFTS, body=failure)
    with pytest.raises(GmailUnavailable):
        _create()
    assert len(rsps.calls) == 1  # a second POST could make a second draft


def test_an_unreadable_answer_is_unavailable(rsps: responses.RequestsMock) -> None:
    rsps.post(DRAFTS, json={"message": {}})
    with pytest.raises(GmailUnavailable):
        _create()

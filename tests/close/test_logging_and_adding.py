"""The Close calls behind Log email and the creating forms: what is sent, what is found again."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient, additions, emails
from addon.gmail import Address, MessageHeaders
from tests.close.conftest import BASE

SENT = dt.datetime(2026, 5, 4, 8, 30, tzinfo=dt.UTC)


def _headers(rfc_message_id: str | None = "<abc@mail.example>") -> MessageHeaders:
    return MessageHeaders(
        message_id="18c1",
        thread_id="18c1",
        sender=Address("dana@x.io", "Dana"),
        reply_to=(),
        to=(Address("me@ourco.io"),),
        cc=(),
        subject="Pricing",
        date=SENT,
        rfc_message_id=rfc_message_id,
    )


def _query(call: responses.Call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


def test_an_email_logged_before_is_found_by_its_message_id_around_when_it_was_sent(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    data = [
        {"id": "acti_other", "envelope": {"message_id": "<other@mail.example>"}},
        {"id": "acti_1", "envelope": {"message_id": "<abc@mail.example>"}},
    ]
    rsps.get(BASE + "activity/", json={"data": data})
    assert emails.find_logged(client, "lead_1", _headers()) == "acti_1"
    query = _query(rsps.calls[0])
    assert (query["lead_id"], query["_type"]) == (["lead_1"], ["Email"])
    assert query["activity_at__gte"] == [(SENT - dt.timedelta(days=1)).isoformat()]
    assert query["activity_at__lte"] == [(SENT + dt.timedelta(days=1)).isoformat()]


def test_an_email_not_in_close_or_without_a_message_id_is_not_found(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(BASE + "activity/", json={"data": [{"id": "acti_2", "envelope": None}]})
    assert emails.find_logged(client, "lead_1", _headers()) is None
    # Without a Message-ID nothing could match: Close is not asked.
    assert emails.find_logged(client, "lead_1", _headers(rfc_message_id=None)) is None
    assert len(rsps.calls) == 1


def test_logging_posts_the_activity_and_keeps_only_its_id(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.post(BASE + "activity/email/", json={"id": "acti_9", "body_html": "<p>long</p>"})
    assert emails.log(client, {"lead_id": "lead_1", "status": "inbox"}) == "acti_9"
    assert json.loads(rsps.calls[0].request.body or b"{}")["status"] == "inbox"


@pytest.mark.parametrize(
    ("kind", "path"),
    [("note", "activity/note/"), ("task", "task/"), ("opportunity", "opportunity/")],
)
def test_each_addition_is_posted_where_close_keeps_it(
    rsps: responses.RequestsMock, client: CloseClient, kind: additions.Addition, path: str
) -> None:
    rsps.post(BASE + path, json={"id": "new_1"})
    assert additions.add(client, kind, {"lead_id": "lead_1"}) == "new_1"


def test_an_unanswered_task_is_found_again_by_its_text_and_assignee(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    found = [
        {"id": "task_1", "text": "Call", "assigned_to": "user_other"},
        {"id": "task_2", "text": "Call", "assigned_to": "user_me"},
    ]
    rsps.get(BASE + "task/", json={"data": found})
    payload = {"lead_id": "lead_1", "text": "Call", "assigned_to": "user_me"}
    now = dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC)
    assert additions.find_added(client, "task", payload, now) == "task_2"
    assert _query(rsps.calls[0])["date_created__gte"] == [(now - dt.timedelta(days=1)).isoformat()]


def test_a_note_close_never_made_is_not_found(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(BASE + "activity/", json={"data": [{"id": "acti_1", "note": "Something else"}]})
    now = dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC)
    assert additions.find_added(client, "note", {"lead_id": "lead_1", "note": "Hi"}, now) is None

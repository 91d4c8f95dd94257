"""Comments through the Close client, and pipeline guidance read from an opportunity."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient
from addon.close.comments import add_comment, find_added, list_comments, plain_text, rich_text
from addon.close.models import Opportunity

BASE = "https://api.close.test/api/v1/"
SINCE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def client() -> CloseClient:
    return CloseClient("key", base_url=BASE)


def _comment(comment_id: str, body: str, at: str, by: str = "user_me", **extra: object) -> dict:
    return {"id": comment_id, "body": body, "created_at": at, "created_by": by, **extra}


def test_comments_are_listed_newest_first_without_removed_ones(
    rsps: responses.RequestsMock,
) -> None:
    rsps.get(
        BASE + "comment/",
        json={
            "data": [
                _comment("comm_1", "<body><p>First</p></body>", "2026-12-01T10:00:00+00:00"),
                _comment(
                    "comm_2", "", "2026-12-02T10:00:00+00:00", removed_at="2026-12-03T09:00:00"
                ),
                _comment("comm_3", "<body><p>Third</p></body>", "2026-12-04T10:00:00+00:00"),
            ],
            "has_more": False,
        },
    )
    found = list_comments(client(), "oppo_1")
    assert [c.id for c in found] == ["comm_3", "comm_1"]
    assert parse_qs(urlsplit(rsps.calls[0].request.url).query) == {"object_id": ["oppo_1"]}


def test_a_comment_is_posted_as_closes_rich_text_escaped(rsps: responses.RequestsMock) -> None:
    typed = "Ask <legal> & finance 🎉\n\n  second line  "
    rsps.post(BASE + "comment/", json=_comment("comm_9", "x", "2026-12-05T10:00:00+00:00"))
    added = add_comment(client(), "lead_1", typed)
    sent = json.loads(rsps.calls[0].request.body or "{}")
    assert sent == {
        "object_id": "lead_1",
        "body": "<body><p>Ask &lt;legal&gt; &amp; finance 🎉</p><p>second line</p></body>",
    }
    assert added.id == "comm_9"
    assert plain_text(sent["body"]) == "Ask <legal> & finance 🎉\nsecond line"


def test_an_unanswered_add_is_found_by_its_text_author_and_time(
    rsps: responses.RequestsMock,
) -> None:
    body = rich_text("Call Dana on Monday")
    rsps.get(
        BASE + "comment/",
        json={
            "data": [
                _comment("comm_old", body, "2026-11-20T10:00:00+00:00"),  # before the attempt
                _comment("comm_theirs", body, "2026-12-02T10:00:00+00:00", by="user_other"),
                _comment("comm_mine", body, "2026-12-02T11:00:00+00:00"),
            ]
        },
    )
    found = find_added(client(), "oppo_1", "Call Dana on Monday", "user_me", SINCE)
    assert found is not None and found.id == "comm_mine"


def test_nothing_is_found_when_no_comment_has_the_text(rsps: responses.RequestsMock) -> None:
    rsps.get(BASE + "comment/", json={"data": []})
    assert find_added(client(), "oppo_1", "Call Dana", "user_me", SINCE) is None


def test_pipeline_guidance_is_read_from_closes_nested_details() -> None:
    opp = Opportunity.model_validate(
        {
            "id": "oppo_1",
            "is_stalled": True,
            "stall_status": {
                "communication_issue": "cant_get_in_touch",
                "next_action": {"action": "follow_up", "justification": "No reply."},
            },
            "suggested_action": {
                "action": "follow_up_email",
                "justification": "Dana went quiet.",
                "details": {
                    "contact_id": "cont_1",
                    "subject_draft": "Next steps",
                    "message_draft": "Hi Dana",
                },
            },
            "comment_summary": {"comment_count": 3, "thread_id": "comthr_1"},
        }
    )
    assert opp.is_stalled and opp.stall_status is not None
    assert opp.stall_status.communication_issue == "cant_get_in_touch"
    advice = opp.suggested_action
    assert advice is not None
    assert (advice.action, advice.contact_id, advice.subject_draft, advice.message_draft) == (
        "follow_up_email",
        "cont_1",
        "Next steps",
        "Hi Dana",
    )
    assert opp.comment_summary is not None and opp.comment_summary.comment_count == 3


def test_an_opportunity_without_guidance_has_none() -> None:
    opp = Opportunity.model_validate(
        {"id": "oppo_1", "stall_status": None, "suggested_action": None, "comment_summary": None}
    )
    assert not opp.is_stalled
    assert opp.stall_status is None and opp.suggested_action is None
    assert opp.comment_summary is None


def test_a_suggestion_given_flat_is_read_too() -> None:
    opp = Opportunity.model_validate(
        {
            "id": "oppo_1",
            "suggested_action": {
                "action": "adjust_close_date",
                "justification": "Later.",
                "close_date": "2027-01-19",
            },
        }
    )
    assert opp.suggested_action is not None
    assert opp.suggested_action.close_date == dt.date(2027, 1, 19)

"""Inserting Close's suggested follow-up email: its subject on a new email only, never a reply."""

from __future__ import annotations

from typing import Any

import responses

from tests.addon_client import Gmail, notification
from tests.conftest import CLOSE_API
from tests.test_flow import connect

PARAMS = {"opportunity_id": "oppo_1", "contact_id": "cont_1", "compose_card": "card1"}


def _deal(rsps: responses.RequestsMock, **suggested: Any) -> None:
    advice = {
        "action": "follow_up_email",
        "justification": "Quiet for a week.",
        "details": {
            "contact_id": "cont_1",
            "subject_draft": "Next steps",
            "message_draft": "Hi Dana,\n\nAny news <on> the MSA?",
        },
    } | suggested
    opportunity = {"id": "oppo_1", "status_type": "active", "suggested_action": advice}
    rsps.get(CLOSE_API + "opportunity/oppo_1/", json=opportunity)


def _draft(body: dict[str, Any]) -> dict[str, Any]:
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return markup  # type: ignore[no-any-return]


def test_a_new_email_gets_the_subject_and_the_message(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    _deal(upstream)
    markup = _draft(gmail.click("insert_suggested_reply", params=PARAMS))
    assert markup["updateSubject"] == {"subject": "Next steps"}
    content = markup["updateBody"]["insertContents"][0]["content"]
    assert content == "Hi Dana,<br><br>Any news &lt;on&gt; the MSA?"


def test_a_reply_keeps_its_subject(gmail: Gmail, upstream: responses.RequestsMock) -> None:
    connect(gmail, upstream)
    _deal(upstream)
    gmail.message_id = "18c2f0a1b2c3d4e5"  # a reply: the draft has the thread's "Re:" subject
    markup = _draft(gmail.click("insert_suggested_reply", params=PARAMS))
    assert "updateSubject" not in markup
    assert markup["updateBody"]["insertContents"][0]["content"].startswith("Hi Dana,")


def test_a_suggestion_close_withdrew_inserts_nothing(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    _deal(upstream, action="follow_up_call")
    body = gmail.click("insert_suggested_reply", params=PARAMS)
    assert "hostAppAction" not in body["renderActions"]
    assert notification(body) == "Close no longer suggests this email."

"""Close's pipeline guidance and comments, live: on the record card, its comments card, compose."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest

from sandbox.demo_data.constants import KNOWN_SENDER
from sandbox.demo_data.guidance import FOLLOW_UP_MESSAGE, FOLLOW_UP_SUBJECT
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.records import OwnLead, make_lead, open_lead_mail, press


def test_a_stalled_deal_shows_why_and_closes_suggestions(gmail: Browser) -> None:
    text = card_text(gmail.open("outgoing"))  # to Elena, of the thread lead
    assert "Stalled · can't get in touch" in text
    assert "Suggested:</b> Follow up with a call" in text
    assert "Suggested:</b> Move the close date to" in text


def test_the_known_senders_deal_shows_closes_suggestion_and_its_comments_at_no_cost(
    gmail: Browser, live: Live
) -> None:
    text = card_text(gmail.open("known-sender"))
    assert "Suggested:</b> Follow up by email — Dana has not replied" in text
    assert "70% · 2 comments" in text
    calls = live.stats()
    # Guidance and counts come nested in the lead: no call for comments nor deals.
    assert not [c for c in calls if "/comment/" in c or "/opportunity/" in c], calls


def test_comments_are_listed_newest_first_with_closes_advice_in_full(gmail: Browser) -> None:
    record = gmail.open("known-sender")
    lead_comments = card_of(press(gmail, record, "Comments"))
    text = card_text(lead_comments)
    assert lead_comments["header"]["subtitle"] == KNOWN_SENDER.lead_name
    assert text.index("Legal is fine with the MSA redlines.") < text.index("Dana prefers calls")
    assert "Alex Morgan" in text and "Priya Natarajan" in text
    assert "2 comments" in text  # the deal's, beside its Comments button
    deal = card_of(press(gmail, lead_comments, "Comments"))
    text = card_text(deal)
    assert "the MSA is waiting on her sign-off." in text  # the whole justification
    assert text.index("Yes, up to 10%") < text.index("Can we offer the annual discount")


def _deal_line(card: dict[str, Any], words: str) -> dict[str, Any]:
    """Return the record card's opportunity line whose text has `words`."""
    return next(
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if words in w.get("decoratedText", {}).get("text", "")
    )


def test_tapping_a_deal_opens_its_comments_with_closes_advice_in_full(gmail: Browser) -> None:
    record = gmail.open("known-sender")
    line = _deal_line(record, "$72,000")
    assert "2 comments" in line["bottomLabel"]
    assert "the MSA is waiting" not in line["bottomLabel"]  # cut short on the record card
    name, params = action_of(line)
    deal = card_of(gmail.click(name, params=params))
    text = card_text(deal)
    assert deal["name"] == "comments"
    assert deal["header"]["subtitle"].startswith("Opportunity · $72,000")
    assert "the MSA is waiting on her sign-off." in text  # the whole justification
    assert "Yes, up to 10%" in text and "Can we offer the annual discount" in text
    find_button(deal, "Add comment")


def test_a_drafted_follow_up_says_whom_to_write_to_and_which_button_inserts_it(
    gmail: Browser,
) -> None:
    line = _deal_line(gmail.open("known-sender"), "$72,000")
    name, params = action_of(line)
    text = card_text(card_of(gmail.click(name, params=params)))
    assert f"Close drafted “{escape(FOLLOW_UP_SUBJECT)}”." in text
    # Named as the compose window names them: the add-on's button, then the card's.
    assert (
        f"In an email to {KNOWN_SENDER.name}, open Close templates and choose "
        "Insert suggested reply." in text
    )


@pytest.mark.usefixtures("own_leads")
def test_a_deal_without_comments_opens_to_a_box_to_add_the_first(
    gmail: Browser, live: Live
) -> None:
    lead, deal_id = _own_deal(live)
    record = open_lead_mail(gmail, live, lead)
    line = _deal_line(record, "$5,000")
    assert "comment" not in line.get("bottomLabel", "")
    name, params = action_of(line)
    deal = card_of(gmail.click(name, params=params))
    assert "No comments yet." in card_text(deal)
    added = press(gmail, deal, "Add comment", comment="Sent the order form")
    assert notification(added) == "Comment added"
    listed = api(live, "GET", f"comment/?object_id={deal_id}")["data"]
    assert [c["body"] for c in listed] == ["<body><p>Sent the order form</p></body>"]


def test_a_suggested_call_shows_closes_call_plan_and_whom_to_call(gmail: Browser) -> None:
    line = _deal_line(gmail.open("outgoing"), "$48,000")  # the thread lead's stalled deal
    name, params = action_of(line)
    text = card_text(card_of(gmail.click(name, params=params)))
    assert "Stalled · can't get in touch" in text
    plan = "Call plan for Elena Vasquez:</b> Ask whether the proposal reached the budget holder."
    assert plan in text


def _own_deal(live: Live) -> tuple[OwnLead, str]:
    lead = make_lead(live)
    deal = api(live, "POST", "opportunity/", {"lead_id": lead.id, "value": 500000})
    return lead, str(deal["id"])


def _deal_comments(gmail: Browser, live: Live, lead: OwnLead) -> dict[str, Any]:
    record = open_lead_mail(gmail, live, lead)
    assert "comments" not in card_text(record)  # none yet
    lead_comments = card_of(press(gmail, record, "Comments"))
    return card_of(press(gmail, lead_comments, "Comments"))


@pytest.mark.usefixtures("own_leads")
def test_a_comment_added_twice_by_a_double_click_is_added_once(gmail: Browser, live: Live) -> None:
    lead, deal_id = _own_deal(live)
    card = _deal_comments(gmail, live, lead)
    name, params = action_of(find_button(card, "Add comment"))
    typed = "Budget approved 🎉 — <b>not</b> bold\nSecond line"
    first = gmail.click(name, params=params, form={"comment": typed})
    second = gmail.click(name, params=params, form={"comment": typed})
    assert live.writes.counts().get("POST /comment/") == 1
    listed = api(live, "GET", f"comment/?object_id={deal_id}")["data"]
    assert len(listed) == 1
    for reply in (first, second):
        navigations = reply["renderActions"]["action"]["navigations"]
        assert [next(iter(n)) for n in navigations] == ["popToCard", "updateCard", "pushCard"]
        assert navigations[0]["popToCard"] == "record"
        assert "1 comment" in card_text(navigations[1]["updateCard"])  # the new count
        shown = card_text(navigations[2]["pushCard"])
        assert escape("Budget approved 🎉 — <b>not</b> bold", quote=False) in shown
        assert notification(reply) == "Comment added"


@pytest.mark.usefixtures("own_leads")
def test_a_blank_comment_is_refused_beside_the_box_without_calling_close(
    gmail: Browser, live: Live
) -> None:
    lead, _ = _own_deal(live)
    card = _deal_comments(gmail, live, lead)
    live.reset_stats()
    refused = card_of(press(gmail, card, "Add comment", comment="  \n "))
    assert "Write the comment first." in card_text(refused)
    assert not [c for c in live.stats() if c.startswith("POST")]


@pytest.mark.usefixtures("own_leads")
def test_a_comment_close_refuses_keeps_what_was_typed(gmail: Browser, live: Live) -> None:
    lead, _ = _own_deal(live)
    card = _deal_comments(gmail, live, lead)
    live.faults(error_rate={"status": 400, "rate": 1.0}, paths=["/comment/"], methods=["POST"])
    refused = card_of(press(gmail, card, "Add comment", comment="Keep this text"))
    inputs = [w["textInput"] for s in refused["sections"] for w in s["widgets"] if "textInput" in w]
    assert inputs[0]["value"] == "Keep this text"
    assert "Close did not accept this." in card_text(refused)
    live.faults()
    name, params = action_of(find_button(refused, "Add comment"))
    added = gmail.click(name, params=params, form={"comment": "Keep this text"})
    assert notification(added) == "Comment added"


@pytest.mark.usefixtures("own_leads")
def test_a_comment_on_the_lead_is_listed_at_once(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    record = open_lead_mail(gmail, live, lead)
    card = card_of(press(gmail, record, "Comments"))
    assert "No comments yet." in card_text(card)
    reply = press(gmail, card, "Add comment", comment="Met them at the fair")
    pushed = reply["renderActions"]["action"]["navigations"][-1]["pushCard"]
    assert "Met them at the fair" in card_text(pushed) and "1 comment" in card_text(pushed)
    listed = api(live, "GET", f"comment/?object_id={lead.id}")["data"]
    assert [c["body"] for c in listed] == ["<body><p>Met them at the fair</p></body>"]


def _draft(reply: dict[str, Any]) -> dict[str, Any]:
    markup = reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return markup  # type: ignore[no-any-return]


def test_the_suggested_reply_puts_closes_subject_and_message_in_a_new_email(
    gmail: Browser,
) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    assert FOLLOW_UP_SUBJECT in card_text(card)
    name, params = action_of(find_button(card, "Insert suggested reply"))
    reply = gmail.click(name, params=params)
    markup = _draft(reply)
    assert markup["updateSubject"]["subject"] == FOLLOW_UP_SUBJECT
    content = markup["updateBody"]["insertContents"][0]["content"]
    assert content == "<br>".join(escape(line) for line in FOLLOW_UP_MESSAGE.splitlines())
    assert notification(reply) == "Inserted Close's suggested reply and set the subject"


def test_no_suggested_reply_for_someone_close_suggests_nothing_for(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=["someone@nowhere.example"])
    card = body["action"]["navigations"][0]["pushCard"]
    assert "Insert suggested reply" not in card_text(card)

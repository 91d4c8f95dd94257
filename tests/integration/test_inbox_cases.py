"""Every case of the demo inbox shows the right person, records and sections."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sandbox.demo_data.constants import (
    COWORKER_EMAILS,
    FREEMAIL_CONTACT,
    KNOWN_SENDER,
    NEAR_MATCH,
    SHARED_EMAIL,
    SHARED_EMAIL_LEAD_NAMES,
    THREAD_LEAD_NAME,
)
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.editing import line, save, tap, updated_card


def _sections(card: dict[str, Any]) -> list[str]:
    return [s.get("header", "") for s in card["sections"]]


def _searches(live: Live) -> int:
    return live.stats().get("POST /data/search/", 0)


def test_known_sender_shows_lead_contact_and_every_section(gmail: Browser, live: Live) -> None:
    card = gmail.open("known-sender")
    text = card_text(card)
    assert card["header"]["title"] == KNOWN_SENDER.lead_name
    assert KNOWN_SENDER.name in text and KNOWN_SENDER.title in text
    headers = " | ".join(_sections(card))
    for section in ("Opportunities", "Tasks", "Other contacts", "Custom fields", "Latest activity"):
        assert section in headers
    assert "overdue" in headers  # the demo lead has an overdue task, marked as such
    assert 'color="#c5221f">Overdue' in str(card)
    activity = next(s for s in card["sections"] if s.get("header") == "Latest activity")
    lines = [w for w in activity["widgets"] if "decoratedText" in w]
    assert len(lines) == 8  # the default page size
    assert find_button(card, "Older")
    assert _searches(live) == 1


def test_near_match_address_is_rechecked_exactly(gmail: Browser) -> None:
    card = gmail.open("near-match-address")
    assert card["header"]["title"] == NEAR_MATCH.lead_name
    assert "Match 1 of" not in card_text(card)  # Close's word match found both Danas


def test_outgoing_email_shows_the_primary_recipient_not_the_coworker(gmail: Browser) -> None:
    card = gmail.open("outgoing")
    assert card["header"]["title"] == THREAD_LEAD_NAME
    assert "Elena Vasquez" in card_text(card)
    # The coworker in Cc is not a participant to look up or list.
    assert COWORKER_EMAILS[0] not in card_text(card)


def test_thread_with_several_people_makes_one_search(gmail: Browser, live: Live) -> None:
    card = gmail.open("several-external")
    assert _searches(live) == 1
    people = next(s for s in card["sections"] if s.get("header") == "On this thread")
    bottoms = [w["decoratedText"]["bottomLabel"] for w in people["widgets"]]
    assert bottoms == [f"In Close · {THREAD_LEAD_NAME}"] * 3
    name, params = action_of({"onClick": people["widgets"][0]["decoratedText"]["onClick"]})
    assert name == "open_person"
    other = card_of(gmail.click(name, params=params))
    assert other["header"]["title"] == THREAD_LEAD_NAME
    assert params["email"] in card_text(other)
    assert _searches(live) == 1  # opening a participant reuses the thread's one search


def test_one_address_on_two_leads_steps_newest_first(gmail: Browser, live: Live) -> None:
    state = live.sandbox.close
    with state.lock:
        leads = [
            lead
            for lead in state.leads.values()
            if any(
                e["email"] == SHARED_EMAIL
                for cid in state.lead_children(lead["id"]).contacts
                for e in state.contacts[cid]["emails"]
            )
        ]
        newest_first = [
            lead["name"] for lead in sorted(leads, key=lambda x: x["date_updated"], reverse=True)
        ]
    assert sorted(newest_first) == sorted(SHARED_EMAIL_LEAD_NAMES)
    first = gmail.open("one-address-two-leads")
    assert "Match 1 of 2" in card_text(first)
    assert first["header"]["title"] == newest_first[0]
    name, params = action_of(find_button(first, "Next ›"))
    second = card_of(gmail.click(name, params=params))
    assert "Match 2 of 2" in card_text(second)
    assert second["header"]["title"] == newest_first[1]
    name, params = action_of(find_button(second, "Next ›"))
    assert card_of(gmail.click(name, params=params))["header"]["title"] == newest_first[0]


def test_internal_thread_makes_no_close_call(gmail: Browser, live: Live) -> None:
    card = gmail.open("internal-only")
    assert card["name"] == "internal"
    assert live.stats() == {}


def test_unknown_company_sender(gmail: Browser) -> None:
    card = gmail.open("unknown-company-sender")
    assert card["header"]["subtitle"] == "Not in Close"
    assert "is not in Close yet" in card_text(card)


def test_unknown_freemail_sender(gmail: Browser) -> None:
    card = gmail.open("unknown-freemail")
    assert card["header"] == {"title": "Taylor Nguyen", "subtitle": "Not in Close"}


def test_no_reply_and_newsletter_are_not_proposed(gmail: Browser) -> None:
    for case, brand in (("no-reply", "Calendly"), ("newsletter", "SaaS Weekly")):
        card = gmail.open(case)
        assert "automated sender" in card_text(card)
        assert card["header"]["title"] == brand  # a robot keeps its brand as its name


def test_encoded_display_names_are_decoded(gmail: Browser) -> None:
    card = gmail.open("encoded-names")
    assert card["header"]["title"] == "Zoë Müller-Łukasik"
    assert "François Lévesque" in card_text(card)


def test_freemail_contact_is_found(gmail: Browser) -> None:
    card = gmail.open("freemail-contact")
    assert card["header"]["title"] == FREEMAIL_CONTACT.lead_name


BILLING = "billing@brightlane.com"


def _thread_line(card: dict[str, Any], text: str) -> dict[str, Any]:
    people = next(s for s in card["sections"] if s.get("header") == "On this thread")
    lines = (w["decoratedText"] for w in people["widgets"] if "decoratedText" in w)
    return next(line for line in lines if line["text"] == text)


def test_a_shared_inbox_shows_the_person_it_asks_replies_to(gmail: Browser) -> None:
    # From "Brightlane Logistics" <billing@brightlane.com>, Reply-To Dana: the customer's
    # billing desk writes for Dana, who is in Close on the customer's lead.
    card = gmail.open("reply-to-differs")
    assert card["name"] == "record"
    assert card["header"]["title"] == KNOWN_SENDER.lead_name
    assert "Not in Close" not in card["header"].get("subtitle", "")
    assert KNOWN_SENDER.name in card_text(card) and KNOWN_SENDER.title in card_text(card)
    # The shared inbox is listed by its address; the company's name is not a person's.
    billing = _thread_line(card, BILLING)
    assert billing["topLabel"] == "Brightlane Logistics"
    assert billing["bottomLabel"] == "Not in Close"
    # Nobody to add in one tap: a mailbox would land on the lead as a nameless contact.
    assert "button" not in billing


def test_a_shared_inbox_is_offered_to_its_customers_lead_by_address(
    gmail: Browser, live: Live
) -> None:
    card = gmail.open("reply-to-differs")
    name, params = action_of(_thread_line(card, BILLING))
    person = card_of(gmail.click(name, params=params))
    assert person["header"] == {"title": BILLING, "subtitle": "Not in Close"}
    name, params = action_of(find_button(person, "Add to Close"))
    offer = card_of(gmail.click(name, params=params))
    text = card_text(offer)
    assert f"Add {BILLING} as a contact to <b>Brightlane Logistics</b> instead?" in text
    assert "Add Brightlane Logistics as a contact" not in text

    name, params = action_of(find_button(offer, "Add to Brightlane Logistics"))
    body = gmail.click(name, params=params)
    lead = api(live, "GET", f"lead/{params['lead_id']}/")
    added = [c for c in lead["contacts"] if any(e["email"] == BILLING for e in c["emails"])]
    try:
        assert notification(body) == f"Added {BILLING} to Brightlane Logistics"
        assert [c.get("name") or "" for c in added] == [""]
    finally:
        for contact in added:  # the shared demo lead is left as the other tests expect
            api(live, "DELETE", f"contact/{contact['id']}/")


def test_mail_sent_from_own_domain_address_counts_as_sent(gmail: Browser) -> None:
    card = gmail.open("sent-from-alias")
    assert card["header"]["title"] == THREAD_LEAD_NAME
    assert "Aisha Rahman" in card_text(card)


def test_quoted_name_with_a_comma(gmail: Browser) -> None:
    assert gmail.open("quoted-comma-name")["header"]["title"] == KNOWN_SENDER.lead_name


def test_reopening_makes_no_call_and_refresh_bypasses_caches(gmail: Browser, live: Live) -> None:
    first = gmail.open("known-sender")
    live.reset_stats()
    again = gmail.open("known-sender")
    assert live.stats() == {}
    assert again == first
    name, params = action_of(find_button(again, "Refresh"))
    body = gmail.click(name, params=params)
    assert card_of(body)["header"] == first["header"]
    assert body["renderActions"]["action"]["notification"]["text"] == "Refreshed from Close"
    calls = live.stats()
    # Fresh from Close: the search (which brings the lead with its deals and open tasks
    # nested) and the activities again; nothing else is needed for the card.
    assert calls["POST /data/search/"] == 1
    assert calls["GET /activity/"] == 1
    assert "GET /task/" not in calls and "GET /opportunity/" not in calls


def test_older_activities_page_to_the_end(gmail: Browser, live: Live) -> None:
    card = gmail.open("known-sender")
    state = live.sandbox.close
    with state.lock:
        lead_id = next(
            i for i, lead in state.leads.items() if lead["name"] == KNOWN_SENDER.lead_name
        )
        total = len(state.lead_children(lead_id).activities)
    assert total > 16
    seen = 8
    name, params = action_of(find_button(card, "Older"))
    body = gmail.click(name, params=params)
    assert "pushCard" in body["renderActions"]["action"]["navigations"][0]
    while True:
        page = card_of(body)
        seen += sum(1 for w in page["sections"][0]["widgets"] if "decoratedText" in w)
        try:
            name, params = action_of(find_button(page, "Older"))
        except AssertionError:
            break
        body = gmail.click(name, params=params)
        assert "updateCard" in body["renderActions"]["action"]["navigations"][0]
    assert seen == total


def test_homepage_search_and_my_tasks(gmail: Browser, live: Live) -> None:
    home = gmail.open_home()
    text = card_text(home)
    assert "My tasks" in text and "overdue" in text
    body = gmail.click("search", form={"query": "Brightlane"})
    results = card_of(body)
    titles = [
        w["decoratedText"]["text"]
        for s in results["sections"]
        for w in s["widgets"]
        if "decoratedText" in w
    ]
    assert KNOWN_SENDER.lead_name in titles
    hit = next(
        w["decoratedText"]
        for s in results["sections"]
        for w in s["widgets"]
        if "decoratedText" in w and w["decoratedText"]["text"] == KNOWN_SENDER.lead_name
    )
    name, params = action_of(hit)
    lead = card_of(gmail.click(name, params=params))
    assert lead["header"]["title"] == KNOWN_SENDER.lead_name


def test_search_by_email_address(gmail: Browser) -> None:
    gmail.open_home()
    results = card_of(gmail.click("search", form={"query": KNOWN_SENDER.email}))
    assert KNOWN_SENDER.lead_name in card_text(results)


def test_someone_not_in_close_can_be_searched_for_by_name(gmail: Browser) -> None:
    card = gmail.open("unknown-company-sender")
    name, params = action_of(find_button(card, "Search Close"))
    assert params == {"query": "Jamie Ross"}
    results = card_of(gmail.click(name, params=params))
    assert results["name"] == "results"
    assert "Jamie Ross" in card_text(results)
    # Automated senders have nobody to search for.
    with pytest.raises(AssertionError):
        find_button(gmail.open("no-reply"), "Search Close")


def test_a_write_on_the_second_match_comes_back_to_that_lead(gmail: Browser) -> None:
    # Matches are newest-updated first, so saving on match 2 moves that lead to the top:
    # the card rebuilt after the save must still be the lead the user was editing.
    first = gmail.open("one-address-two-leads")
    name, params = action_of(find_button(first, "Next ›"))
    second = card_of(gmail.click(name, params=params))
    edited = second["header"]["title"]
    assert edited != first["header"]["title"]

    body = save(gmail, tap(gmail, line(second, "Description")), value="Met at the fair")

    assert updated_card(body)["header"]["title"] == edited
    assert "Met at the fair" in line(updated_card(body), "Description")["text"]


def test_several_matches_step_both_ways(gmail: Browser) -> None:
    first = gmail.open("one-address-two-leads")
    name, params = action_of(find_button(first, "‹ Previous"))
    last = card_of(gmail.click(name, params=params))
    assert "Match 2 of 2" in card_text(last)
    assert last["header"]["title"] != first["header"]["title"]
    name, params = action_of(find_button(last, "‹ Previous"))
    assert card_of(gmail.click(name, params=params))["header"] == first["header"]


def test_activity_pages_step_back_with_newer(gmail: Browser) -> None:
    card = gmail.open("known-sender")
    assert "Newer" not in card_text(card)  # the latest: nothing newer
    name, params = action_of(find_button(card, "Older"))
    second = card_of(gmail.click(name, params=params))
    name, params = action_of(find_button(second, "Older"))
    third = card_of(gmail.click(name, params=params))
    assert "Activities 17–" in card_text(third)
    name, params = action_of(find_button(third, "Newer"))
    body = gmail.click(name, params=params)
    assert "updateCard" in body["renderActions"]["action"]["navigations"][0]
    assert card_text(card_of(body)) == card_text(second)
    name, params = action_of(find_button(second, "Newer"))
    newest = card_of(gmail.click(name, params=params))
    assert "Activities 1–8" in card_text(newest)
    assert "Newer" not in card_text(newest)


def _found(gmail: Browser, query: str) -> list[str]:
    results = card_of(gmail.click("search", form={"query": query}))
    section = next(s for s in results["sections"] if s.get("header", "").startswith("Results"))
    return [w["decoratedText"]["text"] for w in section["widgets"] if "decoratedText" in w]


def test_homepage_search_finds_a_lead_by_phone_as_typed(gmail: Browser, live: Live) -> None:
    tag = uuid.uuid4().hex[:6]
    contact = {"name": "Pat Quill", "phones": [{"phone": "+1 312 555 0199", "type": "mobile"}]}
    api(live, "POST", "lead/", {"name": f"Quill {tag}", "contacts": [contact]})
    for typed in ("(312) 555-0199", "312.555.0199", "+1 312 555 0199"):
        assert _found(gmail, typed) == [f"Quill {tag}"], typed


def test_homepage_search_ranks_the_exact_address_first(gmail: Browser, live: Live) -> None:
    tag = uuid.uuid4().hex[:6]
    address = f"ann@acme-{tag}.example"

    def lead(name: str, email: str) -> None:
        contact = {"name": "Ann", "emails": [{"email": email, "type": "office"}]}
        api(live, "POST", "lead/", {"name": name, "contacts": [contact]})

    lead(f"Acme {tag} US", address)
    lead(f"Acme {tag} Australia", f"{address}.au")  # updated later: newest first otherwise
    assert _found(gmail, address) == [f"Acme {tag} US", f"Acme {tag} Australia"]

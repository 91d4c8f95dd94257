"""Every fault the Close emulator can inject shows a card that says what to do, never a 500."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import pytest
from google.auth import jwt

from sandbox.inbox import DEMO_USER_EMAIL
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, card_of
from tests.integration.editing import (
    lead_in_close,
    line,
    make_lead,
    open_lead,
    puts,
    save,
    tap,
    updated_card,
)
from tests.integration.records import mail, open_lead_mail, press
from tests.integration.records import make_lead as make_own_lead


@pytest.mark.parametrize(
    ("faults", "title", "advice"),
    [
        ({"error_rate": {"status": 503, "rate": 1.0}}, "Close is unavailable", "Try again"),
        ({"error_rate": {"status": 500, "rate": 1.0}}, "Close is unavailable", "Try again"),
        ({"malformed_rate": 1.0}, "Close is unavailable", "Try again"),
        ({"latency_ms": 5000}, "Close is slow", "Try again"),
        ({"hang_ms": 30000}, "Close is slow", "Try again"),
        ({"rate_limit_burst": 50, "paths": ["/data/search/"]}, "Close needs a moment", "Wait"),
        ({"error_rate": {"status": 402, "rate": 1.0}}, "Close plan limit reached", "upgrade"),
        ({"error_rate": {"status": 403, "rate": 1.0}}, "Not allowed in Close", "admin"),
    ],
)
def test_fault_on_open_shows_its_card(
    gmail: Browser, live: Live, faults: dict[str, Any], title: str, advice: str
) -> None:
    live.faults(**faults)
    card = gmail.open("known-sender")
    assert card["header"]["title"] == title
    assert advice in card_text(card)


def test_retry_after_the_fault_clears_shows_the_record(gmail: Browser, live: Live) -> None:
    live.faults(error_rate={"status": 503, "rate": 1.0})
    card = gmail.open("known-sender")
    name, params = action_of(find_button(card, "Try again"))
    live.faults()
    body = gmail.click(name, params=params)
    navigation = body["renderActions"]["action"]["navigations"][0]
    assert navigation["updateCard"]["name"] == "record"


def test_revoked_key_asks_to_reconnect(live: Live) -> None:
    from sandbox.demo_data.constants import COWORKERS

    coworker = COWORKERS[1]
    browser = Browser(live, email=coworker.email)
    browser.click("connect", form={"api_key": coworker.api_key})
    state = live.sandbox.close
    with state.lock:
        owner = state.api_keys.pop(coworker.api_key)
    try:
        live.cold()
        card = browser.open_home()
        assert card["header"]["title"] == "Reconnect to Close"
        name, _ = action_of(find_button(card, "Reconnect"))
        welcome = card_of(browser.click(name))
        assert welcome["name"] == "welcome"
    finally:
        with state.lock:
            state.api_keys[coworker.api_key] = owner


def test_wrong_gmail_token_asks_to_reopen(gmail: Browser, live: Live) -> None:
    messages = live.http.get(f"{live.base_url}/sandbox/gmail/messages").json()
    gmail.message_id = next(m["id"] for m in messages if m["case"] == "known-sender")
    status, _ = gmail.post("/message")
    assert status == 200
    # Tamper: a per-message token issued for another message is refused by Gmail.
    other = next(m["id"] for m in messages if m["case"] == "outgoing")
    url = f"{live.base_url}/message"
    tokens = live.http.post(
        f"{live.base_url}/sandbox/google/tokens",
        json={"email": gmail.email, "audience": url, "messageId": other},
    ).json()
    event = {
        "commonEventObject": {"hostApp": "GMAIL", "platform": "WEB"},
        "authorizationEventObject": {
            k: tokens[k] for k in ("userOAuthToken", "userIdToken", "systemIdToken")
        },
        "gmail": {"messageId": gmail.message_id, "accessToken": tokens["accessToken"]},
    }
    live.cold()
    reply = live.http.post(
        url, json=event, headers={"Authorization": f"Bearer {tokens['systemIdToken']}"}
    )
    card = reply.json()["action"]["navigations"][0]["pushCard"]
    assert card["header"]["title"] == "Reopen the email"


def test_a_hung_search_ends_at_the_deadline_with_a_card(gmail: Browser, live: Live) -> None:
    # The hang (30 s) is far longer than the request deadline (3 s here): the answer is
    # the "slow" card, which the add-on gives only once its own deadline has passed.
    live.faults(hang_ms=30000, paths=["/data/search/"])
    card = gmail.open("known-sender")
    assert card["header"]["title"] == "Close is slow"
    assert "Try again" in card_text(card)


def test_a_spent_search_window_is_waited_out_within_the_deadline(
    gmail: Browser, live: Live
) -> None:
    # Two searches per 1.5 s, both spent: the add-on's search answers 429 with a reset well
    # inside the request deadline, so the client waits it out and the user sees the record.
    limits = {"search_limit": 2, "search_window_s": 1.5}
    live.http.post(f"{live.base_url}/sandbox/close/_ratelimits", json=limits)
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    body = {"query": {"type": "object_type", "object_type": "lead"}, "_limit": 1}
    for _ in range(2):
        live.http.post(
            f"{live.base_url}/sandbox/close/api/v1/data/search/", json=body, auth=(key, "")
        )
    live.reset_stats()
    card = gmail.open("known-sender")
    assert card["name"] == "record"
    assert live.stats()["POST /data/search/"] == 2  # refused once, then answered


# ---- writes under faults: once or not at all, and retries that re-send what was typed ----


def _lead_card(gmail: Browser, live: Live) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make a lead of the test's own and open its record card; return (lead, card)."""
    lead = make_lead(live)
    return lead, open_lead(gmail, live, lead["id"])


def _try_again(gmail: Browser, body: dict[str, Any]) -> dict[str, Any]:
    """Press Try again (or "Try again in 8 s") on the error card a response shows."""
    (button,) = card_of(body)["sections"][0]["widgets"][-1]["buttonList"]["buttons"]
    assert button["text"].startswith("Try again"), button
    asked = re.fullmatch(r"Try again in (\d+) s", button["text"])
    if asked:  # the user waits as the button asks: Close's rate-limit window is over then
        gmail.live.timeline.sleep(float(asked[1]))
    name, params = action_of(button)
    return gmail.click(name, params=params)


@pytest.mark.usefixtures("own_leads")
@pytest.mark.parametrize(
    "faults",
    [
        {"error_rate": {"status": 503, "rate": 1.0}, "methods": ["GET"]},
        {"rate_limit_burst": 50, "methods": ["GET"]},
        {"rate_limit_burst": 50, "paths": ["/data/search/"]},
    ],
    ids=["reads-503", "reads-429", "search-429"],
)
@pytest.mark.parametrize(("top", "field"), [("Lead", "name"), ("Title", "title")])
def test_try_again_after_a_saved_field_reloads_and_keeps_the_value(
    gmail: Browser, live: Live, faults: dict[str, Any], top: str, field: str
) -> None:
    lead, card = _lead_card(gmail, live)
    edit = tap(gmail, line(card, top))
    live.faults(**faults)
    body = save(gmail, edit, value="New Name Inc")
    assert "New Name Inc" in (notification(body) or "")  # the save was made, and said so
    if card_of(body)["name"] != "record":  # the card outlasts the toast: it says so too
        assert "Saved in Close" in card_text(card_of(body))
    live.faults()
    again = _try_again(gmail, body) if "Try again" in card_text(card_of(body)) else body
    assert card_of(again)["name"] == "record"
    record = lead_in_close(live, lead["id"])
    held = record["name"] if field == "name" else record["contacts"][0]["title"]
    assert held == "New Name Inc"
    assert sum(puts(live).values()) == 1


@pytest.mark.usefixtures("own_leads")
def test_try_again_after_an_added_note_shows_the_record_not_the_form(
    gmail: Browser, live: Live
) -> None:
    lead = make_own_lead(live)
    form = card_of(press(gmail, open_lead_mail(gmail, live, lead), "Note"))
    live.faults(error_rate={"status": 503, "rate": 1.0}, methods=["GET"])
    body = press(gmail, form, "Save", note="Budget approved.")
    assert "Note added" in (notification(body) or "")
    live.faults()
    again = _try_again(gmail, body)
    assert card_of(again)["name"] == "record"
    assert live.stats()["POST /activity/note/"] == 1
    assert _notes(live, lead.id) == ["Budget approved."]


@pytest.mark.usefixtures("own_leads")
def test_save_again_after_an_unanswered_field_save_looks_in_close_first(
    gmail: Browser, live: Live
) -> None:
    lead, card = _lead_card(gmail, live)
    edit = tap(gmail, line(card, "Title"))
    live.faults(latency_ms=5000, methods=["PUT"])  # Close saves it, the answer comes late
    again = updated_card(save(gmail, edit, value="Treasurer"))
    live.faults()
    assert "Close did not answer" in card_text(again)
    body = save(gmail, again, value="Treasurer")
    assert card_of(body)["name"] == "record"
    assert notification(body) == "Already saved: Title set to Treasurer"
    assert puts(live) == {"PUT /contact/{id}/": 1}
    assert lead_in_close(live, lead["id"])["contacts"][0]["title"] == "Treasurer"


def _add_to_close_form(gmail: Browser, live: Live) -> tuple[str, dict[str, Any]]:
    """Open an email from someone not in Close, then its Add to Close form."""
    address = f"kim.ode@ode-{uuid.uuid4().hex[:8]}.example"
    case, _ = mail(live, f"Kim Ode <{address}>")
    no_match = gmail.open(case)
    form = card_of(press(gmail, no_match, "Add to Close"))
    assert form["name"] == "add_to_close"
    return address, form


def _submit(gmail: Browser, form: dict[str, Any]) -> dict[str, Any]:
    return press(gmail, form, "Add to Close", **_typed(form))


def _typed(card: dict[str, Any]) -> dict[str, Any]:
    """Return what a form shows in its text inputs: what the user sends with Save."""
    widgets = [w for s in card["sections"] for w in s["widgets"]]
    inputs = [w["textInput"] for w in widgets if "textInput" in w]
    return {i["name"]: i["value"] for i in inputs if i.get("value")}


def _leads_with(live: Live, address: str) -> int:
    state = live.sandbox.close
    with state.lock:
        return len(
            {
                c["lead_id"]
                for c in state.contacts.values()
                if any(e["email"] == address for e in c["emails"])
            }
        )


def _notes(live: Live, lead_id: str) -> list[str]:
    state = live.sandbox.close
    with state.lock:
        ids = state.lead_children(lead_id).activities
        found = [state.activities[i] for i in ids]
        return [a["note"] for a in found if a["_type"] == "Note"]


@pytest.mark.usefixtures("own_leads")
def test_save_again_never_doubles_a_lead_while_closes_search_lags(
    gmail: Browser, live: Live
) -> None:
    address, form = _add_to_close_form(gmail, live)
    live.reset_stats()
    # Close makes the lead but answers after our deadline, and its search lags behind.
    live.faults(latency_ms=5000, paths=["/lead/"], methods=["POST"], search_lag_ms=60000)
    again = card_of(_submit(gmail, form))
    assert "Close did not answer" in card_text(again)
    live.faults(search_lag_ms=60000)  # the answer is lost; the search still lags
    wait = card_of(_submit(gmail, again))
    assert wait["name"] == "add_to_close"
    assert "Close may still be saving your earlier try" in card_text(wait)
    assert live.stats()["POST /lead/"] == 1 and _leads_with(live, address) == 1
    live.faults()  # the search has caught up
    done = _submit(gmail, wait)
    assert card_of(done)["name"] == "record"
    assert live.stats()["POST /lead/"] == 1 and _leads_with(live, address) == 1


@pytest.mark.usefixtures("own_leads")
def test_a_claim_left_by_a_crashed_request_does_not_block_the_form(
    gmail: Browser, live: Live
) -> None:
    address, form = _add_to_close_form(gmail, live)
    _, params = action_of(find_button(form, "Add to Close"))
    # A request claimed this form, then its process died before asking Close anything.
    ledger = live.app.extensions["close_addon"].services.forms
    sub = str(jwt.decode(live.sandbox.issuer.user_token(DEMO_USER_EMAIL), verify=False)["sub"])
    crashed_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=20)
    with patch.object(ledger, "clock", lambda: crashed_at, create=True):
        ledger.claim(sub, params["form_id"])
    body = _submit(gmail, form)
    assert card_of(body)["name"] == "record", notification(body)
    assert _leads_with(live, address) == 1


@pytest.mark.usefixtures("own_leads")
def test_try_again_before_the_save_sends_what_was_typed(gmail: Browser, live: Live) -> None:
    lead, card = _lead_card(gmail, live)
    edit = tap(gmail, line(card, "Title"))
    live.cold()  # the record must be read again before the save, and Close fails that
    live.faults(error_rate={"status": 503, "rate": 1.0}, methods=["GET"])
    body = save(gmail, edit, value="Treasurer")
    assert card_of(body)["name"] == "error" and puts(live) == {}
    live.faults()
    assert card_of(_try_again(gmail, body))["name"] == "record"
    assert lead_in_close(live, lead["id"])["contacts"][0]["title"] == "Treasurer"


@pytest.mark.usefixtures("own_leads")
def test_a_note_too_long_to_carry_in_a_retry_goes_back_to_its_form(
    gmail: Browser, live: Live
) -> None:
    lead = make_own_lead(live)
    form = card_of(press(gmail, open_lead_mail(gmail, live, lead), "Note"))
    live.cold()
    live.faults(error_rate={"status": 503, "rate": 1.0})
    body = press(gmail, form, "Save", note="Long call notes. " * 300)
    (button,) = card_of(body)["sections"][0]["widgets"][-1]["buttonList"]["buttons"]
    assert button["text"] == "Back"  # the form below still holds the note
    assert "POST /activity/note/" not in live.stats()


# ---- the fault matrix: each kind of fault on each kind of request, then the user's retry ----

# Close's write endpoints the sidebar calls: a fault on writes only (a search is a POST too).
WRITES = {"methods": ["POST", "PUT"], "paths": ["/lead/", "/contact/", "/activity/"]}

MATRIX_FAULTS: dict[str, dict[str, Any]] = {
    "5xx-0.3": {"error_rate": {"status": 503, "rate": 0.3}, "seed": 11},
    "5xx-1.0": {"error_rate": {"status": 502, "rate": 1.0}},
    "reads-503": {"error_rate": {"status": 503, "rate": 1.0}, "methods": ["GET"]},
    "reads-429": {"rate_limit_burst": 50, "methods": ["GET"]},
    "writes-429": {"rate_limit_burst": 50, **WRITES},
    "search-429": {"rate_limit_burst": 50, "paths": ["/data/search/"]},
    "past-deadline": {"latency_ms": 5000},  # Close acts, then answers after our deadline
    "hang": {"hang_ms": 30000},  # Close does not even start before our deadline
    "malformed": {"malformed_rate": 1.0},
}
FLAKY = {"5xx-0.3"}  # faults that last while the user tries again


@pytest.fixture
def user(gmail: Browser, live: Live) -> Browser:
    """The connected user; the test's faults and records cleared after."""
    return Browser(live)


class Waited:
    """The form ledger's clock, moved on a minute each time the user waits as asked."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock, self._ahead = clock, dt.timedelta(0)

    def now(self) -> dt.datetime:
        return self._clock() + self._ahead

    def minute(self) -> None:
        self._ahead += dt.timedelta(minutes=1)


def _recover(
    gmail: Browser, body: dict[str, Any], fault: str, save: str = "Save", **typed: Any
) -> dict[str, Any]:
    """Do what the user does once Close is back: press Try again, or Save again; return the card.

    Only the buttons the card shows are pressed: Try again, or the form's `save` button
    with what its inputs hold (and `typed`). Any other card ends the retries.
    A flaky Close stays flaky while the user retries; any other fault has cleared.
    """
    if fault not in FLAKY:
        gmail.live.faults()
    ledger = gmail.live.app.extensions["close_addon"].services.forms
    waited = Waited(ledger.clock)
    with patch.object(ledger, "clock", waited.now):
        return _press_until_done(gmail, body, waited, save, **typed)


def _press_until_done(
    gmail: Browser, body: dict[str, Any], waited: Waited, save: str, **typed: Any
) -> dict[str, Any]:
    for _ in range(12):  # a flaky Close may fail a few tries in a row
        card = card_of(body)
        if card["name"] == "error":
            body = _try_again(gmail, body)
        elif card["name"] in ("edit", "note_form", "add_to_close"):
            if "may still be saving" in card_text(card):
                waited.minute()  # the user saves again later, as the card asks
            asked = re.search(r"asks us to wait (\d+) s", card_text(card))
            if asked:  # and waits out Close's rate-limit window, as the card asks
                gmail.live.timeline.sleep(float(asked[1]))
            body = press(gmail, card, save, **(_typed(card) | typed))
        else:
            break
    gmail.live.faults()
    return card_of(body)


def _pushed(card: dict[str, Any]) -> dict[str, Any]:
    """Wrap a trigger's card as the response that pushed it."""
    return {"action": {"navigations": [{"pushCard": card}]}}


matrix = pytest.mark.parametrize("fault", MATRIX_FAULTS)


@pytest.mark.usefixtures("own_leads")
@matrix
def test_matrix_opening(user: Browser, live: Live, fault: str) -> None:
    lead = make_own_lead(live)
    case, _ = mail(live, f"{lead.person} <{lead.email}>")
    live.reset_stats()
    live.faults(**MATRIX_FAULTS[fault])
    body = _pushed(user.open(case))
    assert _recover(user, body, fault)["header"]["title"] == lead.name
    assert live.writes.counts() == {}


@matrix
def test_matrix_homepage(user: Browser, live: Live, fault: str) -> None:
    live.faults(**MATRIX_FAULTS[fault])
    body = _pushed(user.open_home())
    home = _recover(user, body, fault)
    assert home["name"] == "home" and "My tasks" in card_text(home)
    assert live.writes.counts() == {}


@pytest.mark.usefixtures("own_leads")
@matrix
def test_matrix_refresh(user: Browser, live: Live, fault: str) -> None:
    lead = make_own_lead(live)
    card = open_lead_mail(user, live, lead)
    live.faults(**MATRIX_FAULTS[fault])
    body = press(user, card, "Refresh")
    again = _recover(user, body, fault)
    assert again["name"] == "record" and again["header"]["title"] == lead.name
    assert live.writes.counts() == {}


@pytest.mark.usefixtures("own_leads")
@matrix
def test_matrix_field_edit(user: Browser, live: Live, fault: str) -> None:
    lead, card = _lead_card(user, live)
    edit = tap(user, line(card, "Title"))
    live.reset_stats()
    live.faults(**MATRIX_FAULTS[fault])
    body = save(user, edit, value="Treasurer")
    again = _recover(user, body, fault, value="Treasurer")
    assert again["name"] == "record" and "Treasurer" in line(again, "Title")["text"]
    assert lead_in_close(live, lead["id"])["contacts"][0]["title"] == "Treasurer"
    assert live.writes.counts() == {"PUT /contact/{id}/": 1}


@pytest.mark.usefixtures("own_leads")
@matrix
def test_matrix_create(user: Browser, live: Live, fault: str) -> None:
    address, form = _add_to_close_form(user, live)
    live.reset_stats()
    live.faults(**MATRIX_FAULTS[fault])
    body = _submit(user, form)
    assert _recover(user, body, fault, "Add to Close")["name"] == "record"
    assert _leads_with(live, address) == 1
    assert live.writes.counts() == {"POST /lead/": 1}


@pytest.mark.usefixtures("own_leads")
@matrix
def test_matrix_note(user: Browser, live: Live, fault: str) -> None:
    lead = make_own_lead(live)
    form = card_of(press(user, open_lead_mail(user, live, lead), "Note"))
    live.reset_stats()
    live.faults(**MATRIX_FAULTS[fault])
    body = press(user, form, "Save", note="Call after 3 pm.")
    assert _recover(user, body, fault, note="Call after 3 pm.")["name"] == "record"
    assert _notes(live, lead.id) == ["Call after 3 pm."]
    assert live.writes.counts() == {"POST /activity/note/": 1}


def test_try_again_after_a_failed_search_searches_for_what_was_typed(
    gmail: Browser, live: Live
) -> None:
    home = gmail.open_home()
    name, params = action_of(find_button(home, "Search"))
    live.faults(error_rate={"status": 503, "rate": 1.0}, paths=["/data/search/"])
    failed = card_of(gmail.click(name, params=params, form={"query": "Brightlane"}))
    assert failed["header"]["title"] == "Close is unavailable"
    live.faults()
    name, params = action_of(find_button(failed, "Try again"))
    body = gmail.click(name, params=params)  # the error card has no search field
    results = body["renderActions"]["action"]["navigations"][-1]["pushCard"]
    assert results["name"] == "results"
    assert "Results for “Brightlane”" in card_text(results)
    assert "Brightlane Logistics" in card_text(results)

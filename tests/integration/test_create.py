"""Add to Close, live: prefilled forms, duplicate checks, initial opportunity, creating once."""

from __future__ import annotations

import dataclasses
import itertools
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from google.auth import jwt

from sandbox.close.leads import delete_lead
from sandbox.demo_data.constants import UNKNOWN_COMPANY_SENDER, UNKNOWN_FREEMAIL_EMAIL
from sandbox.inbox import DEMO_USER_EMAIL
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, card_of

_cases = itertools.count(1)


@pytest.fixture(autouse=True)
def own_records(live: Live) -> Iterator[None]:
    """Delete every lead a test made, so the shared demo stays as the other tests expect."""
    state = live.sandbox.close
    with state.lock:
        before = set(state.leads)
    yield
    with state.lock:
        for lead_id in set(state.leads) - before:
            delete_lead(state, lead_id)


@pytest.fixture
def deal_setting(live: Live) -> Iterator[Any]:
    """Set the user's "initial opportunity" setting for one test, then put it back."""
    services = live.app.extensions["close_addon"].services
    sub = str(jwt.decode(live.sandbox.issuer.user_token(DEMO_USER_EMAIL), verify=False)["sub"])
    original = services.store.get(sub)

    def turn(on: bool) -> None:
        services.store.save(dataclasses.replace(original, create_initial_opportunity=on))

    yield turn
    services.store.save(original)


def _domain() -> str:
    return f"orchid-{uuid.uuid4().hex[:8]}.example"


def _mail(live: Live, sender: str, cc: str = "") -> str:
    """Put an email from `sender` in the inbox; return its case name for `gmail.open`."""
    case = f"create-{next(_cases)}-{uuid.uuid4().hex[:6]}"
    headers = {"From": sender, "To": DEMO_USER_EMAIL, "Subject": "Hello", "Cc": cc}
    live.sandbox.inbox.add({k: v for k, v in headers.items() if v}, case=case)
    return case


def _lead(live: Live, name: str, *emails: str) -> str:
    """Create a lead in Close (as a coworker would) with one contact per address."""
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    contacts = [{"name": e.split("@")[0], "emails": [{"email": e}]} for e in emails]
    reply = live.http.post(
        f"{live.base_url}/sandbox/close/api/v1/lead/",
        json={"name": name, "contacts": contacts},
        auth=(key, ""),
    )
    reply.raise_for_status()
    return str(reply.json()["id"])


def _leads_with(live: Live, email: str) -> list[dict[str, Any]]:
    state = live.sandbox.close
    with state.lock:
        ids = {
            c["lead_id"]
            for c in state.contacts.values()
            if any(e["email"] == email for e in c["emails"])
        }
        return [dict(state.leads[i]) for i in ids]


def _opportunities(live: Live, lead_id: str) -> list[dict[str, Any]]:
    state = live.sandbox.close
    with state.lock:
        return [dict(state.opportunities[o]) for o in state.lead_children(lead_id).opportunities]


def _inputs(card: dict[str, Any]) -> dict[str, Any]:
    """Return each input of a form by name: text values, selected values, picker values."""
    found: dict[str, Any] = {}
    for section in card["sections"]:
        for widget in section["widgets"]:
            if "textInput" in widget:
                found[widget["textInput"]["name"]] = widget["textInput"].get("value", "")
            if "selectionInput" in widget:
                items = widget["selectionInput"]["items"]
                found[widget["selectionInput"]["name"]] = [
                    i["value"] for i in items if i["selected"]
                ]
            if "dateTimePicker" in widget:
                found[widget["dateTimePicker"]["name"]] = widget["dateTimePicker"].get(
                    "valueMsEpoch"
                )
    return found


def _form_values(card: dict[str, Any], **changes: Any) -> dict[str, Any]:
    values = {k: v for k, v in _inputs(card).items() if v and k != "opp_date"}
    return values | changes


def _submit(gmail: Browser, form: dict[str, Any], **changes: Any) -> dict[str, Any]:
    name, params = action_of(find_button(form, "Add to Close"))
    return gmail.click(name, form=_form_values(form, **changes), params=params)


def _open_form(gmail: Browser, case: str) -> dict[str, Any]:
    no_match = gmail.open(case)
    name, params = action_of(find_button(no_match, "Add to Close"))
    return card_of(gmail.click(name, params=params))


def test_unknown_company_sender_gets_a_prefilled_form(gmail: Browser, live: Live) -> None:
    form = _open_form(gmail, "unknown-company-sender")
    assert form["name"] == "add_to_close"
    values = _inputs(form)
    first_status = next(iter(live.sandbox.close.lead_statuses))
    assert values["first_name"] == "Jamie" and values["last_name"] == "Ross"
    assert values["email"] == UNKNOWN_COMPANY_SENDER.email
    assert values["lead_name"] == "Vantagepoint Labs"
    assert values["lead_status"] == [first_status]
    assert "opp_value" not in values  # the initial-opportunity setting is off
    # Close was asked for the address and for leads on its domain, side by side.
    assert live.stats()["POST /data/search/"] == 3  # the open, then those two


def test_free_mail_sender_gets_a_lead_named_after_them(gmail: Browser, live: Live) -> None:
    gmail.open("unknown-freemail")
    live.reset_stats()
    no_match = gmail.open("unknown-freemail")
    name, params = action_of(find_button(no_match, "Add to Close"))
    form = card_of(gmail.click(name, params=params))
    values = _inputs(form)
    assert values["email"] == UNKNOWN_FREEMAIL_EMAIL
    assert values["lead_name"] == "Taylor Nguyen"
    assert "personal address" in card_text(form)
    assert live.stats()["POST /data/search/"] == 1  # no domain to look for


def test_automated_senders_are_not_offered(gmail: Browser) -> None:
    card = gmail.open("no-reply")
    with pytest.raises(AssertionError):
        find_button(card, "Add to Close")


def test_an_address_already_in_close_is_opened_not_added(gmail: Browser, live: Live) -> None:
    email = f"robin@{_domain()}"
    case = _mail(live, f"Robin Fox <{email}>")
    no_match = gmail.open(case)
    _lead(live, "Fox Ventures", email)  # added in Close meanwhile, by a coworker
    name, params = action_of(find_button(no_match, "Add to Close"))
    card = card_of(gmail.click(name, params=params))
    assert card["header"]["subtitle"] == "Already in Close"
    assert "Fox Ventures" in card_text(card)
    name, params = action_of(find_button(card, "Show in sidebar"))
    body = gmail.click(name, params=params)
    assert body["renderActions"]["action"]["navigations"][0] == {"pop": True}
    assert card_of(body)["header"]["title"] == "Fox Ventures"
    assert len(_leads_with(live, email)) == 1


def test_a_lead_on_the_same_domain_is_offered_instead(gmail: Browser, live: Live) -> None:
    domain = _domain()
    _lead(live, "Orchid Labs", f"ana@{domain}")
    email = f"pat.kim@{domain}"
    # The same words at another domain: neither the address nor a lead on the domain.
    _lead(live, "Orchid Down Under", f"{email}.au")
    card = _open_form(gmail, _mail(live, f"Pat Kim <{email}>"))
    assert card["name"] == "same_company"
    text = card_text(card)
    assert "Orchid Labs" in text and "Orchid Down Under" not in text
    live.reset_stats()
    name, params = action_of(find_button(card, "Add to Orchid Labs"))
    body = gmail.click(name, params=params)
    record = card_of(body)
    assert record["header"]["title"] == "Orchid Labs"
    assert "Pat Kim" in card_text(record)
    assert notification(body) == "Added Pat Kim to Orchid Labs"
    assert body["stateChanged"] is True
    assert live.stats()["POST /contact/"] == 1 and "POST /lead/" not in live.stats()
    # The same click again (a double click) adds nobody twice.
    gmail.click(name, params=params)
    assert live.stats()["POST /contact/"] == 1
    assert [lead["name"] for lead in _leads_with(live, email)] == ["Orchid Labs"]


def test_a_new_lead_anyway(gmail: Browser, live: Live) -> None:
    domain = _domain()
    _lead(live, "Orchid Labs", f"ana@{domain}")
    email = f"lee.park@{domain}"
    offer = _open_form(gmail, _mail(live, f"Lee Park <{email}>"))
    name, params = action_of(find_button(offer, "Create a new lead anyway"))
    body = gmail.click(name, params=params)
    form = body["renderActions"]["action"]["navigations"][0]["updateCard"]
    assert _inputs(form)["lead_name"].startswith("Orchid")
    body = _submit(gmail, form, lead_name="Orchid Labs (Research)")
    assert card_of(body)["header"]["title"] == "Orchid Labs (Research)"
    assert [lead["name"] for lead in _leads_with(live, email)] == ["Orchid Labs (Research)"]


def test_new_lead_with_an_initial_opportunity(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"mia.chen@{_domain()}"
    form = _open_form(gmail, _mail(live, f'"Chen, Mia" <{email}>'))
    values = _inputs(form)
    assert (values["first_name"], values["last_name"]) == ("Mia", "Chen")
    state = live.sandbox.close
    with state.lock:
        statuses = [s for s in state.opportunity_statuses.values() if s["type"] == "active"]
    assert values["opp_status"] == [statuses[0]["id"]]
    close_date = {"dateInput": {"msSinceEpoch": "1790726400000"}}  # 2026-09-30
    live.reset_stats()
    name, params = action_of(find_button(form, "Add to Close"))
    fields = _form_values(
        form,
        title="CTO",
        opp_status=statuses[1]["id"],
        opp_value="$12,500.50",
        opp_confidence="60",
    )
    body = gmail.click(name, form=fields | {"opp_date": close_date}, params=params)
    record = card_of(body)
    assert record["header"]["title"].startswith("Orchid")
    assert "$12,500.50" in card_text(record)
    assert notification(body) == f"Added Mia Chen ({record['header']['title']}) to Close"
    (lead,) = _leads_with(live, email)
    (opp,) = _opportunities(live, lead["id"])
    with state.lock:
        contact = dict(state.contacts[state.lead_children(lead["id"]).contacts[0]])
    assert (opp["value"], opp["confidence"], opp["status_id"]) == (1250050, 60, statuses[1]["id"])
    assert opp["date_won"] == "2026-09-30" and opp["contact_id"] == contact["id"]
    assert (contact["name"], contact["title"]) == ("Mia Chen", "CTO")
    assert live.stats()["POST /lead/"] == 1 and live.stats()["POST /opportunity/"] == 1


def test_no_opportunity_when_the_setting_is_off(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(False)
    email = f"noor@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Noor Haddad <{email}>"))
    assert not {"opp_status", "opp_value"} & set(_inputs(form))
    _submit(gmail, form)
    (lead,) = _leads_with(live, email)
    assert _opportunities(live, lead["id"]) == []
    assert "POST /opportunity/" not in live.stats()


def test_the_same_form_sent_twice_creates_one_lead(gmail: Browser, live: Live) -> None:
    email = f"sam.ito@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Sam Ito <{email}>"))
    live.reset_stats()
    first = _submit(gmail, form)
    second = _submit(gmail, form)
    assert card_of(first)["header"] == card_of(second)["header"]
    assert notification(first) == notification(second)
    assert live.stats()["POST /lead/"] == 1
    assert len(_leads_with(live, email)) == 1


def test_a_timed_out_create_is_found_on_retry(gmail: Browser, live: Live) -> None:
    email = f"kai.berg@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Kai Berg <{email}>"))
    live.reset_stats()
    live.faults(hang_ms=2500, paths=["/lead/"], methods=["POST"])
    body = _submit(gmail, form, title="COO")
    again = body["renderActions"]["action"]["navigations"][0]["updateCard"]
    assert again["name"] == "add_to_close"
    assert "Close did not answer" in card_text(again)
    assert _inputs(again)["title"] == "COO"  # nothing typed is lost
    made = live.writes.counts().get("POST /lead/", 0) + 1
    live.faults()  # the hung request goes on, and Close creates the lead after all
    live.writes.wait_for("POST /lead/", made)
    assert len(_leads_with(live, email)) == 1
    body = _submit(gmail, again)
    assert card_of(body)["name"] == "record"
    assert live.stats()["POST /lead/"] == 1
    assert len(_leads_with(live, email)) == 1


def test_a_timed_out_opportunity_is_finished_on_retry_not_doubled(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"lou.diaz@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Lou Diaz <{email}>"))
    live.reset_stats()
    live.faults(hang_ms=2500, paths=["/opportunity/"], methods=["POST"])
    again = card_of(_submit(gmail, form, opp_value="900"))
    assert again["name"] == "add_to_close" and "Close did not answer" in card_text(again)
    made = live.writes.counts().get("POST /opportunity/", 0) + 1
    live.faults()
    (lead,) = _leads_with(live, email)
    live.writes.wait_for("POST /opportunity/", made)
    assert len(_opportunities(live, lead["id"])) == 1
    assert card_of(_submit(gmail, again))["name"] == "record"
    stats = live.stats()
    assert stats["POST /lead/"] == 1 and stats["POST /opportunity/"] == 1
    assert len(_leads_with(live, email)) == 1
    assert len(_opportunities(live, lead["id"])) == 1


def test_a_refused_opportunity_leaves_the_lead_and_says_so(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"rey.sol@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Rey Sol <{email}>"))
    body = _submit(gmail, form, opp_status="stat_gone", opp_value="900")
    assert card_of(body)["name"] == "record"
    assert "but not the opportunity" in (notification(body) or "")
    (lead,) = _leads_with(live, email)
    assert _opportunities(live, lead["id"]) == []
    _submit(gmail, form, opp_value="900")  # sent again: the lead is not made twice
    assert len(_leads_with(live, email)) == 1


def test_empty_opportunity_fields_make_no_opportunity_and_say_so(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"ada.ruiz@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Ada Ruiz <{email}>"))
    live.reset_stats()
    body = _submit(gmail, form)  # the deal's value, confidence and date left empty
    assert card_of(body)["name"] == "record"
    assert "without an opportunity" in (notification(body) or "")
    (lead,) = _leads_with(live, email)
    assert _opportunities(live, lead["id"]) == []  # no "$0 · 0%" deal
    assert "POST /opportunity/" not in live.stats()


def test_a_lead_with_no_name_nor_company_is_refused_beside_the_fields(
    gmail: Browser, live: Live
) -> None:
    email = f"bo.lind@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Bo Lind <{email}>"))
    live.reset_stats()
    body = _submit(gmail, form, first_name="", last_name=" ", lead_name="", title="CEO")
    again = card_of(body)
    assert again["name"] == "add_to_close" and _inputs(again)["title"] == "CEO"
    widgets = [w for s in again["sections"] for w in s["widgets"]]
    for name in ("last_name", "lead_name"):
        at = next(i for i, w in enumerate(widgets) if w.get("textInput", {}).get("name") == name)
        assert "Enter the" in widgets[at + 1]["textParagraph"]["text"]
    assert live.stats() == {} and _leads_with(live, email) == []


def test_close_refusing_shows_the_form_again_with_its_error(gmail: Browser, live: Live) -> None:
    email = f"ivy.moss@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Ivy Moss <{email}>"))
    body = _submit(gmail, form, lead_status="stat_gone", title="VP Sales")
    again = body["renderActions"]["action"]["navigations"][0]["updateCard"]
    values = _inputs(again)
    assert (values["first_name"], values["title"]) == ("Ivy", "VP Sales")
    text = card_text(again)
    assert "Close did not accept this" in text and "Not a valid choice." in text
    widgets = [w for s in again["sections"] for w in s["widgets"]]
    at = next(
        i for i, w in enumerate(widgets) if w.get("selectionInput", {}).get("name") == "lead_status"
    )
    assert "Not a valid choice." in widgets[at + 1]["textParagraph"]["text"]
    assert _leads_with(live, email) == []
    # Corrected, the same form creates the lead.
    status = next(iter(live.sandbox.close.lead_statuses))
    assert card_of(_submit(gmail, again, lead_status=status))["name"] == "record"
    assert len(_leads_with(live, email)) == 1


def test_unreadable_amounts_are_caught_before_close(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    form = _open_form(gmail, _mail(live, f"Ola Nord <ola@{_domain()}>"))
    live.reset_stats()
    body = _submit(gmail, form, opp_value="lots", opp_confidence="140")
    again = card_of(body)
    assert "Enter an amount" in card_text(again) and "0 to 100" in card_text(again)
    assert live.stats() == {}


def test_a_participant_is_added_to_the_shown_lead_in_one_click(gmail: Browser, live: Live) -> None:
    domain = _domain()
    _lead(live, "Orchid Labs", f"ana@{domain}")
    newcomer = f"dev.rao@{domain}"
    case = _mail(live, f"Ana Silva <ana@{domain}>", cc=f"Dev Rao <{newcomer}>")
    record = gmail.open(case)
    people = next(s for s in record["sections"] if s.get("header") == "On this thread")
    line = next(w["decoratedText"] for w in people["widgets"] if "Dev Rao" in str(w))
    assert line["bottomLabel"] == "Not in Close"
    name, params = action_of(line["button"])
    assert line["button"]["text"] == "Add to Orchid Labs"
    live.reset_stats()
    body = gmail.click(name, params=params)
    assert "updateCard" in body["renderActions"]["action"]["navigations"][0]
    assert notification(body) == "Added Dev Rao to Orchid Labs"
    after = card_of(body)
    people = next(s for s in after["sections"] if s.get("header") == "On this thread")
    line = next(w["decoratedText"] for w in people["widgets"] if "Dev Rao" in str(w))
    assert line["bottomLabel"] == "In Close · Orchid Labs" and "button" not in line
    gmail.click(name, params=params)  # the same button again
    assert live.stats()["POST /contact/"] == 1
    assert [lead["name"] for lead in _leads_with(live, newcomer)] == ["Orchid Labs"]


def test_a_new_lead_shows_before_closes_search_has_caught_up(gmail: Browser, live: Live) -> None:
    email = f"kai.lund@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Kai Lund <{email}>"))
    live.faults(search_lag_ms=60_000)  # Close's index has not seen anything new yet

    body = _submit(gmail, form, lead_name="Lund Analytics")

    record = card_of(body)
    assert record["name"] == "record"
    assert record["header"]["title"] == "Lund Analytics"
    assert "Kai Lund" in card_text(record)
    assert live.stats()["GET /lead/{id}/"] >= 1  # read from the lead's own endpoint


def test_a_contact_added_to_a_lead_shows_before_search_has_caught_up(
    gmail: Browser, live: Live
) -> None:
    domain = _domain()
    _lead(live, "Orchid Labs", f"ana@{domain}")
    email = f"sam.ito@{domain}"
    card = _open_form(gmail, _mail(live, f"Sam Ito <{email}>"))
    live.faults(search_lag_ms=60_000)

    name, params = action_of(find_button(card, "Add to Orchid Labs"))
    record = card_of(gmail.click(name, params=params))

    assert record["header"]["title"] == "Orchid Labs"
    assert "Sam Ito" in card_text(record)


def test_a_save_after_fixing_one_field_shows_only_the_remaining_errors(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"ola.berg@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Ola Berg <{email}>"))
    live.reset_stats()
    marked = card_of(_submit(gmail, form, first_name="", opp_value="lots", opp_confidence="140"))
    assert "Enter an amount" in card_text(marked) and "0 to 100" in card_text(marked)
    # Nothing runs as a field changes: Gmail would drop the Save pressed meanwhile.
    assert "onChangeAction" not in json.dumps(marked)
    now = card_of(_submit(gmail, marked, first_name="", opp_value="12,500", opp_confidence="140"))
    assert "Enter an amount" not in card_text(now) and "0 to 100" in card_text(now)
    assert _inputs(now)["opp_value"] == "12,500"  # what was typed stays
    assert "Enter the" not in card_text(now)  # a first name cleared, the last name kept, is fine
    assert live.stats() == {}  # still wrong: nothing is sent to Close
    done = card_of(_submit(gmail, now, first_name="", opp_value="12,500", opp_confidence="40"))
    assert done["name"] == "record"
    (lead,) = _leads_with(live, email)
    (opp,) = _opportunities(live, lead["id"])
    assert (opp["value"], opp["confidence"]) == (1_250_000, 40)


def test_a_past_close_date_gets_a_hint_not_a_refusal(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"pia.lund@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Pia Lund <{email}>"))
    past = {"opp_date": {"dateInput": {"msSinceEpoch": "1577836800000"}}}  # 2020-01-01
    hinted = card_of(_submit(gmail, form, opp_value="500", opp_confidence="140", **past))
    assert "Jan 1, 2020 is in the past." in card_text(hinted)  # shown with what needs fixing
    assert "0 to 100" in card_text(hinted)
    saved = card_of(_submit(gmail, hinted, opp_value="500", opp_confidence="40", **past))
    assert saved["name"] == "record", card_text(saved)  # the date alone is no reason to refuse
    (lead,) = _leads_with(live, email)
    (opp,) = _opportunities(live, lead["id"])
    assert opp["date_won"] == "2020-01-01"


def test_phone_and_website_go_to_close_and_show_on_the_new_record(
    gmail: Browser, live: Live
) -> None:
    domain = _domain()
    email = f"lena.park@{domain}"
    form = _open_form(gmail, _mail(live, f"Lena Park <{email}>"))
    assert _inputs(form)["url"] == domain  # a company's domain is its website
    assert _inputs(form)["phone"] == ""
    body = _submit(gmail, form, phone="(415) 555-0134")
    record = card_of(body)
    assert record["name"] == "record"
    (lead,) = _leads_with(live, email)
    state = live.sandbox.close
    with state.lock:
        contact = dict(state.contacts[state.lead_children(lead["id"]).contacts[0]])
    assert lead["url"] == f"https://{domain}"
    assert [p["phone"] for p in contact["phones"]] == ["+14155550134"]
    text = card_text(record)
    assert "555-0134" in text and domain in text


def test_no_website_is_guessed_from_a_free_mail_address(gmail: Browser, live: Live) -> None:
    form = _open_form(gmail, "unknown-freemail")
    assert _inputs(form)["url"] == ""  # gmail.com is nobody's website


def test_a_wrong_phone_or_website_is_refused_beside_it_and_kept(gmail: Browser, live: Live) -> None:
    email = f"olav.dahl@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Olav Dahl <{email}>"))
    live.reset_stats()
    again = card_of(_submit(gmail, form, phone="+1 415 555 01", url="acme dot com"))
    assert again["name"] == "add_to_close"
    assert (_inputs(again)["phone"], _inputs(again)["url"]) == ("+1 415 555 01", "acme dot com")
    widgets = [w for s in again["sections"] for w in s["widgets"]]
    for name, problem in (("phone", "Too short"), ("url", "web address")):
        at = next(i for i, w in enumerate(widgets) if w.get("textInput", {}).get("name") == name)
        assert problem in widgets[at + 1]["textParagraph"]["text"]
    assert live.stats() == {} and _leads_with(live, email) == []
    # Corrected, the first Save of the same form creates the lead.
    assert "onChangeAction" not in json.dumps(again)
    assert card_of(_submit(gmail, again, phone="+1 415 555 0177", url=""))["name"] == "record"
    (lead,) = _leads_with(live, email)
    assert lead["url"] == ""


def test_the_initial_opportunity_has_its_billing_period(
    gmail: Browser, live: Live, deal_setting: Any
) -> None:
    deal_setting(True)
    email = f"rui.sato@{_domain()}"
    form = _open_form(gmail, _mail(live, f"Rui Sato <{email}>"))
    assert _inputs(form)["opp_value_period"] == ["one_time"]
    body = _submit(gmail, form, opp_value="500", opp_value_period="monthly")
    (lead,) = _leads_with(live, email)
    (opp,) = _opportunities(live, lead["id"])
    assert (opp["value"], opp["value_period"]) == (50_000, "monthly")
    assert "$500 monthly" in card_text(card_of(body))


def test_a_lead_named_after_its_person_is_announced_once(gmail: Browser, live: Live) -> None:
    email = f"kim.ode.{uuid.uuid4().hex[:6]}@gmail.com"
    form = _open_form(gmail, _mail(live, f"Kim Ode <{email}>"))
    assert _inputs(form)["lead_name"] == "Kim Ode"  # a free-mail sender's lead is named after them
    body = _submit(gmail, form)
    assert notification(body) == "Added Kim Ode to Close"  # not "Kim Ode (Kim Ode)"

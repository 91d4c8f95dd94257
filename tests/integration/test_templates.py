"""The Templates screen, live: list, render, edit, create, share, archive, against the emulator."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.close import templates as emulated
from sandbox.close.errors import CloseApiError, validation_error
from sandbox.demo_data.constants import KNOWN_SENDER
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of

PUT = "PUT /email_template/{id}/"
POST = "POST /email_template/"


@pytest.fixture(autouse=True)
def own_templates(live: Live) -> Iterator[None]:
    """Delete the templates a test made, and restore the ones it changed."""
    state = live.sandbox.close
    with state.lock:
        before = {k: dict(v) for k, v in state.templates.items()}
    yield
    with state.lock:
        state.templates.clear()
        state.templates.update(before)


def _template(live: Live, *, shared: bool = False, **fields: Any) -> dict[str, Any]:
    """Create a template of the demo user's own through the API; return Close's answer."""
    tag = uuid.uuid4().hex[:6]
    body = {
        "name": f"Test template {tag}",
        "subject": "Hello {{ contact.first_name }}",
        "body": "Hi {{ contact.first_name }},\n\nAbout {{ lead.display_name }}.",
        "is_shared": shared,
    }
    return dict(api(live, "POST", "email_template/", body | fields))


def _in_close(live: Live, template_id: str) -> dict[str, Any]:
    with live.sandbox.close.lock:
        return dict(live.sandbox.close.templates[template_id])


def _menu(gmail: Browser) -> dict[str, Any]:
    body = gmail.trigger("/menu/templates")
    return body["action"]["navigations"][0]["pushCard"]  # type: ignore[no-any-return]


def _sections(card: dict[str, Any]) -> dict[str, str]:
    """Return each titled section's text, by title."""
    return {s["header"]: card_text({"sections": [s]}) for s in card["sections"] if s.get("header")}


def _line(card: dict[str, Any], text: str) -> dict[str, Any]:
    found = [
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if text in w.get("decoratedText", {}).get("text", "")
    ]
    assert found, f"no line {text!r} in:\n{card_text(card)}"
    return found[0]


def _press(gmail: Browser, target: dict[str, Any], **form: Any) -> dict[str, Any]:
    """Press a button or tap a line; return the whole response."""
    name, params = action_of(target)
    return gmail.click(name, params=params, form=form or None)


def _open(gmail: Browser, list_card: dict[str, Any], name: str) -> dict[str, Any]:
    return card_of(_press(gmail, _line(list_card, name)))


def _edit_button(card: dict[str, Any], top: str) -> dict[str, Any]:
    found = [
        w["decoratedText"]["button"]
        for s in card["sections"]
        for w in s["widgets"]
        if w.get("decoratedText", {}).get("topLabel") == top
    ]
    assert found, f"no {top} line in:\n{card_text(card)}"
    return found[0]


def _cards(body: dict[str, Any]) -> list[tuple[str, dict[str, Any] | str]]:
    out: list[tuple[str, dict[str, Any] | str]] = []
    for nav in body["renderActions"]["action"].get("navigations", []):
        kind, value = next(iter(nav.items()))
        out.append((kind, value))
    return out


def _pushed(body: dict[str, Any]) -> dict[str, Any]:
    return next(v for k, v in _cards(body) if k == "pushCard")  # type: ignore[return-value]


def _updated(body: dict[str, Any]) -> dict[str, Any]:
    return next(v for k, v in _cards(body) if k == "updateCard")  # type: ignore[return-value]


def _input(card: dict[str, Any], name: str) -> dict[str, Any]:
    for section in card["sections"]:
        for widget in section["widgets"]:
            body = widget.get("textInput") or widget.get("selectionInput")
            if body and body["name"] == name:
                return body  # type: ignore[no-any-return]
    raise AssertionError(f"no input {name!r}")


def _save(gmail: Browser, form_card: dict[str, Any], **form: Any) -> dict[str, Any]:
    primary = form_card["fixedFooter"]["primaryButton"]
    assert primary["text"] == "Save"
    return _press(gmail, primary, **form)


def test_the_menu_lists_own_and_shared_templates_not_archived_nor_others_own(
    gmail: Browser, live: Live
) -> None:
    mine = _template(live)
    card = _menu(gmail)
    assert card["name"] == "templates"
    sections = _sections(card)
    visible = api(live, "GET", "email_template/")["data"]
    seen = {v["id"] for v in visible}
    with live.sandbox.close.lock:
        others_own = [
            t["name"] for t in live.sandbox.close.templates.values() if t["id"] not in seen
        ]
    archived = [t["name"] for t in visible if t["is_archived"]]
    assert others_own and archived  # the demo has both kinds, which the card must leave out
    for name in (*others_own, *archived):
        assert name not in card_text(card)
    for template in visible:
        if template["is_archived"]:
            continue
        group = "Shared templates" if template["is_shared"] else "My templates"
        assert template["name"] in sections[group]
    assert mine["name"] in sections["My templates"]


def test_search_keeps_the_names_that_contain_the_words_whatever_their_case(
    gmail: Browser,
) -> None:
    card = _menu(gmail)
    body = _press(gmail, find_button(card, "Search"), query="PRICING")
    found = _updated(body)
    text = card_text(found)
    assert "Pricing overview" in text
    assert "Renewal reminder" not in text and "Intro — first touch" not in text
    assert _input(found, "query")["value"] == "PRICING"
    nothing = _updated(_press(gmail, find_button(card, "Search"), query="zzz-no-such"))
    assert "No template name has “zzz-no-such” in it." in card_text(nothing)


def test_from_a_record_a_template_shows_as_its_contact_would_receive_it(
    gmail: Browser, live: Live
) -> None:
    record = gmail.open("known-sender")
    entry = _line(record, "Email templates")
    listed = card_of(_press(gmail, entry))
    assert KNOWN_SENDER.name in listed["header"]["subtitle"]
    shown = _open(gmail, listed, "Intro — first touch")
    text = card_text(shown)
    assert "{{" not in text and "[First name]" not in text
    first_name = KNOWN_SENDER.name.split()[0]
    assert f"Quick intro, {first_name}" in text
    assert KNOWN_SENDER.lead_name in text
    assert f"As <b>{KNOWN_SENDER.name} · {KNOWN_SENDER.lead_name}</b> would receive it" in text
    gmail.click("back")
    industry = card_text(_open(gmail, listed, "Industry check-in"))  # a custom field variable
    assert "Logistics this quarter" in industry and "[Industry]" not in industry


def test_the_menu_on_an_open_email_renders_for_its_sender(gmail: Browser) -> None:
    gmail.open("known-sender")
    listed = _menu(gmail)
    assert listed["header"]["subtitle"] == f"For {KNOWN_SENDER.name} · {KNOWN_SENDER.lead_name}"
    text = card_text(_open(gmail, listed, "Intro — first touch"))
    assert f"Quick intro, {KNOWN_SENDER.name.split()[0]}" in text


def test_from_the_menu_a_template_shows_as_written_with_readable_variables(
    gmail: Browser,
) -> None:
    shown = _open(gmail, _menu(gmail), "Intro — first touch")
    text = card_text(shown)
    assert "[First name]" in text and "{{" not in text
    assert "As written" in text


@pytest.mark.usefixtures("own_leads")
def test_a_custom_field_variable_renders_for_the_contact_and_is_empty_when_missing(
    live: Live,
) -> None:
    state = live.sandbox.close
    with state.lock:
        lead = next(lead for lead in state.leads.values() if lead.get("custom"))
        field_id, value = next(iter(lead["custom"].items()))
        field_name = state.custom_fields[field_id]["name"]
        contact_id = state.children[lead["id"]].contacts[0]
    bare = api(live, "POST", "lead/", {"name": "Bare Ltd", "contacts": [{"name": "Bo Bare"}]})
    made = _template(live, body=f"Field: [{{{{ lead.custom.{field_name} }}}}]")

    def rendered(lead_id: str, contact: str) -> str:
        path = f"email_template/{made['id']}/render/?lead_id={lead_id}&contact_id={contact}"
        return str(api(live, "GET", path)["body"])

    expected = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    assert rendered(lead["id"], contact_id) == f"Field: [{expected}]"
    assert rendered(bare["id"], bare["contacts"][0]["id"]) == "Field: []"


@pytest.mark.parametrize(
    ("top", "field", "typed", "kept"),
    [
        ("Subject", "subject", "Following up, {{ contact.first_name }} 🚀", None),
        ("Name", "name", "  Renamed 🎉 template  ", "Renamed 🎉 template"),
        ("Body", "body", "Line one\n\nLine two for {{ lead.display_name }}", None),
    ],
)
def test_a_field_is_edited_through_its_prefilled_form_and_the_list_shows_it_at_once(
    gmail: Browser, live: Live, top: str, field: str, typed: str, kept: str | None
) -> None:
    made = _template(live)
    listed = _menu(gmail)  # the list is now cached
    shown = _open(gmail, listed, made["name"])
    form = card_of(_press(gmail, _edit_button(shown, top)))
    assert form["name"] == "template_field"
    prefilled = _input(form, field)
    assert prefilled["label"] == top and prefilled["value"] == made[field]
    live.reset_stats()
    body = _save(gmail, form, **{field: typed})
    assert live.writes.counts() == {PUT: 1}
    assert _in_close(live, made["id"])[field] == (kept or typed)
    kinds = [kind for kind, _ in _cards(body)]
    assert kinds == ["popToCard", "updateCard", "pushCard"]
    assert notification(body) == f"{top} saved"
    fresh_list, fresh_template = _updated(body), _pushed(body)
    assert fresh_list["name"] == "templates" and fresh_template["name"] == "template"
    name = _in_close(live, made["id"])["name"]
    assert name in card_text(fresh_list)
    if field == "subject":
        assert "Following up, " in card_text(fresh_list)


def test_a_blank_name_is_refused_beside_it_without_asking_close(gmail: Browser, live: Live) -> None:
    made = _template(live)
    form = card_of(_press(gmail, _edit_button(_open(gmail, _menu(gmail), made["name"]), "Name")))
    live.reset_stats()
    body = _save(gmail, form, name="   ")
    assert live.writes.counts() == {}
    again = _updated(body)
    assert "Give the template a name." in card_text(again)
    assert _input(again, "name")["value"] == "   "
    assert _in_close(live, made["id"])["name"] == made["name"]


def test_closes_field_error_comes_back_beside_the_field_with_the_text_as_typed(
    gmail: Browser, live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _template(live)
    form = card_of(_press(gmail, _edit_button(_open(gmail, _menu(gmail), made["name"]), "Subject")))

    def refuse(*_: Any) -> Any:
        raise validation_error({"subject": "Ensure this field has no more than 255 characters."})

    monkeypatch.setattr(emulated, "update_template", refuse)
    typed = "A subject Close refuses " * 20
    again = _updated(_save(gmail, form, subject=typed))
    assert again["name"] == "template_field"
    assert _input(again, "subject")["value"] == typed
    text = card_text(again)
    assert "Ensure this field has no more than 255 characters." in text
    assert "Close did not accept this." in text
    assert _in_close(live, made["id"])["subject"] == made["subject"]


def test_a_new_template_is_created_once_however_often_save_is_pressed(
    gmail: Browser, live: Live
) -> None:
    listed = _menu(gmail)
    form = card_of(_press(gmail, find_button(listed, "New template")))
    assert form["name"] == "new_template"
    name = f"Webinar follow-up {uuid.uuid4().hex[:6]} 🎤"
    typed = {
        "name": name,
        "subject": "Thanks for joining, {{ contact.first_name }}",
        "body": "Hi {{ contact.first_name }},\nthe recording is below.",
        "is_shared": "1",
    }
    live.reset_stats()
    first = _save(gmail, form, **typed)
    second = _save(gmail, form, **typed)
    assert live.writes.counts() == {POST: 1}
    with live.sandbox.close.lock:
        made = [t for t in live.sandbox.close.templates.values() if t["name"] == name]
    assert len(made) == 1
    assert made[0]["subject"] == typed["subject"] and made[0]["body"] == typed["body"]
    assert made[0]["is_shared"] is True
    assert notification(first) == f"Created “{name}”"
    assert name in _sections(_updated(first))["Shared templates"]
    assert _pushed(first)["header"]["title"] == name
    assert notification(second) == f"Created “{name}”"


def test_a_new_template_without_a_name_keeps_everything_typed(gmail: Browser, live: Live) -> None:
    form = card_of(_press(gmail, find_button(_menu(gmail), "New template")))
    live.reset_stats()
    again = _updated(_save(gmail, form, name=" ", subject="Kept subject", body="Kept body"))
    assert live.writes.counts() == {}
    assert "Give the template a name." in card_text(again)
    assert _input(again, "subject")["value"] == "Kept subject"
    assert _input(again, "body")["value"] == "Kept body"


def test_share_and_stop_sharing(gmail: Browser, live: Live) -> None:
    made = _template(live)
    shown = _open(gmail, _menu(gmail), made["name"])
    body = _press(gmail, find_button(shown, "Share with team"))
    assert _in_close(live, made["id"])["is_shared"] is True
    assert made["name"] in _sections(_updated(body))["Shared templates"]
    shared = _pushed(body)
    body = _press(gmail, find_button(shared, "Stop sharing"))
    assert _in_close(live, made["id"])["is_shared"] is False
    assert made["name"] in _sections(_updated(body))["My templates"]
    assert "Only you" in card_text(_pushed(body))


def test_a_template_a_sequence_sends_stays_shared_and_the_card_says_why(
    gmail: Browser, live: Live
) -> None:
    made = _template(live, shared=True)
    state = live.sandbox.close
    sequence = {"name": "Onboarding", "steps": [{"email_template_id": made["id"]}]}
    with state.lock:
        saved = dict(state.sequences)
        state.sequences["seqx_test"] = sequence
    try:
        shown = _open(gmail, _menu(gmail), made["name"])
        again = _updated(_press(gmail, find_button(shown, "Stop sharing")))
        assert again["name"] == "template"
        assert "Close keeps it shared: the sequence Onboarding sends it." in card_text(again)
        assert _in_close(live, made["id"])["is_shared"] is True
        listed = api(live, "GET", f"email_template/{made['id']}/")
        assert listed["used_by_sequences"] == [{"id": "seqx_test", "name": "Onboarding"}]
    finally:
        with state.lock:
            state.sequences = saved


def test_archive_asks_first_then_the_template_leaves_the_list(gmail: Browser, live: Live) -> None:
    made = _template(live)
    shown = _open(gmail, _menu(gmail), made["name"])
    confirm = card_of(_press(gmail, find_button(shown, "Archive")))
    assert made["name"] in card_text(confirm)
    assert _in_close(live, made["id"])["is_archived"] is False
    body = _press(gmail, find_button(confirm, "Archive"))
    assert _in_close(live, made["id"])["is_archived"] is True
    assert [kind for kind, _ in _cards(body)] == ["popToCard", "updateCard"]
    assert made["name"] not in card_text(_updated(body))
    assert notification(body) == f"Archived “{made['name']}”"


def test_archiving_a_template_a_sequence_sends_says_so_first(gmail: Browser, live: Live) -> None:
    shown = _open(gmail, _menu(gmail), "Intro — first touch")  # the demo's sequence sends it
    confirm = card_of(_press(gmail, find_button(shown, "Archive")))
    assert "The sequence Enterprise follow-up sends it." in card_text(confirm)
    mine = card_of(_press(gmail, find_button(_open(gmail, _menu(gmail), "My quick"), "Archive")))
    assert "sends it" not in card_text(mine)
    assert not [c for c in live.stats() if c.startswith("PUT")]  # only asked


def test_a_long_name_is_cut_short_on_the_list_and_whole_on_its_card(
    gmail: Browser, live: Live
) -> None:
    name = ("Renewal 🎯 " + "with a very long name " * 12).strip()
    made = _template(live, name=name)
    line = _line(_menu(gmail), "Renewal 🎯")
    assert line["text"].endswith("…") and len(line["text"]) <= 80
    shown = card_of(_press(gmail, line))
    assert _line(shown, "Renewal 🎯")["text"] == made["name"] == name


def test_the_list_is_cached_until_refresh(gmail: Browser, live: Live) -> None:
    made = _template(live)
    listed = _menu(gmail)
    live.reset_stats()
    # A coworker (or Close's own UI) renames it: the cached list does not know yet.
    api(live, "PUT", f"email_template/{made['id']}/", {"name": f"{made['name']} v2"})
    again = _menu(gmail)
    assert f"{made['name']} v2" not in card_text(again)
    assert not any(k.startswith("GET /email_template/") for k in live.stats())
    body = _press(gmail, find_button(listed, "Refresh"))
    assert f"{made['name']} v2" in card_text(_updated(body))


def test_the_compose_picker_shows_a_template_just_created_here(gmail: Browser, live: Live) -> None:
    gmail.trigger("/compose", compose_to=["someone@nowhere.example"])  # caches the list
    form = card_of(_press(gmail, find_button(_menu(gmail), "New template")))
    name = f"Fresh {uuid.uuid4().hex[:6]}"
    _save(gmail, form, name=name, subject="S", body="B")
    body = gmail.trigger("/compose", compose_to=["someone@nowhere.example"])
    assert name in card_text(body["action"]["navigations"][0]["pushCard"])


def test_a_refusal_from_close_is_said_on_the_form_with_the_text_kept(
    gmail: Browser, live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _template(live)
    form = card_of(_press(gmail, _edit_button(_open(gmail, _menu(gmail), made["name"]), "Body")))

    def forbid(*_: Any) -> Any:
        raise CloseApiError(403, {"error": "You do not have permission to edit this template."})

    monkeypatch.setattr(emulated, "update_template", forbid)
    again = _updated(_save(gmail, form, body="My careful\nwords"))
    assert _input(again, "body")["value"] == "My careful\nwords"
    assert "You do not have permission to edit this template." in card_text(again)

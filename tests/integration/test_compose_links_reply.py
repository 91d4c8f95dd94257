"""Compose and reply against the emulator: readable subjects, Close's rendering with no gaps,
scheduling links, and "Reply with template" drafting into the open thread once."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest

from addon.gmail import GmailDeadlineExceeded
from sandbox.close.scheduling import add_user_link
from sandbox.demo_data.constants import COWORKERS, DEMO_USER_EMAIL, KNOWN_SENDER
from tests.addon_client import action_of, find_button
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live

RAW_TAG = re.compile(r"\{\{|\}\}")


def _close(live: Live, path: str, key: str | None = None, **params: str) -> Any:
    key = key or live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    url = f"{live.base_url}/sandbox/close/api/v1/{path}"
    return live.http.get(url, params=params, auth=(key, "")).json()


def _pushed(body: dict[str, Any]) -> dict[str, Any]:
    navigations = (body.get("renderActions") or body)["action"]["navigations"]
    return navigations[0]["pushCard"]  # type: ignore[no-any-return]


def _lines(card: dict[str, Any]) -> list[dict[str, Any]]:
    widgets = [w for s in card["sections"] for w in s.get("widgets", [])]
    return [w["decoratedText"] for w in widgets if "decoratedText" in w]


def _gmail_action(reply: dict[str, Any]) -> dict[str, Any]:
    return reply["renderActions"]["hostAppAction"]["gmailAction"]  # type: ignore[no-any-return]


def _toast(reply: dict[str, Any]) -> str:
    return str(reply["renderActions"]["action"]["notification"]["text"])


def test_an_unknown_recipient_sees_readable_subjects(gmail: Browser) -> None:
    card = _pushed(gmail.trigger("/compose", compose_to=["someone@nowhere.example"]))
    subjects = [line.get("bottomLabel", "") for line in _lines(card)]
    assert not any(RAW_TAG.search(s) for s in subjects)
    assert "Quick intro, [First name]" in subjects


def test_a_known_recipient_sees_subjects_as_close_would_fill_them(
    gmail: Browser, live: Live
) -> None:
    card = _pushed(gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
    shown = {
        action_of(line["button"])[1]["template_id"]: line.get("bottomLabel", "")
        for line in _lines(card)
        if "button" in line and action_of(line["button"])[0] == "insert_template"
    }
    _, params = action_of(find_button(card, "Insert"))
    assert len(shown) >= 6
    for template_id, subject in shown.items():
        rendered = _close(
            live,
            f"email_template/{template_id}/render/",
            lead_id=params["lead_id"],
            contact_id=params["contact_id"],
        )
        assert subject == escape(rendered["subject"], quote=False)  # custom fields too


def test_every_template_for_a_matched_contact_is_closes_rendering_filled_in(
    gmail: Browser, live: Live
) -> None:
    card = _pushed(gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
    inserts = [
        line["button"] for line in _lines(card) if line.get("button", {}).get("text") == "Insert"
    ]
    templates = [b for b in inserts if action_of(b)[0] == "insert_template"]
    assert len(templates) >= 5
    for insert in templates:
        name, params = action_of(insert)
        rendered = _close(
            live,
            f"email_template/{params['template_id']}/render/",
            lead_id=params["lead_id"],
            contact_id=params["contact_id"],
        )
        markup = _gmail_action(gmail.click(name, params=params))["updateDraftActionMarkup"]
        content = markup["updateBody"]["insertContents"][0]["content"]
        assert not RAW_TAG.search(content)
        assert content.removeprefix("<br><br>") == "<br>".join(
            escape(line) for line in rendered["body"].splitlines()
        )
        if "Hi " in rendered["body"]:
            assert f"Hi {KNOWN_SENDER.name.split()[0]}" in content


def test_the_first_insert_into_a_new_email_sets_the_subject_and_says_so(gmail: Browser) -> None:
    card = _pushed(gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
    name, params = action_of(find_button(card, "Insert"))
    first = gmail.click(name, params=params)
    second = gmail.click(name, params=params)
    assert "updateSubject" in _gmail_action(first)["updateDraftActionMarkup"]
    assert _toast(first).endswith("and set the subject")
    assert "updateSubject" not in _gmail_action(second)["updateDraftActionMarkup"]
    assert "subject" not in _toast(second)


def test_scheduling_links_own_and_shared_are_inserted_as_links(gmail: Browser, live: Live) -> None:
    card = _pushed(gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
    section = next(s for s in card["sections"] if s.get("header") == "Insert my scheduling link")
    shown = [w["decoratedText"] for w in section["widgets"]]
    own = _close(live, "scheduling_link/")["data"]
    shared = [s for s in _close(live, "shared_scheduling_link/")["data"] if s["url"]]
    assert [line["text"] for line in shown] == [k["name"] for k in own + shared]
    assert "Jordan" not in card_text(card)
    link = own[0]
    name, params = action_of(shown[0]["button"])
    reply = gmail.click(name, params=params)
    content = _gmail_action(reply)["updateDraftActionMarkup"]["updateBody"]["insertContents"][0]
    assert content["content"] == f'<br><a href="{link["url"]}">{escape(link["name"])}</a>'
    assert content["contentType"] == "MUTABLE_HTML"
    assert _toast(reply) == f"Inserted “{link['name']}”"


def test_a_user_without_scheduling_links_gets_no_links_section(live: Live) -> None:
    priya = Browser(live, email=COWORKERS[1].email)
    priya.click("connect", form={"api_key": COWORKERS[1].api_key})
    assert _close(live, "scheduling_link/", key=COWORKERS[1].api_key)["data"] == []
    card = _pushed(priya.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
    assert "scheduling link" not in card_text(card)


def test_a_forged_scheduling_link_id_inserts_nothing(gmail: Browser) -> None:
    gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email])
    reply = gmail.click("insert_scheduling_link", params={"link_id": "schlnk_notmine"})
    assert "hostAppAction" not in reply["renderActions"]
    assert "no longer in Close" in _toast(reply)


def _drafts(live: Live) -> list[dict[str, Any]]:
    return list(live.http.get(f"{live.base_url}/sandbox/gmail/drafts").json())


def test_reply_with_template_drafts_closes_rendering_into_the_thread_once(
    gmail: Browser, live: Live
) -> None:
    record = gmail.open("known-sender")
    message = next(
        m
        for m in live.http.get(f"{live.base_url}/sandbox/gmail/messages").json()
        if m["id"] == gmail.message_id
    )
    name, params = action_of(find_button(record, "Reply with template"))
    picker = _pushed(gmail.click(name, params=params))
    assert f"Quick intro, {KNOWN_SENDER.name.split()[0]}" in card_text(picker)
    name, params = action_of(find_button(picker, "Reply"))
    rendered = _close(
        live,
        f"email_template/{params['template_id']}/render/",
        lead_id=params["lead_id"],
        contact_id=params["contact_id"],
    )
    before = len(_drafts(live))

    first = gmail.click(name, params=params)
    again = gmail.click(name, params=params)  # a double click, or Gmail's retry

    opened = _gmail_action(first)["openCreatedDraftActionMarkup"]
    assert _gmail_action(again)["openCreatedDraftActionMarkup"] == opened
    drafts = _drafts(live)
    assert len(drafts) == before + 1
    draft = drafts[-1]
    assert (draft["id"], draft["threadId"]) == (opened["draftId"], opened["draftThreadId"])
    assert draft["threadId"] == message["threadId"]  # Gmail filed it in the thread
    subject = message["subject"]
    assert draft["subject"] == (subject if subject.startswith("Re: ") else f"Re: {subject}")
    assert draft["inReplyTo"]  # the thread's message, so Gmail threads the reply
    assert KNOWN_SENDER.email in draft["to"]
    assert draft["bodyHtml"].strip() == "<br>".join(
        escape(line) for line in rendered["body"].splitlines()
    )
    template = _close(live, f"email_template/{params['template_id']}/")
    assert _toast(first) == _toast(again) == f"Reply drafted with “{template['name']}”"


def test_reply_with_template_is_offered_only_beside_an_email(gmail: Browser) -> None:
    record = gmail.open("known-sender")
    assert "Reply with template" in card_text(record)
    home = gmail.open_home()
    assert "Reply with template" not in card_text(home)


def test_scheduling_links_are_cached_until_refresh(gmail: Browser, live: Live) -> None:
    def shown() -> list[str]:
        card = _pushed(gmail.trigger("/compose", compose_to=[KNOWN_SENDER.email]))
        return [
            line["text"]
            for line in _lines(card)
            if "button" in line and action_of(line["button"])[0] == "insert_scheduling_link"
        ]

    before = shown()
    state = live.sandbox.close
    with state.lock:
        alex = next(u for u, user in state.users.items() if user["email"] == DEMO_USER_EMAIL)
        added = add_user_link(state, alex, "Quick sync 🚀", "https://cal.example/alex/sync")
    try:
        assert shown() == before  # cached for the user
        record = gmail.open("known-sender")
        name, params = action_of(find_button(record, "Refresh"))
        gmail.click(name, params=params)
        gmail.message_id = None
        assert shown() == [*before[:-1], "Quick sync 🚀", before[-1]]  # own links, then shared
    finally:
        with state.lock:
            del state.scheduling_links[added["id"]]


def test_a_lost_answer_from_gmail_never_makes_a_second_draft(
    gmail: Browser, live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live.app.extensions["close_addon"].services
    real = services.gmail.create_reply_draft

    def acted_then_lost(**kwargs: Any) -> Any:
        real(**kwargs)  # Gmail makes the draft…
        raise GmailDeadlineExceeded()  # …and its answer never arrives

    record = gmail.open("known-sender")
    name, params = action_of(find_button(record, "Reply with template"))
    picker = _pushed(gmail.click(name, params=params))
    name, params = action_of(find_button(picker, "Reply"))
    before = len(_drafts(live))
    monkeypatch.setattr(services.gmail, "create_reply_draft", acted_then_lost)

    status, failed = gmail.post(f"/actions/{name}", params=params)
    again = gmail.click(name, params=params)

    assert status == 200 and "hostAppAction" not in failed.get("renderActions", {})
    assert "look in Drafts" in _toast(again)
    assert "hostAppAction" not in again["renderActions"]
    assert len(_drafts(live)) == before + 1

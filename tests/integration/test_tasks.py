"""Tasks, live: edited from the record card, done and undone from the homepage."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from addon.store import SECTIONS
from sandbox.demo_data.constants import COWORKERS
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.editing import (
    line,
    lines,
    make_lead,
    navigations,
    open_lead,
    puts,
    save,
    tap,
    updated_card,
    user_id,
)

pytestmark = pytest.mark.usefixtures("own_leads")

JORDAN = COWORKERS[0]


def _task(live: Live, lead: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
    return dict(api(live, "POST", "task/", {"lead_id": lead["id"], "text": text} | extra))


def _task_in_close(live: Live, task: dict[str, Any]) -> dict[str, Any]:
    return dict(api(live, "GET", f"task/{task['id']}/"))


def _task_line(card: dict[str, Any], text: str) -> dict[str, Any]:
    found = [d for d in lines(card) if d["text"] == text]
    assert found, f"no task {text!r} in:\n{card_text(card)}"
    return found[0]


def _flip(gmail: Browser, switch: dict[str, Any]) -> dict[str, Any]:
    """Flip a switch control, as Gmail posts its onChangeAction."""
    name, params = action_of({"onClick": {"action": switch["onChangeAction"]}})
    return gmail.click(name, params=params)


def _inputs(edit: dict[str, Any]) -> dict[str, Any]:
    """Return an edit card's inputs by name."""
    found: dict[str, Any] = {}
    for widget in edit["sections"][0]["widgets"]:
        for kind in ("textInput", "dateTimePicker", "selectionInput"):
            if kind in widget:
                found[widget[kind]["name"]] = widget[kind]
    return found


def test_a_task_is_edited_from_its_line_with_one_put(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Send revised MSA", date="2027-01-10")
    card = open_lead(gmail, live, lead["id"])

    edit = tap(gmail, _task_line(card, "Send revised MSA"))
    assert edit["header"]["title"] == "Task"
    inputs = _inputs(edit)
    assert inputs["text"]["value"] == "Send revised MSA"
    assert "dateTimePicker" in str(edit) and "assigned_to" in inputs
    members = {i["value"]: i["text"] for i in inputs["assigned_to"]["items"]}
    jordan = user_id(live, JORDAN.email)
    assert members[jordan] == f"{JORDAN.first_name} {JORDAN.last_name}"

    body = save(
        gmail,
        edit,
        dates={"date": dt.date(2027, 2, 1)},
        text="  Send signed MSA  ",
        assigned_to=jordan,
    )

    assert navigations(body) == ["pop", "updateCard"]
    assert puts(live) == {"PUT /task/{id}/": 1}
    held = _task_in_close(live, task)
    assert (held["text"], held["date"], held["assigned_to"]) == (
        "Send signed MSA",
        "2027-02-01",
        jordan,
    )
    said = notification(body) or ""
    assert "Task renamed: Send signed MSA" in said and "Task due Feb 1, 2027" in said
    rebuilt = _task_line(updated_card(body), "Send signed MSA")
    assert rebuilt["bottomLabel"] == f"{JORDAN.first_name} {JORDAN.last_name}"


def test_only_the_changed_field_is_sent_and_a_due_time_is_kept(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Call Robin", date="2027-03-04T15:30:00+00:00")
    edit = tap(gmail, _task_line(open_lead(gmail, live, lead["id"]), "Call Robin"))
    me = _inputs(edit)["assigned_to"]["items"][0]["value"]

    body = save(
        gmail, edit, dates={"date": dt.date(2027, 3, 4)}, text="Call Robin back", assigned_to=me
    )

    assert notification(body) == "Task renamed: Call Robin back"
    held = _task_in_close(live, task)
    assert held["text"] == "Call Robin back"
    assert held["date"] == "2027-03-04T15:30:00+00:00"  # the day was not changed: time kept


def test_a_blank_task_text_is_refused_beside_it(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Book the demo", date="2027-01-10")
    edit = tap(gmail, _task_line(open_lead(gmail, live, lead["id"]), "Book the demo"))
    me = _inputs(edit)["assigned_to"]["items"][0]["value"]

    body = save(gmail, edit, dates={"date": dt.date(2027, 1, 10)}, text="   ", assigned_to=me)

    assert navigations(body) == ["updateCard"]
    again = updated_card(body)
    assert again["name"] == "edit"
    widgets = again["sections"][0]["widgets"]
    text_at = next(i for i, w in enumerate(widgets) if w.get("textInput", {}).get("name") == "text")
    assert "Enter a task" in str(widgets[text_at + 1])  # the reason, right under the input
    assert puts(live) == {}
    assert _task_in_close(live, task)["text"] == "Book the demo"

    name, params = action_of(find_button(again, "Cancel"))  # a way out without valid input
    assert navigations(gmail.click(name, params=params)) == ["pop"]
    assert puts(live) == {}


def test_the_first_save_after_fixing_a_task_text_saves(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Book the demo", date="2027-01-10")
    edit = tap(gmail, _task_line(open_lead(gmail, live, lead["id"]), "Book the demo"))
    me = _inputs(edit)["assigned_to"]["items"][0]["value"]
    due = {"date": dt.date(2027, 1, 10)}
    marked = updated_card(save(gmail, edit, dates=due, text="   ", assigned_to=me))
    assert "Enter a task" in card_text(marked)
    # Nothing runs as a field changes: Gmail would drop the Save pressed meanwhile.
    assert "onChangeAction" not in json.dumps(marked)

    body = save(gmail, marked, dates=due, text="Book the pilot", assigned_to=me)

    assert navigations(body) == ["pop", "updateCard"]
    assert notification(body) == "Task renamed: Book the pilot"
    assert _task_in_close(live, task)["text"] == "Book the pilot"


def test_a_task_edit_waits_with_bulk_updates(gmail: Browser, live: Live) -> None:
    sam = Browser(live, email=COWORKERS[2].email)
    sam.click("connect", form={"api_key": COWORKERS[2].api_key})
    settings = {"view": "lead", "sections": list(SECTIONS), "activities_per_page": "8"}
    sam.click("save_settings", form=settings)  # the switch left off: bulk updates
    lead = make_lead(live)
    task = _task(live, lead, "Send pricing", date="2027-01-10")
    edit = tap(sam, _task_line(open_lead(sam, live, lead["id"]), "Send pricing"))
    chosen = [i["value"] for i in _inputs(edit)["assigned_to"]["items"] if i["selected"]]

    body = save(
        sam, edit, dates={"date": dt.date(2027, 1, 20)}, text="Send pricing", assigned_to=chosen[0]
    )

    assert puts(live) == {}
    assert "Due date → Jan 20, 2027 · 1 change waiting" in (notification(body) or "")
    waiting = _task_line(updated_card(body), "Send pricing")
    assert "Waiting: Due date → Jan 20, 2027" in waiting["bottomLabel"]
    name, params = action_of(find_button(updated_card(body), "Send"))
    sam.click(name, params=params)
    assert _task_in_close(live, task)["date"] == "2027-01-20"


def test_a_task_is_done_and_undone_from_the_homepage(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Chase the PO", date="2020-01-02")
    home = gmail.open_home()
    switch = _task_line(home, "Chase the PO")["switchControl"]
    assert switch["selected"] is False

    body = _flip(gmail, switch)

    assert navigations(body) == ["updateCard"]
    assert notification(body) == "Task done: Chase the PO"
    assert _task_in_close(live, task)["is_complete"] is True
    rebuilt = updated_card(body)
    assert rebuilt["name"] == "home"
    done = line(rebuilt, "Done just now")
    assert "Chase the PO" in done["text"] and done["switchControl"]["selected"] is True

    body = _flip(gmail, done["switchControl"])

    assert notification(body) == "Task reopened: Chase the PO"
    assert _task_in_close(live, task)["is_complete"] is False
    back = _task_line(updated_card(body), "Chase the PO")
    assert back["switchControl"]["selected"] is False
    assert action_of(back) == ("open_lead", {"lead_id": lead["id"]})  # it still opens its lead


def _order(card: dict[str, Any], texts: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return these tasks' lines in the tasks list's order: (text, top label), unstruck."""
    (tasks,) = [
        s for s in card["sections"] if s.get("header", "").startswith(("Tasks", "My tasks"))
    ]
    found = [w["decoratedText"] for w in tasks["widgets"] if "decoratedText" in w]
    shown = [
        (d["text"].removeprefix("<s>").removesuffix("</s>"), d.get("topLabel", "")) for d in found
    ]
    return [(text, top) for text, top in shown if text in texts]


def _three_tasks(live: Live, lead: dict[str, Any], *texts: str) -> None:
    for day, text in enumerate(texts, start=2):  # overdue, one day apart: due on the homepage
        _task(live, lead, text, date=f"2020-01-0{day}")


@pytest.mark.parametrize(
    ("where", "texts"),
    [
        ("record card", ("Book the demo", "Send the quote", "Call the CFO")),
        # The homepage lists every task of the user's: these texts are its test's alone.
        ("homepage", ("Chase the deposit", "Confirm the venue", "Send the agenda")),
    ],
)
def test_a_task_done_keeps_its_place(
    gmail: Browser, live: Live, where: str, texts: tuple[str, str, str]
) -> None:
    lead = make_lead(live)
    _three_tasks(live, lead, *texts)
    card = open_lead(gmail, live, lead["id"]) if where == "record card" else gmail.open_home()
    assert [text for text, _ in _order(card, texts)] == list(texts)

    body = _flip(gmail, _task_line(card, texts[1])["switchControl"])

    rebuilt = updated_card(body)
    shown = _order(rebuilt, texts)
    assert [text for text, _ in shown] == list(texts)  # the second tap lands on the same task
    assert shown[1] == (texts[1], "Done just now")
    done = line(rebuilt, "Done just now", text=texts[1])
    assert done["switchControl"]["selected"] is True

    body = _flip(gmail, done["switchControl"])

    assert notification(body) == f"Task reopened: {texts[1]}"
    reopened = _order(updated_card(body), texts)
    assert [text for text, _ in reopened] == list(texts)
    assert "Done just now" not in {top for _, top in reopened}


def test_save_again_after_a_lost_answer_writes_the_task_once(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Send the deck", date="2027-01-10")
    edit = tap(gmail, _task_line(open_lead(gmail, live, lead["id"]), "Send the deck"))
    me = _inputs(edit)["assigned_to"]["items"][0]["value"]
    form = {"text": "Send the new deck", "assigned_to": me}
    live.faults(malformed_rate=1.0, methods=["PUT"])  # the write lands, its answer is lost

    body = save(gmail, edit, dates={"date": dt.date(2027, 1, 10)}, **form)

    again = updated_card(body)
    assert again["name"] == "edit" and _inputs(again)["text"]["value"] == "Send the new deck"
    live.faults()
    body = save(gmail, again, dates={"date": dt.date(2027, 1, 10)}, **form)
    assert notification(body) == "Already saved: Task renamed: Send the new deck"
    assert puts(live) == {"PUT /task/{id}/": 1}
    assert _task_in_close(live, task)["text"] == "Send the new deck"


def test_a_failed_switch_on_the_homepage_is_sent_again_by_try_again(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    task = _task(live, lead, "Chase the invoice", date="2020-01-02")
    switch = _task_line(gmail.open_home(), "Chase the invoice")["switchControl"]
    live.faults(error_rate={"status": 503, "rate": 1.0}, methods=["PUT"])

    body = _flip(gmail, switch)

    assert _task_in_close(live, task)["is_complete"] is False
    live.faults()
    name, params = action_of(find_button(card_of(body), "Try again"))
    body = gmail.click(name, params=params)
    assert notification(body) == "Task done: Chase the invoice"  # the same switch, sent again
    assert _task_in_close(live, task)["is_complete"] is True

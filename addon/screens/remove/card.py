"""Removing records: the card that names exactly what goes, and the list to pick from.

The question is built from what Close holds now ("Delete lead Acme Inc. with 3 contacts
and 2 opportunities?"), so nobody deletes more than they meant to. Delete is red; Cancel
goes back and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from addon.close.models import Opportunity, Task
from addon.screens.record.actions import RemovableKind, remove_button
from addon.screens.record.deals_tasks import deal_value
from addon.ui.format import Formatter
from addon.ui.widgets import (
    DANGER_RED,
    Json,
    action,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    paragraph,
    section,
)

CONFIRM_CARD = "confirm_remove"
UNDONE = "This cannot be undone."


@dataclass(frozen=True)
class RemoveView:
    """One record about to be deleted, in words."""

    kind: RemovableKind
    question: str  # plain text
    consequence: str
    params: Mapping[str, str]  # the record card's parameters plus kind and object_id


def confirm_remove_card(view: RemoveView) -> Json:
    """Return the confirmation: the question, what else goes, a red Delete and Cancel."""
    return card(
        section(
            paragraph(f"<b>{esc(view.question)}</b>"),
            paragraph(esc(view.consequence)),
            buttons(
                button("Delete", action("remove", dict(view.params)), color=DANGER_RED),
                button("Cancel", action("back")),
            ),
        ),
        header=header(f"Delete {view.kind}?"),
        name=CONFIRM_CARD,
    )


def lead_question(name: str, contacts: int, opportunities: int, tasks: int) -> RemoveView:
    """Return the words for deleting a lead and everything on it (params added by caller)."""
    counted = [
        _count(n, one, many)
        for n, one, many in (
            (contacts, "contact", "contacts"),
            (opportunities, "opportunity", "opportunities"),
            (tasks, "open task", "open tasks"),
        )
        if n
    ]
    with_ = f" with {_and(counted)}" if counted else ""
    return RemoveView(
        "lead",
        f"Delete lead {name}{with_}?",
        f"Its contacts, opportunities, tasks and activities are deleted with it. {UNDONE}",
        {},
    )


def contact_question(name: str, lead_name: str) -> RemoveView:
    """Return the words for deleting one contact of a lead."""
    return RemoveView(
        "contact",
        f"Delete contact {name} from {lead_name}?",
        f"The lead stays, with its other contacts and its activities. {UNDONE}",
        {},
    )


def opportunity_question(opp: Opportunity) -> RemoveView:
    """Return the words for deleting one opportunity, by its value and status."""
    return RemoveView("opportunity", f"Delete opportunity {_deal(opp)}?", UNDONE, {})


def task_question(task: Task) -> RemoveView:
    """Return the words for deleting one task, by its text."""
    return RemoveView("task", f"Delete task '{task.text or 'Task'}'?", UNDONE, {})


@dataclass(frozen=True)
class RemovableView:
    """A lead's opportunities and open tasks, each with a Delete button."""

    lead_name: str
    opportunities: tuple[Opportunity, ...]
    tasks: tuple[Task, ...]
    params: Mapping[str, str]  # the record card's action parameters
    fmt: Formatter


def removable_card(view: RemovableView) -> Json:
    """Return the list to pick an opportunity or task to delete from."""
    pick = {**view.params, "replace": "1"}  # the confirmation takes this list's place
    deals = [
        decorated(
            esc(_deal(o)),
            top=esc(o.pipeline_name or "Opportunity"),
            start_icon=icon("DOLLAR"),
            button=remove_button("opportunity", o.id, pick),
        )
        for o in view.opportunities
    ]
    todo = [
        decorated(
            esc(t.text or "Task"),
            top=f"Due {view.fmt.day(t.date)}" if t.date and not t.is_dateless else "No due date",
            start_icon=icon("CLOCK"),
            button=remove_button("task", t.id, pick),
        )
        for t in view.tasks
    ]
    return card(
        section(*deals or [paragraph("No opportunities.")], title="Opportunities"),
        section(*todo or [paragraph("No open tasks.")], title="Open tasks"),
        header=header("Delete an opportunity or task", view.lead_name),
        name="removable",
    )


def _deal(opp: Opportunity) -> str:
    value = deal_value(opp)
    return f"{value} · {opp.status_label}" if opp.status_label else value


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"

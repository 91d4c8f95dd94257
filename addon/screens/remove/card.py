"""Removing records: the card that names exactly what goes, and the list to pick from.

The question is built from what Close holds now ("Delete lead Acme Inc. with 3 contacts
and 2 opportunities?"), so nobody deletes more than they meant to. Delete is red; Cancel
goes back and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from addon.close.models import Opportunity, Task
from addon.registry import click
from addon.screens.error import back
from addon.screens.record.deals_tasks import deal_value
from addon.screens.refs import RemovableKind
from addon.ui.format import Formatter
from addon.ui.widgets import (
    DANGER_RED,
    Json,
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


def confirm_remove_card(view: RemoveView, delete: Json) -> Json:
    """Return the confirmation: the question, what else goes, a red Delete and Cancel."""
    return card(
        section(
            paragraph(f"<b>{esc(view.question)}</b>"),
            paragraph(esc(view.consequence)),
            buttons(
                button("Delete", delete, color=DANGER_RED),
                button("Cancel", click(back)),
            ),
        ),
        header=header(f"Delete {view.kind}?"),
        name=CONFIRM_CARD,
    )


def lead_question(name: str, contacts: int, opportunities: int, tasks: int) -> RemoveView:
    """Return the words for deleting a lead and everything on it."""
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
    )


def contact_question(name: str, lead_name: str) -> RemoveView:
    """Return the words for deleting one contact of a lead."""
    return RemoveView(
        "contact",
        f"Delete contact {name} from {lead_name}?",
        f"The lead stays, with its other contacts and its activities. {UNDONE}",
    )


def opportunity_question(opp: Opportunity) -> RemoveView:
    """Return the words for deleting one opportunity, by its value and status."""
    return RemoveView("opportunity", f"Delete opportunity {_deal(opp)}?", UNDONE)


def task_question(task: Task) -> RemoveView:
    """Return the words for deleting one task, by its text."""
    return RemoveView("task", f"Delete task '{task.text or 'Task'}'?", UNDONE)


@dataclass(frozen=True)
class RemovableView:
    """A lead's opportunities and open tasks, each with a Delete button."""

    lead_name: str
    opportunities: tuple[Opportunity, ...]
    tasks: tuple[Task, ...]
    delete: Callable[[RemovableKind, str], Json]  # a line's Delete: asks first, on its own card
    fmt: Formatter


def removable_card(view: RemovableView) -> Json:
    """Return the list to pick an opportunity or task to delete from."""
    deals = [
        decorated(
            esc(_deal(o)),
            top=esc(o.pipeline_name or "Opportunity"),
            start_icon=icon("DOLLAR"),
            button=button("Delete", view.delete("opportunity", o.id)),
        )
        for o in view.opportunities
    ]
    todo = [
        decorated(
            esc(t.text or "Task"),
            top=f"Due {view.fmt.day(t.date)}" if t.date and not t.is_dateless else "No due date",
            start_icon=icon("CLOCK"),
            button=button("Delete", view.delete("task", t.id)),
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

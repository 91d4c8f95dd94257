"""The homepage (no email open): search Close and the user's tasks due today or overdue."""

from __future__ import annotations

from dataclasses import dataclass

from addon.close.models import Lead, Task
from addon.registry import click
from addon.screens.home import handlers  # a module, not names: the handlers import this too
from addon.screens.record import handlers as record
from addon.screens.refs import LeadArgs
from addon.ui.format import Formatter
from addon.ui.widgets import (
    RED_TEXT,
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
    text_input,
    tinted,
)

HOME_CARD = "home"
MAX_TASKS = 25


@dataclass(frozen=True)
class HomeView:
    """The user's open tasks due by today, and who they are connected as."""

    user_name: str
    org_name: str
    tasks: tuple[Task, ...]
    fmt: Formatter
    query: str = ""


def home_card(view: HomeView) -> Json:
    """Return the homepage card."""
    return card(
        search_section(view.query),
        _tasks_section(view),
        header=header("Close for Gmail", f"{view.user_name} · {view.org_name}"),
        name=HOME_CARD,
    )


def search_section(query: str = "", *, again: bool = False) -> Json:
    """Return the search box; searching again from results replaces them."""
    search = click(handlers.search, handlers.SearchArgs(again=again), required=["query"])
    return section(
        text_input(
            "query",
            "Search Close",
            value=query,
            hint="A lead or company name, a person, or an email address",
        ),
        buttons(button("Search", search, filled=True)),
    )


def _tasks_section(view: HomeView) -> Json:
    overdue = [t for t in view.tasks if t.date and view.fmt.is_overdue(t.date)]
    today = [t for t in view.tasks if t not in overdue]
    lines = [_task_line(t, view.fmt) for t in (overdue + today)[:MAX_TASKS]]
    if not lines:
        lines = [paragraph("Nothing due today. Nice.")]
    title = f"My tasks · {len(overdue)} overdue, {len(today)} due today"
    return section(*lines, title=title)


def _task_line(task: Task, fmt: Formatter) -> Json:
    due = fmt.day(task.date) if task.date else ""
    top = (
        tinted(f"Overdue · {due}", RED_TEXT)
        if task.date and fmt.is_overdue(task.date)
        else "Due today"
    )
    return decorated(
        esc(task.text or "Task"),
        top=top,
        bottom=esc(task.lead_name) if task.lead_name else None,
        start_icon=icon("CLOCK"),
        on_click=_open(task.lead_id) if task.lead_id else None,
    )


@dataclass(frozen=True)
class ResultsView:
    """Leads found for a query."""

    query: str
    leads: tuple[Lead, ...]
    has_more: bool


def results_card(view: ResultsView) -> Json:
    """Return search results, each opening its lead."""
    lines = [
        decorated(
            esc(lead.label),
            top=esc(lead.status_label) if lead.status_label else None,
            bottom=esc(", ".join(c.label for c in lead.contacts[:3])) if lead.contacts else None,
            start_icon=icon("STORE"),
            on_click=_open(lead.id),
        )
        for lead in view.leads
    ]
    if not lines:
        lines = [paragraph(f"Nothing in Close matches “{esc(view.query)}”.")]
    if view.has_more:
        lines.append(paragraph("<i>More leads match; refine the search to narrow it down.</i>"))
    return card(
        search_section(view.query, again=True),
        section(*lines, title=f"Results for “{esc(view.query)}”"),
        header=header("Search Close", f"{len(view.leads)} shown"),
        name="results",
    )


def _open(lead_id: str) -> Json:
    return click(record.open_lead, LeadArgs(lead_id=lead_id))

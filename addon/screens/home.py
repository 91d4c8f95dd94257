"""The homepage (no email open): search Close, and the user's tasks due today or overdue."""

from __future__ import annotations

import datetime as dt

from addon.close.due_tasks import load_due_tasks
from addon.close.models import Task
from addon.close.search import LeadsFound, find_leads
from addon.registry import Args, Context, action, click, trigger
from addon.screens.record import handlers as record
from addon.screens.refs import LeadArgs
from addon.store import UserSettings
from addon.ui.format import Formatter, shorten
from addon.ui.responses import Intent, push, update
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

MAX_QUERY = 200
MAX_TASKS = 25


class SearchArgs(Args):
    """A search: words to look for if none are typed, and whether it replaces results."""

    query: str = ""
    again: bool = False  # pressed on a results card: the new results replace it


@trigger
def homepage(ctx: Context) -> Intent:
    """Show search and the user's tasks due by today."""
    return push(_home(ctx))


@action
def search(ctx: Context, args: SearchArgs) -> Intent:
    """Search leads by name, company, contact name, email address or phone number."""
    typed = ctx.event.text("query") or args.query
    query = " ".join(typed.split())[:MAX_QUERY]
    if len(query) < 2:
        return update(_home(ctx, query))
    results = results_card(query, find_leads(ctx.close, query, region=ctx.formatter.region))
    return update(results) if args.again else push(results)


def _home(ctx: Context, query: str = "") -> Json:
    settings = ctx.require_settings()
    tomorrow = ctx.formatter.today + dt.timedelta(days=1)
    tasks = load_due_tasks(ctx.close, settings.close_user_id or "", before=tomorrow)
    return home_card(settings, tasks, ctx.formatter, query=query)


def home_card(
    settings: UserSettings, tasks: tuple[Task, ...], fmt: Formatter, *, query: str = ""
) -> Json:
    """Return the homepage: who the user is connected as, search, and their tasks due."""
    who = f"{settings.close_user_name or ''} · {settings.close_org_name or ''}"
    return card(
        search_section(query),
        _tasks_section(tasks, fmt),
        header=header("Close for Gmail", who),
        name="home",
    )


def search_section(query: str, *, again: bool = False) -> Json:
    """Return the search box; searching again from results replaces them."""
    on_search = click(search, SearchArgs(again=again), required=["query"])
    return section(
        text_input(
            "query",
            "Search Close",
            value=query,
            hint="A lead or company name, a person, an email address or a phone number",
        ),
        buttons(button("Search", on_search, filled=True)),
    )


def _tasks_section(tasks: tuple[Task, ...], fmt: Formatter) -> Json:
    overdue = [t for t in tasks if t.date and fmt.is_overdue(t.date)]
    today = [t for t in tasks if t not in overdue]
    lines = [_task_line(t, fmt) for t in (overdue + today)[:MAX_TASKS]]
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
        esc(shorten(task.text) or "Task"),
        top=top,
        bottom=esc(task.lead_name) if task.lead_name else None,
        start_icon=icon("CLOCK"),
        on_click=_open(task.lead_id) if task.lead_id else None,
    )


def results_card(query: str, found: LeadsFound) -> Json:
    """Return the leads found for a query, each opening its lead."""
    lines = [
        decorated(
            esc(lead.label),
            top=esc(lead.status_label) if lead.status_label else None,
            bottom=esc(", ".join(c.label for c in lead.contacts[:3])) if lead.contacts else None,
            start_icon=icon("STORE"),
            on_click=_open(lead.id),
        )
        for lead in found.leads
    ]
    if not lines:
        lines = [paragraph(f"Nothing in Close matches “{esc(query)}”.")]
    if found.has_more:
        lines.append(paragraph("<i>More leads match; refine the search to narrow it down.</i>"))
    return card(
        search_section(query, again=True),
        section(*lines, title=f"Results for “{esc(query)}”"),
        header=header("Search Close", f"{len(found.leads)} shown"),
        name="results",
    )


def _open(lead_id: str) -> Json:
    return click(record.open_lead, LeadArgs(lead_id=lead_id))

"""The homepage (no email open): search Close, and the user's tasks due today or overdue."""

from __future__ import annotations

import datetime as dt

from addon.close.due_tasks import load_due_tasks
from addon.close.models import Task
from addon.close.search import LeadsFound, find_leads
from addon.close.tasks import set_task_done
from addon.registry import Args, Context, action, click, trigger
from addon.screens.edit.target import task_name
from addon.screens.record import handlers as record
from addon.screens.refs import LeadArgs, TaskId
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
    switch,
    text_input,
    tinted,
)
from addon.writes import after_write

MAX_QUERY = 200
MAX_TASKS = 25
TOO_SHORT = "Type at least 2 characters: a name, an email address or a phone number."


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
    if len(query) < 2:  # nothing to look for: say so by the field, and ask Close nothing
        return update(_home(ctx, query, problem=TOO_SHORT))
    results = results_card(query, find_leads(ctx.close, query, region=ctx.formatter.region))
    return update(results) if args.again else push(results)


class TaskDone(Args):
    """A task's done switch on the homepage: what it turns the task into."""

    task_id: TaskId
    done: bool
    at: int = 0  # where its line stands in the list: a task just done keeps its place


@action
def mark_task(ctx: Context, args: TaskDone) -> Intent:
    """Complete or reopen one of the user's tasks from the homepage; rebuild the list."""
    task = set_task_done(ctx.close, args.task_id, args.done)
    after_write(ctx)
    name = task_name(task) or "Task"
    said = f"Task done: {name}" if args.done else f"Task reopened: {name}"
    # The task leaves the list once done: it stays a moment, switched on, to undo a slip.
    home = _home(ctx, just_done=(args.at, task) if args.done else None)
    return update(home).changed().with_notification(said)


def _home(
    ctx: Context,
    query: str = "",
    *,
    problem: str | None = None,
    just_done: tuple[int, Task] | None = None,
) -> Json:
    settings = ctx.require_settings()
    tomorrow = ctx.formatter.today + dt.timedelta(days=1)
    tasks = load_due_tasks(ctx.close, settings.close_user_id or "", before=tomorrow)
    return home_card(
        settings, tasks, ctx.formatter, query=query, problem=problem, just_done=just_done
    )


def home_card(
    settings: UserSettings,
    tasks: tuple[Task, ...],
    fmt: Formatter,
    *,
    query: str = "",
    problem: str | None = None,
    just_done: tuple[int, Task] | None = None,
) -> Json:
    """Return the homepage: who the user is connected as, search, and their tasks due."""
    who = f"{settings.close_user_name or ''} · {settings.close_org_name or ''}"
    return card(
        search_section(query, problem=problem),
        _tasks_section(tasks, fmt, just_done),
        header=header("Close for Gmail", who),
        name="home",
    )


def search_section(query: str, *, again: bool = False, problem: str | None = None) -> Json:
    """Return the search box, and what to type in it if the last search had too little.

    Searching again from results replaces them.
    """
    on_search = click(search, SearchArgs(again=again), required=["query"])
    return section(
        text_input(
            "query",
            "Search Close",
            value=query,
            hint="A lead or company name, a person, an email address or a phone number",
        ),
        paragraph(tinted(esc(problem), RED_TEXT)) if problem else None,
        buttons(button("Search", on_search, filled=True)),
    )


def _tasks_section(
    tasks: tuple[Task, ...], fmt: Formatter, just_done: tuple[int, Task] | None
) -> Json:
    overdue = [t for t in tasks if t.date and fmt.is_overdue(t.date)]
    today = [t for t in tasks if t not in overdue]
    lines = [_task_line(t, fmt, at) for at, t in enumerate((overdue + today)[:MAX_TASKS])]
    if just_done and just_done[1].id not in {o.id for o in tasks}:
        # In its old place, so the lines below it stay under the user's finger.
        at, task = just_done
        lines.insert(at, _done_line(task))
    if not lines:
        lines = [paragraph("Nothing due today. Nice.")]
    title = f"My tasks · {len(overdue)} overdue, {len(today)} due today"
    return section(*lines, title=title)


def _task_line(task: Task, fmt: Formatter, at: int) -> Json:
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
        switch=_done_switch(task.id, done=False, at=at),
    )


def _done_line(task: Task) -> Json:
    # Completed by the click that rebuilt this card: switch it off to reopen the task.
    return decorated(
        f"<s>{esc(shorten(task.text) or 'Task')}</s>",
        top="Done just now",
        bottom=esc(task.lead_name) if task.lead_name else None,
        start_icon=icon("CLOCK"),
        on_click=_open(task.lead_id) if task.lead_id else None,
        switch=_done_switch(task.id, done=True),
    )


def _done_switch(task_id: str, *, done: bool, at: int = 0) -> Json:
    flip = click(mark_task, TaskDone(task_id=task_id, done=not done, at=at))
    return switch(f"done_{task_id}", selected=done, on_change=flip)


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

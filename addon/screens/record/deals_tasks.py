"""The record card's opportunities and tasks: value and stage, due dates, done switches."""

from __future__ import annotations

from addon.close.models import Opportunity, Task
from addon.crm.editing import JustDone
from addon.registry import click
from addon.screens.comments import comment_count, comments_click
from addon.screens.guidance import SHORT_JUSTIFICATION, stalled, suggestion
from addon.screens.record.lines import edit_button, task_switch, waiting_mark
from addon.screens.record.view import Lines, RecordView
from addon.ui.format import Formatter, money, shorten
from addon.ui.widgets import (
    AMBER_TEXT,
    RED_TEXT,
    Json,
    decorated,
    esc,
    icon,
    paragraph,
    section,
    tinted,
)

MAX_TASKS, MAX_OPPORTUNITIES = 10, 8
NAMED_DAYS = ("Today", "Tomorrow", "Yesterday")  # Formatter.day's words for the days nearby


def opportunities_section(view: RecordView, edit: Lines) -> Json:
    """Return the open opportunities, each with an Edit button to its edit card."""
    items = view.data.opportunities or ()
    active = [o for o in items if o.is_open]
    closed = len(items) - len(active)
    lines = [_opportunity(o, view.fmt, edit) for o in active[:MAX_OPPORTUNITIES]]
    if not active:
        lines.append(paragraph("No open opportunities."))
    if closed:
        won = sum(1 for o in items if o.status_type == "won")
        lines.append(paragraph(f"<i>{won} won, {closed - won} lost</i>"))
    # "No open opportunities." says the count already: the title gives it only beside lines.
    title = f"Opportunities ({len(active)} open)" if active else "Opportunities"
    return section(*lines, title=title, collapsible=len(lines) > 3, visible=2)


def deal_value(opp: Opportunity) -> str:
    """Return an opportunity's value in its currency, or "No value"."""
    return money(opp.value, opp.value_currency, formatted=opp.value_formatted) or "No value"


def _opportunity(opp: Opportunity, fmt: Formatter, edit: Lines) -> Json:
    """Return a deal's line: value, stage, Close's guidance and how many comments it has.

    Tapping the line opens the deal's comments card: Close's advice in full (the line cuts
    it short), the deal's comments and a box to add one.
    """
    value = deal_value(opp)
    details = [
        f"{opp.confidence}%" if opp.confidence is not None else None,
        f"close {fmt.day(opp.date_won)}" if opp.date_won else None,
        comment_count(opp.comment_summary),
    ]
    waiting = waiting_mark(edit, "opportunity", opp.id)
    stall = stalled(opp)
    bottom = [
        " · ".join(d for d in details if d),
        tinted(esc(stall), RED_TEXT) if stall else None,
        _advice(opp, fmt),
        waiting,
    ]
    return decorated(
        f"{esc(value)} · {esc(opp.status_label or '')}",
        top=esc(opp.pipeline_name or "Opportunity"),
        bottom="<br>".join(b for b in bottom if b) or None,
        start_icon=icon("DOLLAR"),
        on_click=comments_click(edit.at, opp.id),
        button=edit_button(edit.target("opportunity", opp.id, "")),
    )


def _advice(opp: Opportunity, fmt: Formatter) -> str | None:
    """Return "Suggested: … — why", the why cut short (whole on the deal's comments card)."""
    action = opp.suggested_action
    if action is None or not opp.is_open:
        return None
    why = shorten(action.justification, SHORT_JUSTIFICATION)
    if why.endswith("…"):  # "two weeks…", not "two weeks;…"
        why = why[:-1].rstrip(" ,;:.—-") + "…"
    words = f"<b>Suggested:</b> {esc(suggestion(action, fmt))}"
    # A dash, not a second colon: "Suggested: Follow up by email — Dana has not replied…".
    return f"{words} — {esc(why)}" if why else words


def tasks_section(view: RecordView, edit: Lines) -> Json:
    """Return the open tasks, overdue ones marked, each with its done switch."""
    tasks = view.data.tasks or ()
    open_ids = {t.id for t in tasks}
    lines = [_task(t, view.fmt, edit) for t in tasks[:MAX_TASKS]]
    for done in sorted(edit.editing.just_done, key=lambda d: d.at):
        if done.task_id not in open_ids:
            # In its old place, so the lines below it stay under the user's finger.
            lines.insert(done.at, _done_task(done, edit))
    if not lines:
        return section(paragraph("No open tasks."), title="Tasks")
    overdue = sum(1 for t in tasks if t.date and view.fmt.is_overdue(t.date))
    title = f"Tasks ({len(tasks)} open{f', {overdue} overdue' if overdue else ''})"
    return section(*lines, title=title, collapsible=len(lines) > 3, visible=3)


def _task(task: Task, fmt: Formatter, edit: Lines) -> Json:
    if task.date and not task.is_dateless:
        due = fmt.day(task.date)
        top = tinted(f"Overdue · {due}", RED_TEXT) if fmt.is_overdue(task.date) else due_on(due)
    else:
        top = "No due date"
    waiting = edit.editing.waiting("task", task.id, "is_complete")
    done = bool(waiting.value) if waiting is not None else task.is_complete
    text = esc(shorten(task.text) or "Task")
    if waiting is not None:
        text += " " + tinted(f"({'done' if done else 'reopened'}, waiting)", AMBER_TEXT)
    bottom = [esc(task.assigned_to_name) if task.assigned_to_name else None, _edits(task, edit)]
    return decorated(
        text,
        top=top,
        bottom="<br>".join(b for b in bottom if b) or None,
        start_icon=icon("CLOCK"),
        on_click=_open_task(edit, task.id),
        switch=task_switch(edit, task.id, done=done, in_close=task.is_complete),
    )


def due_on(day: str) -> str:
    """Return "Due today", "Due tomorrow" or "Due Mar 9", as the homepage says it."""
    return f"Due {day.lower() if day in NAMED_DAYS else day}"


def _edits(task: Task, edit: Lines) -> str | None:
    """Return 'Waiting: Due date → Jun 30, 2026' for a task's staged edits, if any."""
    words = ", ".join(
        f"{c.label.rsplit(' · ', 1)[-1]} → {c.shown}"
        for c in edit.editing.staged
        if (c.object_type, c.object_id) == ("task", task.id) and c.field != "is_complete"
    )
    return tinted(f"Waiting: {esc(words)}", AMBER_TEXT) if words else None


def _open_task(edit: Lines, task_id: str) -> Json:
    from addon.screens.edit.tasks import edit_task  # the edit screen imports the record's

    return click(edit_task, edit.target("task", task_id, ""))


def _done_task(done: JustDone, edit: Lines) -> Json:
    # Completed by the click that rebuilt this card: switch it off to reopen the task.
    return decorated(
        f"<s>{esc(shorten(done.text) or 'Task')}</s>",
        top="Done just now",
        start_icon=icon("CLOCK"),
        switch=task_switch(edit, done.task_id, done=True, in_close=True),
    )

"""The record card: the lead or contact behind an email and what a salesperson needs next.

Its field lines open small edit cards (edit_record.py); with bulk updates on, the changes
waiting to be sent are listed at the top, and marked on the lines they will change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from addon.cards.activity_lines import activity_widget
from addon.cards.edit_lines import Lines, staged_section, task_switch, waiting_mark
from addon.cards.edit_record import contact_lines, custom_fields_section, lead_lines
from addon.cards.format import Formatter, money, shorten
from addon.cards.people import Participant, participants_section
from addon.cards.record_actions import OpenMessage, actions_section
from addon.cards.widgets import (
    Json,
    action,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    open_link,
    paragraph,
    section,
)
from addon.crm.editing import Editing
from addon.crm.metadata import OrgInfo
from addon.crm.models import Contact, Opportunity, Task
from addon.crm.records import ActivityPage, RecordData

RECORD_CARD = "record"
MAX_TASKS, MAX_OPPORTUNITIES, MAX_CONTACTS = 10, 8, 10
MAX_WIDGETS = 100  # Gmail ignores widgets beyond this, so the card is trimmed to fit
RED, AMBER = "#c5221f", "#b06000"


@dataclass(frozen=True)
class RecordView:
    """Everything the record card shows; built by the handler, rendered without I/O."""

    view: str
    data: RecordData
    contact: Contact | None
    email: str | None
    position: int
    total: int
    lead_url: str
    templates_url: str
    org: OrgInfo | None
    participants: tuple[Participant, ...]
    fmt: Formatter
    show_contacts: bool = True
    message: OpenMessage | None = None  # the email open beside it, which can be logged
    editing: Editing = field(default_factory=Editing)  # what waits to be sent; who may edit


def record_card(view: RecordView) -> Json:
    """Return the record card with the sections the user's settings load."""
    lead, contact = view.data.lead, view.contact
    as_contact = view.view == "contact" and contact is not None
    title = contact.label if as_contact and contact else lead.label
    subtitle = _subtitle(view, as_contact)
    lines = edit_lines(view)
    sections = fit(
        [
            staged_section(lines) if view.editing.staged else {},
            # What a salesperson does next comes first, under the name.
            actions_section(view, record_params(view)),
            _summary(view, lines),
            _opportunities(view, lines) if view.data.opportunities is not None else {},
            _tasks(view, lines) if view.data.tasks is not None else {},
            _contacts(view) if view.show_contacts and not as_contact else {},
            custom_fields_section(view, as_contact, lines)
            if view.data.lead_fields is not None
            else {},
            _activities(view) if view.data.activities is not None else {},
            participants_section(view.participants) if view.participants else {},
        ]
    )
    return card(*sections, header=header(title, subtitle), name=RECORD_CARD)


def edit_lines(view: RecordView) -> Lines:
    """Return what the card's editable lines carry: how to rebuild it, and the edit state."""
    params = {**record_params(view), "lead_id": view.data.lead.id}
    params["contact_id"] = view.contact.id if view.contact else ""
    return Lines(params=params, editing=view.editing)


def fit(sections: list[Json], limit: int = MAX_WIDGETS) -> list[Json]:
    """Return the sections trimmed from the bottom up to at most `limit` widgets in all.

    The lowest sections (activities, the thread's people) give up lines first; a
    section's closing button row (Older, Send) is kept while it has lines to act on.
    """
    kept = [{**s, "widgets": list(s.get("widgets", []))} for s in sections]
    excess = sum(len(s["widgets"]) for s in kept) - limit
    for part in reversed(kept):
        while excess > 0 and len(part["widgets"]) > 1:
            widgets = part["widgets"]
            del widgets[-2 if "buttonList" in widgets[-1] else -1]
            excess -= 1
    return kept


def _subtitle(view: RecordView, as_contact: bool) -> str:
    lead = view.data.lead
    if as_contact:
        title = (view.contact.title if view.contact else "") or ""
        return f"{title} at {lead.label}" if title else lead.label
    return lead.status_label or ""


def _summary(view: RecordView, lines: Lines) -> Json:
    step = None
    if view.total > 1:
        step = decorated(
            f"<b>Match {view.position} of {view.total}</b>",
            bottom=f"{esc(view.email or '')} is on {view.total} records, newest first",
            button=button("Next ›", action("show_match", _match_params(view, view.position))),
        )
    people = contact_lines(view.contact, lines) if view.contact is not None else []
    return section(
        step,
        *people,
        *lead_lines(view, lines),
        buttons(
            button("Open in Close", open_link(view.lead_url), filled=True),
            button("Refresh", action("refresh", record_params(view))),
        ),
    )


def _match_params(view: RecordView, next_index: int) -> dict[str, str]:
    index = next_index % view.total if view.total else 0
    return {"email": view.email or "", "index": str(index)}


def record_params(view: RecordView) -> dict[str, str]:
    """Return the parameters that let a later action rebuild this record card."""
    if view.email:
        return {"email": view.email, "index": str(view.position - 1)}
    return {"lead_id": view.data.lead.id}


def _opportunities(view: RecordView, edit: Lines) -> Json:
    items = view.data.opportunities or ()
    active = [o for o in items if o.status_type not in {"won", "lost"}]
    closed = len(items) - len(active)
    lines = [_opportunity(o, view.fmt, edit) for o in active[:MAX_OPPORTUNITIES]]
    if not active:
        lines.append(paragraph("No open opportunities."))
    if closed:
        won = sum(1 for o in items if o.status_type == "won")
        lines.append(paragraph(f"<i>{won} won, {closed - won} lost</i>"))
    return section(
        *lines, title=f"Opportunities ({len(active)} open)", collapsible=len(lines) > 3, visible=2
    )


def _opportunity(opp: Opportunity, fmt: Formatter, edit: Lines) -> Json:
    value = money(opp.value, opp.value_currency, formatted=opp.value_formatted) or "No value"
    details = [
        f"{opp.confidence}%" if opp.confidence is not None else None,
        f"close {fmt.day(opp.date_won)}" if opp.date_won else None,
    ]
    bottom = " · ".join(d for d in details if d)
    waiting = waiting_mark(edit, "opportunity", opp.id)
    if waiting:
        bottom = f"{bottom}<br>{waiting}" if bottom else waiting
    who = value if opp.value else (opp.status_label or "Opportunity")
    return decorated(
        f"{esc(value)} · {esc(opp.status_label or '')}",
        top=esc(opp.pipeline_name or "Opportunity"),
        bottom=bottom or None,
        start_icon=icon("DOLLAR"),
        on_click=action("edit_opportunity", edit.target("opportunity", opp.id, "", who=who)),
    )


def _tasks(view: RecordView, edit: Lines) -> Json:
    tasks = view.data.tasks or ()
    open_ids = {t.id for t in tasks}
    done = [
        _done_task(task_id, text, edit)
        for task_id, text in edit.editing.just_done
        if task_id not in open_ids
    ]
    lines = [*done, *(_task(t, view.fmt, edit) for t in tasks[:MAX_TASKS])]
    lines = lines or [paragraph("No open tasks.")]
    overdue = sum(1 for t in tasks if t.date and view.fmt.is_overdue(t.date))
    title = f"Tasks ({len(tasks)} open{f', {overdue} overdue' if overdue else ''})"
    return section(*lines, title=title, collapsible=len(lines) > 3, visible=3)


def _task(task: Task, fmt: Formatter, edit: Lines) -> Json:
    if task.date and not task.is_dateless:
        due = fmt.day(task.date)
        top = (
            f'<font color="{RED}">Overdue · {due}</font>'
            if fmt.is_overdue(task.date)
            else f"Due {due}"
        )
    else:
        top = "No due date"
    waiting = edit.editing.waiting("task", task.id, "is_complete")
    done = bool(waiting.value) if waiting is not None else task.is_complete
    text = esc(task.text or "Task")
    if waiting is not None:
        text += f' <font color="{AMBER}">({"done" if done else "reopened"}, waiting)</font>'
    return decorated(
        text,
        top=top,
        bottom=esc(task.assigned_to_name) if task.assigned_to_name else None,
        start_icon=icon("CLOCK"),
        switch=task_switch(edit, task.id, task.text, done=done, in_close=task.is_complete),
    )


def _done_task(task_id: str, text: str, edit: Lines) -> Json:
    # Completed by the click that rebuilt this card: switch it off to reopen the task.
    return decorated(
        f"<s>{esc(shorten(text, 160) or 'Task')}</s>",
        top="Done just now",
        start_icon=icon("CLOCK"),
        switch=task_switch(edit, task_id, text, done=True, in_close=True),
    )


def _contacts(view: RecordView) -> Json:
    if view.view == "contact":
        return {}
    shown = view.contact.id if view.contact else None
    others = [c for c in view.data.lead.contacts if c.id != shown]
    if not others:
        return {}
    lines = [
        decorated(
            esc(c.label),
            top=esc(c.title) if c.title else None,
            bottom=esc(c.emails[0].email) if c.emails else None,
            start_icon=icon("PERSON"),
            on_click=action("open_person", {"email": c.emails[0].email}) if c.emails else None,
        )
        for c in others[:MAX_CONTACTS]
    ]
    return section(
        *lines, title=f"Other contacts ({len(others)})", collapsible=len(lines) > 3, visible=2
    )


def _activities(view: RecordView) -> Json:
    page = view.data.activities
    if page is None:
        return {}
    lines: list[Json | None] = [
        activity_widget(a, view.fmt, templates_url=view.templates_url) for a in page.items
    ]
    if not lines:
        lines = [paragraph("No activity yet.")]
    if page.has_more:
        params = {"lead_id": view.data.lead.id, "skip": str(page.skip + len(page.items))}
        if view.view == "contact" and view.contact:
            params["contact_id"] = view.contact.id
        lines.append(buttons(button("Older", action("activities_page", params))))
    return section(*lines, title="Latest activity", collapsible=len(lines) > 4, visible=3)


@dataclass(frozen=True)
class ActivityPageView:
    """One page of a lead's activities beyond the first."""

    lead_label: str
    lead_id: str
    contact_id: str | None
    page: ActivityPage
    fmt: Formatter
    templates_url: str


def activities_card(view: ActivityPageView) -> Json:
    """Return a card with one page of older activities and a way further back."""
    page = view.page
    lines = [activity_widget(a, view.fmt, templates_url=view.templates_url) for a in page.items]
    if not lines:
        lines = [paragraph("No older activity.")]
    more = None
    if page.has_more:
        params = {"lead_id": view.lead_id, "skip": str(page.skip + len(page.items)), "more": "1"}
        if view.contact_id:
            params["contact_id"] = view.contact_id
        more = buttons(button("Older", action("activities_page", params)))
    first, last = page.skip + 1, page.skip + len(page.items)
    return card(
        section(*lines, more, title=f"Activities {first}–{last}"),
        header=header(view.lead_label, "Activity history"),
        name="activities",
    )

"""The record card: the lead or contact behind an email and what a salesperson needs next."""

from __future__ import annotations

from dataclasses import dataclass

from addon.cards.activity_lines import activity_widget
from addon.cards.format import Formatter, money
from addon.cards.people import Participant, participants_section
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
from addon.crm.metadata import FieldSchema, OrgInfo
from addon.crm.models import Contact, CustomField, Opportunity, Task
from addon.crm.records import ActivityPage, RecordData

RECORD_CARD = "record"
MAX_TASKS, MAX_OPPORTUNITIES, MAX_CONTACTS, MAX_FIELDS = 10, 8, 10, 20
RED = "#c5221f"


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


def record_card(view: RecordView) -> Json:
    """Return the record card with the sections the user's settings load."""
    lead, contact = view.data.lead, view.contact
    as_contact = view.view == "contact" and contact is not None
    title = contact.label if as_contact and contact else lead.label
    subtitle = _subtitle(view, as_contact)
    return card(
        _summary(view, as_contact),
        _opportunities(view) if view.data.opportunities is not None else {},
        _tasks(view) if view.data.tasks is not None else {},
        _contacts(view) if view.show_contacts and not as_contact else {},
        _custom_fields(view, as_contact) if view.data.lead_fields is not None else {},
        _activities(view) if view.data.activities is not None else {},
        participants_section(view.participants) if view.participants else {},
        header=header(title, subtitle),
        name=RECORD_CARD,
    )


def _subtitle(view: RecordView, as_contact: bool) -> str:
    lead = view.data.lead
    if as_contact:
        title = (view.contact.title if view.contact else "") or ""
        return f"{title} at {lead.label}" if title else lead.label
    return lead.status_label or ""


def _summary(view: RecordView, as_contact: bool) -> Json:
    lead, contact = view.data.lead, view.contact
    step = None
    if view.total > 1:
        step = decorated(
            f"<b>Match {view.position} of {view.total}</b>",
            bottom=f"{esc(view.email or '')} is on {view.total} records, newest first",
            button=button("Next ›", action("show_match", _match_params(view, view.position))),
        )
    people = []
    if contact is not None:
        if not as_contact:
            people.append(
                decorated(
                    esc(contact.label),
                    top=esc(contact.title or "Contact"),
                    start_icon=icon("PERSON"),
                )
            )
        people += [
            decorated(esc(e.email), top=esc(e.type.capitalize()), start_icon=icon("EMAIL"))
            for e in contact.emails[:4]
        ]
        people += [
            decorated(
                esc(p.phone_formatted or p.phone),
                top=esc(p.type.capitalize()),
                start_icon=icon("PHONE"),
                on_click=open_link(f"tel:{p.phone}"),
            )
            for p in contact.phones[:3]
        ]
    status = decorated(
        esc(lead.status_label or "No status"), top="Lead status", start_icon=icon("BOOKMARK")
    )
    company = (
        decorated(esc(lead.label), top="Lead", start_icon=icon("STORE")) if as_contact else None
    )
    website = (
        decorated(esc(lead.url), top="Website", start_icon=icon("BOOKMARK")) if lead.url else None
    )
    refresh_params = record_params(view)
    return section(
        step,
        *people,
        company,
        status,
        website,
        buttons(
            button("Open in Close", open_link(view.lead_url), filled=True),
            button("Refresh", action("refresh", refresh_params)),
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


def _opportunities(view: RecordView) -> Json:
    items = view.data.opportunities or ()
    active = [o for o in items if o.status_type not in {"won", "lost"}]
    closed = len(items) - len(active)
    lines = [_opportunity(o, view.fmt) for o in active[:MAX_OPPORTUNITIES]]
    if not active:
        lines.append(paragraph("No open opportunities."))
    if closed:
        won = sum(1 for o in items if o.status_type == "won")
        lines.append(paragraph(f"<i>{won} won, {closed - won} lost</i>"))
    return section(
        *lines, title=f"Opportunities ({len(active)} open)", collapsible=len(lines) > 3, visible=2
    )


def _opportunity(opp: Opportunity, fmt: Formatter) -> Json:
    value = money(opp.value, opp.value_currency, formatted=opp.value_formatted) or "No value"
    details = [
        f"{opp.confidence}%" if opp.confidence is not None else None,
        f"close {fmt.day(opp.date_won)}" if opp.date_won else None,
    ]
    return decorated(
        f"{esc(value)} · {esc(opp.status_label or '')}",
        top=esc(opp.pipeline_name or "Opportunity"),
        bottom=" · ".join(d for d in details if d) or None,
        start_icon=icon("DOLLAR"),
    )


def _tasks(view: RecordView) -> Json:
    tasks = view.data.tasks or ()
    lines = [_task(t, view.fmt) for t in tasks[:MAX_TASKS]] or [paragraph("No open tasks.")]
    overdue = sum(1 for t in tasks if t.date and view.fmt.is_overdue(t.date))
    title = f"Tasks ({len(tasks)} open{f', {overdue} overdue' if overdue else ''})"
    return section(*lines, title=title, collapsible=len(lines) > 3, visible=3)


def _task(task: Task, fmt: Formatter) -> Json:
    if task.date and not task.is_dateless:
        due = fmt.day(task.date)
        top = (
            f'<font color="{RED}">Overdue · {due}</font>'
            if fmt.is_overdue(task.date)
            else f"Due {due}"
        )
    else:
        top = "No due date"
    return decorated(
        esc(task.text or "Task"),
        top=top,
        bottom=esc(task.assigned_to_name) if task.assigned_to_name else None,
        start_icon=icon("CLOCK"),
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


def _custom_fields(view: RecordView, as_contact: bool) -> Json:
    pairs: list[tuple[CustomField, object]] = []
    if as_contact and view.contact is not None:
        pairs += _pairs(view.data.contact_fields, view.contact.custom_values)
    pairs += _pairs(view.data.lead_fields, view.data.lead.custom_values)
    lines = [
        decorated(esc(_field_value(f, v, view)), top=esc(f.name)) for f, v in pairs[:MAX_FIELDS]
    ]
    if not lines:
        return {}
    return section(*lines, title="Custom fields", collapsible=len(lines) > 4, visible=3)


def _pairs(
    schema: FieldSchema | None, values: dict[str, object]
) -> list[tuple[CustomField, object]]:
    if schema is None:
        return []
    return [
        (schema.fields[k], v)
        for k, v in values.items()
        if k in schema.fields and v not in (None, "", [])
    ]


def _field_value(field: CustomField, value: object, view: RecordView) -> str:
    values = value if isinstance(value, list) else [value]
    if field.type == "user" and view.org is not None:
        return ", ".join(view.org.member_name(str(v)) or str(v) for v in values)
    if field.type == "date":
        from datetime import date

        out = []
        for v in values:
            try:
                out.append(view.fmt.day(date.fromisoformat(str(v)[:10])))
            except ValueError:
                out.append(str(v))
        return ", ".join(out)
    if field.type == "number" and isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if field.type == "number" and isinstance(value, int):
        return f"{value:,}"
    return ", ".join(str(v) for v in values)


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

"""The record card: the lead or contact behind an email and what a salesperson needs next.

Its field lines open small edit cards (edit_record.py); with bulk updates on, the changes
waiting to be sent are listed at the top, and marked on the lines they will change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from addon.close.metadata import OrgInfo
from addon.close.models import Contact
from addon.close.records import RecordData
from addon.crm.editing import Editing
from addon.screens.activities.card import activities_section
from addon.screens.person.card import Participant, participants_section
from addon.screens.record.actions import OpenMessage, actions_section, remove_section
from addon.screens.record.deals_tasks import opportunities_section, tasks_section
from addon.screens.record.fields import contact_lines, custom_fields_section, lead_lines
from addon.screens.record.lines import Lines, staged_section
from addon.ui.format import Formatter
from addon.ui.widgets import (
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
    section,
)

RECORD_CARD = "record"
MAX_CONTACTS = 10
MAX_WIDGETS = 100  # Gmail ignores widgets beyond this, so the card is trimmed to fit


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
            opportunities_section(view, lines) if view.data.opportunities is not None else {},
            tasks_section(view, lines) if view.data.tasks is not None else {},
            _contacts(view) if view.show_contacts and not as_contact else {},
            custom_fields_section(view, as_contact, lines)
            if view.data.lead_fields is not None
            else {},
            activities_section(view) if view.data.activities is not None else {},
            participants_section(view.participants) if view.participants else {},
            remove_section(view, record_params(view)),
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
    people = contact_lines(view.contact, lines, view.fmt) if view.contact is not None else []
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

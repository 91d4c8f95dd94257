"""The record card: the lead or contact behind an email and what a salesperson needs next.

Each section renders one part of the `RecordView` (view.py). The handlers its buttons lead
to rebuild this card, so they import it; the card and its sections import each handler
where its button is built, not when the module loads, which keeps the imports one-way.
"""

from __future__ import annotations

from pydantic import ValidationError

from addon.close.models import Contact, Lead
from addon.registry import click
from addon.screens.activities import activities_section
from addon.screens.comments import lead_comments
from addon.screens.person import participants_section
from addon.screens.record.deals_tasks import opportunities_section, tasks_section
from addon.screens.record.fields import contact_lines, custom_fields_section, lead_lines
from addon.screens.record.lines import staged_section
from addon.screens.record.view import Lines, RecordView
from addon.screens.refs import LeadArgs, PersonArgs, RemovableKind, RemoveArgs
from addon.screens.reply import reply_section
from addon.screens.sequences import sequences_section
from addon.screens.templates.entry import templates_section
from addon.ui.widgets import (
    Json,
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


def record_card(view: RecordView) -> Json:
    """Return the record card with the sections the user's settings load."""
    lines = view.lines
    sections = fit(
        [
            staged_section(lines) if view.editing.staged else {},
            # What a salesperson does next comes first, under the name.
            _actions(view),
            reply_section(view.logged, view.at),
            _summary(view, lines),
            opportunities_section(view, lines) if view.data.opportunities is not None else {},
            tasks_section(view, lines) if view.data.tasks is not None else {},
            sequences_section(view),
            _contacts(view) if view.show_contacts and view.view != "contact" else {},
            custom_fields_section(view, lines),
            activities_section(view),
            participants_section(view.participants) if view.participants else {},
            templates_section(view),
            _remove(view),
        ]
    )
    return card(*sections, header=_header(view), name=RECORD_CARD)


def fit(sections: list[Json]) -> list[Json]:
    """Return the sections trimmed from the bottom up to at most MAX_WIDGETS widgets in all.

    The lowest sections (activities, the thread's people) give up lines first; a
    section's closing button row (Older, Send) is kept while it has lines to act on.
    """
    kept = [{**s, "widgets": list(s.get("widgets", []))} for s in sections]
    excess = sum(len(s["widgets"]) for s in kept) - MAX_WIDGETS
    for part in reversed(kept):
        while excess > 0 and len(part["widgets"]) > 1:
            widgets = part["widgets"]
            del widgets[-2 if "buttonList" in widgets[-1] else -1]
            excess -= 1
    return kept


def _header(view: RecordView) -> Json:
    lead, contact = view.data.lead, view.contact
    if view.view == "contact" and contact is not None:
        return header(
            contact.label, f"{contact.title} at {lead.label}" if contact.title else lead.label
        )
    return header(lead.label, lead.status_label or "")


def _matched(view: RecordView) -> str:
    return "contacts" if view.view == "contact" else "leads"


def _actions(view: RecordView) -> Json:
    """Return the action row, the likeliest action first and filled, and "logged to"."""
    from addon.screens.forms.handlers import log_email, note_form, opportunity_form, task_form

    at, logged = view.at, view.logged
    return section(
        decorated(
            # Plain "Logged to": the same words right after the salesperson logged it themself.
            f"Logged to {esc(view.data.lead.label)}",
            top="This email",
            start_icon=icon("EMAIL"),
        )
        if logged
        else None,
        # Short labels, and Close's own word for an opportunity: the same one on every card.
        buttons(
            button("Log email", click(log_email, at), filled=True) if logged is False else None,
            button("Note", click(note_form, at), alt_text="Add a note"),
            button("Task", click(task_form, at), alt_text="Create a task"),
            button("Opportunity", click(opportunity_form, at), alt_text="Create an opportunity"),
        ),
    )


def _summary(view: RecordView, lines: Lines) -> Json:
    from addon.screens.record.handlers import MatchArgs, RefreshArgs, refresh, show_match

    step: list[Json | None] = []
    if view.total > 1 and (email := view.email):
        # Both ways round, wrapping at the ends, as a list of search results steps.
        def match(position: int) -> Json:
            return click(show_match, MatchArgs(email=email, index=position % view.total))

        step = [
            decorated(
                f"<b>Match {view.position} of {view.total}</b>",
                # What each match is, in Close's words: a lead, or a contact in the contact view.
                bottom=f"{esc(view.email)} is on {view.total} {_matched(view)}, "
                "most recently updated first",
            ),
            buttons(
                button("‹ Previous", match(view.position - 2)),
                button("Next ›", match(view.position)),
            ),
        ]
    people = contact_lines(view.contact, lines, view.fmt) if view.contact is not None else []
    at, shown = view.at, lines.at.contact_id
    again = (
        RefreshArgs(email=at.email, index=at.index)
        if at.email
        else RefreshArgs(lead_id=at.lead_id, contact_id=shown)
    )
    return section(
        *step,
        *people,
        *lead_lines(view, lines),
        buttons(
            button("Open in Close", open_link(view.lead_url), filled=True),
            button("Refresh", click(refresh, again)),
            lead_comments(view.at),
        ),
    )


def _contacts(view: RecordView) -> Json:
    lead, shown = view.data.lead, view.contact.id if view.contact else None
    others = [c for c in lead.contacts if c.id != shown]
    if not others:
        return {}
    lines = [
        decorated(
            esc(c.label),
            top=esc(c.title) if c.title else None,
            bottom=esc(c.emails[0].email) if c.emails else None,
            start_icon=icon("PERSON"),
            on_click=_open_person(c.emails[0].email) if c.emails else _open_contact(lead, c),
        )
        for c in others[:MAX_CONTACTS]
    ]
    return section(
        *lines, title=f"Other contacts ({len(others)})", collapsible=len(lines) > 3, visible=2
    )


def _open_person(address: str) -> Json | None:
    from addon.screens.record.handlers import open_person

    try:
        person = PersonArgs(email=address)
    except ValidationError:  # Close keeps addresses as typed; one mail cannot reach opens nothing
        return None
    return click(open_person, person)


def _open_contact(lead: Lead, contact: Contact) -> Json:
    """Return what opens a contact without an email: its lead's card, showing that contact."""
    from addon.screens.record.handlers import open_lead

    return click(open_lead, LeadArgs(lead_id=lead.id, contact_id=contact.id))


def _remove(view: RecordView) -> Json:
    """Return the collapsed section that deletes the lead, the contact, a deal or a task.

    It sits at the bottom of the card: Gmail add-ons have no generally available overflow
    menu, and a deletion should take a deliberate reach anyway.
    """
    from addon.screens.remove import confirm_remove, removable

    at, lead, contact = view.at, view.data.lead, view.contact

    def delete(text: str, known: str, kind: RemovableKind, object_id: str) -> Json:
        args = RemoveArgs(**at.model_dump(), kind=kind, object_id=object_id)
        return decorated(text, start_icon=icon(known), on_click=click(confirm_remove, args))

    return section(
        decorated(
            "Delete an opportunity or task…",
            start_icon=icon("DOLLAR"),
            on_click=click(removable, at),
        ),
        delete(f"Delete contact {esc(contact.label)}", "PERSON", "contact", at.contact_id)
        if at.contact_id and contact is not None
        else None,
        delete(f"Delete lead {esc(lead.label)}", "STORE", "lead", lead.id),
        title="Remove from Close",
        collapsible=True,
        visible=0,
    )

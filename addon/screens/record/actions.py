"""The actions at the top of the record card: log this email, note, task, and the rest.

One compact row: the likeliest action first, filled. Removing records sits in a collapsed
section at the bottom of the card (`remove_section`): Gmail add-ons have no generally
available overflow menu, and a deletion should take a deliberate reach anyway. Every
button carries the card's `OnRecord`, so the card can be rebuilt once the action is done.

The handlers these buttons lead to rebuild this card once done, so they import this
screen: each is imported where its button is built, not when this module loads, which
keeps the imports one-way.
"""

from __future__ import annotations

from addon.registry import click
from addon.screens.record.view import RecordView
from addon.screens.refs import RemovableKind, RemoveArgs
from addon.ui.widgets import Json, button, buttons, decorated, esc, icon, section


def actions_section(view: RecordView) -> Json:
    """Return the action row (and the "already logged" line) for a lead or contact."""
    from addon.screens.forms.handlers import log_email, note_form, opportunity_form, task_form

    at, message = view.at, view.message
    logged = (
        decorated(
            f"Already logged to {esc(view.data.lead.label)}",
            top="This email",
            start_icon=icon("EMAIL"),
        )
        if message is not None and message.logged
        else None
    )
    log = (
        button("Log email", click(log_email, at), filled=True)
        if message is not None and not message.logged
        else None
    )
    return section(
        logged,
        # Short labels keep the row on one line in the ~300 px sidebar.
        buttons(
            log,
            button("Note", click(note_form, at), alt_text="Add a note"),
            button("Task", click(task_form, at), alt_text="Create a task"),
            button("Deal", click(opportunity_form, at), alt_text="Create an opportunity"),
        ),
    )


def remove_section(view: RecordView) -> Json:
    """Return the collapsed section that deletes the lead, the contact, a deal or a task."""
    from addon.screens.remove import confirm_remove, removable

    at, lead, contact = view.at, view.data.lead, view.contact

    def remove(kind: RemovableKind, object_id: str) -> Json:
        args = RemoveArgs(**at.model_dump(), kind=kind, object_id=object_id)
        return click(confirm_remove, args)

    lines = [
        decorated(
            "Delete an opportunity or task…",
            start_icon=icon("DOLLAR"),
            on_click=click(removable, at),
        )
    ]
    if at.contact_id and contact is not None:
        lines.append(
            decorated(
                f"Delete contact {esc(contact.label)}",
                start_icon=icon("PERSON"),
                on_click=remove("contact", at.contact_id),
            )
        )
    lines.append(
        decorated(
            f"Delete lead {esc(lead.label)}",
            start_icon=icon("STORE"),
            on_click=remove("lead", lead.id),
        )
    )
    return section(*lines, title="Remove from Close", collapsible=True, visible=0)

"""The record card's way into the Templates screen: one line, for the card's contact."""

from __future__ import annotations

from addon.registry import click
from addon.screens.record.view import RecordView
from addon.screens.templates.handlers import TemplatesAt, open_templates
from addon.ui.widgets import Json, decorated, icon, section


def templates_section(view: RecordView) -> Json:
    """Return the line that opens the email templates, rendered for the card's person."""
    lead = view.data.lead
    # Close renders for a lead and one of its contacts: the card's, or the lead's first.
    contact = view.contact or next((c for c in lead.contacts if c.emails), None)
    at = TemplatesAt(lead_id=lead.id, contact_id=contact.id if contact else None)
    # Kept to one short line: the record card's size is capped.
    return section(
        decorated(
            "Email templates", start_icon=icon("DESCRIPTION"), on_click=click(open_templates, at)
        )
    )

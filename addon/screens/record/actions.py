"""The actions at the top of the record card: log this email, note, task, and the rest.

One compact row: the likeliest action first, filled. Removing records sits in a collapsed
section at the bottom of the card (`remove_section`): Gmail add-ons have no generally
available overflow menu, and a deletion should take a deliberate reach anyway. Every
button carries the record card's own parameters, so the card can be rebuilt once the
action is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from addon.ui.widgets import Json, action, button, buttons, decorated, esc, icon, section

if TYPE_CHECKING:
    from addon.screens.record.card import RecordView

RemovableKind = Literal["lead", "contact", "opportunity", "task"]
REMOVABLE: tuple[RemovableKind, ...] = ("lead", "contact", "opportunity", "task")


@dataclass(frozen=True)
class OpenMessage:
    """The email open beside the record: it can be logged, unless it already is."""

    logged_activity_id: str | None = None

    @property
    def logged(self) -> bool:
        return self.logged_activity_id is not None


def actions_section(view: RecordView, record: Mapping[str, str]) -> Json:
    """Return the action row (and the "already logged" line) for a lead or contact."""
    params = action_params(view, record)
    lead_name = esc(view.data.lead.label)
    message = view.message
    logged = (
        decorated(
            f"Already logged to {lead_name}",
            top="This email",
            start_icon=icon("EMAIL"),
        )
        if message is not None and message.logged
        else None
    )
    log = (
        button("Log email", action("log_email", params), filled=True)
        if message is not None and not message.logged
        else None
    )
    return section(
        logged,
        # Short labels keep the row on one line in the ~300 px sidebar.
        buttons(
            log,
            button("Note", action("note_form", params), alt_text="Add a note"),
            button("Task", action("task_form", params), alt_text="Create a task"),
            button("Deal", action("opportunity_form", params), alt_text="Create an opportunity"),
        ),
    )


def remove_section(view: RecordView, record: Mapping[str, str]) -> Json:
    """Return the collapsed section that deletes the lead, the contact, a deal or a task."""
    params = action_params(view, record)
    lead = view.data.lead
    lines = [
        decorated(
            "Delete an opportunity or task…",
            start_icon=icon("DOLLAR"),
            on_click=action("removable", params),
        )
    ]
    if params["contact_id"]:
        remove_contact = _remove_params("contact", params["contact_id"], params)
        lines.append(
            decorated(
                f"Delete contact {esc(params['contact_name'])}",
                start_icon=icon("PERSON"),
                on_click=action("confirm_remove", remove_contact),
            )
        )
    remove_lead = action("confirm_remove", _remove_params("lead", lead.id, params))
    lines.append(
        decorated(f"Delete lead {esc(lead.label)}", start_icon=icon("STORE"), on_click=remove_lead)
    )
    return section(*lines, title="Remove from Close", collapsible=True, visible=0)


def action_params(view: RecordView, record: Mapping[str, str]) -> dict[str, str]:
    """Return what every action on this record carries: the card's params and its target."""
    lead = view.data.lead
    # Only a contact the email matched is the one acted on; a lead opened by name has none.
    contact = view.contact if view.email else None
    return {
        **record,
        "lead_id": lead.id,
        "lead_name": lead.label,
        "contact_id": contact.id if contact else "",
        "contact_name": contact.label if contact else "",
    }


def remove_button(kind: RemovableKind, object_id: str, params: Mapping[str, str]) -> Json:
    """Return a small Delete button for one record line (asks first, on its own card)."""
    return button("Delete", action("confirm_remove", _remove_params(kind, object_id, params)))


def _remove_params(
    kind: RemovableKind, object_id: str, params: Mapping[str, str]
) -> dict[str, str]:
    return {**params, "kind": kind, "object_id": object_id}

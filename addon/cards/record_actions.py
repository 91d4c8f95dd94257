"""The actions at the top of the record card: log this email, note, task, and the rest.

One compact row: the likeliest action first, filled; what is rarer (an opportunity,
removing records) sits in the overflow menu. Every button carries the record card's own
parameters, so the card can be rebuilt once the action is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from addon.cards.widgets import Json, action, button, buttons, decorated, esc, icon, section

if TYPE_CHECKING:
    from addon.cards.record import RecordView

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
        # Short labels and a ⋮ keep the row on one line in the ~300 px sidebar.
        buttons(
            log,
            _labelled(button("Note", action("note_form", params)), "Add a note"),
            _labelled(button("Task", action("task_form", params)), "Create a task"),
            {
                "icon": {"materialIcon": {"name": "more_vert"}, "altText": "More actions"},
                "altText": "More actions",
                "onClick": {"overflowMenu": {"items": _more(view, params)}},
            },
        ),
    )


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


def _more(view: RecordView, params: Mapping[str, str]) -> list[Json]:
    lead = view.data.lead
    items = [
        _item("Create opportunity", "paid", action("opportunity_form", params)),
        _item("Delete an opportunity or task…", "delete", action("removable", params)),
    ]
    if params["contact_id"]:
        remove_contact = _remove_params("contact", params["contact_id"], params)
        items.append(
            _item(
                f"Delete contact {params['contact_name']}",
                "person_remove",
                action("confirm_remove", remove_contact),
            )
        )
    remove_lead = action("confirm_remove", _remove_params("lead", lead.id, params))
    items.append(_item(f"Delete lead {lead.label}", "delete_forever", remove_lead))
    return items


def _labelled(btn: Json, alt_text: str) -> Json:
    return {**btn, "altText": alt_text}


def _item(text: str, material_icon: str, on_click: Json) -> Json:
    return {
        "text": text,
        "startIcon": {"materialIcon": {"name": material_icon}},
        "onClick": on_click,
    }


def _remove_params(
    kind: RemovableKind, object_id: str, params: Mapping[str, str]
) -> dict[str, str]:
    return {**params, "kind": kind, "object_id": object_id}

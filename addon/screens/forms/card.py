"""The small forms pushed from a record card: a note, a task, an opportunity.

Each shows whose record it writes to, keeps whatever the user typed, and when Close
refused or failed puts the reason on top and each field's problem right under the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from addon.close.additions import PERIODS, NoteDraft, OpportunityDraft, TaskDraft
from addon.crm import field_values as fv
from addon.registry import click
from addon.screens.error import back
from addon.ui.widgets import (
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    card,
    date_picker,
    esc,
    footer,
    header,
    paragraph,
    section,
    selection,
    text_input,
    tinted,
)

# Close's names for a field, where they differ from the form's.
_ALIASES = {"status": "status_id", "note_html": "note", "lead_id": "lead", "contact_id": "contact"}


@dataclass(frozen=True)
class FormFrame:
    """What every form shows and carries: the record it writes to and what went wrong."""

    subject: str  # "Dana Whitfield · Brightlane Logistics"
    save: Json  # the Save button's action: the form's handler, its record and its id
    problem: str | None = None
    field_errors: Mapping[str, str] = field(default_factory=dict)
    field_hints: Mapping[str, str] = field(default_factory=dict)  # by input: a date in the past
    locale: str = fv.DEFAULT_LOCALE  # how the user writes numbers, for the examples

    def hint(self, name: str) -> Json | None:
        """Return the hint under one field (a date in the past), if any."""
        text = self.field_hints.get(name)
        return paragraph(tinted(esc(text), GREY_TEXT)) if text else None

    def error(self, name: str) -> Json | None:
        """Return the problem line for one field, if Close or a check found one."""
        found = (text for key, text in self.field_errors.items() if _ALIASES.get(key, key) == name)
        text = next(found, None)
        return paragraph(tinted(esc(text), RED_TEXT)) if text is not None else None

    def banner(self, fields: tuple[str, ...]) -> Json | None:
        """Return the form-wide problem, with field problems no field on the form shows."""
        stray = [
            f"{k}: {v}" for k, v in self.field_errors.items() if _ALIASES.get(k, k) not in fields
        ]
        if not self.problem and not stray:
            return None
        lines = [esc(self.problem or "Close did not accept this.")]
        lines += [f"• {esc(line)}" for line in stray]
        return paragraph(tinted(f"<b>{'<br>'.join(lines)}</b>", RED_TEXT))


def note_form(frame: FormFrame, draft: NoteDraft) -> Json:
    """Return the form that adds a note to the lead (and the contact shown)."""
    return _form(
        frame,
        "Add a note",
        "note_form",
        text_input("note", "Note", value=draft.note, multiline=True),
    )


def task_form(frame: FormFrame, draft: TaskDraft, members: tuple[tuple[str, str], ...]) -> Json:
    """Return the form that creates a task; `members` are (name, user id), the user first."""
    return _form(
        frame,
        "Create a task",
        "task_form",
        text_input("text", "Task", value=draft.text, hint="What needs doing, e.g. Send the MSA"),
        date_picker("date", "Due", value_ms=fv.date_ms(draft.due)),
        selection("assigned_to", "Assigned to", members, selected=(draft.assigned_to,)),
    )


def opportunity_form(
    frame: FormFrame,
    draft: OpportunityDraft,
    statuses: tuple[tuple[str, str], ...],
    currency: str,
) -> Json:
    """Return the form that creates an opportunity; `statuses` are (label, status id)."""
    return _form(
        frame,
        "Create an opportunity",
        "opportunity_form",
        selection("status_id", "Status", statuses, selected=(draft.status_id,)),
        text_input(
            "value",
            f"Value ({currency})",
            value=draft.value,
            hint=f"e.g. {fv.grouped(72000, frame.locale)}",
        ),
        selection("value_period", "Billed", PERIODS, selected=(draft.period,)),
        text_input("confidence", "Confidence (%)", value=draft.confidence, hint="0 to 100"),
        date_picker("date_won", "Expected close", value_ms=fv.date_ms(draft.close_date)),
        text_input("note", "Note", value=draft.note, multiline=True),
    )


def _form(frame: FormFrame, title: str, name: str, *inputs: Json) -> Json:
    """Return a form card: each input with its problem under it, then Save and Cancel."""
    # Every input is {kind: {"name": …}}: a textInput, selectionInput or dateTimePicker.
    fields = tuple(str(body["name"]) for widget in inputs for body in widget.values())
    below = ((i, frame.error(f), frame.hint(f)) for i, f in zip(inputs, fields, strict=True))
    return card(
        section(frame.banner(fields), *(w for group in below for w in group)),
        header=header(title, frame.subject),
        name=name,
        footer=footer(button("Save", frame.save), button("Cancel", click(back))),
    )

"""The record card's editable lines, and its section of changes waiting to be sent.

A field line opens that field's edit card when tapped. With bulk updates on, a line whose
change is waiting shows the new value marked "(waiting)" and what Close holds now, and the
"N changes waiting" section lists every staged value with Send and Discard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from addon.crm.editing import Editing
from addon.store import StagedChange
from addon.ui.format import shorten
from addon.ui.widgets import (
    AMBER_TEXT,
    GREY_TEXT,
    RED_TEXT,
    Json,
    action,
    button,
    buttons,
    decorated,
    esc,
    icon,
    paragraph,
    section,
    switch,
    tinted,
)

MAX_STAGED_LINES = 12
LIST_FIELDS = ("emails", "phones")


@dataclass(frozen=True)
class Lines:
    """What every editable line of one record card carries: its record context and state."""

    params: dict[str, str]  # rebuilds the record card: record_params plus lead and contact ids
    editing: Editing

    def target(self, object_type: str, object_id: str, field: str, **extra: str) -> dict[str, str]:
        """Return the parameters of an action on one field of one record."""
        return {
            **self.params,
            "object_type": object_type,
            "object_id": object_id,
            "field": field,
            **extra,
        }


def muted(text: str) -> str:
    """Return grey text, for an empty value ("Not set")."""
    return tinted(esc(text), GREY_TEXT)


def field_line(
    lines: Lines,
    target: tuple[str, str, str],
    text: str,
    *,
    top: str,
    who: str = "",
    extra: Mapping[str, str] | None = None,
    start_icon: Json | None = None,
    editable: bool = True,
) -> Json:
    """Return a field's line: tap to edit; a waiting change shows its new value."""
    object_type, object_id, field = target
    waiting = lines.editing.waiting(object_type, object_id, field)
    bottom = None
    if waiting is not None and field not in LIST_FIELDS:
        text, bottom = _marked(waiting, text)
    params = lines.target(*target, who=who, **(extra or {}))
    edit = action("edit_field", params) if editable else None
    return decorated(
        text,
        top=top,
        bottom=bottom,
        start_icon=start_icon,
        on_click=edit,
    )


def edit_button(lines: Lines, target: tuple[str, str, str], *, alt: str, **extra: str) -> Json:
    """Return a small pencil button that opens a field's edit card."""
    # A text button: Material icons are not available to Gmail add-ons.
    return button("Edit", action("edit_field", lines.target(*target, **extra)), alt_text=alt)


def list_waiting(lines: Lines, contact_id: str, field: str, label: str) -> Json | None:
    """Return a line for waiting changes to a contact's emails or phones, if any."""
    waiting = lines.editing.waiting("contact", contact_id, field)
    if waiting is None:
        return None
    text = f"{esc(waiting.shown)} {tinted('(waiting)', AMBER_TEXT)}"
    bottom = _refused(waiting.error) if waiting.error else None
    kind = "EMAIL" if field == "emails" else "PHONE"
    return decorated(text, top=label, bottom=bottom, start_icon=icon(kind))


def task_switch(lines: Lines, task_id: str, text: str, *, done: bool, in_close: bool) -> Json:
    """Return a task's done switch; flipping it completes or reopens the task."""
    params = lines.target(
        "task",
        task_id,
        "is_complete",
        who=shorten(text, 80),
        done="0" if done else "1",
        was="1" if in_close else "0",
    )
    return switch(f"done_{task_id}", selected=done, on_change=action("toggle_task", params))


def waiting_mark(lines: Lines, object_type: str, object_id: str) -> str | None:
    """Return 'Waiting: Status → Won' for a record's staged changes, if any."""
    changes = [
        c for c in lines.editing.staged if (c.object_type, c.object_id) == (object_type, object_id)
    ]
    if not changes:
        return None
    words = ", ".join(f"{_field_part(c.label)} → {c.shown}" for c in changes)
    return tinted(f"Waiting: {esc(words)}", AMBER_TEXT)


def staged_section(lines: Lines) -> Json:
    """Return the "N changes waiting" section with Send and Discard."""
    changes = lines.editing.staged
    count = len(changes)
    rows: list[Json | None] = [_staged_line(lines, c) for c in changes[:MAX_STAGED_LINES]]
    if count > MAX_STAGED_LINES:
        rows.append(paragraph(f"<i>and {count - MAX_STAGED_LINES} more</i>"))
    rows.append(
        buttons(
            button("Send", action("send_staged", lines.params), filled=True),
            button("Discard", action("discard_staged", lines.params)),
        )
    )
    plural = "change" if count == 1 else "changes"
    return section(*rows, title=f"{count} {plural} waiting")


def _staged_line(lines: Lines, change: StagedChange) -> Json:
    drop = action("discard_change", {**lines.params, "change_id": str(change.id)})
    discard = button("Undo", drop, alt_text=f"Discard {change.label}")
    fix = None
    if change.object_type in ("lead", "contact") and change.field not in LIST_FIELDS:
        fix = action("edit_field", lines.target(change.object_type, change.object_id, change.field))
    elif change.object_type == "opportunity":
        fix = action("edit_opportunity", lines.target("opportunity", change.object_id, ""))
    return decorated(
        f"<b>{esc(change.label)}</b> → {esc(change.shown)}",
        bottom=_refused(change.error) if change.error else None,
        on_click=fix,
        button=discard,
    )


def _marked(change: StagedChange, now: str) -> tuple[str, str]:
    text = f"{esc(change.shown)} {tinted('(waiting)', AMBER_TEXT)}"
    return text, _refused(change.error) if change.error else f"In Close: {now}"


def _refused(reason: str) -> str:
    return tinted(f"Close refused: {esc(reason)}", RED_TEXT)


def _field_part(label: str) -> str:
    # Staged labels name the record first ("Deal $72,000 · Status"); a line on that
    # record needs only the field.
    return label.rsplit(" · ", 1)[-1]

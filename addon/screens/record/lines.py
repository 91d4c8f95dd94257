"""The record card's editable lines, and its section of changes waiting to be sent.

With bulk updates on, a line whose change is waiting shows the new value marked "(waiting)"
and what Close holds now. Handlers are imported where their buttons are built (card.py).
"""

from __future__ import annotations

from addon.registry import click
from addon.screens.record.view import Lines
from addon.screens.refs import FieldArgs, ObjectType, TaskSwitch
from addon.store import StagedChange
from addon.ui.widgets import (
    AMBER_TEXT,
    GREY_TEXT,
    RED_TEXT,
    Json,
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


def muted(text: str) -> str:
    """Return grey text, for an empty value ("Not set")."""
    return tinted(esc(text), GREY_TEXT)


def open_edit(args: FieldArgs) -> Json:
    """Return the onClick that opens one field's edit card, or an opportunity's."""
    from addon.screens.edit.deals import edit_opportunity
    from addon.screens.edit.handlers import edit_field

    return click(edit_opportunity if args.object_type == "opportunity" else edit_field, args)


def field_line(
    lines: Lines,
    target: FieldArgs,
    text: str,
    *,
    top: str,
    start_icon: Json | None = None,
    editable: bool = True,
) -> Json:
    """Return a field's line with its Edit button; a waiting change shows its new value.

    Every editable line carries the same "Edit" text button (Material icons are not
    available to Gmail add-ons), so that editing is found without trying to tap lines.
    The action rides on the button alone: a second copy on the line would cost the card
    size that Gmail's sidebar limits.
    """
    waiting = lines.editing.waiting(target.object_type, target.record_id, target.field)
    bottom = None
    if waiting is not None and target.field not in LIST_FIELDS:
        text, bottom = _waiting(waiting), _refused(waiting.error) or f"In Close: {text}"
    return decorated(
        text,
        top=top,
        bottom=bottom,
        start_icon=start_icon,
        button=edit_button(target) if editable else None,
    )


def edit_button(target: FieldArgs, *, alt_text: str | None = None) -> Json:
    """Return the "Edit" button of an editable line."""
    return button("Edit", open_edit(target), alt_text=alt_text)


def list_waiting(lines: Lines, contact_id: str, field: str, label: str) -> Json | None:
    """Return a line for waiting changes to a contact's emails or phones, if any."""
    waiting = lines.editing.waiting("contact", contact_id, field)
    if waiting is None:
        return None
    kind = "EMAIL" if field == "emails" else "PHONE"
    return decorated(
        _waiting(waiting), top=label, bottom=_refused(waiting.error), start_icon=icon(kind)
    )


def task_switch(lines: Lines, task_id: str, *, done: bool, in_close: bool) -> Json:
    """Return a task's done switch; flipping it completes or reopens the task."""
    from addon.screens.edit.deals import toggle_task

    flip = TaskSwitch(**lines.at.model_dump(), object_id=task_id, done=not done, was=in_close)
    return switch(f"done_{task_id}", selected=done, on_change=click(toggle_task, flip))


def waiting_mark(lines: Lines, object_type: str, object_id: str) -> str | None:
    """Return 'Waiting: Status → Won' for a record's staged changes, if any."""
    words = ", ".join(
        f"{_field_part(c.label)} → {c.shown}"
        for c in lines.editing.staged
        if (c.object_type, c.object_id) == (object_type, object_id)
    )
    return tinted(f"Waiting: {esc(words)}", AMBER_TEXT) if words else None


def staged_section(lines: Lines) -> Json:
    """Return the "N changes waiting" section with Send and Discard."""
    from addon.screens.record.staged import DiscardArgs, discard_staged, send_staged

    changes = lines.editing.staged
    more = len(changes) - MAX_STAGED_LINES
    return section(
        *(_staged_line(lines, c) for c in changes[:MAX_STAGED_LINES]),
        paragraph(f"<i>and {more} more</i>") if more > 0 else None,
        buttons(
            button("Send", click(send_staged, lines.at), filled=True),
            button("Discard", click(discard_staged, DiscardArgs(**lines.at.model_dump()))),
        ),
        title=f"{counted(len(changes))} waiting",
    )


def counted(changes: int) -> str:
    """Return "1 change" or "3 changes"."""
    return f"{changes} change{'' if changes == 1 else 's'}"


def _staged_line(lines: Lines, change: StagedChange) -> Json:
    from addon.screens.record.staged import ChangeArgs, discard_change

    drop = ChangeArgs(**lines.at.model_dump(), change_id=change.id)
    discard = button("Undo", click(discard_change, drop), alt_text=f"Discard {change.label}")
    fix = None
    if change.object_type in ("lead", "contact") and change.field not in LIST_FIELDS:
        kind: ObjectType = "lead" if change.object_type == "lead" else "contact"
        fix = open_edit(lines.target(kind, change.object_id, change.field))
    elif change.object_type == "opportunity":
        fix = open_edit(lines.target("opportunity", change.object_id, ""))
    return decorated(
        f"<b>{esc(change.label)}</b> → {esc(change.shown)}",
        bottom=_refused(change.error),
        on_click=fix,
        button=discard,
    )


def _waiting(change: StagedChange) -> str:
    return f"{esc(change.shown)} {tinted('(waiting)', AMBER_TEXT)}"


def _refused(reason: str | None) -> str | None:
    return tinted(f"Close refused: {esc(reason)}", RED_TEXT) if reason else None


def _field_part(label: str) -> str:
    # Staged labels name the record first ("Opportunity $72,000 · Status"); a line on that
    # record needs only the field.
    return label.rsplit(" · ", 1)[-1]

"""The edit card: one field (or one opportunity's few fields), prefilled, Save and Cancel.

Each change is one small card pushed over the record card. A value Close refused, or one
we can tell is wrong before sending, comes back on the same card exactly as typed, with
the reason right under its input.
"""

from __future__ import annotations

from dataclasses import dataclass

from addon.crm import field_values as fv
from addon.crm.field_entries import ENTRY_KEYS
from addon.crm.fields import FieldSpec, FormValue
from addon.registry import click
from addon.screens.error import back
from addon.ui.widgets import (
    DANGER_RED,
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    buttons,
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

MAX_OPTIONS = 100
ENTRY_TYPES = {
    "emails": ("office", "home", "direct", "other"),
    "phones": ("office", "mobile", "home", "direct", "fax", "other"),
}
_EXAMPLES = {
    "url": "acme.com or https://acme.com/about",
    "email": "jane@acme.com",
    "phone": "+1 415 555 0100",
}
STAGED_NOTE = "Bulk updates are on: this change waits on the record until you press Send."


@dataclass(frozen=True)
class EditInput:
    """One input of an edit card, its value in the form's shape and any problem with it."""

    name: str
    spec: FieldSpec
    value: FormValue
    error: str | None = None


@dataclass(frozen=True)
class EditView:
    """Everything an edit card shows; built by the handler, rendered without I/O."""

    title: str
    subtitle: str
    inputs: tuple[EditInput, ...]
    save: Json  # Save's onClick: the field (or opportunity) and what Close held
    message: str | None = None
    staged: bool = False  # bulk updates: Save keeps the change until the user sends it
    entry_type: str | None = None  # emails/phones: the entry's type, chosen beside it
    remove: Json | None = None  # emails/phones: removes the entry being edited
    notes: tuple[str, ...] = ()


def edit_card(view: EditView) -> Json:
    """Return the edit card."""
    widgets: list[Json | None] = []
    if view.message:
        widgets.append(paragraph(tinted(esc(view.message), RED_TEXT)))
    for item in view.inputs:
        widgets.append(edit_input(item))
        if item.error:
            widgets.append(paragraph(tinted(esc(item.error), RED_TEXT)))
    if view.entry_type is not None:
        # A type Close holds that the list lacks is offered too, rather than lost.
        kinds = dict.fromkeys((*ENTRY_TYPES[view.inputs[0].spec.key], view.entry_type))
        options = [(k.capitalize(), k) for k in kinds]
        widgets.append(selection("type", "Type", options, selected=[view.entry_type]))
    notes = (*view.notes, STAGED_NOTE) if view.staged else view.notes
    widgets += [paragraph(tinted(esc(note), GREY_TEXT)) for note in notes]
    if view.remove:
        label = f"Remove this {ENTRY_KEYS[view.inputs[0].spec.key]}"
        widgets.append(buttons(button(label, view.remove, color=DANGER_RED)))
    return card(
        section(*widgets),
        header=header(view.title, view.subtitle or None),
        name="edit",
        footer=footer(button("Save", view.save), button("Cancel", click(back))),
    )


def edit_input(item: EditInput) -> Json:
    """Return the input a field's kind needs, prefilled with its form value."""
    spec, value = item.spec, item.value
    if spec.kind in ("choice", "choices"):
        chosen = value if isinstance(value, tuple) else ()
        return _choices(item.name, spec, chosen)
    text = value if isinstance(value, str) else ""
    if spec.kind in ("date", "datetime"):
        timed = spec.kind == "datetime"
        ms = fv.datetime_ms(text) if timed else fv.date_ms(text)
        return date_picker(item.name, spec.label, value_ms=ms, with_time=timed)
    hint = None if text else _EXAMPLES.get(spec.kind)  # an example helps an empty input only
    if spec.kind == "percent":
        hint = "0 to 100"
    if spec.kind == "money":
        hint = f"Amount in {spec.currency or 'USD'}"
    return text_input(
        item.name,
        spec.label,
        value=text,
        hint=hint,
        multiline=spec.kind == "multiline",
    )


def _choices(name: str, spec: FieldSpec, chosen: tuple[str, ...]) -> Json:
    options = list(spec.options[:MAX_OPTIONS])
    if spec.kind == "choices":
        return selection(name, spec.label, options, selected=chosen, kind="CHECK_BOX")
    if not spec.required:
        options.insert(0, (fv.NOT_SET, ""))
    known = {v for _, v in options}
    # A value Close holds but the list no longer offers is shown rather than lost.
    options += [(spec.option_text(v), v) for v in chosen if v not in known]
    return selection(name, spec.label, options, selected=chosen or ("",))

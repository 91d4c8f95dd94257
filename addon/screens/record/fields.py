"""The record card's field lines, each with an Edit button to its own edit card.

Empty custom fields are listed too, after the set ones, where the user may fill them in.
"""

from __future__ import annotations

from datetime import date, datetime

from addon.close.metadata import FieldSchema
from addon.close.models import Contact, CustomField, EmailEntry, PhoneEntry
from addon.crm.fields import custom_spec
from addon.screens.record.lines import (
    edit_button,
    field_line,
    list_waiting,
    muted,
    open_edit,
)
from addon.screens.record.view import Lines, RecordView
from addon.screens.refs import FieldArgs, ObjectType
from addon.ui.format import Formatter, shorten
from addon.ui.widgets import Json, button, buttons, decorated, esc, icon, open_link
from addon.ui.widgets import section as make_section

MAX_EMAILS, MAX_PHONES, MAX_FIELDS = 4, 3, 20


def contact_lines(contact: Contact, lines: Lines, fmt: Formatter) -> list[Json | None]:
    """Return the shown contact's name, title, emails, phones and the add buttons."""
    cid = contact.id

    def target(field: str, entry: str | None = None, entry_type: str = "") -> FieldArgs:
        return lines.target("contact", cid, field, entry=entry, entry_type=entry_type)

    name = esc(contact.name) if contact.name else muted("Add a name")
    title = esc(contact.title) if contact.title else muted("Add a title")
    return [
        field_line(lines, target("name"), name, top="Contact", start_icon=icon("PERSON")),
        field_line(lines, target("title"), title, top="Title"),
        *(
            _unsubscribed_said(
                field_line(
                    lines,
                    target("emails", entry.email, entry.type),
                    esc(entry.email),
                    top=esc(entry.type.capitalize()),
                    start_icon=icon("EMAIL"),
                ),
                entry,
            )
            for entry in contact.emails[:MAX_EMAILS]
        ),
        list_waiting(lines, cid, "emails", "Emails"),
        *(
            _phone(phone, target("phones", phone.phone, phone.type), fmt)
            for phone in contact.phones[:MAX_PHONES]
        ),
        list_waiting(lines, cid, "phones", "Phones"),
        buttons(
            button("Add email", open_edit(target("emails", ""))),
            button("Add phone", open_edit(target("phones", ""))),
        ),
    ]


def _unsubscribed_said(line: Json, entry: EmailEntry) -> Json:
    # Close sends an unsubscribed address no sequence or bulk email: said under it.
    if entry.is_unsubscribed:
        line["decoratedText"]["bottomLabel"] = "Unsubscribed"
    return line


def _phone(phone: PhoneEntry, target: FieldArgs, fmt: Formatter) -> Json:
    # Tapping a phone calls it; its Edit button edits it, as on every editable line.
    # Waiting phone edits have a line of their own (list_waiting), so the number shown
    # is the one Close has.
    number = fmt.phone(phone.phone, shown=phone.phone_formatted)
    return decorated(
        esc(number),
        top=esc(phone.type.capitalize()),
        start_icon=icon("PHONE"),
        on_click=open_link(f"tel:{phone.phone}"),
        button=edit_button(target, alt_text=f"Edit {number}"),
    )


def lead_lines(view: RecordView, lines: Lines) -> list[Json | None]:
    """Return the lead's name, status, website and description."""
    lead = view.data.lead

    def target(field: str) -> FieldArgs:
        return lines.target("lead", lead.id, field)

    status = esc(lead.status_label or "No status")
    # No "visit" link: the deployment may open only Close's own pages (openLinkUrlPrefixes).
    url = esc(lead.url) if lead.url else muted("Add a website")
    description = shorten(lead.description)
    about = esc(description) if description else muted("Add a description")
    return [
        field_line(lines, target("name"), esc(lead.label), top="Lead", start_icon=icon("STORE")),
        field_line(
            lines, target("status_id"), status, top="Lead status", start_icon=icon("BOOKMARK")
        ),
        field_line(lines, target("url"), url, top="Website"),
        field_line(lines, target("description"), about, top="Description"),
    ]


def custom_fields_section(view: RecordView, lines: Lines) -> Json:
    """Return the custom fields, if loaded: set ones first, then empty ones the user may fill in."""
    rows: list[tuple[ObjectType, str, CustomField, object]] = []
    if view.view == "contact" and view.contact is not None:  # the contact's own come first
        values = view.contact.custom_values
        rows += _rows("contact", view.contact.id, view.data.contact_fields, values)
    rows += _rows("lead", view.data.lead.id, view.data.lead_fields, view.data.lead.custom_values)
    widgets = []
    for object_type, object_id, field, value in sorted(rows, key=lambda r: not _is_set(r[3])):
        spec = custom_spec(object_type, field, view.org)
        editable = spec is not None and lines.editing.may_edit(field)
        if editable or _is_set(value):
            widgets.append(
                field_line(
                    lines,
                    lines.target(object_type, object_id, f"custom.{field.id}"),
                    esc(field_value(field, value, view)) if _is_set(value) else muted("Not set"),
                    top=esc(field.name),
                    editable=editable,
                )
            )
    if not widgets:
        return {}
    shown = widgets[:MAX_FIELDS]
    return make_section(*shown, title="Custom fields", collapsible=len(shown) > 4, visible=3)


def _rows(
    object_type: ObjectType, object_id: str, schema: FieldSchema | None, values: dict[str, object]
) -> list[tuple[ObjectType, str, CustomField, object]]:
    if schema is None:
        return []
    return [(object_type, object_id, f, values.get(f.id)) for f in schema.fields.values()]


def _is_set(value: object) -> bool:
    return value not in (None, "", [])


def field_value(field: CustomField, value: object, view: RecordView) -> str:
    """Return a custom field's value in words: member names, short dates, grouped digits."""
    values = value if isinstance(value, list) else [value]
    if field.type == "user" and view.org is not None:
        return ", ".join(view.org.member_name(str(v)) or str(v) for v in values)
    if field.type in ("date", "datetime"):
        return ", ".join(_dated(str(v), view, with_time=field.type == "datetime") for v in values)
    if field.type == "number" and isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if field.type == "number" and isinstance(value, int):
        return f"{value:,}"
    return ", ".join(str(v) for v in values)


def _dated(value: str, view: RecordView, *, with_time: bool) -> str:
    try:
        if with_time:
            return view.fmt.when(datetime.fromisoformat(value))
        return view.fmt.day(date.fromisoformat(value[:10]))
    except ValueError:
        return value  # not a date Python reads: shown as Close sent it

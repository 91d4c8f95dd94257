"""The fields a user may edit from the sidebar: how each is read, put in a form, parsed, written.

A `FieldSpec` names one Close field of one kind of record (the key sent in the `PUT`), the
words the user knows it by, and the input it needs. Values travel in two shapes: Close's
(what is sent and stored) and the form's (strings, or a tuple of selected values), so a
refused value can be shown again exactly as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from addon.close.additions import PERIODS
from addon.close.metadata import OrgInfo
from addon.close.models import CustomField
from addon.crm import field_values as fv
from addon.crm.field_values import FieldInvalid
from addon.events import Event

Kind = Literal[
    "text", "multiline", "url", "number", "money", "percent", "date", "datetime",
    "choice", "choices", "email", "phone",
]  # fmt: skip
FormValue = str | tuple[str, ...]
OBJECT_TYPES = ("lead", "contact", "opportunity", "task")
STANDARD_FIELDS: dict[tuple[str, str], tuple[str, Kind]] = {
    ("lead", "name"): ("Lead name", "text"),
    ("lead", "url"): ("Website", "url"),
    ("lead", "description"): ("Description", "multiline"),
    ("contact", "name"): ("Name", "text"),
    ("contact", "title"): ("Title", "text"),
    ("contact", "emails"): ("Email", "email"),
    ("contact", "phones"): ("Phone", "phone"),
}
CHOICE_KINDS = ("choice", "choices")
# Names a salesperson finds records by: clearing one is a slip, never meant.
REQUIRED_NAMES = {("lead", "name"), ("contact", "name")}


@dataclass(frozen=True)
class FieldSpec:
    """One editable field of one kind of record."""

    object_type: str
    key: str  # the field as sent to Close: name, status_id, custom.cf_…, emails, …
    label: str
    kind: Kind
    options: tuple[tuple[str, str], ...] = ()  # (text, value) for choices
    currency: str | None = None
    required: bool = False  # cannot be cleared: a status, a lead's or a contact's name

    def option_text(self, value: Any) -> str:
        """Return the words for one choice value (a status id → its label)."""
        return next((t for t, v in self.options if v == value), str(value))


def standard_spec(object_type: str, key: str, org: OrgInfo | None = None) -> FieldSpec | None:
    """Return the spec of a lead's or contact's own (not custom) field; statuses need `org`."""
    if (object_type, key) == ("lead", "status_id"):
        statuses = tuple((label, sid) for sid, label in org.lead_statuses) if org else ()
        # Named as on the record card's line, so the card, its edit card and the waiting
        # list say the same words.
        return FieldSpec("lead", key, "Lead status", "choice", statuses, required=True)
    if (object_type, key) not in STANDARD_FIELDS:
        return None
    label, kind = STANDARD_FIELDS[object_type, key]
    required = (object_type, key) in REQUIRED_NAMES
    return FieldSpec(object_type, key, label, kind, required=required)


def custom_spec(object_type: str, field: CustomField, org: OrgInfo | None) -> FieldSpec | None:
    """Return the spec of a custom field, or None for a type the sidebar cannot edit."""
    key, many = f"custom.{field.id}", field.accepts_multiple_values
    if field.type == "choices":
        options = tuple((c, c) for c in field.choices or ())
        return FieldSpec(object_type, key, field.name, "choices" if many else "choice", options)
    if field.type == "user":
        members = sorted(org.members if org else (), key=lambda m: m.name.lower())
        options = tuple((m.name, m.user_id) for m in members)
        return FieldSpec(object_type, key, field.name, "choices" if many else "choice", options)
    if many or field.type not in ("text", "number", "date", "datetime"):
        return None  # several texts, numbers or dates, or a type we do not know
    kind: Kind = field.type  # type: ignore[assignment]
    return FieldSpec(object_type, key, field.name, kind)


def opportunity_specs(org: OrgInfo | None, currency: str | None) -> tuple[FieldSpec, ...]:
    """Return the fields of an opportunity the sidebar edits, in the card's order."""
    options = org.opportunity_choices() if org else ()
    return (
        FieldSpec("opportunity", "status_id", "Status", "choice", options, required=True),
        FieldSpec("opportunity", "value", "Value", "money", currency=currency),
        FieldSpec("opportunity", "value_period", "Billed", "choice", PERIODS, required=True),
        FieldSpec("opportunity", "confidence", "Confidence", "percent", required=True),
        FieldSpec("opportunity", "date_won", "Close date", "date"),
    )


def to_form(spec: FieldSpec, value: Any, *, locale: str = fv.DEFAULT_LOCALE) -> FormValue:
    """Return a Close value as the form shows it (numbers as the user's locale writes them)."""
    if spec.kind in CHOICE_KINDS:
        values = value if isinstance(value, list) else [value]
        return tuple(str(v) for v in values if v not in (None, ""))
    if value is None or value == "":
        return ""
    if spec.kind == "number":
        return fv.plain_number(value, locale)
    if spec.kind == "money":
        return fv.plain_money(value, spec.currency, locale)
    return str(value)


def read_form(spec: FieldSpec, form: Event, name: str) -> FormValue:
    """Return what the user entered in the input called `name`."""
    if spec.kind in CHOICE_KINDS:
        return tuple(v for v in form.texts(name) if v)
    if spec.kind == "date":
        day = form.date(name)
        return day.isoformat() if day else ""
    if spec.kind == "datetime":
        moment = form.datetime(name)
        return moment.isoformat() if moment else ""
    return form.text(name)


def parse(
    spec: FieldSpec,
    value: FormValue,
    *,
    region: str | None = None,
    locale: str = fv.DEFAULT_LOCALE,
) -> Any:
    """Return a form value as Close wants it, or raise FieldInvalid with the reason.

    `region` is the user's country, for phone numbers typed without their country code;
    `locale` is how they write numbers (en-US 80,000.50, de-DE 80.000,50).
    """
    if isinstance(value, tuple):
        return _choice(spec, value)
    if spec.required and not value.strip():
        raise FieldInvalid(f"Enter a {spec.label.lower()}.")
    parsers = {
        "percent": fv.parse_percent,
        "url": fv.parse_url,
        "email": fv.parse_email,
        "date": fv.parse_date,
        "datetime": fv.parse_datetime,
    }
    if spec.kind == "number":
        return fv.parse_number(value, locale)
    if spec.kind == "money":
        return fv.parse_money(value, spec.currency, locale)
    if spec.kind == "phone":
        return fv.parse_phone(value, region)
    if spec.kind in parsers:
        return parsers[spec.kind](value)
    if spec.key.startswith("custom.") and not value:
        return None  # an empty custom field is unset, not set to ""
    return value


def _choice(spec: FieldSpec, chosen: tuple[str, ...]) -> Any:
    allowed = {v for _, v in spec.options}
    unknown = [c for c in chosen if c not in allowed]
    if unknown:
        raise FieldInvalid(f'"{unknown[0]}" is not one of the choices.')
    if spec.kind == "choices":
        return list(chosen) or None
    if not chosen and spec.required:
        raise FieldInvalid(f"Pick a {spec.label.lower()}.")
    return chosen[0] if chosen else None

"""A template filled in for the person written to: on a list, and as inserted.

On a list a subject shows what the add-on already knows (no call to Close beyond the
records the card loads). Inserted, a template is Close's rendering for a contact; for
anyone else the user's own variables are filled from Close's `/me/` and the rest left
blank, never sent as raw `{{ … }}`.
"""

from __future__ import annotations

from nameparser import HumanName

from addon.close import CloseClient
from addon.close.models import Contact, Lead
from addon.close.templates import template_text, user_values
from addon.crm.template_variables import FilledTemplate, as_html, fill_template, tidy_rendered
from addon.lookup import Lookup
from addon.registry import Context

# Custom field types whose stored value reads as written; dates and users are left to Close.
_PLAIN_TYPES = ("text", "number", "choices")


def filled_template(
    client: CloseClient, template_id: str, *, lead_id: str | None, contact_id: str | None
) -> FilledTemplate:
    """Return the template to insert, rendered by Close when a lead and contact are given."""
    if lead_id and contact_id:
        text = template_text(client, template_id, lead_id=lead_id, contact_id=contact_id)
        # Close leaves a value it lacks (a contact without a first name) empty: "Hi ,".
        subject = tidy_rendered(text.subject or "").strip()
        return FilledTemplate(subject, tidy_rendered(as_html(text.body or "")), unfilled=())
    text = template_text(client, template_id)
    return fill_template(text.subject or "", as_html(text.body or ""), user_values(client))


def known_values(
    ctx: Context, lookup: Lookup, contact: Contact | None, lead: Lead | None
) -> dict[str, str]:
    """Return the variables known for the user, and for the contact and lead if given."""
    values = {**own_values(ctx), **contact_values(contact)}
    if lead is not None:
        values |= lead_values(lead) | lead_custom_values(lead, lookup)
    return values


def own_values(ctx: Context) -> dict[str, str]:
    """Return what the user's own variables hold, from the settings (no call to Close)."""
    settings = ctx.require_settings()
    full = (settings.close_user_name or "").strip()
    name = HumanName(full)
    values = {
        "user.full_name": full,
        "user.first_name": name.first,
        "user.last_name": name.last,
        "user.email": settings.close_user_email or "",
    }
    return _kept(values)


def contact_values(contact: Contact | None) -> dict[str, str]:
    if contact is None:
        return {}
    name = HumanName(contact.name or "")
    values = {
        "contact.first_name": name.first,
        "contact.last_name": name.last,
        "contact.name": contact.name,
        "contact.display_name": contact.label,
        "contact.title": contact.title or "",
        "contact.email": contact.emails[0].email if contact.emails else "",
    }
    return _kept(values)


def lead_values(lead: Lead) -> dict[str, str]:
    return _kept({"lead.display_name": lead.label, "lead.name": lead.label})


def lead_custom_values(lead: Lead, lookup: Lookup) -> dict[str, str]:
    """Return the lead's plain custom field values as `lead.custom.<name>` (and by id)."""
    schema = lookup.field_schema("lead")
    values: dict[str, str] = {}
    for field_id, value in lead.custom_values.items():
        field = schema.fields.get(field_id)
        if field is None or field.type not in _PLAIN_TYPES:
            continue
        items = value if isinstance(value, list) else [value]
        text = ", ".join(str(v) for v in items if isinstance(v, str | int | float) and v != "")
        if text:
            values[f"lead.custom.{field.name}"] = values[f"lead.custom.{field_id}"] = text
    return values


def _kept(values: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}

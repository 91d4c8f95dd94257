"""Email templates: shared and personal ones, their writes, and rendering them for a contact.

Who may see and change what: a personal template is its creator's alone (anyone else
gets a 404, as for a record they cannot see); a shared one can be read and edited by
everyone in the organization. Close's documentation does not spell out who may edit a
shared template, so this is the emulator's choice. A template that a sequence sends
cannot be unshared or deleted: Close requires ``is_shared: true`` for templates used in
sequences (close-api.md §6.4, PROBE-B).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sandbox.close.contacts import contact_display_name, lead_display_name
from sandbox.close.errors import not_found, validation_error
from sandbox.close.listing import Args, bool_arg, page
from sandbox.close.org import user_name
from sandbox.close.records import new_record, touch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

_VARIABLE = re.compile(r"\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}")
# A custom field by its name (or id): ``{{ lead.custom.Industry }}``. Close's help center
# documents custom-field tags but the exact syntax is unconfirmed (close-api.md §6.4).
_CUSTOM = re.compile(r"\{\{\s*(lead|contact)\.custom\.([^{}]+?)\s*\}\}")
# Any other tag renders as nothing, never as raw braces (how Close treats a tag it does not
# know is unconfirmed, close-api.md §6.4).
_ANY_TAG = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_TEXT_FIELDS = ("name", "subject", "body")


def add_template(
    state: CloseState,
    user_id: str,
    name: str,
    subject: str,
    body: str,
    *,
    shared: bool = True,
    archived: bool = False,
) -> Json:
    """Store an email template; a personal one (``shared=False``) is visible to its owner only."""
    template = new_record(state, "tmpl", user_id)
    template |= {"name": name, "subject": subject, "body": body, "is_shared": shared}
    template |= {"is_archived": archived, "attachments": [], "cc": [], "bcc": []}
    template |= {"last_used_at": None, "last_used_by": None, "unsubscribe_link_id": None}
    state.templates[template["id"]] = template
    return template


def get_template(state: CloseState, user_id: str, template_id: str) -> Json:
    """Return a template the user may see (shared, or their own), or 404."""
    template = state.templates.get(template_id)
    if template is None or not (template["is_shared"] or template["created_by"] == user_id):
        raise not_found("EmailTemplate")
    return template


def render(state: CloseState, template: Json) -> Json:
    """Return a template as the API shows it, with the sequences that send it."""
    return dict(template) | {"used_by_sequences": used_by_sequences(state, template["id"])}


def used_by_sequences(state: CloseState, template_id: str) -> list[Json]:
    """Return ``{id, name}`` of each sequence with an email step sending this template."""
    return [
        {"id": seq_id, "name": seq["name"]}
        for seq_id, seq in state.sequences.items()
        if any(step.get("email_template_id") == template_id for step in seq["steps"])
    ]


def list_templates(state: CloseState, user_id: str, args: Args) -> Json:
    """Handle ``GET /email_template/`` with ``is_archived`` / ``is_shared`` filters."""
    archived, shared = bool_arg(args, "is_archived"), bool_arg(args, "is_shared")
    records = [
        t
        for t in state.templates.values()
        if (t["is_shared"] or t["created_by"] == user_id)
        and (archived is None or t["is_archived"] == archived)
        and (shared is None or t["is_shared"] == shared)
    ]
    return page(records, args, lambda t: render(state, t))


def _checked(payload: Json, *, creating: bool) -> Json:
    """Return the template fields of a payload, or raise Close's 400 with field errors."""
    errors: dict[str, str] = {}
    values: Json = {}
    for key in _TEXT_FIELDS:
        if key not in payload:
            continue
        value = payload[key]
        if value is not None and not isinstance(value, str):
            errors[key] = "Enter a valid string."
        else:
            values[key] = value or ""
    for key in ("is_shared", "is_archived"):
        if key in payload:
            if isinstance(payload[key], bool):
                values[key] = payload[key]
            else:
                errors[key] = "Must be a valid boolean."
    if (creating or "name" in payload) and not str(values.get("name") or "").strip():
        errors.setdefault("name", "This field is required.")
    if errors:
        raise validation_error(errors)
    return values


def create_template(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /email_template/``: ``name`` is required, personal unless ``is_shared``."""
    values = _checked(payload, creating=True)
    template = add_template(
        state,
        user_id,
        values["name"],
        values.get("subject", ""),
        values.get("body", ""),
        shared=values.get("is_shared", False),
        archived=values.get("is_archived", False),
    )
    return render(state, template)


def update_template(state: CloseState, user_id: str, template_id: str, payload: Json) -> Json:
    """Handle ``PUT /email_template/{id}/``: change only the fields sent.

    A template a sequence sends stays shared: unsharing it is refused with Close's words.
    """
    template = get_template(state, user_id, template_id)
    values = _checked(payload, creating=False)
    if values.get("is_shared") is False and used_by_sequences(state, template_id):
        raise validation_error(errors=[_in_sequences(template_id)])
    template.update(values)
    touch(template, user_id)
    return render(state, template)


def delete_template(state: CloseState, user_id: str, template_id: str) -> Json:
    """Handle ``DELETE /email_template/{id}/``; a template a sequence sends stays."""
    get_template(state, user_id, template_id)
    if used_by_sequences(state, template_id):
        raise validation_error(errors=[_in_sequences(template_id)])
    del state.templates[template_id]
    return {}


def _in_sequences(template_id: str) -> str:
    # Close's own words for a sequence's template that is not shared (PROBE-B).
    return f'Template "{template_id}" cannot be used in Workflows because it is not shared.'


def template_context(
    state: CloseState, user_id: str, lead: Json, contact: Json | None
) -> dict[str, dict[str, str]]:
    """Build the values templates can use: contact, lead, user and organization fields."""
    user = state.users[user_id]
    name = contact_display_name(contact) if contact else ""
    first, _, last = (contact.get("name") or "").partition(" ") if contact else ("", "", "")
    email = contact["emails"][0]["email"] if contact and contact["emails"] else ""
    return {
        "contact": {"first_name": first, "last_name": last, "name": name, "display_name": name}
        | {"title": (contact or {}).get("title", ""), "email": email},
        "lead": {"display_name": lead_display_name(state, lead), "name": lead.get("name", "")}
        | {"url": lead.get("url", ""), "description": lead.get("description", "")},
        "user": {"first_name": user["first_name"], "last_name": user["last_name"]}
        | {"full_name": user_name(state, user_id) or "", "email": user["email"]},
        "organization": {"name": state.organization["name"]},
        "lead.custom": _custom_values(state, lead),
        "contact.custom": _custom_values(state, contact or {}),
    }


def _custom_values(state: CloseState, record: Json) -> dict[str, str]:
    """Return a record's custom field values as text, by field name and by field id."""
    values: dict[str, str] = {}
    for field_id, value in (record.get("custom") or {}).items():
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        field = state.custom_fields.get(field_id)
        values[field_id] = text
        if field is not None:
            values[field["name"]] = text
    return values


def render_text(text: str, context: dict[str, dict[str, str]]) -> str:
    """Replace ``{{ object.field }}`` and custom field tags; unknown ones render as empty text."""
    text = _CUSTOM.sub(lambda m: context.get(f"{m[1]}.custom", {}).get(m[2].strip(), ""), text)
    text = _VARIABLE.sub(lambda m: context.get(m[1], {}).get(m[2], ""), text)
    return _ANY_TAG.sub("", text)


def render_template(state: CloseState, user_id: str, template_id: str, args: Args) -> Json:
    """Handle ``GET /email_template/{id}/render/?lead_id=&contact_id=``."""
    template = get_template(state, user_id, template_id)
    missing = {k: "This field is required." for k in ("lead_id", "contact_id") if not args.get(k)}
    if missing:
        raise validation_error(missing)
    lead = state.leads.get(str(args["lead_id"]))
    contact = state.contacts.get(str(args["contact_id"]))
    if lead is None:
        raise validation_error({"lead_id": "Object does not exist."})
    if contact is None or contact["lead_id"] != lead["id"]:
        raise validation_error({"contact_id": "Object does not exist."})
    context = template_context(state, user_id, lead, contact)
    return {
        "subject": render_text(template["subject"], context),
        "body": render_text(template["body"], context),
        "lead_id": lead["id"],
        "lead_display_name": context["lead"]["display_name"],
        "contact_id": contact["id"],
        "contact_display_name": context["contact"]["display_name"],
        "email": context["contact"]["email"],
    }

"""Email templates: shared and personal ones, listing, and rendering ``{{ lead.display_name }}``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sandbox.close.contacts import contact_display_name, lead_display_name
from sandbox.close.errors import not_found, validation_error
from sandbox.close.listing import Args, bool_arg, page
from sandbox.close.org import user_name
from sandbox.close.records import new_record

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

_VARIABLE = re.compile(r"\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}")


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
    return page(records, args, dict)


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
    }


def render_text(text: str, context: dict[str, dict[str, str]]) -> str:
    """Replace ``{{ object.field }}`` tags; unknown tags render as empty text."""
    return _VARIABLE.sub(lambda m: context.get(m[1], {}).get(m[2], ""), text)


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

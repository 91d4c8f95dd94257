"""Contacts: validation (emails, phones, custom fields), storage with search indexes, rendering."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.customfields import apply_custom, custom_keys
from sandbox.close.errors import validation_error
from sandbox.close.listing import Args, page
from sandbox.close.records import new_record, stamp_names, take_list, take_text, touch
from sandbox.close.sequences import contact_subscriptions, is_unsubscribed
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(raw: str) -> tuple[str, str]:
    """Return (E.164 number, formatted number) for a phone written any common way."""
    digits = re.sub(r"\D", "", raw)
    if not raw.strip().startswith("+") and len(digits) == 10:
        digits = "1" + digits  # a bare ten-digit number is North American, as Close assumes
    number = f"+{digits}"
    if len(digits) == 11 and digits[0] == "1":
        return number, f"+1 {digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    return number, f"+{digits[:2]} {digits[2:]}"


def _emails(items: list[Any], errors: dict[str, str]) -> list[Json]:
    cleaned = []
    for item in items:
        address = item.get("email") if isinstance(item, dict) else None
        if not isinstance(address, str) or not _EMAIL.match(address.strip()):
            errors["emails"] = "Enter a valid email address."
            continue
        kind = item.get("type") or "office"
        unsubscribed = bool(item.get("is_unsubscribed", False))
        cleaned.append({"email": address.strip(), "type": kind, "is_unsubscribed": unsubscribed})
    return cleaned


def _phones(items: list[Any], errors: dict[str, str]) -> list[Json]:
    cleaned = []
    for item in items:
        raw = item.get("phone") if isinstance(item, dict) else None
        if not isinstance(raw, str) or len(re.sub(r"\D", "", raw)) < 4:
            errors["phones"] = "Enter a valid phone number."
            continue
        number, formatted = normalise_phone(raw)
        country = "US" if number.startswith("+1") else None
        entry = {
            "phone": number,
            "phone_formatted": formatted,
            "type": item.get("type") or "office",
        }
        cleaned.append(entry | {"country": country})
    return cleaned


def apply_contact_fields(state: CloseState, contact: Json, payload: Json) -> dict[str, str]:
    """Apply the writable fields of a payload to a contact; return field errors."""
    errors: dict[str, str] = {}
    for key in ("name", "title"):
        take_text(payload, key, errors, contact)
    # Emails, phones and urls are replaced whole: sending one address drops the others.
    emails = take_list(payload, "emails", errors)
    if emails is not None:
        contact["emails"] = _emails(emails, errors)
    phones = take_list(payload, "phones", errors)
    if phones is not None:
        contact["phones"] = _phones(phones, errors)
    urls = take_list(payload, "urls", errors)
    if urls is not None:
        contact["urls"] = [u for u in urls if isinstance(u, dict) and u.get("url")]
    apply_custom(state, "contact", contact, payload, errors)
    return errors


def lead_display_name(state: CloseState, lead: Json) -> str:
    """Return a lead's display name: its name, else its first contact's name."""
    if lead.get("name"):
        return str(lead["name"])
    for contact_id in state.lead_children(lead["id"]).contacts:
        name = contact_display_name(state.contacts[contact_id])
        if name:
            return name
    return ""


def contact_display_name(contact: Json) -> str:
    """Return a contact's display name: its name, else its first email address."""
    if contact.get("name"):
        return str(contact["name"])
    return str(contact["emails"][0]["email"]) if contact.get("emails") else ""


def reindex_lead_name(state: CloseState, lead_id: str) -> None:
    """Refresh the lead-name search index after a lead or one of its contacts changed."""
    lead = state.leads.get(lead_id)
    if lead is not None:
        state.lead_name_index.put(lead_id, [lead.get("name", ""), lead_display_name(state, lead)])


def _index(state: CloseState, contact: Json) -> None:
    state.contact_name_index.put(contact["id"], [contact.get("name", "")])
    state.email_index.put(contact["id"], [entry["email"] for entry in contact["emails"]])


def unindex_contact(state: CloseState, contact_id: str) -> None:
    """Drop a contact (and its email addresses) from the search indexes."""
    state.contact_name_index.remove(contact_id)
    state.email_index.remove(contact_id)


def prepare_contact(
    state: CloseState, user_id: str, lead_id: str, payload: Json, at: datetime | None = None
) -> tuple[Json, dict[str, str]]:
    """Build (but do not store) a contact from a payload; return it with its field errors."""
    contact = new_record(state, "cont", user_id, at)
    contact |= {"lead_id": lead_id, "name": "", "title": "", "emails": [], "phones": []}
    contact |= {"urls": [], "custom": {}}
    return contact, apply_contact_fields(state, contact, payload)


def insert_contact(state: CloseState, contact: Json) -> None:
    """Store a prepared contact on its lead and index it (the caller re-indexes the lead)."""
    state.contacts[contact["id"]] = contact
    state.lead_children(contact["lead_id"]).contacts.append(contact["id"])
    _index(state, contact)


def store_contact(
    state: CloseState, user_id: str, lead_id: str, payload: Json, at: datetime | None = None
) -> Json:
    """Validate and store a new contact on an existing lead; return the stored record."""
    contact, errors = prepare_contact(state, user_id, lead_id, payload, at)
    if errors:
        raise validation_error(errors)
    insert_contact(state, contact)
    reindex_lead_name(state, lead_id)
    return contact


def create_contact(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /contact/``: a contact on an existing lead (``lead_id`` is required)."""
    lead_id = payload.get("lead_id")
    if not lead_id:
        raise validation_error({"lead": "This field is required."})
    if lead_id not in state.leads:
        raise validation_error({"lead": "Object does not exist."})
    contact = store_contact(state, user_id, str(lead_id), payload)
    touch(state.leads[str(lead_id)], user_id)
    return render_contact(state, contact)


def update_contact(state: CloseState, user_id: str, contact_id: str, payload: Json) -> Json:
    """Handle ``PUT /contact/{id}/``: a partial update; list fields are replaced whole."""
    contact = fetch(state.contacts, contact_id, "Contact")
    draft = {**contact, "custom": dict(contact.get("custom", {}))}
    errors = apply_contact_fields(state, draft, payload)
    new_lead = payload.get("lead_id", contact["lead_id"])
    if new_lead not in state.leads:
        errors["lead"] = "Object does not exist."
    if errors:
        raise validation_error(errors)
    if new_lead != contact["lead_id"]:
        _move(state, contact, str(new_lead))
    contact.update({k: v for k, v in draft.items() if k != "lead_id"})
    touch(contact, user_id)
    touch(state.leads[contact["lead_id"]], user_id)
    _index(state, contact)
    reindex_lead_name(state, contact["lead_id"])
    return render_contact(state, contact)


def _move(state: CloseState, contact: Json, new_lead: str) -> None:
    old_lead = contact["lead_id"]
    state.lead_children(old_lead).contacts.remove(contact["id"])
    state.lead_children(new_lead).contacts.append(contact["id"])
    contact["lead_id"] = new_lead
    reindex_lead_name(state, old_lead)


def delete_contact(state: CloseState, user_id: str, contact_id: str) -> Json:
    """Handle ``DELETE /contact/{id}/``."""
    contact = fetch(state.contacts, contact_id, "Contact")
    remove_contact(state, contact)
    touch(state.leads[contact["lead_id"]], user_id)
    return {}


def remove_contact(state: CloseState, contact: Json) -> None:
    """Drop a contact from storage, its lead and the indexes."""
    del state.contacts[contact["id"]]
    children = state.lead_children(contact["lead_id"]).contacts
    if contact["id"] in children:
        children.remove(contact["id"])
    unindex_contact(state, contact["id"])
    reindex_lead_name(state, contact["lead_id"])


def render_contact(state: CloseState, contact: Json) -> Json:
    """Return a contact as the API shows it."""
    body = {k: v for k, v in contact.items() if k != "custom"}
    body["display_name"] = contact_display_name(contact)
    body["emails"] = [
        e | {"is_unsubscribed": is_unsubscribed(state, e["email"], contact)}
        for e in contact["emails"]
    ]
    body["phones"] = [dict(p) for p in contact["phones"]]
    body |= {"integration_links": [], "subscriptions": contact_subscriptions(state, contact["id"])}
    return body | stamp_names(state, contact) | custom_keys(contact)


def list_contacts(state: CloseState, args: Args) -> Json:
    """Handle ``GET /contact/`` (the only filter Close has is ``lead_id``)."""
    lead_id = args.get("lead_id")
    if lead_id:
        records = [state.contacts[c] for c in state.lead_children(lead_id).contacts]
    else:
        records = list(state.contacts.values())
    return page(records, args, lambda c: render_contact(state, c))

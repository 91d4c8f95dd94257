"""Fast, unvalidated inserts for generated benchmark data (10,000 leads in well under a second).

Records get exactly the stored shape the API paths give them (see ``leads.create_lead`` and
``contacts.prepare_contact``) but skip validation, custom fields and the ``Created`` activity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sandbox.close.contacts import normalise_phone
from sandbox.close.state import LeadChildren

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]


class BulkContact(NamedTuple):
    """One generated contact: name, title, office email and office phone."""

    name: str
    title: str
    email: str
    phone: str


def _stamps(state: CloseState, user_id: str, stamp: str) -> Json:
    return {
        "organization_id": state.organization_id,
        "created_by": user_id,
        "updated_by": user_id,
        "date_created": stamp,
        "date_updated": stamp,
    }


def _contact(state: CloseState, lead_id: str, person: BulkContact, stamps: Json) -> Json:
    number, formatted = normalise_phone(person.phone)
    phone = {"phone": number, "phone_formatted": formatted, "type": "office", "country": "US"}
    email = {"email": person.email, "type": "office", "is_unsubscribed": False}
    contact = {"id": state.new_id("cont"), **stamps, "lead_id": lead_id, "name": person.name}
    contact |= {"title": person.title, "emails": [email], "phones": [phone], "urls": []}
    return contact | {"custom": {}}


def bulk_lead(
    state: CloseState,
    user_id: str,
    stamp: str,
    lead: Json,
    people: list[BulkContact],
) -> str:
    """Insert a lead (``name``, ``url``, ``status_id``) with contacts; return its id."""
    stamps = _stamps(state, user_id, stamp)
    lead_id = state.new_id("lead")
    record = {"id": lead_id, **stamps, "name": lead["name"], "url": lead.get("url", "")}
    record |= {"description": "", "addresses": [], "custom": {}, "status_id": lead["status_id"]}
    state.leads[lead_id] = record
    children = state.children[lead_id] = LeadChildren()
    for person in people:
        contact = _contact(state, lead_id, person, stamps)
        state.contacts[contact["id"]] = contact
        children.contacts.append(contact["id"])
        state.contact_name_index.put(contact["id"], [person.name])
        state.email_index.put(contact["id"], [person.email])
    state.lead_name_index.put(lead_id, [record["name"]])
    return lead_id

"""Creating in Close from the sidebar: a lead with its contact and first deal, or a contact.

Each function here runs inside `writes.create_once`, so a form creates at most once; the
`find_*` twins look in Close for what an earlier, unanswered attempt may have made.
A lead's opportunity is posted right after the lead: if Close refuses it, the lead
stands and the refusal is reported, rather than the lead being created again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from addon.close import CloseClient, CloseError, CloseUnavailable
from addon.close.duplicates import leads_with_address
from addon.close.models import Lead, on_lead

Json = dict[str, Any]
# The `find_*` twins search by address; Close's search shows a new record a few seconds late.
SEARCH_LAG = timedelta(seconds=10)


def create_lead(client: CloseClient, lead: Json, opportunity: Json | None) -> Json:
    """Create the lead with its nested contact, then its opportunity; return what was made."""
    created = Lead.model_validate(client.post("lead/", lead))
    return _with_opportunity(client, _made(created), opportunity)


def find_created_lead(
    client: CloseClient, email: str, lead_name: str, opportunity: Json | None
) -> Json | None:
    """Find the lead an unanswered attempt made, and finish it (its opportunity) if it is ours.

    The address was not in Close when the form was sent, so wherever it is now, a second
    lead must not be made; the lead named as the form asked is taken to be ours.
    """
    leads = leads_with_address(client, email)
    ours = next((x for x in leads if x.label.casefold() == lead_name.casefold()), None)
    if ours is None:
        return _made(leads[0], email) if leads else None
    made = _made(ours, email)
    if opportunity is not None:
        page = client.get("opportunity/", params={"lead_id": ours.id, "_limit": 1})
        if not page.get("data"):
            return _with_opportunity(client, made, opportunity)
    return made


def add_contact(client: CloseClient, lead_id: str, name: str, email: str) -> Json:
    """Create a contact with one address on an existing lead."""
    body: Json = {"lead_id": lead_id, "emails": [{"email": email, "type": "office"}]}
    if name:
        body["name"] = name
    contact = client.post("contact/", body)
    return {"lead_id": lead_id, "contact_id": str(contact.get("id") or "")}


def find_added_contact(client: CloseClient, lead_id: str, email: str) -> Json | None:
    """Find the contact an unanswered attempt added to this lead, if Close has it."""
    for lead in leads_with_address(client, email):
        if lead.id == lead_id:
            contact = next(c for c in lead.contacts if c.has_email(email))
            return {"lead_id": lead_id, "contact_id": contact.id}
    return None


def _made(lead: Lead, email: str | None = None) -> Json:
    contact = next((c for c in lead.contacts if email is None or c.has_email(email)), None)
    return {
        "lead_id": lead.id,
        "lead_name": lead.label,
        "contact_id": contact.id if contact else "",
    }


def _with_opportunity(client: CloseClient, made: Json, opportunity: Json | None) -> Json:
    if opportunity is None:
        return made
    body = opportunity | on_lead(made["lead_id"], made["contact_id"])
    try:
        created = client.post("opportunity/", body)
    except CloseUnavailable:
        raise  # a timeout or 5xx: Close may have made it, so the retry looks before posting
    except CloseError as exc:
        return made | {"opportunity_problem": exc.message}
    return made | {"opportunity_id": str(created.get("id") or "")}

"""Leads: creation with nested contacts, partial updates, cascading deletes, rendering."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.activities import log_activity, remove_activity
from sandbox.close.contacts import (
    insert_contact,
    lead_display_name,
    prepare_contact,
    reindex_lead_name,
    remove_contact,
    render_contact,
)
from sandbox.close.customfields import apply_custom, custom_keys
from sandbox.close.errors import validation_error
from sandbox.close.legacy_query import filter_leads
from sandbox.close.listing import Args, page
from sandbox.close.opportunities import render_opportunity
from sandbox.close.records import new_record, stamp_names, take_list, take_text, touch
from sandbox.close.state import fetch
from sandbox.close.tasks import render_task

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

HTML_URL = "https://app.close.com/lead/{}/"


def _status_id(state: CloseState, payload: Json, errors: dict[str, str]) -> str | None:
    if payload.get("status_id") and payload.get("status"):
        errors["status"] = "Send status or status_id, not both."
    if payload.get("status_id"):
        if payload["status_id"] not in state.lead_statuses:
            errors["status_id"] = "Not a valid choice."
        return str(payload["status_id"])
    if payload.get("status"):
        label = str(payload["status"])
        found = [
            s for s in state.lead_statuses.values() if s["label"].casefold() == label.casefold()
        ]
        if not found:
            errors["status"] = (
                "Not a valid choice. Please go to Customizations in your organization settings "
                f'and add "{label}" to the list of lead statuses.'
            )
        return found[0]["id"] if found else None
    return None


def _apply(state: CloseState, lead: Json, payload: Json) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key in ("name", "url", "description"):
        take_text(payload, key, errors, lead)
    addresses = take_list(payload, "addresses", errors)
    if addresses is not None:
        lead["addresses"] = [a for a in addresses if isinstance(a, dict)]
    status_id = _status_id(state, payload, errors)
    if status_id and not errors:
        lead["status_id"] = status_id
    apply_custom(state, "lead", lead, payload, errors)
    return errors


def _prepare_contacts(
    state: CloseState, lead: Json, payloads: list[Any], at: datetime | None
) -> tuple[list[Json], dict[str, str]]:
    contacts: list[Json] = []
    errors: dict[str, str] = {}
    for i, payload in enumerate(payloads):
        body = payload if isinstance(payload, dict) else {}
        contact, found = prepare_contact(state, lead["created_by"], lead["id"], body, at)
        contacts.append(contact)
        errors |= {f"contacts.{i}.{key}": message for key, message in found.items()}
    return contacts, errors


def create_lead(state: CloseState, user_id: str, payload: Json, at: datetime | None = None) -> Json:
    """Handle ``POST /lead/``: a lead with nested contacts; return the stored record."""
    lead = new_record(state, "lead", user_id, at)
    lead |= {"name": "", "url": "", "description": "", "addresses": [], "custom": {}}
    lead["status_id"] = next(iter(state.lead_statuses))  # the first status is the default
    errors = _apply(state, lead, payload)
    payloads = take_list(payload, "contacts", errors) or []
    contacts, contact_errors = _prepare_contacts(state, lead, payloads, at)
    if errors or contact_errors:
        raise validation_error(errors | contact_errors)
    state.leads[lead["id"]] = lead
    state.lead_children(lead["id"])
    for contact in contacts:
        insert_contact(state, contact)
    reindex_lead_name(state, lead["id"])
    log_activity(state, "Created", lead["id"], user_id, {"source": "api", "import_id": None}, at=at)
    return lead


def update_lead(state: CloseState, user_id: str, lead_id: str, payload: Json) -> Json:
    """Handle ``PUT /lead/{id}/``: a non-destructive patch; logs a status change."""
    lead = fetch(state.leads, lead_id, "Lead")
    if "contacts" in payload:
        raise validation_error(
            errors=["Nested contacts cannot be updated through this endpoint; use /contact/."]
        )
    draft = {**lead, "custom": dict(lead["custom"])}
    errors = _apply(state, draft, payload)
    if errors:
        raise validation_error(errors)
    old_status = lead["status_id"]
    lead.update(draft)
    touch(lead, user_id)
    reindex_lead_name(state, lead_id)
    if lead["status_id"] != old_status:
        _log_status_change(state, user_id, lead, old_status)
    return render_lead(state, lead)


def _log_status_change(state: CloseState, user_id: str, lead: Json, old_status: str) -> None:
    fields = {"old_status_id": old_status}
    fields["old_status_label"] = state.lead_statuses[old_status]["label"]
    fields["new_status_id"] = lead["status_id"]
    fields["new_status_label"] = state.lead_statuses[lead["status_id"]]["label"]
    log_activity(state, "LeadStatusChange", lead["id"], user_id, fields)


def delete_lead(state: CloseState, lead_id: str) -> Json:
    """Handle ``DELETE /lead/{id}/``: the lead and its contacts, deals, tasks and activities."""
    fetch(state.leads, lead_id, "Lead")
    children = state.lead_children(lead_id)
    for contact_id in list(children.contacts):
        remove_contact(state, state.contacts[contact_id])
    for opp_id in children.opportunities:
        state.opportunities.pop(opp_id, None)
    for task_id in children.tasks:
        state.tasks.pop(task_id, None)
    for activity_id in list(children.activities):
        remove_activity(state, state.activities[activity_id])
    del state.leads[lead_id]
    del state.children[lead_id]
    state.lead_name_index.remove(lead_id)
    return {}


def render_lead(state: CloseState, lead: Json) -> Json:
    """Return a lead with everything Close nests and derives."""
    children = state.lead_children(lead["id"])
    status = state.lead_statuses[lead["status_id"]]
    body = {k: v for k, v in lead.items() if k != "custom"}
    body |= {"display_name": lead_display_name(state, lead), "status_label": status["label"]}
    body |= {"html_url": HTML_URL.format(lead["id"]), "contact_ids": list(children.contacts)}
    body["contacts"] = [render_contact(state, state.contacts[c]) for c in children.contacts]
    opps = [state.opportunities[o] for o in children.opportunities]
    body["opportunities"] = [render_opportunity(state, o) for o in opps]
    tasks = [state.tasks[t] for t in children.tasks]
    body["tasks"] = [render_task(state, t) for t in tasks if not t["is_complete"]]
    body |= {"integration_links": [], "source": None}
    return body | stamp_names(state, lead) | custom_keys(lead)


def list_leads(state: CloseState, args: Args) -> Json:
    """Handle ``GET /lead/`` (newest first), including the legacy ``query=`` search."""
    query = args.get("query")
    if query:
        records = filter_leads(state, query)
    else:
        records = sorted(state.leads.values(), key=lambda r: r["date_created"], reverse=True)
    return page(records, args, lambda r: render_lead(state, r), total=True)

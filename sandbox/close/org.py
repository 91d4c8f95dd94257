"""The organization, its users, memberships, lead statuses and pipelines, and how they render."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sandbox.close.clock import now_iso
from sandbox.close.errors import not_found
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

DEFAULT_LEAD_STATUSES = ("Potential", "Bad Fit", "Qualified", "Customer")
DEFAULT_PIPELINE = (("Active", "active"), ("Won", "won"), ("Lost", "lost"))
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def setup_organization(state: CloseState, *, name: str, currency: str = "USD") -> Json:
    """Create the one organization the emulator serves."""
    stamp = now_iso()
    state.organization = {
        "id": state.new_id("orga"),
        "name": name,
        "currency": currency,
        "currency_symbol": CURRENCY_SYMBOLS.get(currency, currency),
        "status": "active",
        "date_created": stamp,
        "date_updated": stamp,
        "created_by": None,
        "updated_by": None,
    }
    return state.organization


def add_user(
    state: CloseState, first: str, last: str, email: str, *, role: str = "user", key: str | None
) -> Json:
    """Add a member of the organization; ``key`` (if given) becomes their API key."""
    stamp = now_iso()
    user_id = state.new_id("user")
    gravatar = hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()
    state.users[user_id] = {
        "id": user_id,
        "email": email,
        "first_name": first,
        "last_name": last,
        "image": f"https://secure.gravatar.com/avatar/{gravatar}",
        "date_created": stamp,
        "date_updated": stamp,
        "last_used_timezone": "America/New_York",
        "email_account_id": state.new_id("emailacct"),
    }
    state.memberships[user_id] = {
        "id": state.new_id("memb"),
        "user_id": user_id,
        "organization_id": state.organization_id,
        "role_id": role,
        "permissions_granted": ["bulk_edit", "export"] if role == "admin" else [],
        "auto_record_calls": "disabled",
        "track_email_opens": True,
    }
    if key:
        state.api_keys[key] = user_id
    return state.users[user_id]


def add_lead_status(state: CloseState, label: str) -> Json:
    """Append a lead status (the first one is the default for new leads)."""
    status = {"id": state.new_id("stat"), "label": label, "organization_id": state.organization_id}
    state.lead_statuses[status["id"]] = status
    return status


def add_pipeline(state: CloseState, name: str, statuses: tuple[tuple[str, str], ...]) -> Json:
    """Add an opportunity pipeline with (label, type) statuses; type is active, won or lost."""
    stamp = now_iso()
    pipeline: Json = {"id": state.new_id("pipe"), "name": name}
    pipeline |= {"organization_id": state.organization_id, "status_ids": []}
    pipeline |= {"date_created": stamp, "date_updated": stamp}
    for label, kind in statuses:
        status_id = state.new_id("stat")
        state.opportunity_statuses[status_id] = {
            "id": status_id,
            "label": label,
            "type": kind,
            "pipeline_id": pipeline["id"],
            "organization_id": state.organization_id,
        }
        pipeline["status_ids"].append(status_id)
    state.pipelines[pipeline["id"]] = pipeline
    return pipeline


def add_default_statuses(state: CloseState) -> None:
    """Give a fresh organization Close's sample lead statuses and a "Sales" pipeline."""
    for label in DEFAULT_LEAD_STATUSES:
        add_lead_status(state, label)
    add_pipeline(state, "Sales", DEFAULT_PIPELINE)


def user_name(state: CloseState, user_id: str | None) -> str | None:
    """Return a user's full name, or None for no/unknown user."""
    user = state.users.get(user_id or "")
    return f"{user['first_name']} {user['last_name']}".strip() if user else None


def render_user(state: CloseState, user_id: str) -> Json:
    """Return a user as ``GET /user/{id}/`` shows it."""
    user = fetch(state.users, user_id, "User")
    public = {k: v for k, v in user.items() if k != "email_account_id"}
    return public | {"organizations": [state.organization_id]}


def render_pipeline(state: CloseState, pipeline: Json) -> Json:
    """Return a pipeline with its statuses nested, as ``/pipeline/`` and ``/me/`` show it."""
    body = {k: v for k, v in pipeline.items() if k != "status_ids"}
    statuses = [state.opportunity_statuses[s] for s in pipeline["status_ids"]]
    return body | {"statuses": [{k: s[k] for k in ("id", "label", "type")} for s in statuses]}


def render_membership(state: CloseState, user_id: str) -> Json:
    """Return a membership with the ``user_*`` fields the organization endpoint adds."""
    user = state.users[user_id]
    member = dict(state.memberships[user_id])
    member |= {"role": member["role_id"], "user_email": user["email"]}
    member |= {"user_first_name": user["first_name"], "user_last_name": user["last_name"]}
    return member | {"user_full_name": user_name(state, user_id)}


def render_organization(state: CloseState, org_id: str | None = None) -> Json:
    """Return the organization as ``GET /organization/{id}/`` shows it."""
    if org_id is not None and org_id != state.organization_id:
        raise not_found("Organization")
    body = dict(state.organization)
    body["lead_statuses"] = [dict(s) for s in state.lead_statuses.values()]
    body["opportunity_statuses"] = [dict(s) for s in state.opportunity_statuses.values()]
    body["pipelines"] = [render_pipeline(state, p) for p in state.pipelines.values()]
    body["memberships"] = [render_membership(state, uid) for uid in state.memberships]
    return body | {"inactive_memberships": []}


def email_account(state: CloseState, user_id: str) -> Json:
    """Return a user's connected Google account with its sending identity."""
    user = state.users[user_id]
    identity = {"email": user["email"], "name": user_name(state, user_id)}
    return {
        "_type": "google",
        "id": user["email_account_id"],
        "email": user["email"],
        "identities": [identity],
        "default_identity": identity,
        "organization_id": state.organization_id,
        "user_id": user_id,
        "send_status": "ok",
        "receive_status": "ok",
        "synced_calendars": [user["email"]],
    }


def render_me(state: CloseState, user_id: str) -> Json:
    """Return ``GET /me/``: the user plus organizations, memberships and email accounts."""
    org = render_organization(state)
    summary_keys = ("id", "name", "created_by", "updated_by", "date_created", "date_updated")
    summary = {k: org[k] for k in summary_keys}
    summary |= {
        "lead_statuses": [{"id": s["id"], "label": s["label"]} for s in org["lead_statuses"]]
    }
    summary["pipelines"] = org["pipelines"]
    me = render_user(state, user_id)
    me["organizations"] = [summary]
    me["memberships"] = [dict(state.memberships[user_id])]
    me["email_accounts"] = [email_account(state, user_id)]
    return me | {"phone_numbers": []}

"""Opportunities: values in cents, pipeline statuses, ``date_won`` and status-change history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.activities import log_activity
from sandbox.close.clock import is_date, today
from sandbox.close.comments import comment_summary
from sandbox.close.contacts import contact_display_name, lead_display_name
from sandbox.close.customfields import apply_custom, custom_keys
from sandbox.close.errors import validation_error
from sandbox.close.formatting import PERIODS, annualized, expected, format_money, text_to_html
from sandbox.close.listing import Args, date_filter, getter, match_filter, order, page
from sandbox.close.org import user_name
from sandbox.close.records import new_record, stamp_names, touch
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]


def _status_id(state: CloseState, payload: Json, errors: dict[str, str]) -> str | None:
    if payload.get("status_id"):
        if payload["status_id"] not in state.opportunity_statuses:
            errors["status_id"] = "Not a valid choice."
        return str(payload["status_id"])
    if payload.get("status"):
        wanted = str(payload["status"]).casefold()
        found = [s for s in state.opportunity_statuses.values() if s["label"].casefold() == wanted]
        if not found:
            errors["status"] = f'Not a valid choice: "{payload["status"]}".'
        return found[0]["id"] if found else None
    return None


def _numbers(payload: Json, opp: Json, errors: dict[str, str]) -> None:
    if "value" in payload:
        value = payload["value"]
        if isinstance(value, bool) or not isinstance(value, int | float | None):
            errors["value"] = "Enter a whole number (the value is in cents)."
        else:
            opp["value"] = round(value) if value is not None else None
    if "confidence" in payload:
        confidence = payload["confidence"]
        if isinstance(confidence, bool) or not isinstance(confidence, int):
            errors["confidence"] = "Enter a whole number between 0 and 100."
        elif not 0 <= confidence <= 100:
            errors["confidence"] = "Ensure this value is between 0 and 100."
        else:
            opp["confidence"] = confidence
    if "value_period" in payload and payload["value_period"] not in PERIODS:
        errors["value_period"] = "Not a valid choice."
    elif "value_period" in payload:
        opp["value_period"] = payload["value_period"]


def _apply(state: CloseState, opp: Json, payload: Json, tz: float) -> dict[str, str]:
    errors: dict[str, str] = {}
    status_id = _status_id(state, payload, errors)
    _numbers(payload, opp, errors)
    for key in ("note", "value_currency"):
        if key in payload:
            opp[key] = str(payload[key] or "")
    if "contact_id" in payload:
        contact = state.contacts.get(str(payload["contact_id"]))
        if payload["contact_id"] and (contact is None or contact["lead_id"] != opp["lead_id"]):
            errors["contact"] = "Object does not exist."
        opp["contact_id"] = payload["contact_id"] or None
    if payload.get("user_id"):
        if payload["user_id"] not in state.users:
            errors["user"] = "Object does not exist."
        opp["user_id"] = payload["user_id"]
    apply_custom(state, "opportunity", opp, payload, errors)
    if status_id and not errors:
        _set_status(state, opp, status_id, tz)
    return errors


def _set_status(state: CloseState, opp: Json, status_id: str, tz: float) -> None:
    kind = state.opportunity_statuses[status_id]["type"]
    opp["status_id"] = status_id
    # Moving to won fills date_won (in the caller's timezone); moving back does not clear it.
    if kind == "won" and not opp.get("date_won"):
        opp["date_won"] = today(tz).isoformat()
    if kind == "lost" and not opp.get("date_lost"):
        opp["date_lost"] = today(tz).isoformat()


def create_opportunity(
    state: CloseState, user_id: str, payload: Json, tz: float = 0.0, at: datetime | None = None
) -> Json:
    """Handle ``POST /opportunity/``; return the stored record."""
    lead_id = payload.get("lead_id")
    if not lead_id or lead_id not in state.leads:
        message = "This field is required." if not lead_id else "Object does not exist."
        raise validation_error({"lead": message})
    opp = new_record(state, "oppo", user_id, at)
    opp |= {"lead_id": lead_id, "contact_id": None, "user_id": user_id, "value": 0, "note": ""}
    opp |= {"value_currency": state.organization["currency"], "value_period": "one_time"}
    opp |= {"confidence": 0, "date_won": None, "date_lost": None, "custom": {}}
    first_pipeline = next(iter(state.pipelines.values()))
    opp["status_id"] = first_pipeline["status_ids"][0]
    errors = _apply(state, opp, payload, tz)
    if errors:
        raise validation_error(errors)
    if payload.get("date_won"):
        opp["date_won"] = payload["date_won"]
    state.opportunities[opp["id"]] = opp
    state.lead_children(str(lead_id)).opportunities.append(opp["id"])
    return opp


def update_opportunity(
    state: CloseState, user_id: str, opp_id: str, payload: Json, tz: float = 0.0
) -> Json:
    """Handle ``PUT /opportunity/{id}/``: a partial update; logs status changes."""
    opp = fetch(state.opportunities, opp_id, "Opportunity")
    draft = {**opp, "custom": dict(opp["custom"])}
    errors = _apply(state, draft, payload, tz)
    if "date_won" in payload:  # the close date: expected while open, actual once won or lost
        value = payload["date_won"]
        if value is None or is_date(value):
            draft["date_won"] = value
        else:
            errors["date_won"] = "Enter a valid date."
    if errors:
        raise validation_error(errors)
    old = opp["status_id"]
    opp.update(draft)
    touch(opp, user_id)
    if opp["status_id"] != old:
        log_status_change(state, user_id, opp, old)
    return render_opportunity(state, opp)


def log_status_change(
    state: CloseState, user_id: str, opp: Json, old_status_id: str, at: datetime | None = None
) -> Json:
    """Record an ``OpportunityStatusChange`` activity, as Close does on every status move."""
    fields: Json = {"opportunity_id": opp["id"]}
    for side, status_id in (("old", old_status_id), ("new", opp["status_id"])):
        status = state.opportunity_statuses[status_id]
        pipeline = state.pipelines[status["pipeline_id"]]
        fields |= {f"{side}_status_id": status_id, f"{side}_status_label": status["label"]}
        fields |= {f"{side}_status_type": status["type"], f"{side}_pipeline_id": pipeline["id"]}
        fields[f"{side}_pipeline_name"] = pipeline["name"]
    fields |= {
        "opportunity_value": opp["value"],
        "opportunity_value_currency": opp["value_currency"],
    }
    fields |= {"opportunity_value_period": opp["value_period"]}
    fields |= {"opportunity_confidence": opp["confidence"], "opportunity_date_won": opp["date_won"]}
    return log_activity(state, "OpportunityStatusChange", opp["lead_id"], user_id, fields, at=at)


def delete_opportunity(state: CloseState, opp_id: str) -> Json:
    """Handle ``DELETE /opportunity/{id}/``."""
    opp = fetch(state.opportunities, opp_id, "Opportunity")
    del state.opportunities[opp_id]
    siblings = state.lead_children(opp["lead_id"]).opportunities
    if opp_id in siblings:
        siblings.remove(opp_id)
    return {}


def render_opportunity(state: CloseState, opp: Json) -> Json:
    """Return an opportunity with the fields Close derives from its status, lead and value."""
    status = state.opportunity_statuses[opp["status_id"]]
    pipeline = state.pipelines[status["pipeline_id"]]
    value, period, confidence = opp["value"] or 0, opp["value_period"], opp["confidence"]
    contact = state.contacts.get(opp["contact_id"] or "")
    body = {k: v for k, v in opp.items() if k != "custom"}
    body["lead_name"] = lead_display_name(state, state.leads[opp["lead_id"]])
    body["contact_name"] = contact_display_name(contact) if contact else None
    body["user_name"] = user_name(state, opp["user_id"])
    body |= {"status_label": status["label"], "status_type": status["type"]}
    body |= {"status_display_name": status["label"], "pipeline_id": pipeline["id"]}
    body |= {"pipeline_name": pipeline["name"], "note_html": text_to_html(opp["note"])}
    body["value_formatted"] = format_money(value, opp["value_currency"], period)
    body["expected_value"] = expected(value, confidence)
    # Pipeline guidance is Close's own judgement: set by the demo data, never by a PUT.
    body["is_stalled"] = bool(opp.get("is_stalled"))
    body |= {key: opp.get(key) for key in ("stall_status", "suggested_action")}
    body["comment_summary"] = comment_summary(state, opp["id"])
    body["annualized_value"] = annualized(value, period)
    body["annualized_expected_value"] = expected(annualized(value, period), confidence)
    body |= {"attachments": [], "integration_links": []}
    return body | stamp_names(state, opp) | custom_keys(opp)


ORDERABLE = (
    *("date_won", "date_updated", "date_created", "confidence", "user_name", "value"),
    *("annualized_value", "annualized_expected_value"),
)


def _rendered_getter(rendered: dict[str, Json], name: str) -> Callable[[Json], Any]:
    return lambda opp: rendered[opp["id"]].get(name)


def list_opportunities(state: CloseState, args: Args) -> Json:
    """Handle ``GET /opportunity/`` with the common filters, ``_order_by`` and ``total_results``."""
    lead_id = args.get("lead_id")
    ids = state.lead_children(lead_id).opportunities if lead_id else list(state.opportunities)
    records = [state.opportunities[i] for i in ids]
    statuses = state.opportunity_statuses
    records = match_filter(records, args, "status_id", lambda o: o["status_id"])
    records = match_filter(records, args, "status_type", lambda o: statuses[o["status_id"]]["type"])
    records = match_filter(records, args, "user_id", lambda o: o["user_id"])
    for name in ("date_won", "date_created", "date_updated"):
        records = date_filter(records, args, name, getter(name))
    records.sort(key=lambda o: o["date_created"], reverse=True)
    rendered = {o["id"]: render_opportunity(state, o) for o in records}
    keys = {name: _rendered_getter(rendered, name) for name in ORDERABLE}
    order(records, args.get("_order_by"), keys)
    return page(records, args, lambda o: rendered[o["id"]], total=True)

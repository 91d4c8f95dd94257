"""Activities: storage, rendering, the ``/activity/`` timeline and per-type get/delete."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.clock import parse_when
from sandbox.close.errors import bad_request, not_found, validation_error
from sandbox.close.listing import Args, date_filter, getter, match_filter, order, page
from sandbox.close.org import user_name
from sandbox.close.records import new_record, stamp_names

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

# URL kind (``/activity/{kind}/``) -> the ``_type`` Close reports for it.
KINDS = {
    "note": "Note",
    "email": "Email",
    "call": "Call",
    "meeting": "Meeting",
    "sms": "SMS",
    "status_change/lead": "LeadStatusChange",
    "status_change/opportunity": "OpportunityStatusChange",
    "task_completed": "TaskCompleted",
    "created": "Created",
}
TYPES = set(KINDS.values())
# Close only accepts these filters when listing the activities of one lead (``lead_id``).
_SINGLE_LEAD_FILTERS = ("contact_id", "user_id", "_type")


def log_activity(
    state: CloseState,
    activity_type: str,
    lead_id: str,
    user_id: str,
    fields: Json,
    *,
    at: datetime | None = None,
) -> Json:
    """Store an activity of any type on a lead; return the stored record."""
    record = new_record(state, "acti", user_id, at)
    record |= {"_type": activity_type, "lead_id": lead_id, "contact_id": None, "user_id": user_id}
    record["activity_at"] = record["date_created"]
    record |= fields
    state.activities[record["id"]] = record
    state.lead_children(lead_id).activities.append(record["id"])
    return record


def render_activity(state: CloseState, record: Json) -> Json:
    """Return an activity as the API shows it."""
    body = dict(record)
    body["user_name"] = user_name(state, record.get("user_id"))
    body["users"] = [record["user_id"]] if record.get("user_id") else []
    return body | stamp_names(state, record)


def _when(record: Json) -> str:
    return str(record.get("activity_at") or record["date_created"])


def _check_single_lead(args: Args) -> None:
    if args.get("lead_id"):
        return
    for name in _SINGLE_LEAD_FILTERS:
        if args.get(name) or args.get(f"{name}__in"):
            raise bad_request(f"{name} can only be used when listing activities of one lead_id.")


def _check_types(args: Args) -> None:
    raw = ",".join(str(args.get(k) or "") for k in ("_type", "_type__in"))
    unknown = {t.strip() for t in raw.split(",") if t.strip()} - TYPES
    if unknown:
        raise bad_request(f"Unknown activity type: {', '.join(sorted(unknown))}.")


def list_activities(state: CloseState, args: Args, activity_type: str | None = None) -> Json:
    """Handle ``GET /activity/`` (and ``/activity/{kind}/``): newest first."""
    _check_single_lead(args)
    _check_types(args)
    lead_id = args.get("lead_id")
    if lead_id:
        ids = state.lead_children(lead_id).activities
        records = [state.activities[i] for i in ids if i in state.activities]
    else:
        records = list(state.activities.values())
    if activity_type:
        records = [r for r in records if r["_type"] == activity_type]
    for name in ("contact_id", "user_id", "_type"):
        records = match_filter(records, args, name, getter(name))
    records = date_filter(records, args, "date_created", lambda r: r["date_created"])
    records = date_filter(records, args, "activity_at", _when)
    records.sort(key=lambda r: (_when(r), r["date_created"]), reverse=True)
    order_arg = args.get("_order_by")
    if order_arg and order_arg.lstrip("-") == "activity_at" and not lead_id:
        raise bad_request("Sorting by activity_at is only possible when filtering by lead_id.")
    keys = {"date_created": lambda r: r["date_created"], "activity_at": _when}
    order(records, order_arg, keys)
    return page(records, args, lambda r: render_activity(state, r))


def get_activity(state: CloseState, kind: str, activity_id: str) -> Json:
    """Return the stored activity of a URL kind, or 404."""
    record = state.activities.get(activity_id)
    if record is None or record["_type"] != KINDS[kind]:
        raise not_found("Activity")
    return record


def delete_activity(state: CloseState, kind: str, activity_id: str) -> Json:
    """Handle ``DELETE /activity/{kind}/{id}/``."""
    record = get_activity(state, kind, activity_id)
    remove_activity(state, record)
    return {}


def remove_activity(state: CloseState, record: Json) -> None:
    """Drop an activity from storage and from its lead's timeline."""
    state.activities.pop(record["id"], None)
    timeline = state.lead_children(record["lead_id"]).activities
    if record["id"] in timeline:
        timeline.remove(record["id"])


def resolve_target(state: CloseState, payload: Json) -> tuple[str, str | None]:
    """Validate an activity's ``lead_id`` and optional ``contact_id`` (on that lead)."""
    lead_id, contact_id = payload.get("lead_id"), payload.get("contact_id")
    if not lead_id:
        raise validation_error({"lead": "This field is required."})
    if lead_id not in state.leads:
        raise validation_error({"lead": "Object does not exist."})
    if contact_id and state.contacts.get(contact_id, {}).get("lead_id") != lead_id:
        raise validation_error({"contact": "Object does not exist."})
    return str(lead_id), str(contact_id) if contact_id else None


def activity_time(payload: Json) -> datetime | None:
    """Read an optional ``activity_at``/``date_created`` from a create payload (logging history)."""
    raw = payload.get("activity_at") or payload.get("date_created")
    if raw is None:
        return None
    moment = parse_when(raw)
    if moment is None:
        raise validation_error({"date_created": "Enter a valid date/time."})
    return moment


def author(state: CloseState, payload: Json, user_id: str) -> str:
    """Return the activity's user: ``user_id`` from the payload when valid, else the caller."""
    wanted = payload.get("user_id")
    if wanted and wanted not in state.users:
        raise validation_error({"user": "Object does not exist."})
    return str(wanted or user_id)

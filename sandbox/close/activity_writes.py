"""Creating and editing activities through ``POST/PUT /activity/{kind}/``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.close.activities import (
    activity_time,
    author,
    get_activity,
    log_activity,
    render_activity,
    resolve_target,
)
from sandbox.close.contacts import normalise_phone
from sandbox.close.emails import create_email, update_draft
from sandbox.close.errors import CloseApiError, validation_error
from sandbox.close.formatting import html_to_text, text_to_html
from sandbox.close.records import touch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]
Creator = Callable[["CloseState", str, Json], Json]


def _note_fields(payload: Json, prefix: str = "") -> Json:
    # "Setting one overwrites the other. If both are provided, note_html takes precedence."
    if payload.get(f"{prefix}note_html"):
        markup = str(payload[f"{prefix}note_html"])
        return {f"{prefix}note_html": markup, f"{prefix}note": html_to_text(markup)}
    text = str(payload.get(f"{prefix}note") or "")
    return {f"{prefix}note": text, f"{prefix}note_html": text_to_html(text)}


def _log(state: CloseState, user_id: str, payload: Json, kind: str, fields: Json) -> Json:
    lead_id, contact_id = resolve_target(state, payload)
    who = author(state, payload, user_id)
    fields = {"contact_id": contact_id} | fields
    return log_activity(state, kind, lead_id, who, fields, at=activity_time(payload))


def create_note(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /activity/note/``."""
    fields = _note_fields(payload) | {"title": payload.get("title"), "pinned": False}
    return _log(state, user_id, payload, "Note", fields | {"attachments": []})


def _phone_pair(payload: Json) -> Json:
    raw = payload.get("phone") or payload.get("remote_phone")
    if not raw:
        return {"phone": None, "remote_phone": None, "remote_phone_formatted": None}
    number, formatted = normalise_phone(str(raw))
    return {"phone": number, "remote_phone": number, "remote_phone_formatted": formatted}


def create_call(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /activity/call/`` (logging a call made outside Close)."""
    duration = payload.get("duration", 0)
    if isinstance(duration, bool) or not isinstance(duration, int) or duration < 0:
        raise validation_error({"duration": "Enter a whole number of seconds."})
    direction = payload.get("direction") or "outbound"
    if direction not in ("inbound", "outbound"):
        raise validation_error({"direction": "Not a valid choice."})
    fields = {"direction": direction, "duration": duration, "source": "External"}
    fields |= {"status": payload.get("status") or "completed", "disposition": "answered"}
    fields |= {"recording_url": None, "voicemail_url": None, "local_phone": None}
    return _log(
        state, user_id, payload, "Call", fields | _phone_pair(payload) | _note_fields(payload)
    )


def create_sms(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /activity/sms/``; like email, ``outbox`` is stored but never sent."""
    status = payload.get("status")
    if status not in ("inbox", "draft", "scheduled", "outbox", "sent"):
        raise validation_error({"status": "Not a valid choice."})
    fields = {"text": str(payload.get("text") or ""), "status": status}
    fields |= {"direction": "inbound" if status == "inbox" else "outbound"}
    fields |= {"local_phone": payload.get("local_phone"), "sandbox_not_sent": status == "outbox"}
    return _log(state, user_id, payload, "SMS", fields | _phone_pair(payload))


def create_lead_status_change(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /activity/status_change/lead/``: history only, the lead keeps its status."""
    fields: Json = {}
    for side in ("old", "new"):
        status = state.lead_statuses.get(str(payload.get(f"{side}_status_id")))
        if status is None:
            raise validation_error({f"{side}_status_id": "Object does not exist."})
        fields |= {f"{side}_status_id": status["id"], f"{side}_status_label": status["label"]}
    return _log(state, user_id, payload, "LeadStatusChange", fields)


CREATORS: dict[str, Creator] = {
    "note": create_note,
    "email": create_email,
    "call": create_call,
    "sms": create_sms,
    "status_change/lead": create_lead_status_change,
}
EDITABLE = {"note": ("note", "note_html", "title", "pinned"), "call": ("note", "note_html")}


def create_activity(state: CloseState, user_id: str, kind: str, payload: Json) -> Json:
    """Create an activity of a URL kind and return it rendered."""
    return render_activity(state, CREATORS[kind](state, user_id, payload))


def update_activity(
    state: CloseState, user_id: str, kind: str, activity_id: str, payload: Json
) -> Json:
    """Handle ``PUT /activity/{kind}/{id}/`` for notes, calls and draft emails."""
    record = get_activity(state, kind, activity_id)
    if kind == "email":
        update_draft(record, payload)
    elif kind in EDITABLE:
        if "note" in payload or "note_html" in payload:
            record |= _note_fields(payload)
        record |= {k: payload[k] for k in ("title", "pinned") if k in payload and kind == "note"}
    else:
        raise CloseApiError(405, {"error": "The method is not allowed for the requested URL."})
    touch(record, user_id)
    return render_activity(state, record)

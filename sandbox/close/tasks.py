"""Lead tasks: due dates (date or date-time), completion, the inbox/future/archive views."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sandbox.close.activities import log_activity
from sandbox.close.clock import is_date, parse_when, today
from sandbox.close.contacts import contact_display_name, lead_display_name
from sandbox.close.errors import validation_error
from sandbox.close.listing import Args, bool_arg, date_filter, match_filter, order, page
from sandbox.close.org import user_name
from sandbox.close.records import new_record, stamp_names, touch
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

VIEWS = ("inbox", "future", "archive")


def due_day(task: Json, tz: float = 0.0) -> date:
    """Return the day a task is due, seen from the caller's timezone."""
    raw = str(task["date"])
    if is_date(raw):
        return date.fromisoformat(raw)
    moment = parse_when(raw)
    return (moment + timedelta(hours=tz)).date() if moment else date.max


def view_of(task: Json, tz: float = 0.0) -> str:
    """Return which task view a task is in: archive (done), inbox (due) or future."""
    if task["is_complete"]:
        return "archive"
    return "inbox" if due_day(task, tz) <= today(tz) else "future"


def _apply(state: CloseState, task: Json, payload: Json) -> dict[str, str]:
    errors: dict[str, str] = {}
    if "text" in payload:
        task["text"] = str(payload["text"] or "")
    if "date" in payload:
        if payload["date"] and parse_when(payload["date"]) is None:
            errors["date"] = "Enter a valid date or date/time."
        elif payload["date"]:
            task |= {"date": payload["date"], "is_dateless": False}
    if payload.get("assigned_to"):
        if payload["assigned_to"] not in state.users:
            errors["assigned_to"] = "Object does not exist."
        task["assigned_to"] = payload["assigned_to"]
    if "is_complete" in payload:
        if not isinstance(payload["is_complete"], bool):
            errors["is_complete"] = "Must be true or false."
        task["is_complete"] = payload["is_complete"]
    if payload.get("contact_id"):
        contact = state.contacts.get(str(payload["contact_id"]))
        if contact is None or contact["lead_id"] != task["lead_id"]:
            errors["contact"] = "Object does not exist."
        task["contact_id"] = payload["contact_id"]
    return errors


def create_task(
    state: CloseState, user_id: str, payload: Json, tz: float = 0.0, at: datetime | None = None
) -> Json:
    """Handle ``POST /task/`` (``_type: lead``); return the stored record."""
    errors: dict[str, str] = {}
    if payload.get("_type", "lead") not in ("lead",):
        errors["_type"] = "Only lead tasks can be created in the sandbox."
    lead_id = payload.get("lead_id")
    if not lead_id or lead_id not in state.leads:
        errors["lead"] = "This field is required." if not lead_id else "Object does not exist."
    if not payload.get("text"):
        errors["text"] = "This field is required."
    if errors:
        raise validation_error(errors)
    task = new_record(state, "task", user_id, at)
    task |= {"_type": "lead", "lead_id": lead_id, "assigned_to": user_id, "contact_id": None}
    # A task without a date is "dateless": Close files it under today.
    task |= {"date": today(tz).isoformat(), "is_dateless": True, "is_complete": False}
    task |= {"object_id": None, "object_type": None, "text": ""}
    errors = _apply(state, task, payload)
    if errors:
        raise validation_error(errors)
    state.tasks[task["id"]] = task
    state.lead_children(str(lead_id)).tasks.append(task["id"])
    return task


def update_task(state: CloseState, user_id: str, task_id: str, payload: Json) -> Json:
    """Handle ``PUT /task/{id}/``; completing a task logs a ``TaskCompleted`` activity."""
    task = fetch(state.tasks, task_id, "Task")
    draft = dict(task)
    errors = _apply(state, draft, payload)
    if errors:
        raise validation_error(errors)
    completed = draft["is_complete"] and not task["is_complete"]
    task.update(draft)
    touch(task, user_id)
    if completed:
        fields = {"task_id": task_id, "task_text": task["text"]}
        fields |= {"task_assigned_to": task["assigned_to"]}
        fields["task_assigned_to_name"] = user_name(state, task["assigned_to"])
        log_activity(state, "TaskCompleted", task["lead_id"], user_id, fields)
    return render_task(state, task)


def delete_task(state: CloseState, task_id: str) -> Json:
    """Handle ``DELETE /task/{id}/``."""
    task = fetch(state.tasks, task_id, "Task")
    del state.tasks[task_id]
    siblings = state.lead_children(task["lead_id"]).tasks
    if task_id in siblings:
        siblings.remove(task_id)
    return {}


def render_task(state: CloseState, task: Json, tz: float = 0.0) -> Json:
    """Return a task with its names and current view."""
    contact = state.contacts.get(task["contact_id"] or "")
    body = dict(task)
    body["lead_name"] = lead_display_name(state, state.leads[task["lead_id"]])
    body["assigned_to_name"] = user_name(state, task["assigned_to"])
    body["contact_name"] = contact_display_name(contact) if contact else None
    body |= {"due_date": None if task["is_dateless"] else task["date"], "view": view_of(task, tz)}
    return body | stamp_names(state, task)


def list_tasks(state: CloseState, args: Args, tz: float = 0.0) -> Json:
    """Handle ``GET /task/`` with lead, assignee, completion, view and date filters."""
    lead_id = args.get("lead_id")
    ids = state.lead_children(lead_id).tasks if lead_id else list(state.tasks)
    records = [state.tasks[i] for i in ids]
    records = match_filter(records, args, "assigned_to", lambda t: t["assigned_to"])
    records = match_filter(records, args, "_type", lambda t: t["_type"])
    complete = bool_arg(args, "is_complete")
    if complete is not None:
        records = [t for t in records if t["is_complete"] == complete]
    view = args.get("view")
    if view and view not in VIEWS:
        raise validation_error({"view": "Not a valid choice."})
    if view:
        records = [t for t in records if view_of(t, tz) == view]
    records = date_filter(records, args, "date", lambda t: t["date"])
    records = date_filter(records, args, "date_created", lambda t: t["date_created"])
    records.sort(key=lambda t: (due_day(t, tz), t["date_created"]))
    order(
        records,
        args.get("_order_by"),
        {"date": due_day, "date_created": lambda t: t["date_created"]},
    )
    return page(records, args, lambda t: render_task(state, t, tz))

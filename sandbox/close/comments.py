"""Comments on leads, opportunities and activities, in threads Close keeps by itself.

Shapes from Close's comments API (developer.close.com/api/resources/comments and the
OpenAPI examples mirrored in api-evangelist/close): a comment is ``comm_…`` in a thread
``comthr_…``, one thread per commented object, made on its first comment. Its ``body`` is
rich text that begins and ends with ``<body></body>``. Listing takes exactly one of
``object_id`` or ``thread_id``; a removed comment keeps its place without its body until
every comment of its thread is removed. Opportunities show ``comment_summary``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.clock import iso, now_iso
from sandbox.close.errors import CloseApiError, bad_request, validation_error
from sandbox.close.formatting import html_to_text
from sandbox.close.state import fetch
from sandbox.close.web import Ctx

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]
CREATE_KEYS = {"object_id", "body"}
PREFIXES = ("lead_", "oppo_", "acti_")


def _lead_of(state: CloseState, object_id: str) -> str | None:
    """Return the lead a commentable object belongs to, or None if there is no such object."""
    if object_id in state.leads:
        return object_id
    for records in (state.opportunities, state.activities):
        if object_id in records:
            return str(records[object_id]["lead_id"])
    return None


def _body(payload: Json, errors: dict[str, str]) -> str:
    body = payload.get("body")
    if body is None or body == "":
        errors["body"] = "This field is required."
        return ""
    if not isinstance(body, str):
        errors["body"] = "Not a valid string."
        return ""
    markup = body.strip()
    if not (markup.startswith("<body>") and markup.endswith("</body>")):
        errors["body"] = "Rich text must begin and end with <body></body> tags."
    elif not html_to_text(markup).strip():
        errors["body"] = "This field is required."
    return markup


def create_comment(
    state: CloseState, user_id: str, payload: Json, at: datetime | None = None
) -> Json:
    """Handle ``POST /comment/``: add to the object's thread, starting it if need be."""
    unknown = sorted(set(payload) - CREATE_KEYS)
    errors = {key: "Unknown field." for key in unknown}
    body = _body(payload, errors)
    object_id = payload.get("object_id")
    lead_id = None
    if not object_id:
        errors["object_id"] = "This field is required."
    else:
        lead_id = _lead_of(state, str(object_id))
        if lead_id is None:
            errors["object_id"] = "Object does not exist."
    if errors:
        raise validation_error(errors)
    thread = thread_of(state, str(object_id)) or state.new_id("comthr")
    stamp = iso(at) if at else now_iso()
    comment: Json = {
        "id": state.new_id("comm"),
        "organization_id": state.organization_id,
        "object_id": object_id,
        "lead_id": lead_id,
        "thread_id": thread,
        "body": body,
        "mentions": [],
        "created_by": user_id,
        "updated_by": user_id,
        "created_at": stamp,
        "updated_at": stamp,
        "removed_at": None,
        "removed_by": None,
    }
    state.comments[str(comment["id"])] = comment
    return render_comment(comment)


def render_comment(comment: Json) -> Json:
    """Return a comment as Close shows it (the object it is on is known by its thread)."""
    return {k: v for k, v in comment.items() if k != "object_id"}


def thread_of(state: CloseState, object_id: str) -> str | None:
    """Return the id of an object's comment thread, if it has one."""
    return next(
        (c["thread_id"] for c in state.comments.values() if c["object_id"] == object_id), None
    )


def list_comments(state: CloseState, args: Any) -> Json:
    """Handle ``GET /comment/?object_id=…|thread_id=…``, oldest first as a thread reads."""
    object_id, thread_id = args.get("object_id"), args.get("thread_id")
    if bool(object_id) == bool(thread_id):
        raise bad_request("Exactly one of object_id or thread_id must be provided.")
    found = [
        c
        for c in state.comments.values()
        if (c["object_id"] == object_id if object_id else c["thread_id"] == thread_id)
    ]
    found.sort(key=lambda c: c["created_at"])
    return {"has_more": False, "data": [render_comment(c) for c in found]}


def get_comment(state: CloseState, comment_id: str) -> Json:
    """Handle ``GET /comment/{id}/``."""
    return render_comment(fetch(state.comments, comment_id, "Comment"))


def update_comment(state: CloseState, user_id: str, comment_id: str, payload: Json) -> Json:
    """Handle ``PUT /comment/{id}/``: a user edits the body of their own comment only."""
    comment = fetch(state.comments, comment_id, "Comment")
    if comment["created_by"] != user_id:
        raise CloseApiError(403, {"error": "You can only edit your own comments."})
    errors: dict[str, str] = {}
    body = _body(payload, errors)
    if errors:
        raise validation_error(errors)
    comment |= {"body": body, "updated_by": user_id, "updated_at": now_iso()}
    return render_comment(comment)


def remove_comment(state: CloseState, user_id: str, comment_id: str) -> Json:
    """Handle ``DELETE /comment/{id}/``: the body goes; the thread goes with its last comment."""
    comment = fetch(state.comments, comment_id, "Comment")
    comment |= {"body": "", "removed_at": now_iso(), "removed_by": user_id}
    thread = [c for c in state.comments.values() if c["thread_id"] == comment["thread_id"]]
    if all(c["removed_at"] for c in thread):
        for gone in thread:
            del state.comments[gone["id"]]
    return {}


def comment_summary(state: CloseState, object_id: str) -> Json | None:
    """Return an object's ``comment_summary``: its thread and how many comments it holds."""
    live = [
        c for c in state.comments.values() if c["object_id"] == object_id and not c["removed_at"]
    ]
    if not live:
        return None
    return {"comment_count": len(live), "thread_id": live[0]["thread_id"]}


def _list(c: Ctx) -> Json:
    return list_comments(c.state, c.args)


def _create(c: Ctx) -> Json:
    return create_comment(c.state, c.user_id, c.body)


def _get(c: Ctx, obj_id: str) -> Json:
    return get_comment(c.state, obj_id)


def _update(c: Ctx, obj_id: str) -> Json:
    return update_comment(c.state, c.user_id, obj_id, c.body)


def _remove(c: Ctx, obj_id: str) -> Json:
    return remove_comment(c.state, c.user_id, obj_id)


ROUTES: list[tuple[str, str, Callable[..., Json]]] = [
    ("GET", "/comment/", _list),
    ("POST", "/comment/", _create),
    ("GET", "/comment/<obj_id>/", _get),
    ("PUT", "/comment/<obj_id>/", _update),
    ("DELETE", "/comment/<obj_id>/", _remove),
]

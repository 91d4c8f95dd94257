"""Comments on a lead or an opportunity: the list, newest first, and adding one.

Close's comments API (developer.close.com/api/resources/comments): `GET /comment/?object_id=`
lists an object's comments, `POST /comment/ {object_id, body}` adds one to the object's
thread, which Close makes on the first comment. A comment's `body` is rich text, a subset
of XHTML that must begin and end with `<body></body>` (developer.close.com/api/overview/
rich-text), so what the user typed is sent as escaped paragraphs and shown back as text.
Opportunities carry a `comment_summary {comment_count, thread_id}`; leads do not (Close's
OpenAPI Lead schema), so a lead's comments are counted only when listed.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from addon.close import CloseClient
from addon.close.models import Comment

MAX_COMMENT = 10_000  # characters typed; a comment is a remark, not a document
_TAG = re.compile(r"<[^>]+>")
_LINE_END = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


def list_comments(client: CloseClient, object_id: str) -> tuple[Comment, ...]:
    """Return the comments on a lead or an opportunity, newest first."""
    page = client.get("comment/", params={"object_id": object_id})
    found = [Comment.model_validate(item) for item in page.get("data") or []]
    found = [c for c in found if c.removed_at is None]
    # Close's order is not documented: newest first, whatever it sends.
    found.sort(key=lambda c: c.created_at.timestamp() if c.created_at else 0, reverse=True)
    return tuple(found)


def add_comment(client: CloseClient, object_id: str, text: str) -> Comment:
    """Add a comment, as typed, to a lead or an opportunity; return it as Close stored it."""
    body = {"object_id": object_id, "body": rich_text(text)}
    return Comment.model_validate(client.post("comment/", json=body))


def find_added(
    client: CloseClient, object_id: str, text: str, user_id: str | None, since: dt.datetime
) -> Comment | None:
    """Return a comment with this text by this user made since `since`, if Close has one.

    It tells whether an attempt that got no answer did add the comment after all.
    """
    wanted = plain_text(rich_text(text))
    for comment in list_comments(client, object_id):
        recent = comment.created_at is not None and comment.created_at >= since
        mine = user_id is None or comment.created_by == user_id
        if recent and mine and plain_text(comment.body) == wanted:
            return comment
    return None


def rich_text(text: str) -> str:
    """Return plain text as Close rich text: each line an escaped paragraph."""
    lines = [f"<p>{html.escape(line.strip(), quote=False)}</p>" for line in text.splitlines()]
    return f"<body>{''.join(line for line in lines if line != '<p></p>')}</body>"


def plain_text(body: str) -> str:
    """Return a comment's rich text as plain lines, mentions and styling left as their words."""
    text = _TAG.sub("", _LINE_END.sub("\n", body))
    lines = (line.strip() for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)

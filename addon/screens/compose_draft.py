"""Putting text into the draft the compose window is open on: a template, a drafted reply."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from addon.registry import Context
from addon.ui.responses import Intent, update_draft

# One compose card (one opening of the add-on in a draft): inserts from it go into one draft.
ComposeCard = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


def draft_insert(
    ctx: Context, compose_card: str | None, subject: str, body_html: str
) -> tuple[Intent, bool]:
    """Return the insert, and whether it sets the subject."""
    # Gmail tells a compose add-on the draft's recipients (with draftAccess METADATA:
    # "the audience list (To/cc list)"), never its subject nor its body, and has no way to
    # set a subject only if empty. So a subject the user typed before the first insert
    # cannot be seen; the subject is set only on a new email's first insert from this
    # card (the toast says so), never on a reply (it keeps its "Re:"), and never on a
    # later insert, which starts on a new line instead of running on. Whether Gmail's
    # compose event names the thread of a reply is not documented (google-addon-http.md
    # §1.6 e): any thread or message id in it counts as a reply. Reopening the add-on in
    # the same draft makes a new card, whose first insert sets the subject again.
    first = compose_card is None or ctx.services.caches.first_insert(
        f"{ctx.user.sub}:{compose_card}"
    )
    gmail = ctx.event.gmail
    replying = bool(gmail and (gmail.thread_id or gmail.message_id))
    if first:
        subject = "" if replying else subject
        return update_draft(body_html=body_html, subject=subject), bool(subject)
    # After a blank line: the text inserted before ends with a sign-off ("Best, Alex").
    return update_draft(body_html=f"<br><br>{body_html}"), False

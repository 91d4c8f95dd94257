"""The compose window's "Insert my scheduling link": the user's Close scheduling links."""

from __future__ import annotations

from html import escape
from typing import Annotated

from pydantic import StringConstraints

from addon.close import CloseError
from addon.close.scheduling import SchedulingLink, list_scheduling_links
from addon.registry import Args, Context, action, click
from addon.ui.format import shorten
from addon.ui.responses import Intent, notify, update_draft
from addon.ui.widgets import Json, button, decorated, esc, icon, section

LINKS_KEY = "scheduling_links"
MAX_LINKS = 10
LinkId = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,20}_[A-Za-z0-9]{1,80}$")]


class LinkArgs(Args):
    """A scheduling link of the user's to insert (looked up again: only Close's URL goes in)."""

    link_id: LinkId


def links_or_none(ctx: Context) -> tuple[SchedulingLink, ...]:
    """Return the user's links; none when Close refuses them."""
    # The links are an extra: a plan or role without them leaves the templates usable.
    try:
        return _links(ctx)
    except CloseError:
        return ()


def links_section(links: tuple[SchedulingLink, ...]) -> Json:
    """Return the links, each with Insert; {} when the user has none."""
    if not links:
        return {}
    lines = [
        decorated(
            esc(link.label),
            # The address without its scheme: the part a salesperson recognises.
            bottom=esc(shorten(link.url.split("://", 1)[-1], 60)),
            top="Shared" if link.shared else None,
            start_icon=icon("MULTIPLE_PEOPLE" if link.shared else "CLOCK"),
            button=button("Insert", click(insert_scheduling_link, LinkArgs(link_id=link.id))),
        )
        for link in links[:MAX_LINKS]
    ]
    return section(*lines, title="Insert my scheduling link")


@action
def insert_scheduling_link(ctx: Context, args: LinkArgs) -> Intent:
    """Put one of the user's scheduling links into the draft, on a line of its own."""
    link = next((k for k in _links(ctx) if k.id == args.link_id), None)
    if link is None:
        return notify("This scheduling link is no longer in Close. Refresh to see yours.")
    anchor = f'<a href="{escape(link.url)}">{escape(link.label)}</a>'
    return update_draft(body_html=f"<br>{anchor}").with_notification(f"Inserted “{link.label}”")


def _links(ctx: Context) -> tuple[SchedulingLink, ...]:
    return ctx.services.caches.scheduling_links.get_or_load(
        ctx.user.sub, LINKS_KEY, lambda: list_scheduling_links(ctx.close)
    )

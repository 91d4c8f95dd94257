"""Scheduling links: each user's own (`/scheduling_link/`) and the team's shared ones.

Shapes from developer.close.com/api/resources/scheduling-links (a user link: id `schlnk_…`,
name, url, description, source MANUAL|THIRD_PARTY|CALENDLY, duration_in_minutes, type
"USER", user_id). A shared link (`/shared_scheduling_link/`) is the team's, visible to
every member; each user maps it to a URL of their own, and the listing shows the caller's
mapping as `url` (null when they have none) — that response field is our assumption, Close
documents no body for it. The shared id prefix is ours too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.close.errors import not_found
from sandbox.close.listing import Args, page
from sandbox.close.records import new_record

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]
SOURCES = ("MANUAL", "THIRD_PARTY", "CALENDLY")


def add_user_link(
    state: CloseState,
    user_id: str,
    name: str,
    url: str,
    *,
    description: str = "",
    duration_in_minutes: int | None = None,
    source: str = "MANUAL",
) -> Json:
    """Store one of a user's own scheduling links."""
    link = new_record(state, "schlnk", user_id)
    link |= {"name": name, "url": url, "description": description, "source": source}
    link |= {"duration_in_minutes": duration_in_minutes, "type": "USER", "user_id": user_id}
    link |= {"source_id": None, "source_type": None, "template_tag": None}
    link |= {"oauth_client_id": None}
    state.scheduling_links[link["id"]] = link
    return link


def add_shared_link(
    state: CloseState, user_id: str, name: str, *, description: str = "", tag: str = ""
) -> Json:
    """Store a shared link (made by `user_id`, an admin), mapped for no one yet."""
    link = new_record(state, "shsclnk", user_id)
    link |= {"name": name, "description": description, "type": "SHARED"}
    link |= {"template_tag": tag or None, "mappings": {}}
    state.scheduling_links[link["id"]] = link
    return link


def map_shared_link(state: CloseState, shared_id: str, user_id: str, url: str) -> None:
    """Map a shared link to a URL for one user (as `/shared_scheduling_link_association/`)."""
    state.scheduling_links[shared_id]["mappings"][user_id] = url


def list_user_links(state: CloseState, user_id: str, args: Args) -> Json:
    """Handle ``GET /scheduling_link/``: the caller's own links only."""
    mine = [
        link
        for link in state.scheduling_links.values()
        if link["type"] == "USER" and link["user_id"] == user_id
    ]
    return page(mine, args, dict)


def get_user_link(state: CloseState, user_id: str, link_id: str) -> Json:
    """Handle ``GET /scheduling_link/{id}/``; another user's link is not found."""
    link = state.scheduling_links.get(link_id)
    if link is None or link["type"] != "USER" or link["user_id"] != user_id:
        raise not_found("SchedulingLink")
    return dict(link)


def list_shared_links(state: CloseState, user_id: str, args: Args) -> Json:
    """Handle ``GET /shared_scheduling_link/``: every shared link, with the caller's URL."""
    shared = [link for link in state.scheduling_links.values() if link["type"] == "SHARED"]
    return page(shared, args, lambda link: _shared_for(link, user_id))


def _shared_for(link: Json, user_id: str) -> Json:
    shown = {k: v for k, v in link.items() if k != "mappings"}
    return shown | {"url": link["mappings"].get(user_id)}

"""The user's Close scheduling links: their own, and the team's shared ones mapped for them.

Close keeps two kinds (developer.close.com/api/resources/scheduling-links; see
../shared/reference/updates-2026.md): a user's own links, `GET /scheduling_link/`
({id `schlnk_…`, name, url, description, source, duration_in_minutes, type "USER"}), and
shared links, a separate resource, `GET /shared_scheduling_link/`, that each user maps to
one of their links or to a URL (`/shared_scheduling_link_association/`). That a listed
shared link carries the `url` mapped for the user asking is unconfirmed (Close documents no
response body for the list); one without a `url` cannot be inserted, so it is left out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from addon.close import CloseClient

MAX_LINKS = 50


class SchedulingLink(BaseModel):
    """A link a prospect books a meeting with, as the user would insert it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    name: str = ""
    url: str = ""
    shared: bool = False

    @property
    def label(self) -> str:
        return self.name.strip() or self.url


def list_scheduling_links(client: CloseClient) -> tuple[SchedulingLink, ...]:
    """Return the user's own links, then the shared ones mapped for them; web links only."""
    own = client.get("scheduling_link/", params={"_limit": MAX_LINKS})
    shared = client.get("shared_scheduling_link/", params={"_limit": MAX_LINKS})
    links = [
        *(_link(item, shared=False) for item in own.get("data") or []),
        *(_link(item, shared=True) for item in shared.get("data") or []),
    ]
    return tuple(link for link in links if link is not None)


def _link(item: object, *, shared: bool) -> SchedulingLink | None:
    if not isinstance(item, dict) or not item.get("id"):
        return None
    link = SchedulingLink.model_validate({**item, "url": item.get("url") or "", "shared": shared})
    # Only a web address goes into an email as a link: never `javascript:` or the like.
    parts = urlsplit(link.url)
    return link if parts.scheme in ("http", "https") and parts.netloc else None

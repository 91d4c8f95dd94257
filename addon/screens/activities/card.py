"""Activities on the record card, and the pages of older ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from addon.close.records import ActivityPage
from addon.screens.activities.lines import activity_widget
from addon.ui.format import Formatter
from addon.ui.widgets import Json, action, button, buttons, card, header, paragraph, section

if TYPE_CHECKING:
    from addon.screens.record.card import RecordView


def activities_section(view: RecordView) -> Json:
    """Return the latest activities, with Older when there are more."""
    page = view.data.activities
    if page is None:
        return {}
    lines: list[Json | None] = [
        activity_widget(a, view.fmt, templates_url=view.templates_url) for a in page.items
    ]
    if not lines:
        lines = [paragraph("No activity yet.")]
    if page.has_more:
        params = {"lead_id": view.data.lead.id, "skip": str(page.skip + len(page.items))}
        if view.view == "contact" and view.contact:
            params["contact_id"] = view.contact.id
        lines.append(buttons(button("Older", action("activities_page", params))))
    return section(*lines, title="Latest activity", collapsible=len(lines) > 4, visible=3)


@dataclass(frozen=True)
class ActivityPageView:
    """One page of a lead's activities beyond the first."""

    lead_label: str
    lead_id: str
    contact_id: str | None
    page: ActivityPage
    fmt: Formatter
    templates_url: str


def activities_card(view: ActivityPageView) -> Json:
    """Return a card with one page of older activities and a way further back."""
    page = view.page
    lines = [activity_widget(a, view.fmt, templates_url=view.templates_url) for a in page.items]
    if not lines:
        lines = [paragraph("No older activity.")]
    more = None
    if page.has_more:
        params = {"lead_id": view.lead_id, "skip": str(page.skip + len(page.items)), "more": "1"}
        if view.contact_id:
            params["contact_id"] = view.contact_id
        more = buttons(button("Older", action("activities_page", params)))
    first, last = page.skip + 1, page.skip + len(page.items)
    return card(
        section(*lines, more, title=f"Activities {first}–{last}"),
        header=header(view.lead_label, "Activity history"),
        name="activities",
    )

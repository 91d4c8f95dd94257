"""Activities on the record card, and the pages of older ones.

The Older buttons lead to `activities_page`, whose module imports this one: it is imported
where the button is built, not when this module loads, which keeps the imports one-way.
"""

from __future__ import annotations

from dataclasses import dataclass

from addon.close.records import ActivityPage
from addon.registry import click
from addon.screens.activities.lines import activity_widget
from addon.screens.record.view import RecordView
from addon.ui.format import Formatter
from addon.ui.widgets import Json, button, buttons, card, header, paragraph, section


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
        contact = view.contact if view.view == "contact" else None
        lines.append(_older(view.data.lead.id, contact.id if contact else None, page))
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
    more = _older(view.lead_id, view.contact_id, page, replace=True) if page.has_more else None
    first, last = page.skip + 1, page.skip + len(page.items)
    return card(
        section(*lines, more, title=f"Activities {first}–{last}"),
        header=header(view.lead_label, "Activity history"),
        name="activities",
    )


def _older(
    lead_id: str, contact_id: str | None, page: ActivityPage, replace: bool = False
) -> Json | None:
    from addon.screens.activities.handlers import PageArgs, activities_page

    after = PageArgs(
        lead_id=lead_id, contact_id=contact_id, skip=page.skip + len(page.items), more=replace
    )
    return buttons(button("Older", click(activities_page, after)))

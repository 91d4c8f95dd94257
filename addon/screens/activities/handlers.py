"""Older activities of a lead (or of one contact), a page at a time."""

from __future__ import annotations

from pydantic import Field

from addon.close.records import load_activities
from addon.links import templates_url
from addon.lookup import Lookup
from addon.registry import Args, Context, action
from addon.screens.activities.card import ActivityPageView, activities_card
from addon.screens.refs import ContactId, LeadId
from addon.ui.responses import Intent, push, update


class PageArgs(Args):
    """Which activities to show: whose, and how many newer ones to skip."""

    lead_id: LeadId
    contact_id: ContactId | None = None  # one contact's activities (contact view)
    skip: int = Field(default=0, ge=0)
    more: bool = False  # pressed on a page of activities: the next page replaces it


@action
def activities_page(ctx: Context, args: PageArgs) -> Intent:
    """Show older activities, one page at a time, back to the first."""
    lookup = Lookup(ctx)
    page = load_activities(
        ctx.close,
        args.lead_id,
        contact_id=args.contact_id,
        skip=args.skip,
        limit=lookup.settings.activities_per_page,
    )
    view = ActivityPageView(
        lead_label=lookup.record(args.lead_id).lead.label,
        lead_id=args.lead_id,
        contact_id=args.contact_id,
        page=page,
        fmt=ctx.formatter,
        templates_url=templates_url(ctx.services.config),
    )
    card = activities_card(view)
    return update(card) if args.more else push(card)

"""The homepage (no email open): search Close, and my tasks due today or overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from addon.close.due_tasks import load_due_tasks
from addon.close.search import find_leads
from addon.registry import Args, Context, action, trigger
from addon.screens.home import card
from addon.ui.responses import Intent, push, update

MAX_QUERY = 200


class SearchArgs(Args):
    """A search: words to look for if none are typed, and whether it replaces results."""

    query: str = ""
    again: bool = False  # pressed on a results card: the new results replace it


@trigger
def homepage(ctx: Context) -> Intent:
    """Show search and the user's tasks due by today."""
    return push(card.home_card(_home_view(ctx)))


@action
def search(ctx: Context, args: SearchArgs) -> Intent:
    """Search leads by name, company, contact name or email address."""
    typed = ctx.event.text("query") or args.query
    query = " ".join(typed.split())[:MAX_QUERY]
    if len(query) < 2:
        return update(card.home_card(replace(_home_view(ctx), query=query)))
    found = find_leads(ctx.close, query)
    results = card.results_card(
        card.ResultsView(query=query, leads=found.leads, has_more=found.has_more)
    )
    return update(results) if args.again else push(results)


def _home_view(ctx: Context) -> card.HomeView:
    settings = ctx.require_settings()
    fmt = ctx.formatter
    tomorrow = fmt.today + dt.timedelta(days=1)
    return card.HomeView(
        user_name=settings.close_user_name or "",
        org_name=settings.close_org_name or "",
        tasks=load_due_tasks(ctx.close, settings.close_user_id or "", before=tomorrow),
        fmt=fmt,
    )

"""The homepage (no email open): search Close, and my tasks due today or overdue."""

from __future__ import annotations

import datetime as dt

from addon.close.models import Lead, Task
from addon.close.search import LEAD_FIELDS
from addon.registry import Context, action, trigger
from addon.screens.home.card import HomeView, ResultsView, home_card, results_card
from addon.ui.responses import Intent, push, update

MAX_RESULTS = 20
MAX_TASKS = 50


@trigger("homepage")
def homepage(ctx: Context) -> Intent:
    """Show search and the user's tasks due by today."""
    return push(home_card(_home_view(ctx)))


@action("search")
def search(ctx: Context) -> Intent:
    """Search leads by name, company, contact name or email address."""
    typed = ctx.event.text("query") or ctx.event.param("query")
    query = " ".join(typed.split())[:200]
    if len(query) < 2:
        view = _home_view(ctx)
        return update(home_card(HomeView(**{**view.__dict__, "query": query})))
    body = {
        "query": {
            "type": "and",
            "queries": [
                {"type": "object_type", "object_type": "lead"},
                {"type": "text", "mode": "beginning_of_words", "value": query},
            ],
        },
        "_fields": {"lead": LEAD_FIELDS},
        "sort": [
            {
                "direction": "desc",
                "field": {
                    "type": "regular_field",
                    "object_type": "lead",
                    "field_name": "date_updated",
                },
            }
        ],
        "_limit": MAX_RESULTS,
    }
    raw = ctx.close.search(body)
    leads = tuple(Lead.model_validate(item) for item in raw.get("data") or [])
    card = results_card(ResultsView(query=query, leads=leads, has_more=bool(raw.get("cursor"))))
    return update(card) if ctx.event.param("again") else push(card)


def _home_view(ctx: Context) -> HomeView:
    settings = ctx.require_settings()
    fmt = ctx.formatter
    tomorrow = fmt.today + dt.timedelta(days=1)
    raw = ctx.close.get(
        "task/",
        params={
            "assigned_to": settings.close_user_id or "",
            "is_complete": "false",
            "date__lt": tomorrow.isoformat(),
            "_order_by": "date",
            "_limit": MAX_TASKS,
        },
    )
    tasks = tuple(Task.model_validate(t) for t in raw.get("data") or [])
    due = tuple(t for t in tasks if t.date and not t.is_dateless and t.date < tomorrow)
    return HomeView(
        user_name=settings.close_user_name or "",
        org_name=settings.close_org_name or "",
        tasks=due,
        fmt=fmt,
    )

"""The user's open tasks due by a day, for the homepage."""

from __future__ import annotations

import datetime as dt

from addon.close import CloseClient
from addon.close.models import Task

MAX_DUE_TASKS = 50


def load_due_tasks(
    client: CloseClient, user_id: str, before: dt.date, limit: int = MAX_DUE_TASKS
) -> tuple[Task, ...]:
    """Return the open tasks assigned to `user_id` that are due before `before`, soonest first."""
    page = client.get(
        "task/",
        params={
            "assigned_to": user_id,
            "is_complete": "false",
            "date__lt": before.isoformat(),
            "_order_by": "date",
            "_limit": limit,
        },
    )
    tasks = (Task.model_validate(item) for item in page.get("data") or [])
    # Close's date filter lets dateless tasks through; they are due on no day.
    return tuple(t for t in tasks if t.date and not t.is_dateless and t.date < before)

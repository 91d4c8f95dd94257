"""Completing and reopening a task."""

from __future__ import annotations

from addon.close import CloseClient
from addon.close.models import Task


def set_task_done(client: CloseClient, task_id: str, done: bool) -> Task:
    """Complete (or reopen) a task; return it as Close now holds it.

    Setting the flag is idempotent: sending it again after a lost answer changes nothing.
    """
    return Task.model_validate(client.put(f"task/{task_id}/", {"is_complete": done}))

"""Completing and reopening a task in Close."""

from __future__ import annotations

import json

import responses

from addon.close import CloseClient
from addon.close.tasks import set_task_done

BASE = "https://api.close.test/api/v1/"


@responses.activate
def test_a_task_is_completed_with_only_its_flag_sent() -> None:
    held = {"id": "task_1", "text": "Chase the PO", "is_complete": True, "lead_name": "Acme"}
    responses.put(BASE + "task/task_1/", json=held)

    task = set_task_done(CloseClient("key", base_url=BASE), "task_1", True)

    assert json.loads(responses.calls[0].request.body or b"{}") == {"is_complete": True}
    assert (task.text, task.is_complete, task.lead_name) == ("Chase the PO", True, "Acme")


@responses.activate
def test_a_task_is_reopened() -> None:
    responses.put(BASE + "task/task_1/", json={"id": "task_1", "is_complete": False})

    task = set_task_done(CloseClient("key", base_url=BASE), "task_1", False)

    assert json.loads(responses.calls[0].request.body or b"{}") == {"is_complete": False}
    assert task.is_complete is False

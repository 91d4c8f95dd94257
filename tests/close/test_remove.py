"""Deleting in Close: what a lead takes with it is counted first, and only ids reach a path."""

from __future__ import annotations

import pytest
import responses
from responses import matchers

from addon.close import CloseClient, CloseNotFound
from addon.close.remove import LeadContents, delete_record, lead_contents, lead_name
from tests.close.conftest import BASE


def test_a_lead_is_counted_with_what_goes_with_it(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(
        f"{BASE}lead/lead_1/",
        match=[
            matchers.query_param_matcher(
                {"_fields": "id,display_name,name,contact_ids,opportunities,tasks"}
            )
        ],
        json={
            "id": "lead_1",
            "display_name": "Acme Inc.",
            "contact_ids": ["cont_1", "cont_2", "cont_3"],
            "opportunities": [{"id": "oppo_1"}],
            "tasks": None,
        },
    )
    assert lead_contents(client, "lead_1") == LeadContents("Acme Inc.", 3, 1, 0)


def test_a_lead_name_alone_costs_only_its_names(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(
        f"{BASE}lead/lead_1/",
        match=[matchers.query_param_matcher({"_fields": "id,display_name,name"})],
        json={"id": "lead_1", "name": "Acme"},
    )
    assert lead_name(client, "lead_1") == "Acme"


def test_delete_names_the_record_and_reports_one_already_gone(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.delete(f"{BASE}task/task_1/", json={})
    rsps.delete(f"{BASE}contact/cont_9/", status=404, json={"error": "Not found"})
    delete_record(client, "task", "task_1")
    with pytest.raises(CloseNotFound):
        delete_record(client, "contact", "cont_9")


def test_delete_refuses_anything_but_a_close_id(client: CloseClient) -> None:
    with pytest.raises(ValueError, match="not a Close record"):
        delete_record(client, "lead", "../organization")

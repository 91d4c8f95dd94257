"""Close sequences: listing, a contact's subscriptions, subscribing, pausing, the sender."""

from __future__ import annotations

import json

import pytest
import responses
from responses import matchers

from addon.close import CloseClient, CloseValidationError
from addon.close.models import Contact
from addon.close.sequences import (
    NoSender,
    Sender,
    contact_subscriptions,
    list_sequences,
    sender,
    set_status,
    subscribe,
)

from .conftest import BASE

ALEX = Sender(account_id="emailacct_1", name="Alex Rivera", email="alex@example.com")


def test_only_active_sequences_are_offered(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(
        BASE + "sequence/",
        json={
            "data": [
                {"id": "seq_1", "name": "Follow-up", "status": "active", "steps": []},
                {"id": "seq_2", "name": "Old", "status": "paused", "steps": []},
            ],
            "has_more": False,
        },
    )

    assert [(s.id, s.name) for s in list_sequences(client)] == [("seq_1", "Follow-up")]


def test_a_contacts_subscriptions_read_the_endpoint_shape(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(
        BASE + "sequence_subscription/",
        match=[matchers.query_param_matcher({"contact_id": "cont_1"})],
        json={
            "data": [
                {
                    "id": "sub_1",
                    "sequence_id": "seq_1",
                    "status": "paused",
                    "status_reason": "manual",
                    "contact_email": "dana@example.com",
                }
            ]
        },
    )

    (sub,) = contact_subscriptions(client, "cont_1")

    assert (sub.id, sub.status, sub.status_reason) == ("sub_1", "paused", "manual")


def test_a_contact_reads_its_nested_subscriptions_and_unsubscribed_addresses() -> None:
    contact = Contact.model_validate(
        {
            "id": "cont_1",
            "emails": [{"email": "Dana@Example.com", "type": "office", "is_unsubscribed": True}],
            "subscriptions": [
                {
                    "subscription_id": "sub_1",
                    "sequence_id": "seq_1",
                    "sequence_name": "Follow-up",
                    "subscription_status": "paused",
                    "subscription_status_reason": "reply-received",
                }
            ],
        }
    )

    (sub,) = contact.subscriptions
    assert (sub.id, sub.sequence_name, sub.status, sub.status_reason) == (
        "sub_1",
        "Follow-up",
        "paused",
        "reply-received",
    )
    assert [e.is_unsubscribed for e in contact.emails] == [True]


def test_subscribing_sends_the_contact_address_and_sender(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.post(BASE + "sequence_subscription/", json={"id": "sub_9", "status": "active"})

    made = subscribe(
        client, sequence_id="seq_1", contact_id="cont_1", email="dana@example.com", sender=ALEX
    )

    assert made["id"] == "sub_9"
    assert json.loads(rsps.calls[0].request.body or b"{}") == {
        "sequence_id": "seq_1",
        "contact_id": "cont_1",
        "contact_email": "dana@example.com",
        "sender_account_id": "emailacct_1",
        "sender_name": "Alex Rivera",
        "sender_email": "alex@example.com",
    }


def test_a_refused_subscription_raises_closes_field_errors(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.post(
        BASE + "sequence_subscription/",
        status=400,
        json={
            "errors": [],
            "field-errors": {"contact_email": "This email address is unsubscribed."},
        },
    )

    with pytest.raises(CloseValidationError) as refused:
        subscribe(client, sequence_id="seq_1", contact_id="cont_1", email="x@y.z", sender=ALEX)

    assert refused.value.field_errors == {"contact_email": "This email address is unsubscribed."}


def test_pausing_puts_the_status(rsps: responses.RequestsMock, client: CloseClient) -> None:
    rsps.put(
        BASE + "sequence_subscription/sub_1/",
        match=[matchers.json_params_matcher({"status": "paused"})],
        json={"id": "sub_1", "sequence_id": "seq_1", "status": "paused", "status_reason": "manual"},
    )

    changed = set_status(client, "sub_1", "paused")

    assert (changed.status, changed.status_reason) == ("paused", "manual")


def test_the_sender_is_the_users_default_identity(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(BASE + "me/", json={"id": "user_1", "first_name": "Alex", "last_name": "Rivera"})
    rsps.get(
        BASE + "connected_account/",
        match=[matchers.query_param_matcher({"user_id": "user_1"})],
        json={
            "data": [
                {
                    "id": "emailacct_1",
                    "email": "alex@example.com",
                    "default_identity": {"email": "alex@example.com", "name": "Alex Rivera"},
                }
            ]
        },
    )

    found = sender(client)

    assert found == ALEX
    assert found.display == "Alex Rivera <alex@example.com>"


def test_without_a_connected_account_there_is_no_sender(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.get(BASE + "me/", json={"id": "user_1"})
    rsps.get(BASE + "connected_account/", json={"data": []})

    with pytest.raises(NoSender):
        sender(client)

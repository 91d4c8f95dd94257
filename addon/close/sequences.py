"""Close sequences: the organization's sequences, a contact's subscriptions, and changing them.

Shapes from Close's OpenAPI file (developer.close.com/api/resources/sequences, mirrored in
api-evangelist/close openapi/close-sequences-api-openapi.yml): `GET /sequence/`;
`GET /sequence_subscription/?contact_id=|lead_id=|sequence_id=` (one is required);
`POST /sequence_subscription/` {sequence_id, contact_id, contact_email, sender_account_id,
sender_name, sender_email}; `PUT /sequence_subscription/{id}/` {status} where pausing
answers `status_reason: "manual"`. The sender is one of the user's connected email
accounts (`GET /connected_account/?user_id=`, its `default_identity`). Which status
changes Close refuses is not documented: its 400 is shown as it comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from addon.close import CloseClient
from addon.close.models import Sequence, SequenceSubscription

MAX_SEQUENCES = 100
Settable = Literal["active", "paused"]


@dataclass(frozen=True)
class Sender:
    """Who a sequence's emails come from: one of the user's connected email accounts."""

    account_id: str
    name: str
    email: str

    @property
    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


class NoSender(Exception):
    """The user has no connected email account that Close can send from."""


def list_sequences(client: CloseClient) -> tuple[Sequence, ...]:
    """Return the organization's active sequences, the ones a contact can be added to."""
    page = client.get("sequence/", params={"_limit": MAX_SEQUENCES})
    found = (Sequence.model_validate(item) for item in page.get("data") or [])
    return tuple(s for s in found if s.status == "active")


def contact_subscriptions(client: CloseClient, contact_id: str) -> tuple[SequenceSubscription, ...]:
    """Return a contact's subscriptions, whatever their status (without sequence names)."""
    page = client.get("sequence_subscription/", params={"contact_id": contact_id})
    return tuple(SequenceSubscription.model_validate(item) for item in page.get("data") or [])


def subscribe(
    client: CloseClient, *, sequence_id: str, contact_id: str, email: str, sender: Sender
) -> dict[str, Any]:
    """Start a contact on a sequence, written to `email`, from `sender`; return Close's answer."""
    return client.post(
        "sequence_subscription/",
        {
            "sequence_id": sequence_id,
            "contact_id": contact_id,
            "contact_email": email,
            "sender_account_id": sender.account_id,
            "sender_name": sender.name,
            "sender_email": sender.email,
        },
    )


def set_status(client: CloseClient, subscription_id: str, status: Settable) -> SequenceSubscription:
    """Pause (`paused`) or resume (`active`) one subscription; the same change twice is harmless."""
    answer = client.put(f"sequence_subscription/{subscription_id}/", {"status": status})
    return SequenceSubscription.model_validate(answer)


def sender(client: CloseClient) -> Sender:
    """Return the user's sending identity: their connected account's default identity.

    Raises NoSender when the user has no connected email account.
    """
    me = client.me()
    accounts = client.get("connected_account/", params={"user_id": me.get("id")}).get("data")
    for account in accounts or []:
        identity = account.get("default_identity") or (account.get("identities") or [{}])[0]
        email = identity.get("email") or account.get("email")
        if account.get("id") and email:
            name = identity.get("name") or _full_name(me)
            return Sender(account_id=str(account["id"]), name=str(name or ""), email=str(email))
    raise NoSender()


def _full_name(me: dict[str, Any]) -> str:
    return " ".join(str(p) for p in (me.get("first_name"), me.get("last_name")) if p)

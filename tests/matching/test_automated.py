"""Automated senders: no-reply, notifications, bounces and list mail, but not role inboxes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from addon.gmail import Address, MessageHeaders
from addon.matching.automated import is_automated

from .messages import headers


@pytest.mark.parametrize(
    "email",
    [
        "noreply@github.com",
        "no-reply@accounts.google.com",
        "no_reply@acme.com",
        "do-not-reply@acme.com",
        "donotreply@acme.com",
        "DoNotReply+tag@Acme.com",
        "notifications@github.com",
        "notification@slack.com",
        "calendar-notification@google.com",
        "github-noreply@acme.com",
        "mailer-daemon@googlemail.com",
        "postmaster@acme.com",
        "bounce@acme.com",
        "bounces+12345-abc=acme.com@sendgrid.net",
        "bounces-1234-abcd@mailchimp.com",
        "alerts@stripe.com",
        "newsletter@acme.com",
        "news@acme.com",
        "updates@acme.com",
    ],
)
def test_automated_local_parts(email: str) -> None:
    assert is_automated(Address(email))


@pytest.mark.parametrize(
    "email",
    [
        "info@acme.com",
        "sales@acme.com",
        "support@acme.com",
        "hello@acme.com",
        "info+crm@acme.com",
        "ada.lovelace@acme.com",
        "newsom@acme.com",
        "bouncer@acme.com",
        "alertsmith@acme.com",
        "reply+ab12@reply.github.com",
    ],
)
def test_people_and_role_inboxes_are_not_automated(email: str) -> None:
    assert not is_automated(Address(email))


def plain() -> MessageHeaders:
    return headers(sender="Ada <ada@acme.com>", to="sam@ourco.com")


@pytest.mark.parametrize(
    "signal",
    [
        {"list_id": "<widgets.acme.com>"},
        {"list_unsubscribe": "<https://acme.com/unsubscribe>"},
        {"precedence": "bulk"},
        {"precedence": " List "},
        {"precedence": "junk"},
        {"auto_submitted": "auto-generated"},
        {"auto_submitted": "auto-replied; owner-email=ada@acme.com"},
    ],
)
def test_header_signals_mark_the_sender(signal: dict[str, Any]) -> None:
    message = replace(plain(), **signal)
    ada = Address("ada@acme.com")

    assert not is_automated(ada, plain())
    assert is_automated(ada, message)
    # The recipient of list mail is not made automated by the sender's headers.
    assert not is_automated(Address("sam@ourco.com"), message)


@pytest.mark.parametrize(
    "signal",
    [{"precedence": "first-class"}, {"auto_submitted": "no"}, {"auto_submitted": " No ; x"}],
)
def test_harmless_header_values_do_not_count(signal: dict[str, Any]) -> None:
    assert not is_automated(Address("ada@acme.com"), replace(plain(), **signal))

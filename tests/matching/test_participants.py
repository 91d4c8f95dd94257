"""Direction, the primary person, internal-only threads and the lookup cap."""

from __future__ import annotations

from dataclasses import replace

import pytest

from addon.gmail import Address, MessageHeaders, recipients_from_compose
from addon.matching import Us, build_us, classify, classify_compose
from addon.matching.participants import MAX_LOOKUP

from .messages import headers

SAM = "Sam Seller <sam@ourco.com>"


@pytest.fixture
def us() -> Us:
    return build_us(
        google_email="Sam@OurCo.com",
        close_user_email="sam@ourco.com",
        aliases=["sales@ourco.io"],
        coworker_emails=["Kim@Partner-Agency.com", " "],
    )


def emails(addresses: tuple[Address, ...]) -> list[str]:
    return [a.email for a in addresses]


def test_build_us_lowercases_and_takes_domains_from_company_accounts(us: Us) -> None:
    assert us.addresses == frozenset({"sam@ourco.com", "sales@ourco.io", "kim@partner-agency.com"})
    # Aliases and coworkers are addresses, not whole domains.
    assert us.domains == frozenset({"ourco.com"})


def test_received_mail_puts_the_sender_first(us: Us) -> None:
    message = headers(sender="Ada <ada@acme.com>", to=SAM, cc="bo@acme.com, lee@ourco.com")

    result = classify(message, us)

    assert result.direction == "received"
    assert result.primary == Address("ada@acme.com", "Ada")
    assert emails(result.others) == ["bo@acme.com"]
    assert emails(result.everyone) == ["ada@acme.com", "bo@acme.com"]
    assert not result.internal_only


def test_a_different_reply_to_is_kept_but_the_sender_stays_primary(us: Us) -> None:
    message = headers(
        sender="Ada <ada@acme.com>", reply_to="Desk <desk@acme-help.com>", to=SAM, cc="bo@x.io"
    )

    result = classify(message, us)

    assert result.primary is not None and result.primary.email == "ada@acme.com"
    assert emails(result.others) == ["desk@acme-help.com", "bo@x.io"]


@pytest.mark.parametrize(
    "sender",
    [
        '"Brightlane Logistics" <billing@brightlane.com>',  # a role address
        '"Brightlane Logistics" <ap.desk@brightlane.com>',  # the company's own name
        "no-reply@brightlane.com",  # an automated sender
    ],
)
def test_a_shared_inbox_asking_replies_to_a_person_puts_that_person_first(
    us: Us, sender: str
) -> None:
    message = headers(sender=sender, reply_to="Dana Whitfield <dana@brightlane.com>", to=SAM)
    assert message.sender is not None

    result = classify(message, us)

    assert result.primary == Address("dana@brightlane.com", "Dana Whitfield")
    assert emails(result.others) == [message.sender.email]  # still listed, second


def test_a_shared_inbox_stays_first_when_replies_go_to_another_inbox(us: Us) -> None:
    message = headers(
        sender='"Brightlane Logistics" <billing@brightlane.com>',
        reply_to="Accounts <accounts@brightlane.com>",
        to=SAM,
    )

    assert classify(message, us).primary == Address(
        "billing@brightlane.com", "Brightlane Logistics"
    )


def test_sent_mail_puts_the_first_outside_recipient_first(us: Us) -> None:
    message = headers(
        sender=SAM, to="lee@ourco.com, Ada <ada@acme.com>, bo@acme.com", cc="cy@client.io"
    )

    result = classify(message, us)

    assert result.direction == "sent"
    assert result.primary == Address("ada@acme.com", "Ada")
    assert emails(result.others) == ["bo@acme.com", "cy@client.io"]


def test_sent_mail_prefers_to_over_cc_and_reply_to(us: Us) -> None:
    # The Cc person also appears earlier, as Reply-To; To still wins.
    message = headers(
        sender=SAM, reply_to="cy@client.io", to="lee@ourco.com, ada@acme.com", cc="cy@client.io"
    )
    only_cc = headers(sender=SAM, to="lee@ourco.com", cc="cy@client.io, dee@client.io")

    assert classify(message, us).primary == Address("ada@acme.com")
    assert emails(classify(message, us).others) == ["cy@client.io"]
    assert classify(only_cc, us).primary == Address("cy@client.io")


@pytest.mark.parametrize(
    "message",
    [
        headers(sender="Kim <kim@partner-agency.com>", to=SAM),  # a coworker from Close
        headers(sender=SAM, to="sales@ourco.io, SAM@ourco.com"),  # the user and an alias
        headers(sender="Lee <lee@ourco.com>", to=SAM, cc="ops@eu.ourco.com"),  # own domain
        headers(sender="sam+notes@ourco.com", to="sam@ourco.com"),
    ],
)
def test_internal_only_threads_look_nothing_up(us: Us, message: MessageHeaders) -> None:
    result = classify(message, us)

    assert result.internal_only
    assert result.primary is None
    assert result.others == result.everyone == ()


def test_sent_to_yourself_only_is_internal(us: Us) -> None:
    result = classify(headers(sender=SAM, to=SAM), us)

    assert (result.direction, result.internal_only) == ("sent", True)


def test_a_free_mail_user_does_not_make_free_mail_people_internal() -> None:
    us = build_us(
        google_email="sam.seller@gmail.com", close_user_email=None, aliases=[], coworker_emails=[]
    )
    message = headers(sender="Friend <friend@gmail.com>", to="Sam.Seller+crm@GMAIL.com")

    result = classify(message, us)

    assert us.domains == frozenset()
    assert result.direction == "received"
    assert result.primary == Address("friend@gmail.com", "Friend")
    assert not result.internal_only
    # Gmail ignores dots and +tags, so this is still the user.
    assert us.includes("samseller@googlemail.com")


def test_a_company_close_account_adds_its_domain_to_a_free_mail_google_account() -> None:
    us = build_us(
        google_email="sam@gmail.com",
        close_user_email="sam@ourco.com",
        aliases=(),
        coworker_emails=(),
    )

    assert us.domains == frozenset({"ourco.com"})
    assert us.includes("lee@ourco.com")
    assert not us.includes("ada@ourco.com.evil.io")


def test_participants_are_deduplicated_across_headers_case_insensitively(us: Us) -> None:
    message = headers(
        sender="ADA@Acme.com",
        reply_to="Ada Lovelace <ada@acme.com>",
        to=f"{SAM}, Bo <BO@acme.com>",
        cc="bo@acme.com, ada@ACME.COM, cy@x.io",
    )

    result = classify(message, us)

    assert result.primary == Address("ada@acme.com", "Ada Lovelace")
    assert result.others == (Address("bo@acme.com", "Bo"), Address("cy@x.io"))


def test_automated_senders_are_returned_and_flagged(us: Us) -> None:
    message = replace(
        headers(sender="GitHub <notifications@github.com>", to=SAM, cc="ada@acme.com"),
        list_unsubscribe="<https://github.com/unsub>",
    )
    newsletter = replace(
        headers(sender="Acme Team <team@acme.com>", to=SAM),
        list_id="<news.acme.com>",
    )

    result = classify(message, us)

    assert result.primary == Address("notifications@github.com", "GitHub")
    assert result.automated == frozenset({"notifications@github.com"})
    assert classify(newsletter, us).automated == frozenset({"team@acme.com"})


def test_real_company_inboxes_are_not_flagged(us: Us) -> None:
    result = classify(headers(sender="info@acme.com", to=SAM, cc="sales@acme.com"), us)

    assert result.automated == frozenset()
    assert emails(result.everyone) == ["info@acme.com", "sales@acme.com"]


def test_lookups_are_capped_but_everyone_stays_listed(us: Us) -> None:
    crowd = ", ".join(f"p{n}@client{n}.io" for n in range(40))
    result = classify(headers(sender=SAM, to="ada@acme.com", cc=crowd), us)

    assert len(result.everyone) == MAX_LOOKUP == 25
    assert result.everyone[0] == Address("ada@acme.com")
    assert emails(result.everyone)[1:] == [f"p{n}@client{n}.io" for n in range(24)]
    assert len(result.others) == 40


def test_a_message_without_from_still_finds_an_outside_person(us: Us) -> None:
    result = classify(headers(to=f"{SAM}, ada@acme.com"), us)

    assert result.direction == "received"
    assert result.primary == Address("ada@acme.com")


def test_compose_recipients_are_sent_mail(us: Us) -> None:
    recipients = recipients_from_compose(
        to=["lee@ourco.com", "Ada <ada@acme.com>"],
        cc=["noreply@tool.io"],
        bcc=["bo@acme.com", "ADA@acme.com"],
    )

    result = classify_compose(recipients, us)

    assert result.direction == "sent"
    assert result.primary == Address("ada@acme.com", "Ada")
    assert emails(result.others) == ["noreply@tool.io", "bo@acme.com"]
    assert result.automated == frozenset({"noreply@tool.io"})
    assert classify_compose([Address("lee@ourco.com")], us).internal_only

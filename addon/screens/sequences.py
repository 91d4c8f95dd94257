"""The record card's sequences: where the contact is in which sequence, and changing that.

The contact's subscriptions come nested in the contact (Close's `subscriptions`), so the
section costs the card no call. Pause and Resume send the status (the same change twice
is harmless); "Add to sequence" picks one of the organization's sequences, then asks on a
card that names the sequence, the address and the sender, and subscribes once per
confirmation card whatever is clicked twice. After each change the record card is rebuilt
from Close.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from addon.close import CloseError, CloseForbidden, CloseValidationError
from addon.close.models import Contact, Sequence, SequenceSubscription
from addon.close.sequences import (
    NoSender,
    Sender,
    contact_subscriptions,
    list_sequences,
    sender,
    set_status,
    subscribe,
)
from addon.lookup import Lookup
from addon.registry import Context, action, click, short
from addon.screens.error import back
from addon.screens.record.view import RecordView
from addon.screens.refs import ContactId, OnRecord
from addon.services import key_owner
from addon.ui.responses import Intent, notify, pop, push, update
from addon.ui.widgets import (
    AMBER_TEXT,
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    paragraph,
    section,
    tinted,
)
from addon.writes import NotFoundYet, after_write, create_once, form_problem, new_form_id

MAX_SHOWN = 5
MAX_PICKED = 30
NO_SENDER = "Connect an email account in Close to send sequences from it."
SubscriptionId = Annotated[str, StringConstraints(pattern=r"^sub_[A-Za-z0-9]{1,80}$")]
SequenceId = Annotated[str, StringConstraints(pattern=r"^seq_[A-Za-z0-9]{1,80}$")]
# Still running, or waiting to be resumed: the contact is in that sequence.
ONGOING = ("active", "paused")
# Close's reasons (its `StatusReason`), in the card's words.
REASONS = {
    "manual": "",  # paused by someone: "Paused" says it
    "reply-received": "reply received",
    "email-bounced": "bounced",
    "meeting-booked": "meeting booked",
    "call-answered": "call answered",
    "lead-status-changed": "lead status changed",
    "outcome-met": "goal met",
    "workflow-paused": "sequence paused",
    "sequence-deleted": "sequence deleted",
    "bulk-action": "by a bulk action",
}


class StatusArgs(OnRecord):
    """Pause or resume one of the card's contact's subscriptions (pause unless told)."""

    subscription_id: SubscriptionId = short("s", "subscription_id")
    # Defaults are not sent: the record card's commonest button, Pause, carries no status.
    status: Literal["active", "paused"] = short("to", "status", default="paused")


class SequenceArgs(OnRecord):
    """A sequence picked for the card's contact; `form_id` is set on the confirmation card."""

    contact_id: ContactId = short("c", "contact_id")
    sequence_id: SequenceId = short("q", "sequence_id")
    form_id: str = Field(default="", max_length=64)


def status_words(sub: SequenceSubscription) -> str:
    """Return a subscription's status in words: "Active", "Paused · reply received"."""
    if sub.status_reason == "email-bounced":
        return "Bounced"
    status = {"goal": "Finished", "error": "Stopped"}.get(sub.status, sub.status.capitalize())
    reason = REASONS.get(sub.status_reason or "", (sub.status_reason or "").replace("-", " "))
    return f"{status} · {reason}" if reason else status


def may_pause(sub: SequenceSubscription) -> bool:
    return sub.status == "active"


def may_resume(sub: SequenceSubscription) -> bool:
    # A bounced address would only bounce again.
    return sub.status == "paused" and sub.status_reason != "email-bounced"


def sequences_section(view: RecordView) -> Json:
    """Return the contact's sequences with Pause/Resume, and "Add to sequence"; {} if none apply.

    Shown when the contact is in a sequence or has an address to add to one. The section
    is kept lean (the record card has a size budget): "Add to sequence" is offered while
    the contact is in no running sequence, and a line carries no icon.
    """
    contact = view.contact
    if contact is None or not (contact.subscriptions or contact.emails):
        return {}
    at = view.lines.at  # the contact shown, on a lead opened by itself too
    # Pausing needs no contact: the card is rebuilt from the address and the lead.
    card_of = at.model_dump(exclude={"contact_id"})

    def change(sub: SequenceSubscription) -> Json | None:
        if not (may_pause(sub) or may_resume(sub)):
            return None
        status: Literal["active", "paused"] = "paused" if may_pause(sub) else "active"
        args = StatusArgs(**card_of, subscription_id=sub.id, status=status)
        return button("Pause" if status == "paused" else "Resume", click(change_status, args))

    subs = _newest_first(contact.subscriptions)
    # Written out rather than `decorated`, whose `wrapText` the short lines do not need.
    lines = [
        {
            "decoratedText": {
                "text": esc(sub.sequence_name or "Sequence"),
                "bottomLabel": esc(status_words(sub)),
                **({"button": control} if (control := change(sub)) else {}),
            }
        }
        for sub in subs[:MAX_SHOWN]
    ]
    running = any(s.status in ONGOING for s in subs)
    if _address(contact, view.email) is None:  # said before anyone presses a button
        offer: Json | None = paragraph(tinted(esc(_unsubscribed(contact)), GREY_TEXT))
    else:
        offer = None if running else buttons(button("Add to sequence", click(pick_sequence, at)))
    return section(*lines, offer, title="Sequences")


@action
def change_status(ctx: Context, args: StatusArgs) -> Intent:
    """Pause or resume a subscription, then show the card again with its new status."""
    from addon.screens.record.handlers import record_card_for

    done = "Sequence paused" if args.status == "paused" else "Sequence resumed"
    try:
        set_status(ctx.close, args.subscription_id, args.status)
    except CloseValidationError as exc:
        done = _refused("Close did not change this sequence", exc)
    after_write(ctx)  # the contact's subscriptions are in the user's cached records
    return update(record_card_for(ctx, args)).changed().with_notification(done)


@action
def pick_sequence(ctx: Context, args: OnRecord) -> Intent:
    """List the organization's sequences to add the card's contact to."""
    contact = _contact(ctx, args)
    if contact is None:
        return notify("Open a contact's card to add them to a sequence.")
    if _address(contact, args.email) is None:
        return notify(_unsubscribed(contact))
    sequences = _sequences(ctx)
    ongoing = {s.sequence_id: s for s in contact.subscriptions if s.status in ONGOING}
    # A sequence they finished, or that stopped on a bounce, may be picked again: said first.
    ended = {s.sequence_id: s for s in contact.subscriptions if s.status not in ONGOING}

    def line(sequence: Sequence) -> Json:
        already = ongoing.get(sequence.id)
        if already is not None:  # Close takes a contact once while it runs
            words = f"Already in it · {status_words(already)}"
            return decorated(esc(sequence.name), bottom=tinted(esc(words), GREY_TEXT))
        at = args.model_dump(exclude={"contact_id"})
        pick = SequenceArgs(**at, contact_id=contact.id, sequence_id=sequence.id)
        before = ended.get(sequence.id)
        return decorated(
            esc(sequence.name),
            bottom=tinted(esc(f"Was in it · {status_words(before)}"), GREY_TEXT)
            if before
            else None,
            start_icon=icon("EMAIL"),
            on_click=click(confirm_sequence, pick),
        )

    shown = [line(s) for s in sequences[:MAX_PICKED]]
    return push(
        card(
            section(*shown or [paragraph("Your Close organization has no active sequences.")]),
            section(buttons(button("Cancel", click(back)))),
            header=header("Add to sequence", contact.label),
            name="pick_sequence",
        )
    )


@action
def confirm_sequence(ctx: Context, args: SequenceArgs) -> Intent:
    """Ask before subscribing, naming the sequence, the contact's address and the sender."""
    contact, address = _contact_and_address(ctx, args)
    if contact is None or address is None:
        return notify(_unsubscribed(contact) if contact else "This contact is no longer in Close.")
    try:
        sending = sender(ctx.close)
    except NoSender:
        return notify(NO_SENDER)
    confirm = args.model_copy(update={"form_id": new_form_id()})
    # It takes the picker's place: Cancel goes back to the record card.
    return update(_confirm_card(ctx, confirm, contact, address, sending))


@action
def add_to_sequence(ctx: Context, args: SequenceArgs) -> Intent:
    """Subscribe the contact once per confirmation card, then show the record card again."""
    from addon.screens.record.handlers import record_card_for

    if not args.form_id:  # not from a confirmation card: ask first
        return confirm_sequence(ctx, args)
    contact, address = _contact_and_address(ctx, args)
    if contact is None or address is None:
        return notify(_unsubscribed(contact) if contact else "This contact is no longer in Close.")
    client, name = ctx.close, _sequence_name(ctx, args.sequence_id)
    try:
        sending = sender(client)
        create_once(
            ctx,
            args.form_id,
            lambda: {
                "id": subscribe(
                    client,
                    sequence_id=args.sequence_id,
                    contact_id=args.contact_id,
                    email=address,
                    sender=sending,
                )["id"]
            },
            find_existing=lambda: _existing(ctx, args),
        )
    except NoSender:
        return notify(NO_SENDER)
    except CloseForbidden:
        raise  # Close's refusal, as a card of its own (errors.py)
    except (CloseError, NotFoundYet) as exc:
        problem = (
            _refused("Close did not add this contact", exc)
            if isinstance(exc, CloseValidationError)
            else form_problem(exc).message
        )
        return update(_confirm_card(ctx, args, contact, address, None, problem=problem))
    rebuilt = record_card_for(ctx, args)  # create_once forgot the cached records
    return pop().then(update(rebuilt)).changed().with_notification(f"Added to {name}")


def _confirm_card(
    ctx: Context,
    args: SequenceArgs,
    contact: Contact,
    address: str,
    sending: Sender | None,
    *,
    problem: str = "",
) -> Json:
    name = _sequence_name(ctx, args.sequence_id)
    bounced = _bounced(contact, address)
    return card(
        section(
            paragraph(tinted(esc(problem), RED_TEXT)) if problem else None,
            paragraph(f"<b>Add {esc(contact.label)} to {esc(name)}?</b>"),
            decorated(
                esc(address),
                top="To",
                bottom=tinted(esc(bounced), AMBER_TEXT) if bounced else None,
                start_icon=icon("PERSON"),
            ),
            decorated(esc(sending.display), top="From", start_icon=icon("EMAIL"))
            if sending
            else None,
            paragraph(esc("Close sends the sequence's emails on its schedule, from this account.")),
            buttons(
                button("Add to sequence", click(add_to_sequence, args), filled=True),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Add to sequence", name),
        name="confirm_sequence",
    )


def _contact(ctx: Context, at: OnRecord) -> Contact | None:
    if not at.contact_id:
        return None
    return Lookup(ctx).record(at.lead_id, contact_id=at.contact_id).contact(at.contact_id)


def _contact_and_address(ctx: Context, at: SequenceArgs) -> tuple[Contact | None, str | None]:
    """Return the card's contact and the address a sequence would write to, if any."""
    contact = _contact(ctx, at)
    return contact, (_address(contact, at.email) if contact else None)


def _address(contact: Contact, email: str | None) -> str | None:
    """Return the address to write to: the card's own if the contact has it, else its first.

    An unsubscribed address is never picked: Close refuses to send it sequences.
    """
    usable = [e.email for e in contact.emails if not e.is_unsubscribed]
    own = next((a for a in usable if email and a.lower() == email.lower()), None)
    return own or (usable[0] if usable else None)


def _bounced(contact: Contact, address: str) -> str | None:
    """Return a warning if a sequence's email to this address bounced: it may bounce again."""
    for sub in contact.subscriptions:
        mail = sub.contact_email
        if sub.status_reason == "email-bounced" and (
            mail is None or mail.lower() == address.lower()
        ):
            return f"Bounced in {sub.sequence_name or 'another sequence'}: check the address first."
    return None


def _unsubscribed(contact: Contact) -> str:
    if not contact.emails:
        return f"{contact.label} has no email address in Close."
    # The person is what is added to a sequence; the address is what cannot be emailed.
    return f"{contact.emails[0].email} is unsubscribed in Close: no sequence can email it."


def _sequences(ctx: Context) -> tuple[Sequence, ...]:
    """Return the organization's active sequences, cached per organization."""
    settings = ctx.require_settings()
    owner = key_owner(settings.api_key or "")
    cache = ctx.services.caches.sequences
    return cache.get_or_load(owner, settings.close_org_id or "", lambda: list_sequences(ctx.close))


def _sequence_name(ctx: Context, sequence_id: str) -> str:
    found = next((s.name for s in _sequences(ctx) if s.id == sequence_id), None)
    return found or "the sequence"


def _existing(ctx: Context, args: SequenceArgs) -> Json | None:
    """Find the subscription an unanswered attempt may have made."""
    for sub in contact_subscriptions(ctx.close, args.contact_id):
        if sub.sequence_id == args.sequence_id and sub.status in ONGOING:
            return {"id": sub.id}
    return None


def _refused(said: str, exc: CloseValidationError) -> str:
    reasons = [*exc.errors, *exc.field_errors.values()]
    return f"{said}: {' '.join(reasons)}" if reasons else f"{said}."


def _newest_first(subs: tuple[SequenceSubscription, ...]) -> list[SequenceSubscription]:
    # Running ones first: they are what a salesperson may act on.
    return sorted(subs, key=lambda s: s.status not in ONGOING)

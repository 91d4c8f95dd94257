"""Actions on a lead or contact: log the open email, add a note, create a task or a deal.

Logging reads the email's body only now, on the click (never on open), and happens once
per email and lead for the whole organization. Each form creates at most once, whatever
is clicked twice; a refused or failed save shows the form again with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial

from pydantic import Field

from addon.close import CloseError, additions, emails
from addon.close.additions import Addition, NoteDraft, OpportunityDraft, TaskDraft
from addon.close.metadata import OrgInfo
from addon.crm.field_values import show_date, to_cents
from addon.email_log import log_form_id, message_key, shared_in
from addon.errors import saved_but_not_shown
from addon.lookup import Lookup
from addon.registry import Context, action, click
from addon.screens.forms import card
from addon.screens.record.handlers import RefreshArgs, record_card_for, refresh
from addon.screens.refs import OnRecord
from addon.ui.format import TOAST, shorten
from addon.ui.responses import Intent, pop, push, request_scopes, update
from addon.ui.widgets import Json
from addon.writes import NotFoundYet, create_once, form_problem, new_form_id

MESSAGE_ACTION_SCOPE = "https://www.googleapis.com/auth/gmail.addons.current.message.action"


class FormArgs(OnRecord):
    """What a creating form's Save carries: the record card it came from, and the form's id.

    The id is made when the form is shown; the ledger keys the one creation on it, so the
    same form saved twice (a double click, a retry) creates nothing more.
    """

    form_id: str = Field(min_length=1, max_length=64)


@action
def log_email(ctx: Context, args: OnRecord) -> Intent:
    """Log the open email to the lead, with its body, once for everyone in the org."""
    lookup = Lookup(ctx)
    thread = lookup.thread
    key, org = message_key(thread.headers), shared_in(ctx.require_settings(), ctx.user.sub)
    if args.lead_id in ctx.services.logged.leads_for(org_id=org, message_key=key):
        rebuilt = record_card_for(ctx, args, lookup=lookup)
        return update(rebuilt).with_notification(f"Already logged to {_names(lookup, args)[0]}")

    granted = ctx.event.authorization_event_object.authorized_scopes
    if granted and MESSAGE_ACTION_SCOPE not in granted:
        # Granular consent: the user declined reading the open email's content.
        return request_scopes(MESSAGE_ACTION_SCOPE)

    def log() -> Json:
        # Close may have the email already (synced from the mailbox): then nothing is sent.
        found = emails.find_logged(ctx.close, args.lead_id, thread.headers)
        if found is not None:
            return {"id": found, "found": True}
        gmail, oauth = ctx.event.gmail, ctx.event.authorization_event_object.user_o_auth_token
        body = ctx.services.gmail.body(
            message_id=thread.headers.message_id,
            oauth_token=oauth or "",
            access_token=(gmail.access_token if gmail else None) or "",
            deadline=ctx.deadline,
        )
        activity = emails.email_activity(
            thread.headers, body, thread.participants.direction, args.lead_id, args.contact_id
        )
        return {"id": emails.log(ctx.close, activity)}  # no body kept here

    logged = create_once(ctx, log_form_id(key, args.lead_id), log)
    ctx.services.logged.mark(
        org_id=org,
        message_key=key,
        lead_id=args.lead_id,
        activity_id=str(logged["id"]),
        user_id=ctx.require_settings().close_user_id or ctx.user.sub,
    )
    rebuilt = record_card_for(ctx, args, lookup=lookup)
    done = "Already in Close on" if logged.get("found") else "Email logged to"
    return update(rebuilt).changed().with_notification(f"{done} {_names(lookup, args)[0]}")


@action
def note_form(ctx: Context, args: OnRecord) -> Intent:
    """Open the note form."""
    return push(card.note_form(_frame(Lookup(ctx), _new(args), add_note), NoteDraft()))


@action
def add_note(ctx: Context, args: FormArgs) -> Intent:
    """Add the note to the lead (and the contact shown)."""
    draft = _note_draft(ctx)
    checked = additions.note_payload(draft, args.lead_id, args.contact_id)
    form = partial(card.note_form, draft=draft)
    return _save(ctx, args, add_note, "note", checked, form, "Note added to {lead}")


@action
def task_form(ctx: Context, args: OnRecord) -> Intent:
    """Open the task form: due tomorrow in the user's time zone, assigned to the user."""
    lookup = Lookup(ctx)
    me = lookup.settings.close_user_id
    lead, contact = _names(lookup, args)
    draft = TaskDraft(
        text=f"Follow up with {contact or lead}",
        due=ctx.formatter.today + dt.timedelta(days=1),
        assigned_to=me or "",
    )
    members = additions.member_options(lookup.org(), me)
    return push(card.task_form(_frame(lookup, _new(args), add_task), draft, members))


@action
def add_task(ctx: Context, args: FormArgs) -> Intent:
    """Create the task on the lead."""
    draft = _task_draft(ctx)
    checked = additions.task_payload(draft, args.lead_id, args.contact_id)
    org, me = Lookup(ctx).org(), ctx.require_settings().close_user_id
    form = partial(card.task_form, draft=draft, members=additions.member_options(org, me))
    done = _task_done(ctx, draft, org, me)
    hints = _past(ctx, date=draft.due)
    return _save(ctx, args, add_task, "task", checked, form, done, hints=hints)


@action
def opportunity_form(ctx: Context, args: OnRecord) -> Intent:
    """Open the opportunity form, the first status of the first pipeline chosen."""
    lookup = Lookup(ctx)
    org = lookup.org()
    statuses = org.opportunity_choices()
    draft = OpportunityDraft(status_id=statuses[0][1] if statuses else "")
    frame = _frame(lookup, _new(args), add_opportunity)
    return push(card.opportunity_form(frame, draft, statuses, org.currency or "USD"))


@action
def add_opportunity(ctx: Context, args: FormArgs) -> Intent:
    """Create the opportunity on the lead, its value in the org's currency."""
    draft = _opportunity_draft(ctx)
    org = Lookup(ctx).org()
    currency = org.currency or "USD"
    checked = _opportunity_checked(ctx, draft, currency, args)
    form = partial(
        card.opportunity_form, draft=draft, statuses=org.opportunity_choices(), currency=currency
    )
    hints = _past(ctx, date_won=draft.close_date)
    done = "Opportunity created for {lead}"
    return _save(ctx, args, add_opportunity, "opportunity", checked, form, done, hints=hints)


def _note_draft(ctx: Context) -> NoteDraft:
    return NoteDraft(note=(ctx.event.texts("note") or [""])[0])


def _task_draft(ctx: Context) -> TaskDraft:
    event = ctx.event
    return TaskDraft(event.text("text"), event.date("date"), event.text("assigned_to"))


def _opportunity_draft(ctx: Context) -> OpportunityDraft:
    event = ctx.event
    return OpportunityDraft(
        status_id=event.text("status_id"),
        value=event.text("value"),
        period=event.text("value_period") or "one_time",
        confidence=event.text("confidence"),
        close_date=event.date("date_won"),
        note=(event.texts("note") or [""])[0],
    )


def _opportunity_checked(
    ctx: Context, draft: OpportunityDraft, currency: str, args: FormArgs
) -> tuple[Json, dict[str, str]]:
    """Return the opportunity to post, its value read in the user's locale, or the problems."""
    cents = to_cents(draft.value, currency, ctx.event.locale) if draft.value.strip() else None
    return additions.opportunity_payload(draft, args.lead_id, args.contact_id, cents)


Saver = Callable[[Context, FormArgs], Intent]


def _save(
    ctx: Context,
    args: FormArgs,
    saver: Saver,
    kind: Addition,
    checked: tuple[Json, dict[str, str]],
    form: Callable[[card.FormFrame], Json],
    done: str,
    *,
    hints: Mapping[str, str] | None = None,
) -> Intent:
    """Create once; on success go back to the rebuilt record card, else show the form again.

    `done` is the toast once saved, its `{lead}` the lead's name. A form shown again
    points out `hints` (a date in the past) beside their fields.
    """
    payload, errors = checked
    lookup = Lookup(ctx)
    names = _names(lookup, args)  # the record the form was opened on: no call to Close
    frame = replace(_frame(lookup, args, saver, names), field_hints=hints or {})
    if errors:
        return update(form(replace(frame, field_errors=errors)))
    now = dt.datetime.now(dt.UTC)
    try:
        create_once(
            ctx,
            args.form_id,
            lambda: {"id": additions.add(ctx.close, kind, payload)},  # ids only in the ledger
            find_existing=lambda: _found(additions.find_added(ctx.close, kind, payload, now)),
        )
    except (CloseError, NotFoundYet) as exc:
        problem = form_problem(exc)
        return update(
            form(replace(frame, problem=problem.message, field_errors=problem.field_errors))
        )
    said = _naming(done, names[0])
    try:
        card = record_card_for(ctx, args)
    except Exception as exc:  # it is saved: Try again must only reload the card
        reload = RefreshArgs(email=args.email, index=args.index, lead_id=args.lead_id)
        return pop().then(saved_but_not_shown(exc, ctx, said, refresh, reload))
    return pop().then(update(card)).changed().with_notification(said)


def _naming(done: str, lead: str) -> str:
    """Return the toast `done` naming the lead, the name cut so the whole toast fits."""
    # replace, not format: a coworker's name in `done` may hold braces.
    room = TOAST - len(done.replace("{lead}", ""))
    return done.replace("{lead}", shorten(lead, max(room, 20)))


def _past(ctx: Context, **dates: dt.date | None) -> dict[str, str]:
    """Return a hint by input for a date in the past: allowed, but seldom meant."""
    today = ctx.formatter.today
    return {
        name: f"{show_date(day)} is in the past."
        for name, day in dates.items()
        if day is not None and day < today
    }


def _found(added_id: str | None) -> Json | None:
    return {"id": added_id} if added_id is not None else None


def _new(at: OnRecord) -> FormArgs:
    """Return what a form about to be shown saves with: its record card, and a new id."""
    return FormArgs(**at.model_dump(), form_id=new_form_id())


def _frame(
    lookup: Lookup, args: FormArgs, saver: Saver, names: tuple[str, str | None] | None = None
) -> card.FormFrame:
    """Return what the form shows and carries: whose record it writes to, and its Save."""
    lead, contact = names or _names(lookup, args)
    return card.FormFrame(
        subject=" · ".join(n for n in (contact, lead) if n),
        save=click(saver, args, persist_values=True),
        locale=lookup.ctx.event.locale,
    )


def _names(lookup: Lookup, at: OnRecord) -> tuple[str, str | None]:
    """Return the lead's and the contact's names, from the record the card was built from."""
    data = lookup.record(at.lead_id, contact_id=at.contact_id)
    contact = data.contact(at.contact_id) if at.contact_id else None
    return data.lead.label, contact.label if contact else None


def _task_done(ctx: Context, draft: TaskDraft, org: OrgInfo, me: str | None) -> str:
    """Return the toast after a task is created: on which lead, for whom and when it is due.

    Its `{lead}` is the lead's name (see `_save`).
    """
    due = ctx.formatter.day(draft.due) if draft.due else ""
    due = due.lower() if due in ("Today", "Tomorrow", "Yesterday") else due
    when = f", due {due}" if due else ""
    if draft.assigned_to and draft.assigned_to != me:
        who = org.member_name(draft.assigned_to) or "a coworker"
        return f"Task created for {who} on {{lead}}{when}"
    return f"Task created on {{lead}}{when}"

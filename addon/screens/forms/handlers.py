"""Actions on a lead or contact: log the open email, add a note, create a task or a deal.

Logging reads the email's body only now, on the click (never on open), and happens once
per email and lead for the whole organization. Each form creates at most once, whatever
is clicked twice; a refused or failed save shows the form again with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from addon.close import CloseClient, CloseError, additions
from addon.close.additions import NoteDraft, OpportunityDraft, TaskDraft
from addon.close.metadata import OrgInfo
from addon.crm.field_values import to_cents
from addon.email_log import email_payload, find_logged, log_form_id, message_key, org_key
from addon.lookup import Lookup
from addon.registry import Context, action
from addon.screens.forms.card import FormFrame, note_form, opportunity_form, task_form
from addon.screens.record.handlers import current_record_card
from addon.ui.responses import Intent, pop, push, request_scopes, update
from addon.ui.widgets import Json
from addon.writes import create_once, form_problem, new_form_id

MESSAGE_ACTION_SCOPE = "https://www.googleapis.com/auth/gmail.addons.current.message.action"
# What a form carries on from the record card, so the card can be rebuilt after saving.
CARRIED = ("email", "index", "lead_id", "lead_name", "contact_id", "contact_name")
Finder = Callable[[CloseClient, Json, dt.datetime], Json | None]


@action("log_email")
def log_email(ctx: Context) -> Intent:
    """Log the open email to the lead, with its body, once for everyone in the org."""
    lookup = Lookup(ctx)
    thread = lookup.thread()
    lead_id, contact_id = ctx.event.param("lead_id"), ctx.event.param("contact_id")
    key, org = message_key(thread.headers), org_key(ctx)
    where = ctx.event.param("lead_name") or "the lead"
    if lead_id in ctx.services.logged.leads_for(org_id=org, message_key=key):
        card = current_record_card(ctx, lookup=lookup)
        return update(card).with_notification(f"Already logged to {where}")

    granted = ctx.event.authorization_event_object.authorized_scopes
    if granted and MESSAGE_ACTION_SCOPE not in granted:
        # Granular consent: the user declined reading the open email's content.
        return request_scopes(MESSAGE_ACTION_SCOPE)

    def log() -> Json:
        # Close may have the email already (synced from the mailbox): then nothing is sent.
        found = find_logged(ctx.close, lead_id, thread.headers)
        if found is not None:
            return found
        gmail, oauth = ctx.event.gmail, ctx.event.authorization_event_object.user_o_auth_token
        body = ctx.services.gmail.body(
            message_id=thread.headers.message_id,
            oauth_token=oauth or "",
            access_token=(gmail.access_token if gmail else None) or "",
            deadline=ctx.deadline,
        )
        direction = thread.participants.direction
        payload = email_payload(thread.headers, body, direction, lead_id, contact_id)
        return {"id": ctx.close.post("activity/email/", payload)["id"]}  # no body kept here

    logged = create_once(ctx, log_form_id(key, lead_id), log)
    user = ctx.require_settings().close_user_id or ctx.user.sub
    ctx.services.logged.mark(
        org_id=org, message_key=key, lead_id=lead_id, activity_id=str(logged["id"]), user_id=user
    )
    card = current_record_card(ctx, lookup=lookup)
    done = "Already in Close on" if logged.get("found") else "Email logged to"
    return update(card).changed().with_notification(f"{done} {where}")


@action("note_form")
def show_note_form(ctx: Context) -> Intent:
    """Open the note form."""
    return push(note_form(_frame(ctx, new_form_id()), NoteDraft()))


@action("add_note")
def add_note(ctx: Context) -> Intent:
    """Add the note to the lead (and the contact shown)."""
    draft = NoteDraft(note=(ctx.event.texts("note") or [""])[0])
    lead_id, contact_id = _target(ctx)
    checked = additions.note_payload(draft, lead_id, contact_id)
    form = partial(note_form, draft=draft)
    return _save(ctx, "activity/note/", checked, form, additions.find_note, "Note added")


@action("task_form")
def show_task_form(ctx: Context) -> Intent:
    """Open the task form: due tomorrow in the user's time zone, assigned to the user."""
    settings = ctx.require_settings()
    who = ctx.event.param("contact_name") or ctx.event.param("lead_name")
    draft = TaskDraft(
        text=f"Follow up with {who}" if who else "",
        due=ctx.formatter.today + dt.timedelta(days=1),
        assigned_to=settings.close_user_id or "",
    )
    members = additions.member_options(Lookup(ctx).org(), settings.close_user_id)
    return push(task_form(_frame(ctx, new_form_id()), draft, members))


@action("add_task")
def add_task(ctx: Context) -> Intent:
    """Create the task on the lead."""
    event = ctx.event
    draft = TaskDraft(event.text("text"), event.date("date"), event.text("assigned_to"))
    lead_id, contact_id = _target(ctx)
    checked = additions.task_payload(draft, lead_id, contact_id)
    org, me = Lookup(ctx).org(), ctx.require_settings().close_user_id
    form = partial(task_form, draft=draft, members=additions.member_options(org, me))
    return _save(ctx, "task/", checked, form, additions.find_task, _task_done(ctx, draft, org, me))


@action("opportunity_form")
def show_opportunity_form(ctx: Context) -> Intent:
    """Open the opportunity form, the first status of the first pipeline chosen."""
    org = Lookup(ctx).org()
    statuses = org.opportunity_choices()
    draft = OpportunityDraft(status_id=statuses[0][1] if statuses else "")
    form = opportunity_form(_frame(ctx, new_form_id()), draft, statuses, org.currency or "USD")
    return push(form)


@action("add_opportunity")
def add_opportunity(ctx: Context) -> Intent:
    """Create the opportunity on the lead, its value in the org's currency."""
    event = ctx.event
    draft = OpportunityDraft(
        status_id=event.text("status_id"),
        value=event.text("value"),
        period=event.text("value_period") or "one_time",
        confidence=event.text("confidence"),
        close_date=event.date("date_won"),
        note=(event.texts("note") or [""])[0],
    )
    org = Lookup(ctx).org()
    currency = org.currency or "USD"
    cents = to_cents(draft.value, currency) if draft.value.strip() else None
    checked = additions.opportunity_payload(draft, *_target(ctx), cents)
    form = partial(
        opportunity_form, draft=draft, statuses=org.opportunity_choices(), currency=currency
    )
    return _save(
        ctx, "opportunity/", checked, form, additions.find_opportunity, "Opportunity created"
    )


def _save(
    ctx: Context,
    path: str,
    checked: tuple[Json, dict[str, str]],
    form: Callable[[FormFrame], Json],
    find: Finder,
    done: str,
) -> Intent:
    """Create once; on success go back to the rebuilt record card, else show the form again."""
    payload, errors = checked
    frame = _frame(ctx, ctx.event.param("form_id"))
    if errors:
        return update(form(replace(frame, field_errors=errors)))
    now = dt.datetime.now(dt.UTC)
    try:
        create_once(
            ctx,
            frame.params["form_id"],
            lambda: {"id": ctx.close.post(path, payload)["id"]},  # ids only in the ledger
            find_existing=lambda: find(ctx.close, payload, now),
        )
    except CloseError as exc:
        problem = form_problem(exc)
        return update(
            form(replace(frame, problem=problem.message, field_errors=problem.field_errors))
        )
    return pop().then(update(current_record_card(ctx))).changed().with_notification(done)


def _frame(ctx: Context, form_id: str) -> FormFrame:
    params = {k: ctx.event.param(k) for k in CARRIED if ctx.event.param(k)}
    names = (ctx.event.param("contact_name"), ctx.event.param("lead_name"))
    return FormFrame(
        subject=" · ".join(n for n in names if n), params=params | {"form_id": form_id}
    )


def _target(ctx: Context) -> tuple[str, str]:
    return ctx.event.param("lead_id"), ctx.event.param("contact_id")


def _task_done(ctx: Context, draft: TaskDraft, org: OrgInfo, me: str | None) -> str:
    """Return the toast after a task is created: for whom and when it is due."""
    due = ctx.formatter.day(draft.due) if draft.due else ""
    due = due.lower() if due in ("Today", "Tomorrow", "Yesterday") else due
    if draft.assigned_to and draft.assigned_to != me:
        who = org.member_name(draft.assigned_to) or "a coworker"
        return f"Task created for {who}" + (f", due {due}" if due else "")
    return f"Task created for {due}" if due else "Task created"

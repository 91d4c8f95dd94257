"""Reply with template: from the record card, a reply draft in the thread, written by Close.

Google documents this for a message card: "you can have a button in your add-on's message
UI that creates a reply to the currently opened message prepopulated with information from
the add-on" (developers.google.com/workspace/add-ons/gmail/compose). Over HTTP the add-on
creates the draft itself with `users.drafts.create`, authorised by the open message's
`gmail.accessToken` in `X-Goog-Gmail-Access-Token` (scope
`gmail.addons.current.action.compose`), and answers `openCreatedDraftActionMarkup` so
Gmail opens it (google-addon-http.md §2.4, Google's gws-genai-addon-sample).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from addon.close.models import Contact, EmailTemplate
from addon.crm.template_variables import preview_subject
from addon.gmail import GmailUnavailable
from addon.gmail.drafts import CreatedDraft, reply_recipients, reply_subject
from addon.lookup import Lookup
from addon.registry import Context, action, click
from addon.screens.refs import OnRecord
from addon.screens.templates.listing import TemplateId, cached_templates, template_name
from addon.screens.templates.values import filled_template, known_values
from addon.ui.format import shorten
from addon.ui.responses import Intent, notify, push, request_scopes
from addon.ui.widgets import (
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
)
from addon.writes import new_form_id

COMPOSE_SCOPE = "https://www.googleapis.com/auth/gmail.addons.current.action.compose"
MAX_SHOWN = 40
# What the ledger keeps when Gmail may or may not have made the draft: nothing to open.
UNKNOWN_DRAFT = {"draft_id": "", "thread_id": ""}
FormId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,40}$")]


class ReplyArgs(OnRecord):
    """A template to reply with, and the picker it was chosen on (one draft per picker)."""

    template_id: TemplateId
    form_id: FormId


def reply_section(view_logged: bool | None, at: OnRecord) -> Json:
    """Return the "Reply with template" button, shown only beside an open email."""
    if view_logged is None:
        return {}
    return section(buttons(button("Reply with template", click(reply_templates, at))))


@action
def reply_templates(ctx: Context, args: OnRecord) -> Intent:
    """Show the templates as the person on the card would get them, to reply with one."""
    lookup = Lookup(ctx)
    record = lookup.record(args.lead_id, contact_id=args.contact_id)
    contact = record.contact(args.contact_id)
    values = known_values(ctx, lookup, contact, record.lead)
    return push(reply_card(cached_templates(ctx), args, values, contact, new_form_id()))


@action
def reply_with_template(ctx: Context, args: ReplyArgs) -> Intent:
    """Create the reply draft in the open thread once per picker, and have Gmail open it."""
    granted = ctx.event.authorization_event_object.authorized_scopes
    if granted and COMPOSE_SCOPE not in granted:
        return request_scopes(COMPOSE_SCOPE)  # granular consent: drafting was declined
    ledger, user = ctx.services.forms, ctx.user.sub
    # Not `create_once`: Close is not written, and the add-on's Gmail scope cannot list
    # drafts, so an attempt that got no answer is never looked for nor tried again.
    claim = ledger.claim(user, args.form_id)
    if claim.state == "done":
        return _open(ctx, CreatedDraft(**claim.result), args)  # a second click opens the same
    if claim.state == "pending":
        return notify("Creating the draft…")
    if claim.state == "uncertain":
        # The earlier request died on its way: Gmail may have made the draft. Say so
        # rather than risk a second.
        ledger.done(user, args.form_id, UNKNOWN_DRAFT)
        return _open(ctx, CreatedDraft(**UNKNOWN_DRAFT), args)
    try:
        created = _create(ctx, args)
    except BaseException as exc:
        if isinstance(exc, GmailUnavailable) and exc.status is None:
            # No answer (a timeout, a lost connection): Gmail may have made the draft.
            ledger.done(user, args.form_id, UNKNOWN_DRAFT)
        else:
            ledger.release(user, args.form_id)  # nothing was made, or Gmail refused: try again
        raise
    ledger.done(user, args.form_id, {"draft_id": created.draft_id, "thread_id": created.thread_id})
    return _open(ctx, created, args)


def _create(ctx: Context, args: ReplyArgs) -> CreatedDraft:
    lookup = Lookup(ctx)
    headers = lookup.thread.headers
    # A lead's card without a contact: Close cannot render it (see filled_template).
    filled = filled_template(
        ctx.close, args.template_id, lead_id=args.lead_id, contact_id=args.contact_id
    )
    settings = ctx.require_settings()
    own = frozenset(
        a.lower() for a in (ctx.user.email, settings.close_user_email, *settings.aliases) if a
    )
    gmail, oauth = ctx.event.gmail, ctx.event.authorization_event_object.user_o_auth_token
    return ctx.services.gmail.create_reply_draft(
        headers=headers,
        to=reply_recipients(headers, own),
        # Gmail keeps a draft in the thread only when the subject matches the thread's.
        subject=reply_subject(headers.subject),
        body_html=filled.body_html,
        oauth_token=oauth or "",
        access_token=(gmail.access_token if gmail else None) or "",
        deadline=ctx.deadline,
    )


def _open(ctx: Context, created: CreatedDraft, args: ReplyArgs) -> Intent:
    if not created.draft_id:
        return notify("Gmail did not answer in time: look in Drafts before trying again.")
    opening = {"draftId": created.draft_id, "draftThreadId": created.thread_id}
    name = template_name(ctx, args.template_id, "the template")
    return Intent(gmail_action={"openCreatedDraftActionMarkup": opening}).with_notification(
        f"Reply drafted with “{name}”"
    )


def reply_card(
    templates: tuple[EmailTemplate, ...],
    at: OnRecord,
    values: dict[str, str],
    contact: Contact | None,
    form_id: str,
) -> Json:
    """Return the template picker for a reply, subjects filled in for the person."""
    usable = sorted(templates, key=lambda t: (t.is_shared, t.name.lower()))[:MAX_SHOWN]
    lines = [
        decorated(
            esc(t.name),
            bottom=esc(shorten(preview_subject(t.subject, values), 80)) if t.subject else None,
            top="Shared" if t.is_shared else None,
            start_icon=icon("EMAIL"),
            button=button(
                "Reply",
                click(
                    reply_with_template,
                    ReplyArgs(
                        **at.model_dump(),
                        template_id=t.id,
                        form_id=form_id,
                    ),
                ),
            ),
        )
        for t in usable
    ]
    who = contact.label if contact else "this email's sender"
    intro = (
        f"Pick a template: the reply is filled in for <b>{esc(who)}</b> and opens as a draft "
        "in this thread, under the thread's subject."
    )
    return card(
        section(paragraph(intro)),
        section(*lines) if lines else section(paragraph("No email templates in Close yet.")),
        header=header("Reply with template", who),
        name="reply_templates",
    )

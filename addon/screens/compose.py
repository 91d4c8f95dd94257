"""The compose window: insert a Close email template, filled in for the recipient."""

from __future__ import annotations

import secrets
from html import escape
from typing import Annotated

from pydantic import StringConstraints

from addon.close.models import Contact, EmailTemplate
from addon.close.search import find_people
from addon.close.templates import list_templates, template_text, user_values
from addon.crm.template_variables import fill_template
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Args, Context, action, click, trigger
from addon.screens.error import back
from addon.screens.refs import ContactId, LeadId
from addon.services import key_owner
from addon.ui.format import shorten
from addon.ui.responses import Intent, pop, push, update_draft
from addon.ui.widgets import (
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    open_link,
    paragraph,
    section,
)

TEMPLATES_KEY = "email_templates"
MAX_TEMPLATES = 40
# A template's id goes into the path of a Close URL: only Close's own id shape may.
TemplateId = Annotated[str, StringConstraints(pattern=r"^tmpl_[A-Za-z0-9]{1,80}$")]
# One compose card (one opening of the add-on in a draft): inserts from it go into one draft.
ComposeCard = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


class TemplateArgs(Args):
    """A template to insert, and the recipient in Close to fill it in for, if any."""

    template_id: TemplateId
    template_name: str = ""  # for the toast
    lead_id: LeadId | None = None
    contact_id: ContactId | None = None
    compose_card: ComposeCard | None = None
    leave_blank: bool = False  # the user saw the variables that cannot be filled, and went on


@trigger
def compose(ctx: Context) -> Intent:
    """List the user's and the team's templates, for the first recipient in Close."""
    from addon.screens.suggested import suggested_section  # its handler inserts like ours

    lookup = Lookup(ctx)
    contact = _recipient_contact(ctx, lookup)
    lead_label, record = None, None
    if contact is not None and contact.lead_id:
        record = lookup.record(contact.lead_id)
        lead_label = record.lead.label
    url = templates_url(ctx.services.config)
    card_id = secrets.token_urlsafe(12)
    suggested = suggested_section(contact, record.opportunities if record else None, card_id)
    return push(compose_card(_templates(ctx), contact, lead_label, url, card_id, suggested))


@action
def insert_template(ctx: Context, args: TemplateArgs) -> Intent:
    """Put the template into the draft: Close's rendering for a recipient in Close.

    For anyone else the user's own variables are filled from Close's /me/, and the ones
    that cannot be filled are shown first, then left blank: never raw `{{ … }}`.
    """
    if args.lead_id and args.contact_id:
        text = template_text(
            ctx.close, args.template_id, lead_id=args.lead_id, contact_id=args.contact_id
        )
        subject, body_html = text.subject or "", _as_html(text.body or "")
    else:
        text = template_text(ctx.close, args.template_id)
        filled = fill_template(
            text.subject or "", _as_html(text.body or ""), user_values(ctx.close)
        )
        if filled.unfilled and not args.leave_blank:
            return push(unfilled_card(args, filled.unfilled))
        subject, body_html = filled.subject, filled.body_html
    name = args.template_name or "the template"
    draft = _into_draft(ctx, args.compose_card, subject, body_html)
    draft = draft.with_notification(f"Inserted “{name}”")
    # Inserted from the confirmation card: back to the templates underneath.
    return pop().then(draft) if args.leave_blank else draft


def _into_draft(ctx: Context, compose_card: str | None, subject: str, body_html: str) -> Intent:
    # Google's compose event carries the recipients but not the draft's subject nor body.
    # So the subject is set only on a new email's first insert: a reply keeps its "Re:",
    # and an insert after another one keeps the subject the first gave (or the user typed
    # meanwhile); that later insert starts on a new line instead of running on.
    first = compose_card is None or ctx.services.caches.first_insert(
        f"{ctx.user.sub}:{compose_card}"
    )
    replying = bool(ctx.event.gmail and ctx.event.gmail.thread_id)
    if first:
        return update_draft(body_html=body_html, subject="" if replying else subject)
    return update_draft(body_html=f"<br>{body_html}")


def _templates(ctx: Context) -> tuple[EmailTemplate, ...]:
    owner = key_owner(ctx.require_settings().api_key or "")
    return ctx.services.caches.templates.get_or_load(
        owner, TEMPLATES_KEY, lambda: list_templates(ctx.close)
    )


def _recipient_contact(ctx: Context, lookup: Lookup) -> Contact | None:
    gmail = ctx.event.gmail
    if gmail is None:
        return None
    recipients = recipients_from_compose(gmail.to_recipients, gmail.cc_recipients, [])
    participants = classify_compose(recipients, lookup.us(lookup.org()))
    emails = tuple(a.email for a in participants.everyone)
    if not emails:
        return None
    matches = find_people(ctx.close, emails[:1], "contact")
    hits = matches.for_email(emails[0])
    first = hits[0] if hits else None
    return first if isinstance(first, Contact) else None


def _as_html(body: str) -> str:
    # Close templates are plain text or simple HTML; plain text keeps its line breaks.
    if "<" in body and ">" in body:
        return body
    return "<br>".join(escape(line) for line in body.splitlines())


def compose_card(
    templates: tuple[EmailTemplate, ...],
    contact: Contact | None,
    lead_label: str | None,
    templates_url: str,
    card_id: str | None = None,
    suggested: Json | None = None,
) -> Json:
    """Return the template picker, filled in for the recipient if they are in Close."""
    recipient = f"{contact.label} ({lead_label})" if contact and lead_label else None
    for_whom = (
        f"Filled in for <b>{esc(recipient)}</b>."
        if recipient
        else "Add a recipient who is in Close to fill in their name and company."
    )
    shared = [t for t in templates if t.is_shared][:MAX_TEMPLATES]
    mine = [t for t in templates if not t.is_shared][: MAX_TEMPLATES - len(shared)]
    return card(
        section(paragraph(for_whom)),
        suggested or {},  # Close's drafted follow-up to this recipient (suggested.py)
        _templates_section(mine, "My templates", contact, card_id),
        _templates_section(shared, "Shared templates", contact, card_id),
        section(paragraph("No email templates in Close yet.")) if not templates else {},
        section(
            decorated(
                "Manage templates in Close",
                start_icon=icon("DESCRIPTION"),
                on_click=open_link(templates_url),
            )
        ),
        header=header("Close templates", recipient or "Insert into this email"),
        name="compose",
    )


def _templates_section(
    templates: list[EmailTemplate], title: str, contact: Contact | None, card_id: str | None
) -> Json:
    lines = [
        decorated(
            esc(t.name),
            bottom=esc(shorten(t.subject, 80)) if t.subject else None,
            start_icon=icon("EMAIL"),
            button=button("Insert", _insert(t, contact, card_id)),
        )
        for t in templates
    ]
    return section(*lines, title=title)


def _insert(template: EmailTemplate, contact: Contact | None, card_id: str | None) -> Json:
    args = TemplateArgs(
        template_id=template.id,
        template_name=template.name,
        lead_id=contact.lead_id if contact else None,
        contact_id=contact.id if contact else None,
        compose_card=card_id,
    )
    return click(insert_template, args)


def unfilled_card(args: TemplateArgs, unfilled: tuple[str, ...]) -> Json:
    """Return the confirmation listing the variables no one in Close can fill for this draft."""
    name = args.template_name or "This template"
    tags = "<br>".join(f"{{{{ {esc(tag)} }}}}" for tag in unfilled)
    return card(
        section(
            paragraph(
                f"<b>{esc(name)}</b> has variables that need a recipient in Close. "
                "Inserted now, they are left blank:"
            ),
            paragraph(tags),
            buttons(
                button(
                    "Insert anyway (left blank)",
                    click(insert_template, args.model_copy(update={"leave_blank": True})),
                ),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Close templates", "Variables left blank"),
        name="compose_unfilled",
    )

"""The compose window: insert a Close email template, filled in for the recipient."""

from __future__ import annotations

from html import escape
from typing import Annotated

from pydantic import StringConstraints

from addon.close.models import Contact, EmailTemplate
from addon.close.search import find_people
from addon.close.templates import list_templates, template_text
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Args, Context, action, click, trigger
from addon.screens.refs import ContactId, LeadId
from addon.services import key_owner
from addon.ui.format import shorten
from addon.ui.responses import Intent, push, update_draft
from addon.ui.widgets import (
    Json,
    button,
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


class TemplateArgs(Args):
    """A template to insert, and the recipient in Close to fill it in for, if any."""

    template_id: TemplateId
    template_name: str = ""  # for the toast
    lead_id: LeadId | None = None
    contact_id: ContactId | None = None


@trigger
def compose(ctx: Context) -> Intent:
    """List the user's and the team's templates, for the first recipient in Close."""
    lookup = Lookup(ctx)
    contact = _recipient_contact(ctx, lookup)
    lead_label = None
    if contact is not None and contact.lead_id:
        lead_label = lookup.record(contact.lead_id).lead.label
    return push(
        compose_card(_templates(ctx), contact, lead_label, templates_url(ctx.services.config))
    )


@action
def insert_template(ctx: Context, args: TemplateArgs) -> Intent:
    """Put the template's subject and body into the draft, rendered by Close when possible."""
    text = template_text(
        ctx.close, args.template_id, lead_id=args.lead_id, contact_id=args.contact_id
    )
    # A reply keeps its "Re:" subject; only a new email takes the template's.
    replying = bool(ctx.event.gmail and ctx.event.gmail.thread_id)
    subject = "" if replying else text.subject or ""
    name = args.template_name or "the template"
    draft = update_draft(body_html=_as_html(text.body or ""), subject=subject)
    return draft.with_notification(f"Inserted “{name}”")


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
        _templates_section(mine, "My templates", contact),
        _templates_section(shared, "Shared templates", contact),
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


def _templates_section(templates: list[EmailTemplate], title: str, contact: Contact | None) -> Json:
    lines = [
        decorated(
            esc(t.name),
            bottom=esc(shorten(t.subject, 80)) if t.subject else None,
            start_icon=icon("EMAIL"),
            button=button("Insert", _insert(t, contact)),
        )
        for t in templates
    ]
    return section(*lines, title=title)


def _insert(template: EmailTemplate, contact: Contact | None) -> Json:
    args = TemplateArgs(
        template_id=template.id,
        template_name=template.name,
        lead_id=contact.lead_id if contact else None,
        contact_id=contact.id if contact else None,
    )
    return click(insert_template, args)

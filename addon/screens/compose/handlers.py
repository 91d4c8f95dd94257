"""The compose window: insert a Close email template, filled in for the recipient."""

from __future__ import annotations

from html import escape
from typing import Annotated

from pydantic import StringConstraints

from addon.close.models import Contact
from addon.close.search import find_people
from addon.close.templates import list_templates, template_text
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Args, Context, action, trigger
from addon.screens.compose import card
from addon.screens.refs import ContactId, LeadId
from addon.services import key_owner
from addon.ui.responses import Intent, push, update_draft

TEMPLATES_KEY = "email_templates"
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
    recipient = f"{contact.label} ({lead_label})" if contact and lead_label else None
    view = card.ComposeView(
        templates=_templates(ctx),
        recipient=recipient,
        lead_id=contact.lead_id if contact else None,
        contact_id=contact.id if contact else None,
        templates_url=templates_url(ctx.services.config),
    )
    return push(card.compose_card(view))


@action
def insert_template(ctx: Context, args: TemplateArgs) -> Intent:
    """Put the template's subject and body into the draft, rendered by Close when possible."""
    text = template_text(
        ctx.close, args.template_id, lead_id=args.lead_id, contact_id=args.contact_id
    )
    # A reply keeps its "Re:" subject; only a new email takes the template's.
    replying = bool(ctx.event.gmail and ctx.event.gmail.thread_id)
    subject = "" if replying else text.subject or ""
    body = _as_html(text.body or "")
    name = args.template_name or "the template"
    return update_draft(body_html=body, subject=subject or None).with_notification(
        f"Inserted “{name}”"
    )


def _templates(ctx: Context) -> tuple[card.TemplateLine, ...]:
    owner = key_owner(ctx.require_settings().api_key or "")
    templates = ctx.services.caches.templates.get_or_load(
        owner, TEMPLATES_KEY, lambda: list_templates(ctx.close)
    )
    return tuple(card.TemplateLine(t.id, t.name, t.subject, t.is_shared) for t in templates)


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

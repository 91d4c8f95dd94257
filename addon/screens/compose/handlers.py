"""The compose window: insert a Close email template, filled in for the recipient."""

from __future__ import annotations

from html import escape

from addon.close.models import Contact, EmailTemplate
from addon.close.search import find_people
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Context, action, trigger
from addon.screens.compose.card import ComposeView, TemplateLine, compose_card
from addon.services import key_owner
from addon.ui.responses import Intent, push, update_draft

TEMPLATES_KEY = "email_templates"


@trigger("compose")
def compose(ctx: Context) -> Intent:
    """List the user's and the team's templates, for the first recipient in Close."""
    lookup = Lookup(ctx)
    contact = _recipient_contact(ctx, lookup)
    lead_label = None
    if contact is not None and contact.lead_id:
        lead_label = lookup.record(contact.lead_id).lead.label
    recipient = f"{contact.label} ({lead_label})" if contact and lead_label else None
    view = ComposeView(
        templates=_templates(ctx),
        recipient=recipient,
        lead_id=contact.lead_id if contact else None,
        contact_id=contact.id if contact else None,
        templates_url=templates_url(ctx.services.config),
    )
    return push(compose_card(view))


@action("insert_template")
def insert_template(ctx: Context) -> Intent:
    """Put the template's subject and body into the draft, rendered by Close when possible."""
    template_id = ctx.event.param("template_id")
    lead_id, contact_id = ctx.event.param("lead_id"), ctx.event.param("contact_id")
    if lead_id and contact_id:
        rendered = ctx.close.get(
            f"email_template/{template_id}/render/",
            params={"lead_id": lead_id, "contact_id": contact_id},
        )
    else:
        rendered = ctx.close.get(f"email_template/{template_id}/")
    # A reply keeps its "Re:" subject; only a new email takes the template's.
    replying = bool(ctx.event.gmail and ctx.event.gmail.thread_id)
    subject = "" if replying else str(rendered.get("subject") or "")
    body = _as_html(str(rendered.get("body") or ""))
    name = ctx.event.param("template_name") or "the template"
    return update_draft(body_html=body, subject=subject or None).with_notification(
        f"Inserted “{name}”"
    )


def _templates(ctx: Context) -> tuple[TemplateLine, ...]:
    settings = ctx.require_settings()

    def load() -> tuple[EmailTemplate, ...]:
        raw = ctx.close.get("email_template/", params={"is_archived": "false", "_limit": 100})
        return tuple(EmailTemplate.model_validate(t) for t in raw.get("data") or [])

    owner = key_owner(settings.api_key or "")
    templates = ctx.services.caches.templates.get_or_load(owner, TEMPLATES_KEY, load)
    return tuple(TemplateLine(t.id, t.name, t.subject, t.is_shared) for t in templates)


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

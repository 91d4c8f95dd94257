"""The compose window: insert a Close email template, filled in for the recipient.

The picker also offers Close's suggested reply to this recipient (suggested.py) and the
user's scheduling links (scheduling_links.py).
"""

from __future__ import annotations

import secrets

from addon.close.models import Contact, EmailTemplate
from addon.close.scheduling import SchedulingLink
from addon.close.search import find_people
from addon.crm.template_variables import preview_subject, readable_variable
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Args, Context, action, click, trigger
from addon.screens.compose_draft import ComposeCard, draft_insert
from addon.screens.error import back
from addon.screens.refs import ContactId, LeadId
from addon.screens.scheduling_links import links_or_none, links_section
from addon.screens.suggested import suggested_section
from addon.screens.templates.listing import TemplateId, cached_templates, template_name
from addon.screens.templates.values import filled_template, known_values
from addon.ui.format import shorten
from addon.ui.responses import Intent, pop, push
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

MAX_TEMPLATES = 40


class TemplateArgs(Args):
    """A template to insert, and the recipient in Close to fill it in for, if any."""

    template_id: TemplateId
    lead_id: LeadId | None = None
    contact_id: ContactId | None = None
    compose_card: ComposeCard | None = None
    leave_blank: bool = False  # the user saw the variables that cannot be filled, and went on


@trigger
def compose(ctx: Context) -> Intent:
    """List the user's and the team's templates, for the first recipient in Close."""
    # The links load beside the recipient's lookup (their first load is two calls).
    links = ctx.services.pool.submit(links_or_none, ctx)
    lookup = Lookup(ctx)
    email = _first_recipient(ctx, lookup)
    contact = _recipient_contact(ctx, email)
    record = lookup.record(contact.lead_id) if contact is not None and contact.lead_id else None
    card_id = secrets.token_urlsafe(12)
    suggested = suggested_section(contact, record.opportunities if record else None, card_id)
    return push(
        compose_card(
            cached_templates(ctx),
            contact,
            record.lead.label if record else None,
            card_id=card_id,
            values=known_values(ctx, lookup, contact, record.lead if record else None),
            suggested=suggested,
            links=links.result(),
            manage_url=templates_url(ctx.services.config),
            recipient_email=email,
        )
    )


@action
def insert_template(ctx: Context, args: TemplateArgs) -> Intent:
    """Put the template into the draft: Close's rendering for a recipient in Close.

    For anyone else the user's own variables are filled from Close's /me/, and the ones
    that cannot be filled are shown first, then left blank: never raw `{{ … }}`.
    """
    filled = filled_template(
        ctx.close, args.template_id, lead_id=args.lead_id, contact_id=args.contact_id
    )
    if filled.unfilled and not args.leave_blank:
        name = template_name(ctx, args.template_id, "This template")
        return push(unfilled_card(args, name, filled.unfilled))
    draft, subject_set = draft_insert(ctx, args.compose_card, filled.subject, filled.body_html)
    name = template_name(ctx, args.template_id, "the template")
    toast = f"Inserted “{name}”" + (" and set the subject" if subject_set else "")
    draft = draft.with_notification(toast)
    # Inserted from the confirmation card: back to the templates underneath.
    return pop().then(draft) if args.leave_blank else draft


def _first_recipient(ctx: Context, lookup: Lookup) -> str | None:
    """Return the draft's first recipient outside the user's team, if any."""
    gmail = ctx.event.gmail
    if gmail is None:
        return None
    recipients = recipients_from_compose(gmail.to_recipients, gmail.cc_recipients, [])
    participants = classify_compose(recipients, lookup.us(lookup.org()))
    return next((a.email for a in participants.everyone), None)


def _recipient_contact(ctx: Context, email: str | None) -> Contact | None:
    if not email:
        return None
    matches = find_people(ctx.close, (email,), "contact")
    hits = matches.for_email(email)
    first = hits[0] if hits else None
    return first if isinstance(first, Contact) else None


def compose_card(
    templates: tuple[EmailTemplate, ...],
    contact: Contact | None,
    lead_label: str | None,
    *,
    card_id: str,
    values: dict[str, str],
    suggested: Json,
    links: tuple[SchedulingLink, ...],
    manage_url: str,
    recipient_email: str | None = None,
) -> Json:
    """Return the template picker, filled in for the recipient if they are in Close.

    A subject in the list shows what is known filled in and "[First name]" for the rest;
    the user's scheduling links, if any, come last.
    """
    recipient = f"{contact.label} ({lead_label})" if contact and lead_label else None
    if recipient:
        for_whom = f"Filled in for <b>{esc(recipient)}</b>."
    elif recipient_email:
        # The draft has a recipient: asking to "add a recipient" would read as a fault.
        who = esc(recipient_email)
        for_whom = f"<b>{who}</b> is not in Close: their name and company stay blank."
    else:
        for_whom = "Add a recipient who is in Close to fill in their name and company."
    shared = [t for t in templates if t.is_shared][:MAX_TEMPLATES]
    mine = [t for t in templates if not t.is_shared][: MAX_TEMPLATES - len(shared)]
    return card(
        section(paragraph(for_whom)),
        suggested,  # Close's drafted follow-up to this recipient (suggested.py)
        _templates_section(mine, "My templates", contact, card_id, values),
        _templates_section(shared, "Shared templates", contact, card_id, values),
        section(paragraph("No email templates in Close yet.")) if not templates else {},
        links_section(links),
        section(
            decorated(
                "Manage templates in Close",
                start_icon=icon("DESCRIPTION"),
                on_click=open_link(manage_url),
            )
        ),
        # Whom it is filled in for is said once, in the first line.
        header=header("Close templates", "Insert into this email"),
        name="compose",
    )


def _templates_section(
    templates: list[EmailTemplate],
    title: str,
    contact: Contact | None,
    card_id: str,
    values: dict[str, str],
) -> Json:
    lines = [
        decorated(
            esc(t.name),
            bottom=esc(shorten(preview_subject(t.subject, values), 80)) if t.subject else None,
            start_icon=icon("EMAIL"),
            button=button("Insert", _insert(t, contact, card_id)),
        )
        for t in templates
    ]
    return section(*lines, title=title)


def _insert(template: EmailTemplate, contact: Contact | None, card_id: str) -> Json:
    args = TemplateArgs(
        template_id=template.id,
        lead_id=contact.lead_id if contact else None,
        contact_id=contact.id if contact else None,
        compose_card=card_id,
    )
    return click(insert_template, args)


def unfilled_card(args: TemplateArgs, name: str, unfilled: tuple[str, ...]) -> Json:
    """Return the confirmation listing the variables no one in Close can fill for this draft."""
    # The readable name first; the tag as written, to find it in the template.
    tags = "<br>".join(
        f'• {esc(readable_variable(tag))} <font color="#5f6368">{{{{ {esc(tag)} }}}}</font>'
        for tag in unfilled
    )
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

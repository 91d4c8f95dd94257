"""The compose window: insert a Close email template, filled in for the recipient, or one of
the user's Close scheduling links."""

from __future__ import annotations

import secrets
from html import escape
from typing import Annotated

from nameparser import HumanName
from pydantic import StringConstraints

from addon.close import CloseError
from addon.close.metadata import FieldSchema
from addon.close.models import Contact, EmailTemplate, Lead
from addon.close.scheduling import SchedulingLink, list_scheduling_links
from addon.close.search import find_people
from addon.close.templates import list_templates, template_text, user_values
from addon.crm.template_variables import (
    fill_template,
    preview_subject,
    readable_variable,
    tidy_rendered,
)
from addon.gmail import recipients_from_compose
from addon.links import templates_url
from addon.lookup import Lookup
from addon.matching import classify_compose
from addon.registry import Args, Context, action, click, trigger
from addon.screens.error import back
from addon.screens.refs import ContactId, LeadId
from addon.services import key_owner
from addon.ui.format import shorten
from addon.ui.responses import Intent, notify, pop, push, update_draft
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
LINKS_KEY = "scheduling_links"
MAX_LINKS = 10
MAX_TEMPLATES = 40
# A template's id goes into the path of a Close URL: only Close's own id shape may.
TemplateId = Annotated[str, StringConstraints(pattern=r"^tmpl_[A-Za-z0-9]{1,80}$")]
# One compose card (one opening of the add-on in a draft): inserts from it go into one draft.
ComposeCard = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
LinkId = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,20}_[A-Za-z0-9]{1,80}$")]


class TemplateArgs(Args):
    """A template to insert, and the recipient in Close to fill it in for, if any."""

    template_id: TemplateId
    template_name: str = ""  # for the toast
    lead_id: LeadId | None = None
    contact_id: ContactId | None = None
    compose_card: ComposeCard | None = None
    leave_blank: bool = False  # the user saw the variables that cannot be filled, and went on


class LinkArgs(Args):
    """A scheduling link of the user's to insert (looked up again: only Close's URL goes in)."""

    link_id: LinkId


@trigger
def compose(ctx: Context) -> Intent:
    """List the user's and the team's templates, for the first recipient in Close."""
    from addon.screens.suggested import suggested_section  # its handler inserts like ours

    # The links load beside the recipient's lookup (their first load is two calls).
    links = ctx.services.pool.submit(_links_or_none, ctx)
    lookup = Lookup(ctx)
    email = _first_recipient(ctx, lookup)
    contact = _recipient_contact(ctx, email)
    lead_label, record = None, None
    if contact is not None and contact.lead_id:
        record = lookup.record(contact.lead_id)
        lead_label = record.lead.label
    url = templates_url(ctx.services.config)
    card_id = secrets.token_urlsafe(12)
    values = {**own_values(ctx), **recipient_values(contact, lead_label)}
    if record is not None:
        values |= lead_custom_values(record.lead, lookup.field_schema("lead"))
    suggested = suggested_section(contact, record.opportunities if record else None, card_id)
    return push(
        compose_card(
            templates_for(ctx),
            contact,
            lead_label,
            url,
            card_id,
            suggested,
            values=values,
            links=links.result(),
            recipient_email=email,
        )
    )


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
        # Close leaves a value it lacks (a contact without a first name) empty: "Hi ,".
        subject = tidy_rendered(text.subject or "").strip()
        body_html = tidy_rendered(as_html(text.body or ""))
    else:
        text = template_text(ctx.close, args.template_id)
        filled = fill_template(text.subject or "", as_html(text.body or ""), user_values(ctx.close))
        if filled.unfilled and not args.leave_blank:
            return push(unfilled_card(args, filled.unfilled))
        subject, body_html = filled.subject, filled.body_html
    name = args.template_name or "the template"
    draft, subject_set = draft_insert(ctx, args.compose_card, subject, body_html)
    toast = f"Inserted “{name}”" + (" and set the subject" if subject_set else "")
    draft = draft.with_notification(toast)
    # Inserted from the confirmation card: back to the templates underneath.
    return pop().then(draft) if args.leave_blank else draft


def _into_draft(ctx: Context, compose_card: str | None, subject: str, body_html: str) -> Intent:
    """Return the insert into the draft of a compose card (see `draft_insert`)."""
    return draft_insert(ctx, compose_card, subject, body_html)[0]


def draft_insert(
    ctx: Context, compose_card: str | None, subject: str, body_html: str
) -> tuple[Intent, bool]:
    """Return the insert, and whether it sets the subject."""
    # Gmail tells a compose add-on the draft's recipients (with draftAccess METADATA:
    # "the audience list (To/cc list)"), never its subject nor its body, and has no way to
    # set a subject only if empty. So a subject the user typed before the first insert
    # cannot be seen; the subject is set only on a new email's first insert from this
    # card (the toast says so), never on a reply (it keeps its "Re:"), and never on a
    # later insert, which starts on a new line instead of running on. Whether Gmail's
    # compose event names the thread of a reply is not documented (google-addon-http.md
    # §1.6 e): any thread or message id in it counts as a reply. Reopening the add-on in
    # the same draft makes a new card, whose first insert sets the subject again.
    first = compose_card is None or ctx.services.caches.first_insert(
        f"{ctx.user.sub}:{compose_card}"
    )
    gmail = ctx.event.gmail
    replying = bool(gmail and (gmail.thread_id or gmail.message_id))
    if first:
        subject = "" if replying else subject
        return update_draft(body_html=body_html, subject=subject), bool(subject)
    # After a blank line: the text inserted before ends with a sign-off ("Best, Alex").
    return update_draft(body_html=f"<br><br>{body_html}"), False


@action
def insert_scheduling_link(ctx: Context, args: LinkArgs) -> Intent:
    """Put one of the user's scheduling links into the draft, on a line of its own."""
    link = next((k for k in _links(ctx) if k.id == args.link_id), None)
    if link is None:
        return notify("This scheduling link is no longer in Close. Refresh to see yours.")
    anchor = f'<a href="{escape(link.url)}">{escape(link.label)}</a>'
    return update_draft(body_html=f"<br>{anchor}").with_notification(f"Inserted “{link.label}”")


def _links(ctx: Context) -> tuple[SchedulingLink, ...]:
    return ctx.services.caches.scheduling_links.get_or_load(
        ctx.user.sub, LINKS_KEY, lambda: list_scheduling_links(ctx.close)
    )


def _links_or_none(ctx: Context) -> tuple[SchedulingLink, ...]:
    # The links are an extra: a plan or role without them leaves the templates usable.
    try:
        return _links(ctx)
    except CloseError:
        return ()


def own_values(ctx: Context) -> dict[str, str]:
    """Return what the user's own variables hold, from the settings (no call to Close)."""
    settings = ctx.require_settings()
    full = (settings.close_user_name or "").strip()
    name = HumanName(full)
    values = {
        "user.full_name": full,
        "user.first_name": name.first,
        "user.last_name": name.last,
        "user.email": settings.close_user_email or "",
    }
    return {key: value for key, value in values.items() if value}


def recipient_values(contact: Contact | None, lead_label: str | None) -> dict[str, str]:
    if contact is None:
        return {}
    name = HumanName(contact.name or "")
    values = {
        "contact.first_name": name.first,
        "contact.last_name": name.last,
        "contact.name": contact.name,
        "contact.display_name": contact.label,
        "contact.title": contact.title or "",
        "contact.email": contact.emails[0].email if contact.emails else "",
        "lead.display_name": lead_label or "",
        "lead.name": lead_label or "",
    }
    return {key: value for key, value in values.items() if value}


# Custom field types whose stored value reads as written; dates and users are left to Close.
_PLAIN_TYPES = ("text", "number", "choices")


def lead_custom_values(lead: Lead, schema: FieldSchema) -> dict[str, str]:
    """Return the lead's plain custom field values as `lead.custom.<name>` (and by id)."""
    values: dict[str, str] = {}
    for field_id, value in lead.custom_values.items():
        field = schema.fields.get(field_id)
        if field is None or field.type not in _PLAIN_TYPES:
            continue
        items = value if isinstance(value, list) else [value]
        text = ", ".join(str(v) for v in items if isinstance(v, str | int | float) and v != "")
        if text:
            values[f"lead.custom.{field.name}"] = values[f"lead.custom.{field_id}"] = text
    return values


def templates_for(ctx: Context) -> tuple[EmailTemplate, ...]:
    owner = key_owner(ctx.require_settings().api_key or "")
    return ctx.services.caches.templates.get_or_load(
        owner, TEMPLATES_KEY, lambda: list_templates(ctx.close)
    )


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


def as_html(body: str) -> str:
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
    *,
    values: dict[str, str] | None = None,
    links: tuple[SchedulingLink, ...] = (),
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
        suggested or {},  # Close's drafted follow-up to this recipient (suggested.py)
        _templates_section(mine, "My templates", contact, card_id, values or {}),
        _templates_section(shared, "Shared templates", contact, card_id, values or {}),
        section(paragraph("No email templates in Close yet.")) if not templates else {},
        _links_section(links),
        section(
            decorated(
                "Manage templates in Close",
                start_icon=icon("DESCRIPTION"),
                on_click=open_link(templates_url),
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
    card_id: str | None,
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


def _links_section(links: tuple[SchedulingLink, ...]) -> Json:
    if not links:
        return {}
    lines = [
        decorated(
            esc(link.label),
            # The address without its scheme: the part a salesperson recognises.
            bottom=esc(shorten(link.url.split("://", 1)[-1], 60)),
            top="Shared" if link.shared else None,
            start_icon=icon("MULTIPLE_PEOPLE" if link.shared else "CLOCK"),
            button=button("Insert", click(insert_scheduling_link, LinkArgs(link_id=link.id))),
        )
        for link in links[:MAX_LINKS]
    ]
    return section(*lines, title="Insert my scheduling link")


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

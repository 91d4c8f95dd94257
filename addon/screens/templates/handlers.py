"""The Templates screen: the user's own and shared Close email templates, edited from Gmail.

Opened from the add-on menu ("Templates") or from a record card. A template opens as the
person of the email or record would receive it, rendered by Close; name, subject and body
are edited one at a time, each with a partial PUT, and a refused value comes back as typed
with Close's reason beside it. A new template is created at most once per form. Every
write resets the organization's cached template list, so the list shows it at once.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Annotated, Any, get_args

from pydantic import Field

from addon.close import CloseError, CloseNotFound, CloseValidationError
from addon.close import templates as close_templates
from addon.close.models import Contact, EmailTemplate, Lead
from addon.links import templates_url
from addon.lookup import Lookup
from addon.registry import Args, Context, NoMessage, action, click, short, trigger
from addon.screens.refs import BlankIsNone, ContactId, LeadId
from addon.screens.templates import card
from addon.screens.templates.listing import (
    TemplateId,
    cached_templates,
    changing_templates,
    forget_templates,
)
from addon.ui.responses import Intent, push, update
from addon.ui.widgets import Json
from addon.upstream import UpstreamError
from addon.writes import NotFoundYet, create_once, form_problem, new_form_id

FIELDS: tuple[card.TemplateField, ...] = get_args(card.TemplateField)


class TemplatesAt(Args):
    """Where the Templates screen was opened: the lead and contact to render templates for."""

    # One letter on the wire, as on the record card's buttons: its size is capped.
    lead_id: Annotated[LeadId | None, BlankIsNone] = short("l", "lead_id", default=None)
    contact_id: Annotated[ContactId | None, BlankIsNone] = short("c", "contact_id", default=None)

    @property
    def person(self) -> tuple[str, str] | None:
        return (self.lead_id, self.contact_id) if self.lead_id and self.contact_id else None


class TemplateAt(TemplatesAt):
    """One template, and whom to render it for."""

    template_id: TemplateId


class FieldAt(TemplateAt):
    """One field of one template: what its form opens or saves."""

    field: card.TemplateField


class ShareAt(TemplateAt):
    """Share a template with the team (or stop sharing it)."""

    shared: bool


class NewAt(TemplatesAt):
    """The new-template form's Save: its id makes the template at most once."""

    form_id: str = Field(min_length=1, max_length=64)


@trigger
def menu_templates(ctx: Context) -> Intent:
    """Show the templates from the add-on menu, for the open email's person if in Close."""
    return push(_list_card(ctx, _email_person(ctx), ""))


@action
def open_templates(ctx: Context, args: TemplatesAt) -> Intent:
    """Show the templates from a record card, rendered for its contact."""
    return push(_list_card(ctx, args, ""))


@action
def search_templates(ctx: Context, args: TemplatesAt) -> Intent:
    """Show the templates whose name has the typed words in it."""
    return update(_list_card(ctx, args, ctx.event.text("query")))


@action
def refresh_templates(ctx: Context, args: TemplatesAt) -> Intent:
    """Read the templates from Close again (a coworker may have changed one)."""
    forget_templates(ctx)
    return update(_list_card(ctx, args, ctx.event.text("query"))).with_notification(
        "Templates reloaded"
    )


@action
def open_template(ctx: Context, args: TemplateAt) -> Intent:
    """Show one template, as the person it was opened for would receive it."""
    template = close_templates.get_template(ctx.close, args.template_id)
    return push(_template_card(ctx, args, template))


@action
def edit_template_field(ctx: Context, args: FieldAt) -> Intent:
    """Show one field's form, prefilled with what Close holds."""
    template = close_templates.get_template(ctx.close, args.template_id)
    value = str(getattr(template, args.field))
    form = card.FieldForm(template.name, args.field, value, _save(args))
    return push(card.field_form(form))


@action
def save_template_field(ctx: Context, args: FieldAt) -> Intent:
    """Send the field to Close; a refusal comes back on the form, as typed."""
    typed = (ctx.event.texts(args.field) or [""])[0]
    value = typed if args.field == "body" else typed.strip()
    form = card.FieldForm("", args.field, typed, _save(args))
    if args.field == "name" and not value:
        form = replace(form, template_name=_name(ctx, args), error="Give the template a name.")
        return update(card.field_form(form))
    try:
        with changing_templates(ctx):
            saved = close_templates.update_template(
                ctx.close, args.template_id, **{args.field: value}
            )
    except CloseError as exc:
        problem = form_problem(exc)
        error = problem.field_errors.get(args.field)
        others = [f"{k}: {v}" for k, v in problem.field_errors.items() if k != args.field]
        message = " ".join([problem.message, *others])
        form = replace(form, template_name=_name(ctx, args), problem=message, error=error)
        return update(card.field_form(form))
    said = f"{card.LABELS[args.field]} saved"
    return _rebuilt(ctx, args, saved).with_notification(said)


@action
def share_template(ctx: Context, args: ShareAt) -> Intent:
    """Share the template with the team, or make it the user's own again."""
    try:
        with changing_templates(ctx):
            saved = close_templates.update_template(
                ctx.close, args.template_id, is_shared=args.shared
            )
    except CloseValidationError as exc:
        # Close keeps a template that a sequence sends shared; say so on its card.
        template = close_templates.get_template(ctx.close, args.template_id)
        sequences = template.sequence_names
        if not args.shared and sequences:
            message = f"Close keeps it shared: the sequence {', '.join(sequences)} sends it."
        else:
            reason = "; ".join([*exc.errors, *exc.field_errors.values()]) or exc.message
            message = f"Close did not change its sharing: {reason}"
        return update(_template_card(ctx, args, template, message=message))
    said = "Shared with your team" if saved.is_shared else "Only you can see it now"
    return _rebuilt(ctx, args, saved).with_notification(said)


@action
def confirm_archive(ctx: Context, args: TemplateAt) -> Intent:
    """Ask before archiving a template."""
    template = close_templates.get_template(ctx.close, args.template_id)
    view = card.ArchiveView(template.name, click(archive_template, args), template.sequence_names)
    return push(card.archive_card(view))


@action
def archive_template(ctx: Context, args: TemplateAt) -> Intent:
    """Archive the template; the list it leaves is shown again."""
    with changing_templates(ctx):
        archived = close_templates.archive_template(ctx.close, args.template_id)
    listed = update(_list_card(ctx, args, ""))
    return _to_list().then(listed).with_notification(f"Archived “{archived.name}”")


@action
def new_template_form(ctx: Context, args: TemplatesAt) -> Intent:
    """Show the form for a new template."""
    save = _create(NewAt(**_place(args), form_id=new_form_id()))
    return push(card.new_form(card.NewForm(card.NewTemplate(), save)))


@action
def create_template(ctx: Context, args: NewAt) -> Intent:
    """Create the template in Close, once however often Save is pressed."""
    event = ctx.event
    entries = card.NewTemplate(
        name=event.text("name"),
        subject=event.text("subject"),
        body=(event.texts("body") or [""])[0],
        shared="1" in event.texts("is_shared"),
    )
    form = card.NewForm(entries, _create(args))
    if not entries.name:
        errors = {"name": "Give the template a name."}
        return update(card.new_form(replace(form, errors=errors)))
    me = ctx.require_settings().close_user_id
    fields = {"name": entries.name, "subject": entries.subject, "body": entries.body}
    try:
        # Only the id goes into the ledger of forms, never what was typed.
        made = create_once(
            ctx,
            args.form_id,
            lambda: {
                "id": close_templates.create_template(ctx.close, **fields, shared=entries.shared).id
            },
            find_existing=lambda: _id_of(
                close_templates.find_created_template(ctx.close, user_id=me, **fields)
            ),
        )
    except (CloseError, NotFoundYet) as exc:
        problem = form_problem(exc)
        form = replace(form, problem=problem.message, errors=problem.field_errors)
        return update(card.new_form(form))
    finally:
        forget_templates(ctx)
    template = close_templates.get_template(ctx.close, str(made["id"]))
    at = TemplateAt(**_place(args), template_id=template.id)
    shown = _template_card(ctx, at, template)
    listed = _list_card(ctx, args, "")
    intent = _to_list().then(update(listed)).then(push(shown))
    return intent.with_notification(f"Created “{template.name}”")


def _place(at: TemplatesAt) -> dict[str, Any]:
    """Return where the screen was opened, for a button of one of its cards."""
    return {"lead_id": at.lead_id, "contact_id": at.contact_id}


def _list_card(ctx: Context, at: TemplatesAt, query: str) -> Json:
    templates = cached_templates(ctx)
    for_whom = _for_whom(ctx, at)
    place = TemplatesAt(**_place(at))
    return card.list_card(
        card.ListView(
            templates=templates,
            query=query,
            for_whom=for_whom,
            open_template={
                t.id: click(open_template, TemplateAt(**_place(at), template_id=t.id))
                for t in templates
            },
            search=click(search_templates, place, persist_values=True),
            new_template=click(new_template_form, place),
            refresh=click(refresh_templates, place, persist_values=True),
            manage_url=templates_url(ctx.services.config),
        )
    )


def _template_card(
    ctx: Context, at: TemplateAt, template: EmailTemplate, *, message: str | None = None
) -> Json:
    """Return a template's card, rendered by Close for the person it was opened for."""
    subject = body = for_whom = None
    if at.person is not None:
        lead_id, contact_id = at.person
        # The person may have left Close since the card was opened: then it shows as written.
        with suppress(CloseNotFound, CloseValidationError):
            text = close_templates.template_text(
                ctx.close, template.id, lead_id=lead_id, contact_id=contact_id
            )
            subject, body = text.subject or "", text.body or ""
            names = (text.contact_display_name, text.lead_display_name)
            for_whom = " · ".join(n for n in names if n) or None
    base = {**_place(at), "template_id": template.id}
    edits = {f: click(edit_template_field, FieldAt(**base, field=f)) for f in FIELDS}
    share = click(share_template, ShareAt(**base, shared=not template.is_shared))
    view = card.TemplateView(
        template=template,
        edit=edits,
        share=share,
        archive=click(confirm_archive, TemplateAt(**base)),
        for_whom=for_whom,
        subject=subject,
        body=body,
        message=message,
    )
    return card.template_card(view)


def _save(args: FieldAt) -> Json:
    return click(save_template_field, args, persist_values=True)


def _create(args: NewAt) -> Json:
    return click(create_template, args, persist_values=True)


def _rebuilt(ctx: Context, at: TemplateAt, template: EmailTemplate) -> Intent:
    """Return the list and the template shown again fresh, the form closed."""
    listed = update(_list_card(ctx, at, ""))
    return _to_list().then(listed).then(push(_template_card(ctx, at, template)))


def _to_list() -> Intent:
    return Intent(navigations=({"popToCard": card.LIST_CARD},))


def _name(ctx: Context, at: TemplateAt) -> str:
    """Return the template's name for a form shown again (blank if Close cannot say)."""
    with suppress(CloseError):
        return close_templates.get_template(ctx.close, at.template_id).name
    return ""


def _id_of(template: EmailTemplate | None) -> Json | None:
    return {"id": template.id} if template is not None else None


def _for_whom(ctx: Context, at: TemplatesAt) -> str | None:
    """Return the person templates are rendered for, in words, from the record cache."""
    if at.person is None:
        return None
    lead_id, contact_id = at.person
    with suppress(CloseError):
        data = Lookup(ctx).record(lead_id, contact_id=contact_id)
        contact = data.contact(contact_id)
        return " · ".join(n for n in (contact.label if contact else "", data.lead.label) if n)
    return None


def _email_person(ctx: Context) -> TemplatesAt:
    """Return the open email's first person in Close, to render templates for (if any)."""
    lookup = Lookup(ctx)
    try:
        thread = lookup.thread
        emails = tuple(a.email for a in thread.participants.everyone)
        if not emails or thread.participants.internal_only:
            return TemplatesAt()
        matches = lookup.matches(emails)
    except (NoMessage, UpstreamError):
        # Without the email's person the templates still open, shown as written.
        return TemplatesAt()
    for email in emails:
        for hit in matches.for_email(email):
            contact = _contact_at(hit, email)
            if contact is not None and contact.lead_id:
                return TemplatesAt(lead_id=contact.lead_id, contact_id=contact.id)
    return TemplatesAt()


def _contact_at(hit: Lead | Contact, email: str) -> Contact | None:
    if isinstance(hit, Contact):
        return hit
    contact = next((c for c in hit.contacts if c.has_email(email)), None)
    return contact.model_copy(update={"lead_id": hit.id}) if contact else None

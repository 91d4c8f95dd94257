"""The compose card: Close email templates, filled in for the person being written to."""

from __future__ import annotations

from dataclasses import dataclass

from addon.registry import click
from addon.screens.compose import handlers  # a module, not names: the handlers import this too
from addon.ui.format import shorten
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

MAX_TEMPLATES = 40


@dataclass(frozen=True)
class TemplateLine:
    """One template as the list shows it."""

    id: str
    name: str
    subject: str
    shared: bool


@dataclass(frozen=True)
class ComposeView:
    """Templates, and whom they will be filled in for (if the recipient is in Close)."""

    templates: tuple[TemplateLine, ...]
    recipient: str | None  # "Dana Whitfield (Brightlane Logistics)"
    lead_id: str | None
    contact_id: str | None
    templates_url: str


def compose_card(view: ComposeView) -> Json:
    """Return the template picker for the compose window."""
    for_whom = (
        f"Filled in for <b>{esc(view.recipient)}</b>."
        if view.recipient
        else "Add a recipient who is in Close to fill in their name and company."
    )
    shared = [t for t in view.templates if t.shared][:MAX_TEMPLATES]
    mine = [t for t in view.templates if not t.shared][: MAX_TEMPLATES - len(shared)]
    return card(
        section(paragraph(for_whom)),
        _templates(mine, "My templates", view),
        _templates(shared, "Shared templates", view),
        section(paragraph("No email templates in Close yet.")) if not view.templates else {},
        section(
            decorated(
                "Manage templates in Close",
                start_icon=icon("DESCRIPTION"),
                on_click=open_link(view.templates_url),
            )
        ),
        header=header("Close templates", view.recipient or "Insert into this email"),
        name="compose",
    )


def _templates(lines: list[TemplateLine], title: str, view: ComposeView) -> Json:
    widgets = [
        decorated(
            esc(t.name),
            bottom=esc(shorten(t.subject, 80)) if t.subject else None,
            start_icon=icon("EMAIL"),
            button=button("Insert", click(handlers.insert_template, _insert(t, view))),
        )
        for t in lines
    ]
    return section(*widgets, title=title)


def _insert(template: TemplateLine, view: ComposeView) -> handlers.TemplateArgs:
    return handlers.TemplateArgs(
        template_id=template.id,
        template_name=template.name,
        lead_id=view.lead_id,
        contact_id=view.contact_id,
    )

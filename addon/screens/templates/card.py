"""The Templates screen's cards: the list, one template, a field's form, a new template.

Built from plain values by the handlers (handlers.py), without I/O. A template is shown
as the open person would receive it when Close rendered it for them; otherwise as
written, its `{{ … }}` variables shown as words in brackets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Literal

from addon.close.models import EmailTemplate
from addon.crm.template_variables import TAG, readable_text, readable_variable
from addon.registry import click
from addon.screens.error import back
from addon.ui.format import cut_keeping_lines, shorten
from addon.ui.widgets import (
    AMBER_TEXT,
    DANGER_RED,
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    footer,
    header,
    icon,
    open_link,
    paragraph,
    section,
    selection,
    text_input,
    tinted,
)

LIST_CARD = "templates"
TEMPLATE_CARD = "template"
MAX_SHOWN = 30  # lines on the list; a search by name finds the rest
MAX_BODY = 2_000  # characters of a body on the template's card; the form has all of it
TITLE = 60  # characters of a name in a card's header
LINE_NAME = 80  # characters of a name on the list; the template's card has all of it

TemplateField = Literal["name", "subject", "body"]
LABELS: dict[TemplateField, str] = {"name": "Name", "subject": "Subject", "body": "Body"}


@dataclass(frozen=True)
class ListView:
    """The list: the templates matching the search, split by who can see them."""

    templates: tuple[EmailTemplate, ...]  # every non-archived template the user may see
    query: str
    for_whom: str | None  # "Dana Scully · Acme": whose rendering a template opens with
    open_template: Mapping[str, Json]  # template id → its line's onClick
    search: Json
    new_template: Json
    refresh: Json
    manage_url: str

    @property
    def matching(self) -> tuple[EmailTemplate, ...]:
        wanted = self.query.casefold().strip()
        return tuple(t for t in self.templates if wanted in t.name.casefold())


def list_card(view: ListView) -> Json:
    """Return the Templates card: a search, My templates, Shared templates."""
    found = view.matching
    shown = found[:MAX_SHOWN]
    mine = [t for t in shown if not t.is_shared]
    shared = [t for t in shown if t.is_shared]
    if not view.templates:
        empty = "No email templates yet. Create one, and it shows here and in the compose window."
    elif not found:
        empty = f"No template name has “{esc(view.query)}” in it."
    else:
        empty = ""
    more = (
        f"Showing {len(shown)} of {len(found)}. Search by name to find the others."
        if len(found) > len(shown)
        else ""
    )
    return card(
        section(
            text_input("query", "Search by name", value=view.query or None),
            buttons(
                button("Search", view.search),
                button("New template", view.new_template, filled=True),
                button("Refresh", view.refresh),
            ),
            paragraph(empty) if empty else None,
            paragraph(tinted(esc(more), GREY_TEXT)) if more else None,
        ),
        _lines(mine, "My templates", view),
        _lines(shared, "Shared templates", view),
        section(
            decorated(
                "Manage templates in Close",
                start_icon=icon("DESCRIPTION"),
                on_click=open_link(view.manage_url),
            )
        ),
        header=header(
            "Email templates",
            f"For {view.for_whom}" if view.for_whom else "Yours and your team's",
        ),
        name=LIST_CARD,
    )


def _lines(templates: list[EmailTemplate], title: str, view: ListView) -> Json:
    return section(
        *(
            decorated(
                esc(shorten(t.name, LINE_NAME)),
                bottom=esc(shorten(readable_text(t.subject), 80)) if t.subject else None,
                start_icon=icon("EMAIL"),
                on_click=view.open_template[t.id],
            )
            for t in templates
        ),
        title=title,
    )


@dataclass(frozen=True)
class TemplateView:
    """One template: as written, and as Close rendered it for the open person if it did."""

    template: EmailTemplate
    edit: Mapping[TemplateField, Json]  # each field's Edit
    share: Json  # shares it, or stops sharing it
    archive: Json  # asks first
    for_whom: str | None = None  # whom `subject` and `body` are rendered for
    subject: str | None = None  # rendered by Close; None: shown as written
    body: str | None = None
    message: str | None = None  # a refusal from Close, in words


def template_card(view: TemplateView) -> Json:
    """Return a template's card: name, subject and body, each with Edit; share; archive."""
    t = view.template
    rendered = view.subject is not None or view.body is not None
    subject = _text(view.subject or "") if rendered else _written(t.subject)
    body = _text(view.body or "") if rendered else _written(_plain(t.body))
    about = (
        f"As <b>{esc(view.for_whom)}</b> would receive it, filled in by Close."
        if rendered and view.for_whom
        else "As written. Open it from an email or a record to see it filled in for that person."
    )
    return card(
        section(paragraph(tinted(f"<b>{esc(view.message)}</b>", RED_TEXT))) if view.message else {},
        section(
            paragraph(tinted(about, GREY_TEXT)),
            _line("Name", esc(t.name), view.edit["name"]),
            _line("Subject", subject or tinted("No subject", GREY_TEXT), view.edit["subject"]),
            _line("Body", body or tinted("Empty", GREY_TEXT), view.edit["body"]),
        ),
        section(
            decorated(
                "Shared with your team" if t.is_shared else "Only you can see and use it",
                start_icon=icon("MULTIPLE_PEOPLE" if t.is_shared else "PERSON"),
            ),
            buttons(
                button("Stop sharing" if t.is_shared else "Share with team", view.share),
                button("Archive", view.archive, color=DANGER_RED),
            ),
        ),
        header=header(shorten(t.name, TITLE), "Email template"),
        name=TEMPLATE_CARD,
    )


def _line(label: str, html: str, edit: Json) -> Json:
    return decorated(html, top=label, button=button("Edit", edit, alt_text=f"Edit {label}"))


def _text(text: str) -> str:
    """Return plain text (or a simple HTML body, made plain) as card HTML."""
    return _lines_html(_plain(text))


def _lines_html(text: str) -> str:
    # split, not splitlines: a piece of text ending in a line break keeps it (before a tag).
    return "<br>".join(esc(line) for line in text.replace("\r\n", "\n").split("\n"))


def _written(text: str) -> str:
    """Return text as written, its variables as words in brackets: [contact first name]."""
    parts, at = [], 0
    for match in TAG.finditer(text):
        parts.append(_lines_html(text[at : match.start()]))
        parts.append(tinted(esc(f"[{readable_variable(match[1])}]"), AMBER_TEXT))
        at = match.end()
    parts.append(_lines_html(text[at:]))
    return "".join(parts)


class _TextOnly(HTMLParser):
    """The text of simple HTML, a line break for each block or <br>."""

    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(text: str) -> str:
    """Return a body as plain text: Close templates are plain text or simple HTML."""
    if "<" not in text or ">" not in text:
        return cut_keeping_lines(text, MAX_BODY)
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return cut_keeping_lines(unescape("".join(parser.parts)).strip(), MAX_BODY)


@dataclass(frozen=True)
class FieldForm:
    """The form for one field of a template, its value as typed and any problem."""

    template_name: str
    field: TemplateField
    value: str
    save: Json
    problem: str | None = None
    error: str | None = None  # shown under the input


HINTS: dict[TemplateField, str] = {
    "name": "What you and your team see in the template lists",
    "subject": "Variables such as {{ contact.first_name }} are filled in by Close",
    "body": "Variables such as {{ contact.first_name }} are filled in by Close",
}


def field_form(form: FieldForm) -> Json:
    """Return the card that edits one field, prefilled, with Save and Cancel."""
    label = LABELS[form.field]
    return card(
        section(
            paragraph(tinted(f"<b>{esc(form.problem)}</b>", RED_TEXT)) if form.problem else None,
            text_input(
                form.field,
                label,
                value=form.value,
                hint=HINTS[form.field],
                multiline=form.field == "body",
            ),
            paragraph(tinted(esc(form.error), RED_TEXT)) if form.error else None,
        ),
        header=header(f"Edit {label.lower()}", shorten(form.template_name, TITLE)),
        name="template_field",
        footer=footer(button("Save", form.save), button("Cancel", click(back))),
    )


@dataclass(frozen=True)
class NewTemplate:
    """What the new-template form holds, as typed."""

    name: str = ""
    subject: str = ""
    body: str = ""
    shared: bool = False


@dataclass(frozen=True)
class NewForm:
    """The new-template form, with a problem and errors by field when shown again."""

    entries: NewTemplate
    save: Json
    problem: str | None = None
    errors: Mapping[str, str] = field(default_factory=dict)


def new_form(form: NewForm) -> Json:
    """Return the form that creates a template: name, subject, body, and whether shared."""
    e = form.entries

    def error(name: str) -> Json | None:
        text = form.errors.get(name)
        return paragraph(tinted(esc(text), RED_TEXT)) if text else None

    known = {"name", "subject", "body", "is_shared"}
    stray = [f"{k}: {v}" for k, v in form.errors.items() if k not in known]
    problem = " ".join(p for p in (form.problem, *stray) if p)
    return card(
        section(
            paragraph(tinted(f"<b>{esc(problem)}</b>", RED_TEXT)) if problem else None,
            text_input("name", "Name", value=e.name, hint="e.g. Follow-up after demo"),
            error("name"),
            text_input("subject", "Subject", value=e.subject, hint=HINTS["subject"]),
            error("subject"),
            text_input("body", "Body", value=e.body, multiline=True),
            error("body"),
            selection(
                "is_shared",
                "Sharing",
                [("Share with your team", "1")],
                selected=["1"] if e.shared else [],
                kind="CHECK_BOX",
            ),
            error("is_shared"),
        ),
        header=header("New template", "Email template in Close"),
        name="new_template",
        footer=footer(button("Save", form.save), button("Cancel", click(back))),
    )


@dataclass(frozen=True)
class ArchiveView:
    name: str
    confirm: Json
    sequences: tuple[str, ...] = ()  # the sequences that send the template


def archive_card(view: ArchiveView) -> Json:
    """Return the confirmation before archiving a template."""
    return card(
        section(
            paragraph(
                f"Archive <b>{esc(view.name)}</b>? It leaves the template lists, yours and your "
                "team's. Emails already sent with it are not changed."
            ),
            paragraph(tinted(esc(_sent_by(view.sequences)), AMBER_TEXT))
            if view.sequences
            else None,
            buttons(
                button("Archive", view.confirm, color=DANGER_RED),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Archive template", shorten(view.name, TITLE)),
        name="archive_template",
    )


def _sent_by(sequences: tuple[str, ...]) -> str:
    """Return "The sequence X sends it." (said before archiving a template a sequence uses)."""
    if len(sequences) == 1:
        return f"The sequence {sequences[0]} sends it."
    return f"The sequences {', '.join(sequences)} send it."

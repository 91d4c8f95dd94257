"""Filling a Close template's `{{ object.field }}` tags ourselves, when Close cannot render it.

Close renders a template only for a lead and contact; for anyone else we fill what we know
(the user's own fields) and leave the rest empty, so a draft never gets raw braces. A tag
left empty takes the space or comma that led up to it along ("Hi {{ contact.first_name }},"
becomes "Hi,", not "Hi ,").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

# Any tag, including ones with filters (`{{ contact.first_name|default:"there" }}`).
TAG = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
# A blank tag while the text around it is tidied: a character no template contains.
_BLANK = "\ufffc"
# Where a line ends, in plain text or in the HTML body (`<br>`, `</p>`).
_LINE_END = r"(?=[ \t]*(?:$|\n|<))"
_TIDY_STEPS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # "{{ first_name }} {{ last_name }}" both blank: one blank.
    (re.compile(rf"{_BLANK}(?:[ \t]*{_BLANK})+"), _BLANK),
    # "{{ name }}, thanks…" at a line's start: the comma goes, and the sentence now starts
    # with the next word, so it takes a capital.
    (
        re.compile(rf"(^|\n|>)[ \t]*{_BLANK}[ \t]*[,;:]?[ \t]*([a-z]?)", re.MULTILINE),
        lambda m: m[1] + m[2].upper(),
    ),
    # "Quick intro, {{ name }}" at a line's end, or before "!": the comma goes too.
    (re.compile(rf"[ \t]*,[ \t]*{_BLANK}(?:{_LINE_END}|(?=[.!?]))", re.MULTILINE), ""),
    # "Hi {{ name }}," or "Hi {{ name }}" at a line's end: the space before it goes.
    (re.compile(rf"[ \t]+{_BLANK}(?=[,.!?;:)]|{_LINE_END})", re.MULTILINE), ""),
    # "at {{ company }} on": one space stays between the words.
    (re.compile(rf"[ \t]{_BLANK}(?=[ \t])"), ""),
    (re.compile(_BLANK), ""),
)
# The one filter with a say on a blank: `{{ contact.first_name|default:"there" }}`.
_DEFAULT = re.compile(r"^(?P<name>[^|]+?)\s*\|\s*default\s*:\s*(['\"])(?P<value>.*)\2$")
# A gap Close's rendering leaves: "Hi ," for "Hi {{ contact.first_name }},", and a subject
# ending "Quick intro, ".
_GAP_BEFORE_COMMA = re.compile(r"(\w)[ \t]+,")
_TRAILING_COMMA = re.compile(r"[ \t]*,[ \t]*\Z")
# A readable stand-in for a variable no one can fill yet, as shown in the template list.
_PLACEHOLDERS = {
    "contact.first_name": "First name",
    "contact.last_name": "Last name",
    "contact.name": "Name",
    "contact.display_name": "Name",
    "contact.title": "Title",
    "contact.email": "Email",
    "lead.display_name": "Company",
    "lead.name": "Company",
    "organization.name": "My company",
    "user.first_name": "My first name",
    "user.last_name": "My last name",
    "user.full_name": "My name",
    "user.email": "My email",
}


@dataclass(frozen=True)
class FilledTemplate:
    """A template's subject and HTML body with every tag replaced, and the tags left blank."""

    subject: str
    body_html: str
    unfilled: tuple[str, ...]  # each once, in the order they first appear


def fill_template(subject: str, body_html: str, values: Mapping[str, str]) -> FilledTemplate:
    """Fill tags whose name is in `values`; every other tag is dropped and the text tidied."""
    unfilled: dict[str, None] = {}

    def fill(text: str, *, html: bool) -> str:
        def value(match: re.Match[str]) -> str:
            name, default = _name_and_default(match[1])
            found = values.get(name) or default
            if found:
                return escape(found) if html else found
            unfilled.setdefault(match[1])
            return _BLANK

        return tidy_blanks(TAG.sub(value, text.replace(_BLANK, "")))

    filled_subject = fill(subject, html=False).strip()
    filled_body = fill(body_html, html=True)
    return FilledTemplate(filled_subject, filled_body, tuple(unfilled))


def _name_and_default(tag: str) -> tuple[str, str]:
    """Split `contact.first_name|default:"there"` into the variable and its default."""
    found = _DEFAULT.match(tag)
    return (found["name"], found["value"]) if found else (tag, "")


def tidy_blanks(text: str) -> str:
    """Remove the blank markers in `text` with the space or comma that led up to each."""
    for pattern, replacement in _TIDY_STEPS:
        text = pattern.sub(replacement, text)
    return text


def tidy_rendered(text: str) -> str:
    """Tidy a text Close rendered, where a value Close lacked left a gap ("Hi ,").

    Close renders missing values as empty text and says not where: only gaps no one
    types are closed (a space before a comma, a comma ending the text).
    """
    text = _GAP_BEFORE_COMMA.sub(r"\1,", text)
    return _TRAILING_COMMA.sub("", text)


def preview_subject(subject: str, values: Mapping[str, str]) -> str:
    """Return a subject for a list: filled where known, else "[First name]" and the like."""

    def value(match: re.Match[str]) -> str:
        name, default = _name_and_default(match[1])
        return values.get(name) or default or f"[{readable_variable(name)}]"

    return TAG.sub(value, subject)


def readable_variable(tag: str) -> str:
    """Return a variable's name as a salesperson says it: "First name" for contact.first_name."""
    name = tag.split("|", 1)[0].strip()
    if name in _PLACEHOLDERS:
        return _PLACEHOLDERS[name]
    field = name.rsplit(".", 1)[-1].replace("_", " ").strip()
    return field[:1].upper() + field[1:] if field else "…"


def readable_text(text: str) -> str:
    """Return text with its variables as words in brackets: "Hi [First name]"."""
    return TAG.sub(lambda match: f"[{readable_variable(match[1])}]", text)


def as_html(body: str) -> str:
    """Return a template's body as HTML for a draft."""
    # Close templates are plain text or simple HTML; plain text keeps its line breaks.
    if "<" in body and ">" in body:
        return body
    return "<br>".join(escape(line) for line in body.splitlines())

"""Filling a Close template's `{{ object.field }}` tags ourselves, when Close cannot render it.

Close renders a template only for a lead and contact; for anyone else we fill what we know
(the user's own fields) and leave the rest empty, so a draft never gets raw braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

# Any tag, including ones with filters (`{{ contact.first_name|default:"there" }}`).
_TAG = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)


@dataclass(frozen=True)
class FilledTemplate:
    """A template's subject and HTML body with every tag replaced, and the tags left blank."""

    subject: str
    body_html: str
    unfilled: tuple[str, ...]  # each once, in the order they first appear


def fill_template(subject: str, body_html: str, values: Mapping[str, str]) -> FilledTemplate:
    """Fill tags whose name is in `values`; every other tag becomes empty text."""
    unfilled: dict[str, None] = {}

    def fill(text: str, *, html: bool) -> str:
        def value(match: re.Match[str]) -> str:
            name = match[1]
            if name in values:
                return escape(values[name]) if html else values[name]
            unfilled.setdefault(name)
            return ""

        return _TAG.sub(value, text)

    filled_subject = fill(subject, html=False)
    filled_body = fill(body_html, html=True)
    return FilledTemplate(filled_subject, filled_body, tuple(unfilled))

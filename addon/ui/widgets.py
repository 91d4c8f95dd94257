"""A small widget toolkit for Google's card JSON (card v1 as add-ons use it).

Each builder returns plain dicts in the wire format, leaving out what is unset. Text
widgets take simple HTML, so anything that comes from Close or from an email goes
through `esc` first. Buttons that post back to the add-on get their onClick from
`registry.click`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any, Literal

Json = dict[str, Any]

CLOSE_BLUE = {"red": 0.16, "green": 0.38, "blue": 0.91}
DANGER_RED = {"red": 0.78, "green": 0.16, "blue": 0.16}
NEUTRAL_GREY = {"red": 0.45, "green": 0.45, "blue": 0.45}

# Colours for text inside simple HTML: problems, asides, and edits waiting to be sent.
RED_TEXT, GREY_TEXT, AMBER_TEXT = "#c5221f", "#5f6368", "#b06000"


def _set(**fields: Any) -> Json:
    """Return the fields that are set, in order (the wire format leaves out the rest)."""
    return {key: value for key, value in fields.items() if value}


def esc(text: object) -> str:
    """Escape data for a widget that renders simple HTML."""
    return escape(str(text), quote=False)


def tinted(html: str, color: str) -> str:
    """Return simple HTML (already escaped) in a text colour."""
    return f'<font color="{color}">{html}</font>'


def open_link(url: str) -> Json:
    """Return an onClick that opens a URL in a new tab."""
    return {"openLink": {"url": url}}


def card(*sections: Json, header: Json, name: str, footer: Json | None = None) -> Json:
    """Return a card with the given sections (empty sections are dropped)."""
    body: Json = {
        "name": name,
        "header": header,
        "sections": [s for s in sections if s.get("widgets")],
    }
    if footer:
        body["fixedFooter"] = footer
    return body


def header(title: str, subtitle: str | None = None) -> Json:
    """Return a card header; titles and subtitles are plain text."""
    return {"title": title, "subtitle": subtitle} if subtitle else {"title": title}


def section(
    *widgets: Json | None,
    title: str | None = None,
    collapsible: bool = False,
    visible: int | None = None,
) -> Json:
    """Return a section; None widgets are skipped so callers can write conditionals inline."""
    body: Json = {**_set(header=title), "widgets": [w for w in widgets if w]}
    if collapsible:
        body["collapsible"] = True
        if visible is not None:
            body["uncollapsibleWidgetsCount"] = visible
    return body


def paragraph(html: str) -> Json:
    """Return a text paragraph (simple HTML; escape data with `esc`)."""
    return {"textParagraph": {"text": html}}


def icon(known: str) -> Json:
    """Return one of Google's built-in icons by name (EMAIL, PERSON, CLOCK, …)."""
    return {"knownIcon": known}


def decorated(
    text: str,
    *,
    top: str | None = None,
    bottom: str | None = None,
    start_icon: Json | None = None,
    on_click: Json | None = None,
    button: Json | None = None,
    switch: Json | None = None,
) -> Json:
    """Return a decorated text line with optional labels, icon, click and one control."""
    if button and switch:
        raise ValueError("a decorated text holds one control: a button or a switch")
    labels = _set(topLabel=top, bottomLabel=bottom, startIcon=start_icon, onClick=on_click)
    control = _set(button=button, switchControl=switch)
    return {"decoratedText": {"text": text, **labels, **control, "wrapText": True}}


def button(
    text: str,
    on_click: Json,
    *,
    filled: bool = False,
    color: Mapping[str, float] | None = None,
    alt_text: str | None = None,
) -> Json:
    """Return a text button; `filled` paints it in Close blue unless a color is given.

    `alt_text` is what screen readers say where the short label needs more words.
    """
    painted = dict(color or CLOSE_BLUE) if filled or color else None
    return {"text": text, "onClick": on_click, **_set(color=painted, altText=alt_text)}


def buttons(*items: Json | None) -> Json | None:
    """Return a button row, or None when no button is left."""
    kept = [b for b in items if b]
    return {"buttonList": {"buttons": kept}} if kept else None


def footer(primary: Json, secondary: Json | None = None) -> Json:
    """Return a fixed footer; Google needs text and a color on footer buttons."""
    second = _colored(secondary, NEUTRAL_GREY) if secondary else None
    return {"primaryButton": _colored(primary, CLOSE_BLUE), **_set(secondaryButton=second)}


def _colored(btn: Json, color: Mapping[str, float]) -> Json:
    return btn if "color" in btn else {**btn, "color": dict(color)}


def text_input(
    name: str,
    label: str,
    *,
    value: str | None = None,
    hint: str | None = None,
    multiline: bool = False,
) -> Json:
    """Return a text input.

    Values are checked on the server, never with Google's `validation.inputType`: while
    such an input holds a value it refuses, Gmail blocks every button of the card,
    Cancel included, and its own message cannot say what to type instead ("80,000").
    """
    body: Json = {"name": name, "label": label, **_set(value=value, hintText=hint)}
    body["type"] = "MULTIPLE_LINE" if multiline else "SINGLE_LINE"
    return {"textInput": body}


SelectionKind = Literal["DROPDOWN", "RADIO_BUTTON", "CHECK_BOX", "SWITCH", "MULTI_SELECT"]


def selection(
    name: str,
    label: str,
    options: Iterable[tuple[str, str]],
    *,
    selected: Iterable[str] = (),
    kind: SelectionKind = "DROPDOWN",
) -> Json:
    """Return a selection input from (text, value) options, marking the selected values."""
    chosen = set(selected)
    items = [{"text": t, "value": v, "selected": v in chosen} for t, v in options]
    body: Json = {"name": name, "label": label, "type": kind, "items": items[:100]}
    return {"selectionInput": body}


def switch(name: str, *, selected: bool, on_change: Json | None = None) -> Json:
    """Return a switch control for a decorated text; the event carries the input only when on."""
    body: Json = {"name": name, "value": "on", "selected": selected, "controlType": "SWITCH"}
    if on_change:
        body["onChangeAction"] = on_change["action"]
    return body


def date_picker(
    name: str,
    label: str,
    *,
    value_ms: int | None = None,
    with_time: bool = False,
) -> Json:
    """Return a date picker (date and time with `with_time`); its value is in milliseconds.

    A date-only picker's value is midnight UTC of the date.
    """
    body: Json = {
        "name": name,
        "label": label,
        "type": "DATE_AND_TIME" if with_time else "DATE_ONLY",
    }
    if value_ms is not None:
        body["valueMsEpoch"] = str(value_ms)
    return {"dateTimePicker": body}

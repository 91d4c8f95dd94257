"""Cards that say what went wrong and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

from addon.ui.widgets import Json, button, buttons, card, esc, header, paragraph, section

ERROR_CARD = "error"


@dataclass(frozen=True)
class Remedy:
    """A button that helps, and what it does.

    `on_click` is a handler's `click(…)` (try again, go back, reconnect) or a page's
    `open_link(…)`.
    """

    label: str
    on_click: Json


@dataclass(frozen=True)
class ErrorView:
    """A problem in words a salesperson can act on."""

    title: str
    what_happened: str
    what_to_do: str
    remedies: tuple[Remedy, ...] = ()
    details: tuple[str, ...] = ()


def error_card(view: ErrorView) -> Json:
    """Return an error card: what happened, what to do, and the buttons that help."""
    return card(
        section(
            paragraph(f"<b>{esc(view.what_happened)}</b>"),
            *(paragraph(f"• {esc(line)}") for line in view.details),
            paragraph(esc(view.what_to_do)),
            buttons(*(_remedy_button(r) for r in view.remedies)),
        ),
        header=header(view.title, "Close for Gmail"),
        name=ERROR_CARD,
    )


def _remedy_button(remedy: Remedy) -> Json:
    # What stays in the add-on is the filled button; a page opens in a new tab.
    return button(remedy.label, remedy.on_click, filled="openLink" not in remedy.on_click)

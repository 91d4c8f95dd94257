"""Cards that say what went wrong and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

from addon.ui.widgets import (
    Json,
    action,
    button,
    buttons,
    card,
    esc,
    header,
    open_link,
    paragraph,
    section,
)

ERROR_CARD = "error"


@dataclass(frozen=True)
class Remedy:
    """A button that helps: retry the same thing, open a page, or reconnect."""

    label: str
    action_name: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    url: str | None = None


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
    if remedy.url:
        return button(remedy.label, open_link(remedy.url))
    return button(
        remedy.label, action(remedy.action_name or "back", dict(remedy.params)), filled=True
    )

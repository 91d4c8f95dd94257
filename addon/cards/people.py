"""The thread's people: who else is on it, whether they are in Close, and the no-match card."""

from __future__ import annotations

from dataclasses import dataclass

from addon.cards.widgets import (
    Json,
    action,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    paragraph,
    section,
)

MAX_LISTED = 12


@dataclass(frozen=True)
class Participant:
    """Someone on the thread, and what Close knows of them."""

    email: str
    name: str
    matches: int
    label: str | None = None  # the first match's lead or contact name
    automated: bool = False

    @property
    def display(self) -> str:
        return self.name or self.email


def participants_section(people: tuple[Participant, ...], *, title: str = "On this thread") -> Json:
    """Return a section listing participants, each one click from their own card."""
    lines = [_line(p) for p in people[:MAX_LISTED]]
    if len(people) > MAX_LISTED:
        lines.append(paragraph(f"<i>and {len(people) - MAX_LISTED} more</i>"))
    return section(*lines, title=title, collapsible=len(lines) > 4, visible=3)


def _line(person: Participant) -> Json:
    if person.automated:
        status = "Automated sender"
    elif person.matches == 1:
        status = f"In Close · {person.label}"
    elif person.matches > 1:
        status = f"In Close · {person.matches} matches"
    else:
        status = "Not in Close"
    return decorated(
        esc(person.display),
        top=esc(person.email) if person.name else None,
        bottom=esc(status),
        start_icon=icon("PERSON"),
        on_click=action("open_person", {"email": person.email}),
    )


@dataclass(frozen=True)
class NoMatchView:
    """A person who is not in Close, and everyone else on the thread."""

    person: Participant
    others: tuple[Participant, ...]
    company_domain: str | None


def no_match_card(view: NoMatchView) -> Json:
    """Return the card for someone Close does not know."""
    person = view.person
    if person.automated:
        advice = (
            "This looks like an automated sender (no-reply, notifications or a mailing "
            "list), so there is nobody to add to Close."
        )
    else:
        advice = f"{esc(person.email)} is not in Close yet."
    return card(
        section(
            decorated(
                esc(person.display),
                top=esc(person.email) if person.name else None,
                start_icon=icon("PERSON"),
            ),
            paragraph(advice),
            buttons(button("Refresh", action("refresh", {"email": person.email}))),
        ),
        participants_section(view.others) if view.others else {},
        header=header(person.display, "Not in Close"),
        name="person",
    )


def internal_card(coworkers: tuple[str, ...]) -> Json:
    """Return the card for mail between coworkers only: nothing is looked up."""
    names = ", ".join(esc(c) for c in coworkers[:6])
    return card(
        section(
            paragraph(
                "This conversation is between you and your coworkers only, so Close for Gmail "
                "does not look anyone up."
            ),
            paragraph(f"<i>{names}</i>") if names else None,
        ),
        header=header("Internal email", "Nothing to show from Close"),
        name="internal",
    )

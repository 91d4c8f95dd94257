"""The thread's people: who else is on it, whether they are in Close, and the no-match card.

The handlers these cards lead to build them, so each is imported where its button is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from addon.close.models import Lead
from addon.matching.names import is_company_name, is_role_address
from addon.registry import click
from addon.screens.refs import MAX_NAME, AddToLead, OnRecord, PersonArgs
from addon.ui.format import shorten
from addon.ui.widgets import (
    Json,
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
    add: Json | None = None  # the "Add to <lead>" button, if offered (offer_to_add)

    @property
    def display(self) -> str:
        """Return what the person is called: their name, else their address.

        A company's name on its shared inbox ("Brightlane Logistics" on billing@) is not
        theirs; it is shown above the address instead (`above`).
        """
        return self.email if not self.name or self.named_by_company else self.name

    @property
    def above(self) -> str | None:
        """Return the line over the display: the address under a name, else the company."""
        return self.email if self.display != self.email else self.name or None

    @property
    def named_by_company(self) -> bool:
        """Tell whether the display name is the company's, not a person's.

        An automated sender keeps its brand as its name ("Calendly"): nobody is behind it
        to name instead.
        """
        return not self.automated and is_company_name(self.name, self.email)

    @property
    def addable(self) -> bool:
        """Tell whether this person could be added to Close: unknown and not a robot."""
        return self.matches == 0 and not self.automated


def offer_to_add(
    people: tuple[Participant, ...],
    lead: Lead,
    at: OnRecord,
    new_form_id: Callable[[], str],
) -> tuple[Participant, ...]:
    """Give every addable participant a one-click way onto the lead a record card shows.

    `at` is that card, to rebuild it after the add; each button gets a form id of its
    own, so a double click or a retry adds the person once.
    """
    from addon.screens.create.handlers import add_participant

    def add(person: Participant) -> Json:
        args = AddToLead(
            **at.model_dump(),
            add_email=person.email,
            add_name=person.name[:MAX_NAME],
            form_id=new_form_id(),
        )
        return button(f"Add to {shorten(lead.label, 18)}", click(add_participant, args))

    # A shared inbox (billing@, a company's name) is no person to add in one tap: the
    # Add to Close form, where a name can be typed, stays open to it.
    one_tap = [
        p.addable and not p.named_by_company and not is_role_address(p.email) for p in people
    ]
    return tuple(replace(p, add=add(p)) if ok else p for p, ok in zip(people, one_tap, strict=True))


def participants_section(people: tuple[Participant, ...]) -> Json:
    """Return a section listing participants, each one click from their own card."""
    lines = [_line(p) for p in people[:MAX_LISTED]]
    if len(people) > MAX_LISTED:
        lines.append(paragraph(f"<i>and {len(people) - MAX_LISTED} more</i>"))
    return section(*lines, title="On this thread", collapsible=len(lines) > 4, visible=3)


def _line(person: Participant) -> Json:
    from addon.screens.record.handlers import open_person

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
        top=esc(person.above) if person.above else None,
        bottom=esc(status),
        start_icon=icon("PERSON"),
        on_click=click(open_person, PersonArgs(email=person.email)),
        button=person.add,
    )


def no_match_card(person: Participant, others: tuple[Participant, ...]) -> Json:
    """Return the card for someone Close does not know, and everyone else on the thread."""
    from addon.screens import home
    from addon.screens.create.handlers import add_to_close
    from addon.screens.record.handlers import RefreshArgs, refresh

    if person.automated:
        advice = (
            "This looks like an automated sender (no-reply, notifications or a mailing "
            "list), so there is nobody to add to Close."
        )
    else:
        advice = f"{esc(person.email)} is not in Close yet."
    add = PersonArgs(email=person.email, name=person.name[:MAX_NAME])
    return card(
        section(
            decorated(
                esc(person.display),
                top=esc(person.above) if person.above else None,
                start_icon=icon("PERSON"),
            ),
            paragraph(advice),
            buttons(
                button("Add to Close", click(add_to_close, add), filled=True)
                if person.addable
                else None,
                # They may be in Close under another address: look them up by name.
                button("Search Close", click(home.search, home.SearchArgs(query=person.name)))
                if person.name and not person.automated
                else None,
                button("Refresh", click(refresh, RefreshArgs(email=person.email))),
            ),
        ),
        participants_section(others) if others else {},
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

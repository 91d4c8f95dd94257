"""Activities: the latest on the record card, then a page at a time (Newer, Older), one line each.

Each type of Close activity looks like itself; unknown types stay plain. A line's text is
cut at one length, whatever the type. A line with more to read than it shows (an email's
body, a note cut short) opens to the whole activity, with a link to its lead in Close;
only those lines carry the action, which keeps the record card within its size.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from addon.close.models import Activity
from addon.close.records import ActivityPage, fetch_activity, load_activities
from addon.links import lead_url, templates_url
from addon.lookup import Lookup
from addon.registry import Args, Context, action, click
from addon.screens.record.view import RecordView
from addon.screens.refs import ContactId, LeadId
from addon.ui.format import Formatter, duration, money, shorten
from addon.ui.responses import Intent, push, update
from addon.ui.widgets import (
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    open_link,
    paragraph,
    section,
)

Line = tuple[str, str, str | None, str]  # (top label, text, bottom label, known icon)
Kind = Literal["note", "call", "email", "sms", "meeting"]
FULL_TEXT = 20_000  # beyond this even the opened activity sends the reader to Close
# The activity types that have more to read than their line, by the kind in Close's URLs.
OPENED: dict[str, Kind] = {
    "Note": "note",
    "Call": "call",
    "Email": "email",
    "SMS": "sms",
    "Meeting": "meeting",
}


class PageArgs(Args):
    """Which activities to show: whose, and how many newer ones to skip."""

    lead_id: LeadId
    contact_id: ContactId | None = None  # one contact's activities (contact view)
    skip: int = Field(default=0, ge=0)
    more: bool = False  # pressed on a page of activities: the next page replaces it


class ActivityArgs(Args):
    """One activity to open whole: its id, and its kind, which Close's URL for it names."""

    id: Annotated[str, StringConstraints(pattern=r"^acti_[A-Za-z0-9]{1,80}$")]
    kind: Kind


def activities_section(view: RecordView) -> Json:
    """Return the latest activities, with Older when there are more."""
    page = view.data.activities
    if page is None:
        return {}
    contact = view.contact if view.view == "contact" else None
    whose = PageArgs(lead_id=view.data.lead.id, contact_id=contact.id if contact else None)
    lines = _page_lines(page, whose, view.fmt, empty="No activity yet.")
    return section(*lines, title="Latest activity", collapsible=len(lines) > 4, visible=3)


@action
def activities_page(ctx: Context, args: PageArgs) -> Intent:
    """Show a page of activities; Older and Newer step through them, back to the first."""
    lookup = Lookup(ctx)
    per_page = lookup.settings.activities_per_page
    page = load_activities(
        ctx.close, args.lead_id, contact_id=args.contact_id, skip=args.skip, limit=per_page
    )
    whose = args.model_copy(update={"more": True})  # its Older and Newer replace this page
    lines = _page_lines(page, whose, ctx.formatter, empty="No older activity.", per_page=per_page)
    first, last = page.skip + 1, page.skip + len(page.items)
    shown = card(
        section(*lines, title=f"Activities {first}–{last}"),
        header=header(lookup.record(args.lead_id).lead.label, "Activity history"),
        name="activities",
    )
    return update(shown) if args.more else push(shown)


def _page_lines(
    page: ActivityPage,
    whose: PageArgs,
    fmt: Formatter,
    *,
    empty: str,
    per_page: int = 0,
) -> Sequence[Json | None]:
    """Return a page's activities, then Newer and Older for the pages beside it, if any.

    `per_page` is how far Newer steps back; the record card's latest have nothing newer.
    """
    lines = [activity_widget(a, fmt) for a in page.items]
    lines = lines or [paragraph(empty)]
    before = whose.model_copy(update={"skip": max(0, page.skip - per_page)})
    after = whose.model_copy(update={"skip": page.skip + len(page.items)})
    steps = buttons(
        button("Newer", click(activities_page, before)) if page.skip and per_page else None,
        button("Older", click(activities_page, after)) if page.has_more else None,
    )
    return [*lines, steps] if steps else lines


def activity_widget(activity: Activity, fmt: Formatter) -> Json:
    """Return the decorated text that shows one activity, cut to a line; tapping opens it."""
    top, text, bottom, known = _describe(activity, fmt)
    line = shorten(text)
    kind = OPENED.get(activity.type)
    opens = None
    if kind == "email" or (kind and line != shorten(text, len(text))):  # a body, or text cut
        opens = click(open_activity, ActivityArgs(id=activity.id, kind=kind))
    return decorated(
        esc(line) or "—",
        top=top,
        bottom=esc(bottom) if bottom else None,
        start_icon=icon(known),
        on_click=opens,
    )


@action
def open_activity(ctx: Context, args: ActivityArgs) -> Intent:
    """Show one activity whole: its full text, and a link to its lead in Close."""
    activity = fetch_activity(ctx.close, args.kind, args.id)
    config = ctx.services.config
    lead = lead_url(config, activity.lead_id) if activity.lead_id else None
    return push(
        activity_card(activity, ctx.formatter, lead_url=lead, templates=templates_url(config))
    )


def activity_card(
    activity: Activity, fmt: Formatter, *, lead_url: str | None, templates: str
) -> Json:
    """Return the card of one activity, its text whole (up to FULL_TEXT characters)."""
    top, text, bottom, known = _describe(activity, fmt)
    data = activity.data
    subject = data.get("subject") if activity.type == "Email" else None
    body = _body(activity) if activity.type == "Email" else text
    cut = len(body) > FULL_TEXT
    templated = activity.type == "Email" and data.get("template_id")
    return card(
        section(
            decorated(f"<b>{esc(subject)}</b>", start_icon=icon(known)) if subject else None,
            paragraph(_lines(body[:FULL_TEXT]) or "<i>No text</i>"),
            paragraph("<i>… the rest is in Close.</i>") if cut else None,
            paragraph(esc(bottom)) if bottom else None,
            buttons(
                button("Open in Close", open_link(lead_url), filled=True) if lead_url else None,
                button("Templates", open_link(templates)) if templated else None,
            ),
        ),
        header=header(*top.split(" · ", 1)),
        name="activity",
    )


def _describe(activity: Activity, fmt: Formatter) -> Line:
    """Return an activity's line in full: its top label (with when), text, bottom, icon."""
    describe = _DESCRIBERS.get(activity.type, _unknown)
    top, text, bottom, known = describe(activity.data, fmt)
    when = fmt.when(activity.when) if activity.when else ""
    return " · ".join(p for p in (top, when) if p), text, bottom, known


def _body(email: Activity) -> str:
    data = email.data
    return str(data.get("body_text") or _strip(data.get("body_html")) or "").strip()


def _lines(text: str) -> str:
    """Return plain text as simple HTML that keeps its line breaks."""
    return "<br>".join(esc(line) for line in text.strip().splitlines())


def _email(data: dict[str, Any], fmt: Formatter) -> Line:
    direction = {"incoming": "Received", "outgoing": "Sent"}.get(data.get("direction") or "", "")
    status = data.get("status") or ""
    label = direction or status.capitalize() or "Email"
    if status in {"draft", "scheduled", "outbox", "error"}:
        label = f"{label} ({status})" if direction else status.capitalize()
    template, opens = data.get("template_name"), data.get("opens")
    bottom = [f"Template: {template}" if template else "", f"Opened {len(opens)}×" if opens else ""]
    subject = data.get("subject") or "(no subject)"
    return (f"Email · {label}", subject, " · ".join(b for b in bottom if b) or None, "EMAIL")


def _thread(data: dict[str, Any], fmt: Formatter) -> Line:
    return ("Email thread", data.get("latest_normalized_subject") or "", None, "EMAIL")


def _call(data: dict[str, Any], fmt: Formatter) -> Line:
    direction = {"inbound": "Inbound", "outbound": "Outbound"}.get(data.get("direction") or "", "")
    length = duration(data.get("duration")) if data.get("duration") else data.get("status") or ""
    note = (data.get("note") or "").strip() or "No notes"
    return (
        " · ".join(p for p in ("Call", direction, length) if p),
        note,
        data.get("user_name"),
        "PHONE",
    )


def _note(data: dict[str, Any], fmt: Formatter) -> Line:
    return (
        "Note",
        (data.get("note") or _strip(data.get("note_html"))).strip(),
        data.get("user_name"),
        "DESCRIPTION",
    )


def _meeting(data: dict[str, Any], fmt: Formatter) -> Line:
    starts = _instant(data.get("starts_at"))
    # Close dates a meeting's activity by its start: the top label says when already.
    bottom = None if starts else data.get("status")
    return ("Meeting", data.get("title") or "Meeting", bottom, "EVENT_PERFORMER")


def _sms(data: dict[str, Any], fmt: Formatter) -> Line:
    direction = {"inbound": "Received", "outbound": "Sent"}.get(data.get("direction") or "", "")
    return (
        " · ".join(p for p in ("SMS", direction) if p),
        str(data.get("text") or ""),
        None,
        "PHONE",
    )


def _lead_status(data: dict[str, Any], fmt: Formatter) -> Line:
    old, new = data.get("old_status_label") or "—", data.get("new_status_label") or "—"
    return ("Lead status", f"{old} → {new}", data.get("user_name"), "BOOKMARK")


def _opportunity_status(data: dict[str, Any], fmt: Formatter) -> Line:
    old, new = data.get("old_status_label") or "—", data.get("new_status_label") or "—"
    value = money(data.get("opportunity_value"), data.get("opportunity_value_currency"))
    return ("Opportunity", f"{old} → {new}", value or None, "DOLLAR")


def _task_completed(data: dict[str, Any], fmt: Formatter) -> Line:
    return ("Task completed", data.get("task_text") or "Task", data.get("user_name"), "CLOCK")


# Close's codes for where a lead came from, in words a salesperson uses.
_CREATED_FROM = {"ui": "Added in Close", "api": "Added by an app connected to Close"}


def _created(data: dict[str, Any], fmt: Formatter) -> Line:
    source = str(data.get("source") or "")
    if data.get("import_id"):
        origin: str | None = "Imported"
    else:
        origin = _CREATED_FROM.get(source.lower(), f"Source: {source}" if source else None)
    return ("Created", "Lead created", origin, "STAR")


def _unknown(data: dict[str, Any], fmt: Formatter) -> Line:
    kind = str(data.get("_type") or "Activity")
    text = data.get("subject") or data.get("title") or data.get("text") or data.get("note") or kind
    return (kind, str(text), None, "DESCRIPTION")


def _strip(html: str | None) -> str:
    return re.sub(r"<[^>]+>", " ", html or "")


def _instant(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


_DESCRIBERS: dict[str, Callable[[dict[str, Any], Formatter], Line]] = {
    "Email": _email,
    "EmailThread": _thread,
    "Call": _call,
    "Note": _note,
    "Meeting": _meeting,
    "SMS": _sms,
    "LeadStatusChange": _lead_status,
    "OpportunityStatusChange": _opportunity_status,
    "TaskCompleted": _task_completed,
    "Created": _created,
}

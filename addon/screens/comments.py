"""Comments on a lead or one of its deals: the count on the record card, the list, and adding one.

The record card shows each deal's comment count (Close's `comment_summary`, nested in the
lead: no call of its own), a tap on the deal opening its comments card, and a Comments
button, the lead's comments card: a box to add
one, the comments newest first with who and when, then the lead's open deals, each with
its count and a way to its own comments card, which opens on Close's advice in full.
Adding creates once per card shown, whatever is clicked twice; a blank comment is refused
beside the box, and what was typed is kept when Close refuses it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints

from addon.close import CloseError
from addon.close import comments as close_comments
from addon.close.additions import LOOK_BACK
from addon.close.metadata import OrgInfo
from addon.close.models import Comment, CommentSummary, Opportunity
from addon.close.records import fetch_opportunity
from addon.lookup import Lookup
from addon.registry import Context, action, click, short
from addon.screens.error import back
from addon.screens.forms.card import FormFrame
from addon.screens.guidance import stalled, suggestion
from addon.screens.refs import BlankIsNone, OnRecord
from addon.ui.format import Formatter, cut_keeping_lines, money
from addon.ui.responses import Intent, push, update
from addon.ui.widgets import (
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    card,
    decorated,
    esc,
    footer,
    header,
    paragraph,
    section,
    text_input,
    tinted,
)
from addon.writes import NotFoundYet, create_once, form_problem, new_form_id

MAX_SHOWN = 20  # comments on the card; the rest are in Close
MAX_DEALS = 8  # a lead's open deals listed on its comments card, as on the record card
MAX_SHOWN_TEXT = 1_000  # characters of one comment on the card, the card kept light
COMMENT_INPUT = "comment"
CommentTarget = Annotated[str, StringConstraints(pattern=r"^(lead|oppo)_[A-Za-z0-9]{1,80}$")]


class CommentArgs(OnRecord):
    """Comments on the card's lead, or on one of its deals (`object_id`).

    `form_id` names one add box shown. The contact is not carried: comments are on the
    lead or the deal, and the record card beneath is rebuilt from its address and lead.
    """

    object_id: Annotated[CommentTarget | None, BlankIsNone] = short("o", "object_id", default=None)
    form_id: str = Field(default="", max_length=64)

    @property
    def target(self) -> str:
        """Return the id of what is commented on: the deal, else the lead."""
        return self.object_id or self.lead_id


def comments_click(at: OnRecord, object_id: str | None = None) -> Json:
    """Return the onClick that opens the comments on the card's lead, or on one of its deals."""
    on = at.model_dump(include={"lead_id", "email", "index"})
    return click(comments, CommentArgs(**on, object_id=object_id))


def counted(count: int) -> str:
    """Return "No comments", "1 comment" or "3 comments"."""
    return f"{count} comment{'' if count == 1 else 's'}" if count else "No comments"


def comment_count(summary: CommentSummary | None) -> str | None:
    """Return a deal's "2 comments" for its line on the record card, nothing without any."""
    return counted(summary.comment_count) if summary and summary.comment_count else None


def lead_comments(at: OnRecord) -> Json:
    """Return the record card's Comments button: the lead's comments and a box to add one.

    Close counts comments on a deal (`comment_summary`), not on a lead; the lead's are
    counted when listed, so opening a card costs no call for them.
    """
    return button("Comments", comments_click(at))


@action
def comments(ctx: Context, args: CommentArgs) -> Intent:
    """Show the comments on a lead or a deal, with a box to add one."""
    shown = args.model_copy(update={"form_id": new_form_id()})
    return push(comments_card(ctx, shown, Lookup(ctx)))


@action
def add_comment(ctx: Context, args: CommentArgs) -> Intent:
    """Add the comment typed, once; then show it on top, the record card beneath up to date."""
    # The record card's module imports this one's buttons.
    from addon.screens.record.card import RECORD_CARD
    from addon.screens.record.handlers import record_card_for

    typed = (ctx.event.texts(COMMENT_INPUT) or [""])[0]
    lookup = Lookup(ctx)
    problem = _refused(typed)
    if problem or not args.form_id:
        errors = {COMMENT_INPUT: problem or "Open the comments again to add one."}
        return update(comments_card(ctx, args, lookup, typed=typed, field_errors=errors))
    since = dt.datetime.now(dt.UTC) - LOOK_BACK
    me = lookup.settings.close_user_id
    try:
        create_once(
            ctx,
            args.form_id,
            lambda: {"id": close_comments.add_comment(ctx.close, args.target, typed).id},
            find_existing=lambda: _found(
                close_comments.find_added(ctx.close, args.target, typed, me, since)
            ),
        )
    except (CloseError, NotFoundYet) as exc:
        said = form_problem(exc)
        errors = {COMMENT_INPUT if k == "body" else k: v for k, v in said.field_errors.items()}
        refused = comments_card(
            ctx, args, lookup, typed=typed, problem=said.message, field_errors=errors
        )
        return update(refused)
    listing = comments_card(ctx, args.model_copy(update={"form_id": new_form_id()}), lookup)
    added = Intent().changed().with_notification("Comment added")
    try:
        record = record_card_for(ctx, args, lookup=lookup)
    except CloseError:  # it is added, and listed: only the record card stays as it was
        return update(listing).then(added)
    # The record card beneath shows the new count; Back from the list leads to it.
    beneath = Intent(navigations=({"popToCard": RECORD_CARD}, {"updateCard": record}))
    return beneath.then(push(listing)).then(added)


def _refused(typed: str) -> str | None:
    if not typed.strip():
        return "Write the comment first."
    if len(typed) > close_comments.MAX_COMMENT:
        return f"Keep it under {close_comments.MAX_COMMENT:,} characters."
    return None


def _found(comment: Comment | None) -> dict[str, str] | None:
    return {"id": comment.id} if comment is not None else None


def comments_card(
    ctx: Context,
    args: CommentArgs,
    lookup: Lookup,
    *,
    typed: str = "",
    problem: str | None = None,
    field_errors: dict[str, str] | None = None,
) -> Json:
    """Return the comments card: Close's advice on a deal, the add box, then the comments."""
    data = lookup.record(args.lead_id, contact_id=args.contact_id)
    deals = data.opportunities or data.lead.opportunities or ()
    deal = None
    if args.object_id is not None and args.object_id.startswith("oppo_"):
        known = {o.id: o for o in deals}
        deal = known.get(args.object_id) or fetch_opportunity(ctx.close, args.object_id)
    found = close_comments.list_comments(ctx.close, args.target)
    org, fmt = lookup.org(), ctx.formatter
    frame = FormFrame(
        subject=_deal_name(deal) if deal else data.lead.label,
        save=click(add_comment, args, persist_values=True),
        problem=problem,
        field_errors=field_errors or {},
    )
    lines = [_comment_line(c, org, fmt) for c in found[:MAX_SHOWN]]
    more = len(found) - MAX_SHOWN
    return card(
        _guidance(deal, fmt, {c.id: c.label for c in data.lead.contacts}) if deal else {},
        section(
            frame.banner((COMMENT_INPUT,)),
            text_input(COMMENT_INPUT, "Add a comment", value=typed, multiline=True),
            frame.error(COMMENT_INPUT),
        ),
        section(
            *(lines or [paragraph(tinted("No comments yet.", GREY_TEXT))]),
            paragraph(f"<i>and {more} more in Close</i>") if more > 0 else None,
            title=counted(len(found)) if found else None,
        ),
        {} if deal else _deals(args, deals),  # the lead's: its deals' comments below its own
        header=header("Comments", frame.subject),
        name="comments",
        footer=footer(button("Add comment", frame.save), button("Back", click(back))),
    )


def _comment_line(comment: Comment, org: OrgInfo, fmt: Formatter) -> Json:
    """Return a comment as written, its line breaks kept, under who wrote it and when."""
    text = cut_keeping_lines(close_comments.plain_text(comment.body), MAX_SHOWN_TEXT)
    who = org.member_name(comment.created_by) or "Someone"
    when = fmt.when(comment.created_at) if comment.created_at else ""
    return decorated(
        esc(text).replace("\n", "<br>"), top=" · ".join(p for p in (esc(who), when) if p)
    )


def _deals(at: CommentArgs, deals: tuple[Opportunity, ...]) -> Json:
    """Return the lead's open deals, each with its comment count and a way to its comments."""
    shown = [d for d in deals if d.is_open][:MAX_DEALS]
    lines = [
        decorated(
            esc(_deal_name(d)),
            bottom=" · ".join(
                esc(p) for p in (counted(_count(d.comment_summary)), stalled(d)) if p
            ),
            button=button("Comments", comments_click(at, d.id)),
        )
        for d in shown
    ]
    return section(*lines, title="Comments on opportunities") if lines else {}


def _count(summary: CommentSummary | None) -> int:
    return summary.comment_count if summary else 0


def _deal_name(deal: Opportunity) -> str:
    value = money(deal.value, deal.value_currency, formatted=deal.value_formatted)
    return " · ".join(p for p in ("Opportunity", value, deal.status_label) if p)


def _guidance(deal: Opportunity, fmt: Formatter, names: dict[str, str]) -> Json:
    """Return what Close says about the deal, in full: why it stalled, what to do next.

    `names` are the lead's contacts' names by id: a drafted email or a call plan says whom
    it is for.
    """
    stall, advice = stalled(deal), deal.suggested_action
    if stall is None and advice is None:
        return {}
    lines: list[str | None] = [tinted(esc(stall), RED_TEXT) if stall else None]
    if advice is not None:
        lines.append(f"<b>Close suggests:</b> {esc(suggestion(advice, fmt))}")
        lines.append(esc(advice.justification) if advice.justification else None)
        whom = names.get(advice.contact_id or "")
        if advice.action == "follow_up_call" and advice.call_plan:
            plan = f"Call plan for {whom}" if whom else "Call plan"
            lines.append(f"<b>{esc(plan)}:</b> {esc(advice.call_plan)}")
        if advice.action == "follow_up_email" and advice.subject_draft:
            # The compose window offers the draft (suggested.py) in an email to that contact.
            how = (
                f"In an email to {whom or 'them'}, open Close templates and choose "
                "Insert suggested reply."
            )
            lines.append(
                tinted(f"Close drafted “{esc(advice.subject_draft)}”. {esc(how)}", GREY_TEXT)
            )
    return section(paragraph("<br>".join(line for line in lines if line)))

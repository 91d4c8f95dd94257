"""The compose window's "Insert suggested reply": Close's drafted follow-up email.

Close's pipeline guidance may suggest a follow-up email on an open deal, to one of the
lead's contacts, with a subject and a message drafted (`suggested_action.action` is
`follow_up_email`). Writing to that contact, the compose card offers to insert it; the
subject goes in by the same rule as a template's: on a new email only, never a reply.
"""

from __future__ import annotations

from html import escape

from addon.close.models import Contact, Opportunity, SuggestedAction
from addon.close.records import fetch_opportunity
from addon.registry import Args, Context, action, click
from addon.screens.compose_draft import ComposeCard, draft_insert
from addon.screens.guidance import suggested_reply
from addon.screens.refs import ContactId, OpportunityId
from addon.ui.format import shorten
from addon.ui.responses import Intent, notify
from addon.ui.widgets import Json, button, buttons, decorated, esc, icon, section

SHOWN_JUSTIFICATION = 160  # characters of Close's reason on the compose card


class SuggestedArgs(Args):
    """The deal whose suggested email to insert, for whom, and into which compose card's draft."""

    opportunity_id: OpportunityId
    contact_id: ContactId
    compose_card: ComposeCard | None = None


def suggested_section(
    contact: Contact | None, deals: tuple[Opportunity, ...] | None, card_id: str | None
) -> Json:
    """Return "Insert suggested reply" if Close drafted a follow-up to this recipient.

    `deals` are the recipient's lead's, as the record card loads them (None when the user
    hides that section: then nothing is suggested, rather than one more call to Close).
    """
    if contact is None:
        return {}
    found = _drafted_reply(deals or (), contact.id)
    if found is None:
        return {}
    deal, advice = found
    args = SuggestedArgs(opportunity_id=deal.id, contact_id=contact.id, compose_card=card_id)
    return section(
        decorated(
            esc(advice.subject_draft or "Follow-up email"),
            top="Close suggests a follow-up email",
            bottom=esc(shorten(advice.justification, SHOWN_JUSTIFICATION)) or None,
            start_icon=icon("EMAIL"),
        ),
        buttons(button("Insert suggested reply", click(insert_suggested_reply, args), filled=True)),
    )


def _drafted_reply(
    deals: tuple[Opportunity, ...], contact_id: str
) -> tuple[Opportunity, SuggestedAction] | None:
    """Return the first deal on which Close drafted an email to this contact, and the draft."""
    for deal in deals:
        advice = suggested_reply(deal, contact_id)
        if advice is not None:
            return deal, advice
    return None


@action
def insert_suggested_reply(ctx: Context, args: SuggestedArgs) -> Intent:
    """Put Close's drafted message into the draft, and its subject on a new email."""
    # Read afresh: Close may have changed its mind since the compose card was shown.
    advice = suggested_reply(fetch_opportunity(ctx.close, args.opportunity_id), args.contact_id)
    if advice is None:
        return notify("Close no longer suggests this email.")
    # Close drafts plain text: every character is shown as written, lines kept.
    body_html = "<br>".join(escape(line) for line in (advice.message_draft or "").splitlines())
    subject = advice.subject_draft or ""
    draft, subject_set = draft_insert(ctx, args.compose_card, subject, body_html)
    # As for a template: a subject set in the draft is said, the user may not see it change.
    toast = "Inserted Close's suggested reply" + (" and set the subject" if subject_set else "")
    return draft.with_notification(toast)

"""Close's pipeline guidance in words: why a deal stalled, and the next step Close suggests."""

from __future__ import annotations

from addon.close.models import Opportunity, SuggestedAction
from addon.ui.format import Formatter

# Close's reasons (stall_status.communication_issue), as a salesperson would say them.
STALL_REASONS = {
    "cant_get_in_touch": "can't get in touch",
    "no_communication_attempts": "no one has reached out",
}
ACTIONS = {
    "follow_up_email": "Follow up by email",
    "follow_up_call": "Follow up with a call",
    "follow_up_sms": "Follow up by text",
    "adjust_close_date": "Move the close date",
    "change_status": "Change the status",
}
SHORT_JUSTIFICATION = 48  # characters on the record card; the whole of it a tap away


def stalled(opp: Opportunity) -> str | None:
    """Return "Stalled · can't get in touch" for a stalled deal, "Stalled" without a reason."""
    if not opp.is_stalled:
        return None
    issue = opp.stall_status.communication_issue if opp.stall_status else None
    reason = STALL_REASONS.get(issue or "")
    return f"Stalled · {reason}" if reason else "Stalled"


def suggestion(action: SuggestedAction, fmt: Formatter) -> str:
    """Return the step Close suggests, in words: "Move the close date to Jan 19"."""
    words = ACTIONS.get(action.action) or action.action.replace("_", " ").capitalize()
    if action.action == "adjust_close_date" and action.close_date:
        words += f" to {fmt.day(action.close_date)}"
    return words


def suggested_reply(opp: Opportunity, contact_id: str) -> SuggestedAction | None:
    """Return Close's drafted follow-up email to this contact on an open deal, if any."""
    action = opp.suggested_action
    if not opp.is_open or action is None:
        return None
    if action.action != "follow_up_email" or action.contact_id != contact_id:
        return None
    return action if action.subject_draft or action.message_draft else None

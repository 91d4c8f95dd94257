"""A subscription's status in the record card's words, and which button it gets."""

from __future__ import annotations

import pytest

from addon.close.models import SequenceSubscription
from addon.screens.sequences import may_pause, may_resume, status_words


def _sub(status: str, reason: str | None = None) -> SequenceSubscription:
    return SequenceSubscription(
        id="sub_1", sequence_id="seq_1", status=status, status_reason=reason
    )


@pytest.mark.parametrize(
    ("status", "reason", "words", "button"),
    [
        ("active", None, "Active", "Pause"),
        ("paused", "manual", "Paused", "Resume"),
        ("paused", "reply-received", "Paused · reply received", "Resume"),
        ("paused", "email-bounced", "Bounced", None),
        ("error", "email-bounced", "Bounced", None),
        ("finished", None, "Finished", None),
        ("goal", "outcome-met", "Finished · goal met", None),
        ("error", "account-invalid", "Stopped · account invalid", None),
    ],
)
def test_status_in_words_and_its_button(
    status: str, reason: str | None, words: str, button: str | None
) -> None:
    sub = _sub(status, reason)

    shown = "Pause" if may_pause(sub) else "Resume" if may_resume(sub) else None

    assert (status_words(sub), shown) == (words, button)

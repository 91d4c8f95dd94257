"""Typed views of the Close objects the sidebar shows; unknown fields are ignored.

Close adds fields over time and marks some as deprecated, so these models take only
what we render, with defaults for what may be missing, and keep custom field values
(`custom.cf_…` keys) aside for the custom fields section.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    model_serializer,
    model_validator,
)


def on_lead(lead_id: str, contact_id: str | None) -> dict[str, Any]:
    """Return the ids that file something under a lead, and under one of its contacts if given."""
    return {"lead_id": lead_id, **({"contact_id": contact_id} if contact_id else {})}


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


def _custom(raw: Any) -> Any:
    if isinstance(raw, dict):
        custom = {k[len("custom.") :]: v for k, v in raw.items() if k.startswith("custom.")}
        if custom:
            return {**raw, "custom_values": custom}
    return raw


class EmailEntry(_View):
    email: str
    type: str = "office"
    # Close sends this address no sequence or bulk email (unsubscribed organization-wide).
    is_unsubscribed: bool = False


class PhoneEntry(_View):
    phone: str
    phone_formatted: str | None = None
    type: str = "office"


class Contact(_View):
    id: str
    lead_id: str | None = None
    name: str = ""
    display_name: str = ""
    title: str | None = ""
    emails: tuple[EmailEntry, ...] = ()
    phones: tuple[PhoneEntry, ...] = ()
    date_updated: dt.datetime | None = None
    custom_values: dict[str, Any] = Field(default_factory=dict)
    # The contact's sequences, nested by Close, so the card needs no call of its own for them.
    subscriptions: tuple[SequenceSubscription, ...] = ()

    _custom = model_validator(mode="before")(_custom)

    @property
    def label(self) -> str:
        return self.display_name or self.name or (self.emails[0].email if self.emails else "")

    def has_email(self, email: str) -> bool:
        """Tell whether this contact has exactly this address (Close matches by words)."""
        wanted = email.lower()
        return any(e.email.lower() == wanted for e in self.emails)


class SequenceSubscription(_View):
    """A contact in a sequence: as nested in the contact, or from /sequence_subscription/.

    Close names the fields differently in the two (SPEC: `BasicSubscriptionInfoForContact`
    has `subscription_id`, `subscription_status`, `subscription_status_reason`; the
    subscription itself `id`, `status`, `status_reason`); either is read. Status is active,
    paused, finished, goal or error; the reason says why (`manual`, `reply-received`,
    `email-bounced`, …).
    """

    id: str = Field(validation_alias=AliasChoices("subscription_id", "id"))
    sequence_id: str
    sequence_name: str | None = None  # nested in the contact only
    status: str = Field(validation_alias=AliasChoices("subscription_status", "status"))
    status_reason: str | None = Field(
        default=None, validation_alias=AliasChoices("subscription_status_reason", "status_reason")
    )
    contact_email: str | None = None


class Sequence(_View):
    """A Close sequence (its steps are not shown, so not read)."""

    id: str
    name: str = "Untitled sequence"
    status: str = "active"  # active, paused or draft


Contact.model_rebuild()  # its subscriptions are defined after it


class Opportunity(_View):
    id: str
    lead_id: str | None = None
    status_id: str | None = None
    status_label: str | None = None
    status_type: str | None = None
    pipeline_name: str | None = None
    value: int | None = None
    value_currency: str | None = None
    value_formatted: str | None = None  # Close's words, the billing period with it: $500 monthly
    value_period: str | None = None  # one_time, monthly or annual
    confidence: int | None = None
    # Close's one close date: expected while the deal is open, actual once won or lost.
    date_won: dt.date | None = None
    user_name: str | None = None
    note: str | None = None
    date_updated: dt.datetime | None = None
    # Close's pipeline guidance, shown only when present (close-api.md, updates-2026.md).
    is_stalled: bool = False
    stall_status: StallStatus | None = None
    suggested_action: SuggestedAction | None = None
    comment_summary: CommentSummary | None = None

    @property
    def is_open(self) -> bool:
        """Tell whether the deal is still being worked: neither won nor lost."""
        return self.status_type not in {"won", "lost"}


class StallStatus(_View):
    """Why Close thinks an open opportunity stalled: `cant_get_in_touch`, `no_issue`, …"""

    communication_issue: str | None = None


class SuggestedAction(_View):
    """Close's suggested next step on an opportunity, and why.

    Close's OpenAPI spec (api-evangelist/close, Opportunity.suggested_action) nests the
    action's particulars in `details`: for `follow_up_email` a `contact_id`, `subject_draft`
    and `message_draft`; for `follow_up_call` a `call_plan`; for `adjust_close_date` a
    `close_date`. Some descriptions put them beside `action`, so both are read.
    """

    action: str
    justification: str = ""
    contact_id: str | None = None
    subject_draft: str | None = None
    message_draft: str | None = None
    call_plan: str | None = None
    close_date: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _details(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and isinstance(raw.get("details"), dict):
            return {**raw["details"], **{k: v for k, v in raw.items() if v is not None}}
        return raw


class CommentSummary(_View):
    """How many comments an opportunity has (Close: `comment_summary`)."""

    comment_count: int = 0
    thread_id: str | None = None


class Comment(_View):
    """A comment on a lead or an opportunity; `body` is Close's rich text (`<body>…</body>`)."""

    id: str
    body: str = ""
    created_by: str | None = None
    created_at: dt.datetime | None = None
    thread_id: str | None = None
    removed_at: dt.datetime | None = None  # a removed comment keeps its place, not its body


Opportunity.model_rebuild()


class Task(_View):
    id: str
    lead_id: str | None = None
    lead_name: str | None = None
    text: str = ""
    date: dt.date | None = None
    is_complete: bool = False
    is_dateless: bool = False
    assigned_to: str | None = None
    assigned_to_name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _date_only(cls, raw: Any) -> Any:
        # Close sends a date or a datetime in `date`; the sidebar shows the day.
        if isinstance(raw, dict) and isinstance(raw.get("date"), str):
            return {**raw, "date": raw["date"][:10]}
        return raw


class Lead(_View):
    id: str
    display_name: str = ""
    name: str | None = None
    status_id: str | None = None
    status_label: str | None = None
    url: str | None = None
    description: str | None = None
    contacts: tuple[Contact, ...] = ()
    date_updated: dt.datetime | None = None
    custom_values: dict[str, Any] = Field(default_factory=dict)
    # Close nests a lead's opportunities and open tasks in it; None when not asked for.
    opportunities: tuple[Opportunity, ...] | None = None
    tasks: tuple[Task, ...] | None = None

    _custom = model_validator(mode="before")(_custom)

    @property
    def label(self) -> str:
        return self.display_name or self.name or "Untitled lead"

    def has_email(self, email: str) -> bool:
        """Tell whether one of this lead's contacts has exactly this address."""
        return any(c.has_email(email) for c in self.contacts)


class Activity(_View):
    """Any activity; type-specific fields stay in `data` for the formatter."""

    id: str
    type: str = Field(alias="_type")
    lead_id: str | None = None
    contact_id: str | None = None
    user_name: str | None = None
    date_created: dt.datetime | None = None
    activity_at: dt.datetime | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _keep_everything(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {**raw, "data": raw}
        return raw

    @model_serializer
    def _as_received(self) -> dict[str, Any]:
        # What Close sent is the whole of it: written out (to a shared cache) and read
        # back, it makes the same activity.
        return self.data

    @property
    def when(self) -> dt.datetime | None:
        return self.activity_at or self.date_created


class CustomField(_View):
    id: str
    name: str
    type: str = "text"
    choices: tuple[str, ...] | None = None
    accepts_multiple_values: bool = False
    editable_with_roles: tuple[str, ...] = ()
    description: str | None = None


class Member(_View):
    """A user of the Close organization (a coworker)."""

    user_id: str
    user_email: str = ""
    user_full_name: str | None = None
    user_first_name: str | None = None
    user_last_name: str | None = None
    role_id: str | None = None  # "admin", "user" or a custom role_…: who may edit which field

    @property
    def name(self) -> str:
        full = " ".join(p for p in (self.user_first_name, self.user_last_name) if p)
        return self.user_full_name or full or self.user_email


class EmailTemplate(_View):
    """A Close email template (shared with the team, or the user's own).

    `body` is one string, plain text or simple HTML (close-api.md §6.4, PROBE-B).
    """

    id: str
    name: str = "Untitled"
    subject: str = ""
    body: str = ""
    is_shared: bool = False
    is_archived: bool = False
    created_by: str | None = None
    date_updated: dt.datetime | None = None
    # The sequences sending it: Close refuses to unshare (or delete) such a template.
    used_by_sequences: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _nulls(cls, raw: Any) -> Any:
        # Close sends null for an empty subject or body, and for a list it has none of.
        if isinstance(raw, dict):
            fill = {"subject": "", "body": "", "used_by_sequences": ()}
            return {**raw, **{k: v for k, v in fill.items() if raw.get(k) is None}}
        return raw

    @property
    def sequence_names(self) -> tuple[str, ...]:
        """Return the names of the sequences that send this template."""
        return tuple(str(s.get("name") or "a sequence") for s in self.used_by_sequences)


class TemplateText(_View):
    """A template's subject and body, as written or rendered for one contact."""

    subject: str | None = None
    body: str | None = None
    # Whom Close rendered it for (render only).
    contact_display_name: str | None = None
    lead_display_name: str | None = None

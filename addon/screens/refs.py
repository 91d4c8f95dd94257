"""What the buttons of a record card carry: the card they were pressed on, and their target.

Every button on a record card, and on the cards pushed from it (forms, edit cards,
confirmations), carries `at`: which record card to rebuild once the action is done. It
travels as one compact parameter (`lead|contact|index|email`) rather than one parameter
per part, since a record card has dozens of buttons; names are not carried at all, as
they are read from the record itself.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
)

from addon.registry import Args


def _close_id(prefix: str) -> object:
    # Close ids are a type prefix and an alphanumeric tail; anything else (an empty
    # string, a path, a query) must never reach a URL built from it.
    return StringConstraints(pattern=rf"^{prefix}_[A-Za-z0-9]{{1,80}}$")


LeadId = Annotated[str, _close_id("lead")]
ContactId = Annotated[str, _close_id("cont")]
OpportunityId = Annotated[str, _close_id("oppo")]
TaskId = Annotated[str, _close_id("task")]
Address = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s|]+@[^@\s|]+$")]
ObjectType = Literal["lead", "contact", "opportunity", "task"]
OBJECT_ID_PREFIXES: dict[str, str] = {
    "lead": "lead_",
    "contact": "cont_",
    "opportunity": "oppo_",
    "task": "task_",
}


class RecordRef(BaseModel):
    """Which record card a button was pressed on: enough to rebuild it with fresh data.

    `email` and `index` name the participant's card and which of their matches it shows;
    without an email it is the card of a lead opened by itself (search, a task).
    """

    model_config = ConfigDict(frozen=True)

    lead_id: LeadId
    contact_id: ContactId | None = None
    email: Address | None = None
    index: int = Field(default=0, ge=0, le=999)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.lower() if value else None

    def __str__(self) -> str:
        return "|".join(
            (self.lead_id, self.contact_id or "", str(self.index), self.email or "")
        )

    @classmethod
    def parse(cls, text: object) -> object:
        """Read `lead|contact|index|email` (anything else is left to validation to refuse)."""
        if not isinstance(text, str):
            return text
        parts = text.split("|")
        if len(parts) != 4:
            raise ValueError("must be lead|contact|index|email")
        lead_id, contact_id, index, email = parts
        return {
            "lead_id": lead_id,
            "contact_id": contact_id or None,
            "index": index or 0,
            "email": email or None,
        }


At = Annotated[RecordRef, BeforeValidator(RecordRef.parse), PlainSerializer(str)]


class OnRecord(Args):
    """An action pressed on a record card, or on a card pushed from one."""

    at: At


class FieldArgs(OnRecord):
    """One field of one record shown on the card: what an edit opens or saves.

    An empty `object_id` means the card's own lead or contact, which `at` names already.
    `entry` is set for one email or phone of a contact ("" for a new one).
    """

    object_type: ObjectType = "lead"
    object_id: str = ""
    field: str = Field(default="", max_length=120)
    entry: str | None = Field(default=None, max_length=320)
    entry_type: str = Field(default="", max_length=40)

    @field_validator("object_id")
    @classmethod
    def _an_id(cls, value: str) -> str:
        if value and not _looks_like_id(value):
            raise ValueError("must be a Close id")
        return value

    @property
    def record_id(self) -> str:
        """Return the id of the record edited, the card's own lead or contact if unnamed."""
        if self.object_id:
            return self.object_id
        if self.object_type == "contact" and self.at.contact_id:
            return self.at.contact_id
        return self.at.lead_id if self.object_type == "lead" else ""


def _looks_like_id(value: str) -> bool:
    prefix, _, tail = value.partition("_")
    return f"{prefix}_" in OBJECT_ID_PREFIXES.values() and tail.isalnum() and len(tail) <= 80

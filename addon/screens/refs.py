"""What the buttons of a record card carry: the card they were pressed on, and their target.

Every button on a record card, and on the cards pushed from it (forms, edit cards,
confirmations), carries `OnRecord`: which record card to rebuild once the action is done.
Names are not carried: they are read from the record itself, which is cached.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from addon.registry import Args, short


def _close_id(prefix: str) -> StringConstraints:
    # A Close id is a type prefix and an alphanumeric tail; anything else (an empty
    # string, a path, a query) must never reach a URL built from it.
    return StringConstraints(pattern=rf"^{prefix}_[A-Za-z0-9]{{1,80}}$")


LeadId = Annotated[str, _close_id("lead")]
ContactId = Annotated[str, _close_id("cont")]
OpportunityId = Annotated[str, _close_id("oppo")]
TaskId = Annotated[str, _close_id("task")]
AnyId = Annotated[str, _close_id("(lead|cont|oppo|task)")]
Address = Annotated[
    str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", to_lower=True)
]
# An empty parameter (a blank value, or "" from an older card) names nothing.
BlankIsNone = BeforeValidator(lambda value: value or None)
MAX_NAME = 998  # a header line's limit (RFC 5322): any display name from an email fits
ObjectType = Literal["lead", "contact", "opportunity", "task"]
ID_PREFIX: dict[str, str] = {
    "lead": "lead_",
    "contact": "cont_",
    "opportunity": "oppo_",
    "task": "task_",
}


class OnRecord(Args):
    """An action pressed on a record card, or on a card pushed from one.

    `email` and `index` name the participant's card and which of their matches it shows;
    without an email it is the card of a lead opened by itself (search, a task).
    `contact_id` is the contact the card shows, if any.
    """

    lead_id: LeadId = short("l", "lead_id")
    contact_id: Annotated[ContactId | None, BlankIsNone] = short("c", "contact_id", default=None)
    email: Annotated[Address | None, BlankIsNone] = short("e", "email", default=None)
    index: int = short("i", "index", default=0, ge=0, le=999)


class FieldArgs(OnRecord):
    """One field of one record shown on the card: what an edit opens or saves.

    An empty `object_id` means the card's own lead or contact. `entry` is set for one
    email or phone of a contact ("" for a new one).
    """

    object_type: ObjectType = short("t", "object_type", default="lead")
    object_id: Annotated[AnyId | None, BlankIsNone] = short("o", "object_id", default=None)
    field: str = short("f", "field", default="", max_length=120)
    entry: str | None = Field(default=None, max_length=320)
    entry_type: str = Field(default="", max_length=40)

    @model_validator(mode="after")
    def _names_its_record(self) -> FieldArgs:
        if self.object_type in ("opportunity", "task") and not self.object_id:
            raise ValueError(f"an edit of a {self.object_type} names it by object_id")
        if self.object_id and not self.object_id.startswith(ID_PREFIX[self.object_type]):
            raise ValueError(f"object_id is not a {self.object_type}'s id")
        return self

    @property
    def record_id(self) -> str:
        """Return the id of the record edited: the card's own lead or contact if unnamed."""
        if self.object_id:
            return self.object_id
        if self.object_type == "contact" and self.contact_id:
            return self.contact_id
        return self.lead_id


class TaskSwitch(FieldArgs):
    """A task's done switch on the record card: what it turns the task into, and from what."""

    object_type: ObjectType = short("t", "object_type", default="task")
    field: str = short("f", "field", default="is_complete")
    done: bool
    was: bool = False


RemovableKind = Literal["lead", "contact", "opportunity", "task"]


class RemoveArgs(OnRecord):
    """One record to delete, asked about first on its own card."""

    kind: RemovableKind
    object_id: AnyId
    replace: bool = False  # the confirmation replaces the card it was asked from

    @model_validator(mode="after")
    def _kind_matches_id(self) -> RemoveArgs:
        if not self.object_id.startswith(ID_PREFIX[self.kind]):
            raise ValueError(f"object_id is not a {self.kind}'s id")
        return self


class LeadArgs(Args):
    """A lead to open by itself (from search, a task), at one of its contacts if named."""

    lead_id: LeadId
    contact_id: Annotated[ContactId | None, BlankIsNone] = None


class PersonArgs(Args):
    """A person by address: a participant of the open email, or one to add to Close."""

    email: Address
    name: str = Field(default="", max_length=MAX_NAME)


class AddToLead(OnRecord):
    """Someone on the thread to add as a contact to the lead the card shows."""

    add_email: Address
    add_name: str = Field(default="", max_length=MAX_NAME)
    form_id: str = Field(min_length=1, max_length=64)  # a button without one is forged

"""What the record card shows, and what its buttons carry back: the model its sections share.

Every button carries `OnRecord`, the card it was pressed on: the address and the match it
shows (or the lead, for a lead opened by itself), so that the card can be rebuilt once the
action is done. Names are never carried: handlers read them from the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from addon.close.metadata import OrgInfo
from addon.close.models import Contact
from addon.close.records import RecordData
from addon.crm.editing import Editing
from addon.screens.person import Participant
from addon.screens.refs import FieldArgs, ObjectType, OnRecord
from addon.ui.format import Formatter


@dataclass(frozen=True)
class Lines:
    """What the editable lines of one record card carry: the card, and the edit state.

    `at.contact_id` is the contact the card shows, whose lines are edited; an edit of the
    card's own lead or contact leaves the record unnamed (`FieldArgs.object_id`).
    """

    at: OnRecord
    editing: Editing

    def target(
        self,
        object_type: ObjectType,
        object_id: str,
        field: str,
        *,
        entry: str | None = None,
        entry_type: str = "",
    ) -> FieldArgs:
        """Return what an edit of one field of one record carries."""
        own = object_id == (self.at.contact_id if object_type == "contact" else self.at.lead_id)
        return FieldArgs(
            **self.at.model_dump(),
            object_type=object_type,
            object_id=None if own else object_id,
            field=field,
            entry=entry,
            entry_type=entry_type,
        )


@dataclass(frozen=True)
class RecordView:
    """Everything the record card shows; built by the handler, rendered without I/O."""

    view: str
    data: RecordData
    contact: Contact | None
    lead_url: str
    org: OrgInfo | None
    fmt: Formatter
    email: str | None = None  # None for a lead opened by itself (search, tasks)
    position: int = 1  # which of the records sharing the address, of `total`
    total: int = 1
    participants: tuple[Participant, ...] = ()
    show_contacts: bool = True
    logged: bool | None = None  # whether the email open beside it is logged; None: no email
    editing: Editing = field(default_factory=Editing)  # what waits to be sent; who may edit

    @cached_property
    def at(self) -> OnRecord:
        """Return what the card's actions carry: the card, and the lead and contact acted on.

        Only a contact the email matched is acted on (a note, a logged email, a removal);
        a lead opened by itself has none.
        """
        return self._on(self.contact if self.email else None)

    @cached_property
    def lines(self) -> Lines:
        """Return what the card's editable lines carry: the contact they show, and the state."""
        return Lines(at=self._on(self.contact), editing=self.editing)

    def _on(self, contact: Contact | None) -> OnRecord:
        return OnRecord(
            lead_id=self.data.lead.id,
            contact_id=contact.id if contact else None,
            email=self.email,
            index=self.position - 1 if self.email else 0,
        )

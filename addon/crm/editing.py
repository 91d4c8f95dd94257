"""The user's editing state on one record card: what waits to be sent, what may be edited."""

from __future__ import annotations

from dataclasses import dataclass

from addon.close.models import CustomField
from addon.store import StagedChange


@dataclass(frozen=True)
class JustDone:
    """A task completed by the click that rebuilds the card, and where its line stood."""

    task_id: str
    text: str
    at: int  # its place among the open tasks: it keeps it, so the other lines do not move


@dataclass(frozen=True)
class Editing:
    """What the user may edit on a record card, and what is waiting to be sent."""

    staged: tuple[StagedChange, ...] = ()
    role: str | None = None
    just_done: tuple[JustDone, ...] = ()  # tasks completed by this click

    def waiting(self, object_type: str, object_id: str, field: str) -> StagedChange | None:
        """Return the staged change of one field of one record, if any."""
        return next(
            (
                c
                for c in self.staged
                if (c.object_type, c.object_id, c.field) == (object_type, object_id, field)
            ),
            None,
        )

    def may_edit(self, field: CustomField) -> bool:
        """Tell whether the user's Close role may change a custom field."""
        return not field.editable_with_roles or self.role in field.editable_with_roles

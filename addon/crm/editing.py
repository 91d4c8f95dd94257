"""The user's editing state on one record card: what waits to be sent, what may be edited."""

from __future__ import annotations

from dataclasses import dataclass

from addon.close.metadata import OrgInfo
from addon.close.models import CustomField
from addon.registry import Context
from addon.store import StagedChange


@dataclass(frozen=True)
class Editing:
    """What the user may edit on a record card, and what is waiting to be sent."""

    staged: tuple[StagedChange, ...] = ()
    role: str | None = None
    just_done: tuple[tuple[str, str], ...] = ()  # (task id, text) completed by this click

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


def editing_for(ctx: Context, lead_id: str, org: OrgInfo | None) -> Editing:
    """Return the user's editing state for one lead's record card."""
    settings = ctx.require_settings()
    just_done: tuple[tuple[str, str], ...] = ()
    # A task completed by this very click has left Close's open tasks; keeping it on the
    # rebuilt card, switched on, is how the user undoes a slip of the finger.
    if ctx.name == "toggle_task" and ctx.event.param("done") == "1" and settings.immediate_updates:
        just_done = ((ctx.event.param("object_id"), ctx.event.param("who")),)
    return Editing(
        staged=tuple(ctx.services.staged.list(ctx.user.sub, lead_id=lead_id)),
        role=org.member_role(settings.close_user_id) if org else None,
        just_done=just_done,
    )

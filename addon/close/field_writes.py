"""Writing edited fields to Close: one partial `PUT` per record.

Close treats `PUT` as a patch, so only the changed fields are sent. A contact's emails and
phones are the exception: Close replaces those lists whole, so one-entry changes are
applied to the list Close holds right now, read just before the write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from addon.close import CloseClient
from addon.crm.field_entries import ENTRY_KEYS, apply_ops
from addon.crm.fields import OBJECT_TYPES

UNKNOWN: Any = object()  # Close's value before an edit, when the edit did not say
_ID = re.compile(r"[a-z]+_[A-Za-z0-9]+")


class FieldChange(Protocol):
    """A change to one field of one record (made now, or staged earlier)."""

    @property
    def field(self) -> str: ...

    @property
    def value(self) -> Any: ...


@dataclass(frozen=True)
class Change:
    """One edit of one field of one record, in Close's terms and in the user's words."""

    object_type: str
    object_id: str
    lead_id: str
    field: str  # the key sent to Close
    value: Any  # what is sent; for emails/phones, a list of one-entry operations
    label: str  # the field as the user knows it, the record named first when not the lead
    shown: str  # the new value in words
    said: str  # what the toast says once Close has it: "Status set to Qualified"
    was: Any = UNKNOWN  # Close's value when the edit began, to notice a change back


def record_path(object_type: str, object_id: str) -> str:
    """Return a record's API path, refusing anything that is not a Close id."""
    if object_type not in OBJECT_TYPES or not _ID.fullmatch(object_id):
        raise ValueError(f"not a Close record: {object_type} {object_id!r}")
    return f"{object_type}/{object_id}/"


def put_changes(
    client: CloseClient, object_type: str, object_id: str, changes: Sequence[FieldChange]
) -> dict[str, Any]:
    """Send several changes to one record in one partial update; return Close's answer."""
    path = record_path(object_type, object_id)
    body: dict[str, Any] = {c.field: c.value for c in changes if c.field not in ENTRY_KEYS}
    lists = [c for c in changes if c.field in ENTRY_KEYS]
    if lists:
        names = sorted({c.field for c in lists})
        current = client.get(path, params={"_fields": ",".join(names)})
        for name in names:
            ops = [op for c in lists if c.field == name for op in c.value]
            body[name] = apply_ops(current.get(name) or [], ops, name)
    return client.put(path, body)


def already_held(
    client: CloseClient, object_type: str, object_id: str, changes: Sequence[FieldChange]
) -> list[bool]:
    """Tell, per change, whether the record in Close already holds what it would write.

    Read after a write whose answer was lost: what Close holds is the truth to show.
    """
    path = record_path(object_type, object_id)
    names = sorted({c.field for c in changes})
    current = client.get(path, params={"_fields": ",".join(names)})
    held = []
    for change in changes:
        now = current.get(change.field)
        if change.field in ENTRY_KEYS:
            entries = now or []
            held.append(apply_ops(entries, change.value, change.field) == entries)
        else:
            held.append(change.field in current and now == change.value)
    return held


def refusal_for(change: FieldChange, field_errors: dict[str, str]) -> str | None:
    """Return Close's reason for refusing this change's field, if Close named it."""
    for key, reason in field_errors.items():
        if change.field.startswith(key) or key.startswith(change.field):
            return reason
    return None

"""One-entry changes to a contact's emails or phones, applied to the list Close holds.

Close replaces those lists whole on `PUT`, so "add one", "change one" and "remove one" are
kept as operations and applied to the current list just before the write. Each operation
is idempotent, so a batch resent after a timeout never doubles or loses an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

ENTRY_KEYS = {"emails": "email", "phones": "phone"}  # list field -> key inside each entry


def entry_op(
    op: Literal["add", "change", "remove"], *, old: str = "", new: str = "", kind: str = "office"
) -> dict[str, str]:
    """Return one change to a contact's emails or phones."""
    return {"op": op, "old": old, "new": new, "type": kind or "office"}


def apply_ops(
    entries: Sequence[dict[str, Any]], ops: Sequence[dict[str, str]], list_field: str
) -> list[dict[str, Any]]:
    """Return the whole list Close must be sent after these one-entry changes."""
    key = ENTRY_KEYS[list_field]
    out = [_kept(entry, key) for entry in entries if entry.get(key)]
    for op in ops:
        old, new, kind = op.get("old", ""), op.get("new", ""), op.get("type") or "office"
        at = _find(out, key, old) if old else None
        if op.get("op") == "remove":
            if at is not None:
                del out[at]
            continue
        twin = _find(out, key, new)
        if at is not None and twin not in (None, at):
            del out[at]  # changed into an entry that is already there
        elif at is not None:
            same = _same(key, out[at][key], new)
            out[at] = {**(out[at] if same else {}), key: new, "type": kind}
        elif twin is None:
            out.append({key: new, "type": kind})
    return out


def describe_ops(ops: Sequence[dict[str, str]], show: Callable[[str], str] = str) -> str:
    """Return what one-entry changes will do, e.g. 'add jane@acme.com; remove old@acme.com'.

    `show` writes an entry as the card does (a phone as the user reads it, not E.164).
    """
    parts = []
    for op in ops:
        old, new = show(op.get("old", "")), show(op.get("new", ""))
        if op.get("op") == "remove":
            parts.append(f"remove {old}")
        elif op.get("op") == "change" and op.get("old") != op.get("new"):
            parts.append(f"{old} → {new}")
        elif op.get("op") == "change":
            parts.append(f"{new} as {op.get('type', '')}")
        else:
            parts.append(f"add {new}")
    return "; ".join(parts)


def _kept(entry: dict[str, Any], key: str) -> dict[str, Any]:
    # Only what Close lets us write; an unsubscribed address must stay unsubscribed.
    kept = {key: entry[key], "type": entry.get("type") or "office"}
    if key == "email" and "is_unsubscribed" in entry:
        kept["is_unsubscribed"] = bool(entry["is_unsubscribed"])
    return kept


def _find(entries: list[dict[str, Any]], key: str, wanted: str) -> int | None:
    return next((i for i, e in enumerate(entries) if _same(key, e[key], wanted)), None)


def _same(key: str, a: str, b: str) -> bool:
    if key == "phone":
        # Close stores +1 415…; a user may type 415… for the same number.
        short, long = sorted((_digits(a), _digits(b)), key=len)
        return short == long != "" or (len(short) >= 7 and long.endswith(short))
    return a.strip().lower() == b.strip().lower()


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())

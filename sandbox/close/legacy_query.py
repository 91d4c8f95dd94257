"""The deprecated ``GET /lead/?query=`` search, in its common minimal forms.

Supported: ``email_address:"x"`` / ``email:"x"`` (tokenised like ``/data/search/``),
``status:"Label"``, ``sort:created`` / ``sort:updated`` (newest first) and bare words (lead
names, matched as beginnings of words). Anything else answers 400, never a silently wrong list.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING, Any

from sandbox.close.errors import bad_request

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

_TERM = re.compile(r"^(?P<key>[A-Za-z_.]+):(?P<value>.*)$")


def _terms(query: str) -> list[tuple[str, str]]:
    try:
        parts = shlex.split(query)
    except ValueError:
        raise bad_request(f"Invalid query: {query}") from None
    terms = []
    for part in parts:
        match = _TERM.match(part)
        terms.append((match["key"], match["value"]) if match else ("", part))
    return terms


def _lead_ids_with_email(state: CloseState, address: str) -> set[str]:
    contacts = state.email_index.search("phrase", address)
    return {state.contacts[c]["lead_id"] for c in contacts}


def filter_leads(state: CloseState, query: str) -> list[Json]:
    """Return the leads matching a legacy query string, newest first (or as ``sort:`` says)."""
    ids = set(state.leads)
    sort_key = "date_created"
    words = []
    for key, value in _terms(query):
        if key in ("email_address", "email"):
            ids &= _lead_ids_with_email(state, value)
        elif key == "status":
            ids &= {i for i in ids if _status_label(state, i).casefold() == value.casefold()}
        elif key == "sort" and value in ("created", "updated"):
            sort_key = "date_created" if value == "created" else "date_updated"
        elif key == "":
            words.append(value)
        else:
            raise bad_request(f"Unsupported query term in the sandbox: {key}:{value}")
    if words:
        ids &= state.lead_name_index.search("beginning_of_words", " ".join(words))
    return sorted((state.leads[i] for i in ids), key=lambda r: r[sort_key], reverse=True)


def _status_label(state: CloseState, lead_id: str) -> str:
    return str(state.lead_statuses[state.leads[lead_id]["status_id"]]["label"])

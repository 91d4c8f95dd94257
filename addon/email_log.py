"""Which email was logged, and where that is shared.

A logged email is remembered by organization and RFC Message-ID, so everyone in the
Close organization sees "already logged" on the same email in their own mailbox.
"""

from __future__ import annotations

import hashlib

from addon.gmail import MessageHeaders
from addon.store import UserSettings


def message_key(headers: MessageHeaders) -> str:
    """Return the key an email is remembered by: its RFC Message-ID, else Gmail's id."""
    return headers.rfc_message_id or f"gmail:{headers.message_id}"


def log_form_id(key: str, lead_id: str) -> str:
    """Return the form id that makes logging one email to one lead happen once."""
    return "log-" + hashlib.sha256(f"{key}\n{lead_id}".encode()).hexdigest()[:40]


def shared_in(settings: UserSettings, user_sub: str) -> str:
    """Return the organization a user's logged emails are shared in."""
    return settings.close_org_id or f"user:{user_sub}"

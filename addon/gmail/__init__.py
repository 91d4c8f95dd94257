"""The open Gmail message: its headers, parsed addresses, its body on a click, and the client."""

from addon.gmail.addresses import Address, is_valid_email, recipients_from_compose
from addon.gmail.body import MessageBody
from addon.gmail.client import GmailClient
from addon.gmail.errors import (
    GmailAuthError,
    GmailDeadlineExceeded,
    GmailError,
    GmailNotFound,
    GmailUnavailable,
)
from addon.gmail.headers import MessageHeaders

__all__ = [
    "Address",
    "GmailAuthError",
    "GmailClient",
    "GmailDeadlineExceeded",
    "GmailError",
    "GmailNotFound",
    "GmailUnavailable",
    "MessageBody",
    "MessageHeaders",
    "is_valid_email",
    "recipients_from_compose",
]

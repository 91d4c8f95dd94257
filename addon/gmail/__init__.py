"""The open Gmail message: its headers, parsed addresses, its body on a click, and the client."""

from addon.gmail.addresses import (
    Address,
    decode_words,
    is_valid_email,
    parse_addresses,
    recipients_from_compose,
)
from addon.gmail.body import MessageBody, body_from_message
from addon.gmail.client import GmailClient
from addon.gmail.errors import (
    GmailAuthError,
    GmailDeadlineExceeded,
    GmailError,
    GmailNotFound,
    GmailUnavailable,
)
from addon.gmail.headers import MessageHeaders, headers_from_message, parse_date

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
    "body_from_message",
    "decode_words",
    "headers_from_message",
    "is_valid_email",
    "parse_addresses",
    "parse_date",
    "recipients_from_compose",
]

"""Email addresses from raw header values: split, decode display names, deduplicate."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header
from email.utils import getaddresses

# Python 3.11.10+ parses strictly and returns nothing at all for a header it finds odd;
# the lenient parser keeps the other recipients, and we validate every address anyway.
_LENIENT: dict[str, bool] = (
    {"strict": False} if "strict" in inspect.signature(getaddresses).parameters else {}
)
_ATOM = r'[^\s@<>()\[\],;:"\\]+'
_LABEL = r'[^\s@<>()\[\],;:"\\.]+'
_VALID_EMAIL = re.compile(rf"{_ATOM}@{_LABEL}(?:\.{_LABEL})+")


@dataclass(frozen=True)
class Address:
    """One mailbox: a lowercased email and the decoded display name (may be empty)."""

    email: str
    name: str = ""

    def __post_init__(self) -> None:
        # Normalise here so every Address compares and hashes the same way.
        object.__setattr__(self, "email", self.email.strip().lower())
        object.__setattr__(self, "name", " ".join(self.name.split()))

    @property
    def display(self) -> str:
        """Return the name to show: the display name, else the email."""
        return self.name or self.email


def decode_words(text: str) -> str:
    """Decode RFC 2047 encoded words, falling back to the raw text when they are broken."""
    if "=?" not in text:
        return text
    try:
        parts = decode_header(text)
        return "".join(_decode_part(chunk, charset) for chunk, charset in parts)
    except (HeaderParseError, LookupError, ValueError):
        # Unknown charset, bad base64 or undecodable bytes: raw text beats a crash.
        return text


def _decode_part(chunk: bytes | str, charset: str | None) -> str:
    if isinstance(chunk, str):
        return chunk
    # decode_header encodes the unencoded stretches with raw-unicode-escape.
    return chunk.decode(charset or "raw-unicode-escape")


def is_valid_email(email: str) -> bool:
    """Tell whether `email` looks like a deliverable local@domain.tld address."""
    return _VALID_EMAIL.fullmatch(email) is not None


def parse_addresses(value: str | None) -> tuple[Address, ...]:
    """Parse an address header (From, To, Cc, …) into unique, valid addresses."""
    if not value or not value.strip():
        return ()
    pairs = getaddresses([_balance_quotes(value)], **_LENIENT)
    return unique(_address(name, email) for name, email in pairs)


def recipients_from_compose(to: list[str], cc: list[str], bcc: list[str]) -> tuple[Address, ...]:
    """Turn the compose trigger's recipient lists into unique addresses, To first."""
    return unique(address for entry in (*to, *cc, *bcc) for address in parse_addresses(entry))


def unique(addresses: Iterable[Address | None]) -> tuple[Address, ...]:
    """Drop empty and repeated emails, keeping first positions and the first known name."""
    seen: dict[str, Address] = {}
    for address in addresses:
        if address is None:
            continue
        known = seen.get(address.email)
        if known is None or (not known.name and address.name):
            seen[address.email] = address
    return tuple(seen.values())


def _address(raw_name: str, raw_email: str) -> Address | None:
    email = raw_email.strip().strip("<>").strip().lower()
    if not is_valid_email(email):
        return None  # group names, "undisclosed-recipients", fragments of broken headers
    name = _clean_name(decode_words(raw_name))
    return Address(email, "" if name.lower() == email else name)


def _clean_name(name: str) -> str:
    name = " ".join(name.split()).strip('"').strip()
    if len(name) > 1 and name[0] == name[-1] == "'":
        name = name[1:-1].strip()  # Outlook's 'Jane Doe' <jane@example.com>
    return name


def _balance_quotes(value: str) -> str:
    # One stray quote makes the parser swallow the rest of the header into a "name";
    # dropping all quotes keeps every address, at worst splitting a quoted name.
    quotes = value.count('"') - value.count('\\"')
    return value.replace('"', "") if quotes % 2 else value

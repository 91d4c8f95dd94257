"""Who is "us", which way the mail went, and whom the sidebar should look up first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from addon.gmail import Address, MessageHeaders
from addon.gmail.addresses import unique
from addon.matching.automated import is_automated
from addon.matching.domains import company_domain, domain_of
from addon.matching.names import is_company_name, is_role_address

MAX_LOOKUP = 25  # participants looked up in Close per message; the rest are only listed
_GMAIL_DOMAINS = ("gmail.com", "googlemail.com")

Direction = Literal["received", "sent"]


@dataclass(frozen=True)
class Us:
    """The user's own addresses and coworkers, and the company domains they share."""

    addresses: frozenset[str]  # the mailboxes they deliver to (see `canonical`)
    domains: frozenset[str]

    def includes(self, email: str) -> bool:
        """Tell whether an address is the user, an alias, a coworker or at our own domain."""
        if canonical(email) in self.addresses:
            return True
        domain = domain_of(email)
        return any(domain == own or domain.endswith("." + own) for own in self.domains)


@dataclass(frozen=True)
class Participants:
    """The external people of one message, the one to show first, and the automated ones."""

    direction: Direction
    primary: Address | None
    others: tuple[Address, ...]
    internal_only: bool
    everyone: tuple[Address, ...]
    automated: frozenset[str]


def build_us(
    *,
    google_email: str,
    close_user_email: str | None,
    aliases: Iterable[str],
    coworker_emails: Iterable[str],
) -> Us:
    """Collect the user's addresses, coworkers and own company domains (never free-mail)."""
    own = [google_email, close_user_email or ""]
    emails = (e.strip().lower() for e in (*own, *aliases, *coworker_emails))
    # Mirrors Close: your own company domain is internal even for people not in Close.
    domains = (company_domain(e) for e in own if e)
    return Us(
        addresses=frozenset(canonical(e) for e in emails if "@" in e),
        domains=frozenset(d for d in domains if d),
    )


def classify(headers: MessageHeaders, us: Us) -> Participants:
    """Find the direction, the primary external person and everyone else on a message."""
    sender = headers.sender
    sent = sender is not None and us.includes(sender.email)
    seen = unique((sender, *headers.reply_to, *headers.to, *headers.cc))
    external = tuple(a for a in seen if not us.includes(a.email))
    automated = frozenset(a.email for a in external if is_automated(a, headers))
    # Received: the sender, unless it is a shared inbox that asks for replies to a person
    # (billing@ with Reply-To the customer's contact). Sent: the first outside
    # recipient, To before Cc.
    if sent:
        preferred: tuple[Address | None, ...] = (*headers.to, *headers.cc)
    else:
        preferred = (_reply_person(headers, automated, external), sender)
    primary = _first(preferred, external) or _first(external, external)
    return _participants("sent" if sent else "received", primary, external, automated)


def classify_compose(recipients: Iterable[Address], us: Us) -> Participants:
    """Classify a draft's recipients: outgoing mail, the first outside recipient first."""
    external = tuple(a for a in unique(recipients) if not us.includes(a.email))
    automated = frozenset(a.email for a in external if is_automated(a))
    return _participants("sent", _first(external, external), external, automated)


def canonical(email: str) -> str:
    """Return the mailbox an address delivers to: no +tag, and no dots for Gmail."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    local = local.split("+", 1)[0]
    if domain in _GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _reply_person(
    headers: MessageHeaders, automated: frozenset[str], external: tuple[Address, ...]
) -> Address | None:
    """Return the person a shared inbox's mail asks replies to go to, if it names one."""
    sender = headers.sender
    if sender is None or _is_person(sender, automated):
        return None
    outside = {a.email for a in external}
    return next(
        (a for a in headers.reply_to if a.email in outside and _is_person(a, automated)), None
    )


def _is_person(address: Address, automated: frozenset[str]) -> bool:
    return not (
        address.email in automated
        or is_role_address(address.email)
        or is_company_name(address.name, address.email)
    )


def _first(candidates: Iterable[Address | None], external: tuple[Address, ...]) -> Address | None:
    # Return the deduplicated entry: it carries the best display name seen on the message.
    by_email = {a.email: a for a in external}
    return next((by_email[a.email] for a in candidates if a and a.email in by_email), None)


def _participants(
    direction: Direction,
    primary: Address | None,
    external: tuple[Address, ...],
    automated: frozenset[str],
) -> Participants:
    others = tuple(a for a in external if primary is None or a.email != primary.email)
    lookup = (primary, *others) if primary is not None else others
    return Participants(
        direction=direction,
        primary=primary,
        others=others,
        internal_only=not external,
        everyone=lookup[:MAX_LOOKUP],
        automated=automated,
    )

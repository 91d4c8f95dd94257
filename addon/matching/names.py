"""Whether an address and its display name are a person, or a company's shared inbox.

`billing@brightlane.com` signed "Brightlane Logistics" is the customer's billing desk:
neither its address nor its display name is anybody's name.
"""

from __future__ import annotations

import re

from addon.matching.domains import domain_of


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Shared inboxes: their local part is a role, not a name.
ROLE_LOCALS = _words(
    "info sales hello hi contact support team office admin billing accounts help hr jobs "
    "careers press enquiries inquiries invoices invoice accounting finance payments "
    "orders service customerservice"
)
# Words that make a display name a company's or a department's ("Acme Inc", "Acme Support").
_COMPANY_WORDS = _words(
    "inc llc ltd limited gmbh ag sas sarl bv nv plc corp corporation company "
    "pty srl spa team billing accounts accounting invoices support"
)
# Labels under a country code that are not the company's name: acme.co.uk is Acme.
SECOND_LEVEL = _words("co com org net ac gov edu ltd plc or ne go")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def is_role_address(email: str) -> bool:
    """Tell whether the part before the @ is a role (billing@, info@), not a person."""
    local = email.strip().lower().rpartition("@")[0].split("+", 1)[0]
    return _NOT_LETTERS.sub("", local) in ROLE_LOCALS


def is_company_name(display: str, email: str) -> bool:
    """Tell whether a display name names the sender's company or a department of it.

    "Brightlane Logistics" at brightlane.com starts with the company's own domain name;
    "Acme Billing" and "Vale Ltd" carry a word no person is called. "Ross, Jamie" at
    ross.com is a person written last name first.
    """
    words = _NOT_LETTERS.split(display.lower())
    if not any(words) or "," in display:
        return False
    if _COMPANY_WORDS.intersection(words):
        return True
    compact = "".join(words)
    return any(compact.startswith(label) for label in _company_labels(domain_of(email)))


def _company_labels(domain: str) -> tuple[str, ...]:
    """Return the labels of a domain that can be the company's name, letters only."""
    labels = domain.split(".")[:-1]  # never the top-level domain
    if len(labels) > 1 and labels[-1] in SECOND_LEVEL:
        labels = labels[:-1]
    cores = (_NOT_LETTERS.sub("", label) for label in labels)
    return tuple(core for core in cores if len(core) >= 3 and core not in ("www", "mail"))

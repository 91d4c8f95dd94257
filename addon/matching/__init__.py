"""Decide who on a message is "us", which way it went, and whom to look up in Close."""

from addon.matching.automated import automated_local_part, bulk_headers, is_automated
from addon.matching.domains import FREE_MAIL_DOMAINS, company_domain, domain_of, is_free_mail
from addon.matching.participants import (
    MAX_LOOKUP,
    Participants,
    Us,
    build_us,
    canonical,
    classify,
    classify_compose,
)

__all__ = [
    "FREE_MAIL_DOMAINS",
    "MAX_LOOKUP",
    "Participants",
    "Us",
    "automated_local_part",
    "build_us",
    "bulk_headers",
    "canonical",
    "classify",
    "classify_compose",
    "company_domain",
    "domain_of",
    "is_automated",
    "is_free_mail",
]

"""Decide who on a message is "us", which way it went, and whom to look up in Close."""

from addon.matching.domains import company_domain
from addon.matching.participants import Participants, Us, build_us, classify, classify_compose

__all__ = [
    "Participants",
    "Us",
    "build_us",
    "classify",
    "classify_compose",
    "company_domain",
]

"""Deterministic demo data for the sandbox Close: the "Northwind Analytics" sales organization.

``load_demo_org(state)`` fills an empty ``CloseState`` (about 50 leads, 120 contacts, deals,
tasks relative to today, long histories, custom fields and templates); ``large=True`` tops it
up to 10,000 leads for benchmarks. The constants below name the people the demo inbox uses.
"""

from __future__ import annotations

import random

from sandbox.close.clock import utcnow
from sandbox.close.state import CloseState
from sandbox.demo_data.builder import Builder
from sandbox.demo_data.constants import (
    COWORKER_EMAILS,
    COWORKERS,
    DEMO_API_KEY,
    DEMO_USER_EMAIL,
    FREEMAIL_CONTACT,
    FREEMAIL_CONTACT_EMAIL,
    KNOWN_SENDER,
    KNOWN_SENDER_EMAIL,
    LONG_HISTORY_LEAD_NAMES,
    MAIN_USER,
    NEAR_MATCH,
    NEAR_MATCH_EMAIL,
    ORG_DOMAIN,
    ORG_NAME,
    SHARED_CONTACT,
    SHARED_EMAIL,
    SHARED_EMAIL_LEAD_NAMES,
    THREAD_CONTACT_EMAILS,
    THREAD_CONTACTS,
    THREAD_LEAD_NAME,
    UNKNOWN_COMPANY_DOMAINS,
    UNKNOWN_COMPANY_SENDER,
    UNKNOWN_COMPANY_SENDER_EMAIL,
    UNKNOWN_FREEMAIL_EMAIL,
    DemoPerson,
    DemoUser,
)
from sandbox.demo_data.guidance import build_guidance
from sandbox.demo_data.history import build_long_history
from sandbox.demo_data.large import LARGE_LEAD_COUNT, build_large
from sandbox.demo_data.org_setup import build_skeleton
from sandbox.demo_data.sequences import build_sequences
from sandbox.demo_data.special import SPECIAL_COMPANY_NAMES, add_shared_contact, build_special
from sandbox.demo_data.standard import build_standard
from sandbox.demo_data.template_examples import add_template_examples

DEMO_SEED = 20240501

__all__ = [
    "COWORKERS",
    "COWORKER_EMAILS",
    "DEMO_API_KEY",
    "DEMO_USER_EMAIL",
    "FREEMAIL_CONTACT",
    "FREEMAIL_CONTACT_EMAIL",
    "KNOWN_SENDER",
    "KNOWN_SENDER_EMAIL",
    "LARGE_LEAD_COUNT",
    "LONG_HISTORY_LEAD_NAMES",
    "MAIN_USER",
    "NEAR_MATCH",
    "NEAR_MATCH_EMAIL",
    "ORG_DOMAIN",
    "ORG_NAME",
    "SHARED_CONTACT",
    "SHARED_EMAIL",
    "SHARED_EMAIL_LEAD_NAMES",
    "THREAD_CONTACTS",
    "THREAD_CONTACT_EMAILS",
    "THREAD_LEAD_NAME",
    "UNKNOWN_COMPANY_DOMAINS",
    "UNKNOWN_COMPANY_SENDER",
    "UNKNOWN_COMPANY_SENDER_EMAIL",
    "UNKNOWN_FREEMAIL_EMAIL",
    "DemoPerson",
    "DemoUser",
    "build_demo_state",
    "load_demo_org",
]


def load_demo_org(state: CloseState, *, large: bool = False) -> None:
    """Fill an empty state with the demo organization (10,000 leads when ``large``)."""
    with state.lock:
        if state.organization:
            raise ValueError("load_demo_org needs an empty CloseState (no organization yet)")
        # Demo data, not secrets: a fixed seed makes every run build the same records.
        rng = random.Random(DEMO_SEED)  # noqa: S311 - deterministic demo data
        b = Builder(state, build_skeleton(state), rng, utcnow())
        special = build_special(b)
        standard = build_standard(b, skip=SPECIAL_COMPANY_NAMES)
        add_shared_contact(b, {lead["name"]: lead for lead in standard})
        for name in LONG_HISTORY_LEAD_NAMES:
            build_long_history(b, special[name])
        add_template_examples(b)
        build_guidance(b, special)
        build_sequences(b)
        if large:
            build_large(b)


def build_demo_state(*, large: bool = False) -> CloseState:
    """Return a new state holding the demo organization."""
    return CloseState.from_demo(large=large)

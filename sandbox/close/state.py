"""The emulator's in-memory, thread-safe data store: one Close organization and its records."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.close.errors import not_found
from sandbox.close.faults import FaultInjector
from sandbox.close.ids import IdFactory
from sandbox.close.ratelimit import RateLimitConfig, RateLimiter
from sandbox.close.stats import CallStats
from sandbox.close.textindex import TokenIndex

if TYPE_CHECKING:
    from collections.abc import Callable

Json = dict[str, Any]

DEFAULT_TEST_API_KEY = "api_SandboxTestKey000000000.SandboxSecret000000000"


@dataclass
class LeadChildren:
    """Ids of the records hanging off one lead, kept in creation order."""

    contacts: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)


class CloseState:
    """Everything the emulated Close account holds.

    Hold ``lock`` (re-entrant) around any read or write; the HTTP layer does so per request.
    """

    def __init__(self, *, seed: int = 1, rate_limits: RateLimitConfig | None = None) -> None:
        self.lock = threading.RLock()
        self.ids = IdFactory(seed)
        self.organization: Json = {}
        self.users: dict[str, Json] = {}
        self.memberships: dict[str, Json] = {}  # by user id
        self.api_keys: dict[str, str] = {}  # full key -> user id
        self.lead_statuses: dict[str, Json] = {}  # ordered: the first is the default
        self.pipelines: dict[str, Json] = {}
        self.opportunity_statuses: dict[str, Json] = {}
        self.custom_fields: dict[str, Json] = {}
        self.leads: dict[str, Json] = {}
        self.contacts: dict[str, Json] = {}
        self.opportunities: dict[str, Json] = {}
        self.tasks: dict[str, Json] = {}
        self.activities: dict[str, Json] = {}
        self.templates: dict[str, Json] = {}
        self.comments: dict[str, Json] = {}  # by comment id (sandbox/close/comments.py)
        self.children: dict[str, LeadChildren] = {}
        self.sequences: dict[str, Json] = {}
        self.subscriptions: dict[str, Json] = {}
        self.unsubscribed: set[str] = set()  # addresses, lowercased, unsubscribed org-wide
        # Search indexes (by contact id / lead id): contact emails, contact names, lead names.
        self.email_index = TokenIndex()
        self.contact_name_index = TokenIndex()
        self.lead_name_index = TokenIndex()
        self.demo_api_key: str | None = None
        self.limiter = RateLimiter(rate_limits)
        self.faults = FaultInjector()
        self.stats = CallStats()

    @classmethod
    def empty(
        cls,
        *,
        api_key: str = DEFAULT_TEST_API_KEY,
        seed: int = 1,
        rate_limits: RateLimitConfig | None = None,
    ) -> CloseState:
        """Build an organization with one admin user (owning ``api_key``), statuses, no leads."""
        from sandbox.close import org  # late: org needs this module

        state = cls(seed=seed, rate_limits=rate_limits)
        org.setup_organization(state, name="Sandbox Org")
        org.add_default_statuses(state)
        org.add_user(state, "Sandy", "Tester", "sandy@sandbox.example", role="admin", key=api_key)
        return state

    @classmethod
    def from_demo(
        cls, *, large: bool = False, rate_limits: RateLimitConfig | None = None
    ) -> CloseState:
        """Build the deterministic demo organization (10,000 leads when ``large``)."""
        from sandbox.demo_data import load_demo_org  # late: demo data imports this module

        state = cls(seed=20240501, rate_limits=rate_limits)
        load_demo_org(state, large=large)
        return state

    @property
    def organization_id(self) -> str:
        """Return the id of the one organization."""
        return str(self.organization["id"])

    def lead_children(self, lead_id: str) -> LeadChildren:
        """Return (creating when needed) the child-id lists of a lead."""
        return self.children.setdefault(lead_id, LeadChildren())

    def user_for_key(self, api_key: str) -> str | None:
        """Return the id of the user owning a full API key, if any."""
        return self.api_keys.get(api_key)

    def new_id(self, prefix: str) -> str:
        """Mint a fresh object id."""
        return self.ids.new(prefix)


def fetch(collection: dict[str, Json], obj_id: str, model: str) -> Json:
    """Return one stored record or raise Close's 404 for ``model``."""
    record = collection.get(obj_id)
    if record is None:
        raise not_found(model)
    return record


def fetch_where(
    collection: dict[str, Json], obj_id: str, model: str, check: Callable[[Json], bool]
) -> Json:
    """Like ``fetch`` but also 404 when the record fails ``check`` (e.g. wrong type)."""
    record = fetch(collection, obj_id, model)
    if not check(record):
        raise not_found(model)
    return record

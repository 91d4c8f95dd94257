"""The benchmark organization: the demo org topped up to 10,000 generated leads."""

from __future__ import annotations

import gc

from sandbox.close.bulk import BulkContact, bulk_lead
from sandbox.close.clock import iso
from sandbox.demo_data.builder import Builder
from sandbox.demo_data.catalog import FIRST_NAMES, LAST_NAMES, TITLES

LARGE_LEAD_COUNT = 10_000
_ADJECTIVES = tuple(
    [
        "Amber",
        "Arctic",
        "Atlas",
        "Beacon",
        "Birch",
        "Bold",
        "Bright",
        "Canyon",
        "Cardinal",
        "Cobalt",
        "Copper",
        "Crescent",
        "Crystal",
        "Delta",
        "Echo",
        "Ember",
        "Evergreen",
        "Falcon",
        "Frontier",
        "Golden",
        "Granite",
        "Harbor",
        "Horizon",
        "Indigo",
        "Iron",
        "Juniper",
        "Keystone",
        "Lakeside",
        "Lunar",
        "Maple",
        "Meridian",
        "Midnight",
        "Noble",
        "Northern",
        "Oak",
        "Onyx",
        "Pacific",
        "Pinnacle",
        "Prairie",
        "Quartz",
        "Radiant",
        "Redwood",
        "Ridge",
        "River",
        "Sable",
        "Sierra",
        "Silver",
        "Summit",
        "Tidal",
        "Timber",
        "Union",
        "Valley",
        "Vanguard",
        "Vista",
        "Willow",
        "Zenith",
    ]
)
_NOUNS = tuple(
    [
        "Analytics",
        "Bakery",
        "Brewing",
        "Capital",
        "Clinics",
        "Cloud",
        "Dynamics",
        "Energy",
        "Engineering",
        "Farms",
        "Foods",
        "Freight",
        "Goods",
        "Health",
        "Holdings",
        "Industries",
        "Labs",
        "Logistics",
        "Media",
        "Metals",
        "Mobility",
        "Networks",
        "Partners",
        "Pharma",
        "Robotics",
        "Security",
        "Software",
        "Solar",
        "Studios",
        "Systems",
        "Textiles",
        "Travel",
        "Ventures",
        "Works",
    ]
)
_SUFFIXES = ("Inc.", "LLC", "Co.", "Group", "Ltd.", "Corp.")


def company_name(index: int) -> tuple[str, str]:
    """Return a unique (name, domain) for generated lead number ``index``."""
    adjective = _ADJECTIVES[index % len(_ADJECTIVES)]
    noun = _NOUNS[(index // len(_ADJECTIVES)) % len(_NOUNS)]
    round_ = index // (len(_ADJECTIVES) * len(_NOUNS))
    suffix = _SUFFIXES[round_ % len(_SUFFIXES)]
    domain = f"{adjective}{noun}{round_ or ''}.com".lower()
    return f"{adjective} {noun} {suffix}", domain


def build_large(b: Builder) -> None:
    """Add generated leads (1-3 contacts each) until the org holds 10,000 leads."""
    # The cyclic GC would rescan the growing heap many times over; these records hold no
    # cycles, so pausing it during the build roughly halves the time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _generate(b)
    finally:
        if was_enabled:
            gc.enable()


def _generate(b: Builder) -> None:
    statuses = list(b.ids.lead_status.values())
    users = b.ids.everyone
    for index in range(LARGE_LEAD_COUNT - len(b.state.leads)):
        name, domain = company_name(index)
        people = [_person(b, domain) for _ in range(1 + index % 3)]
        lead = {
            "name": name,
            "url": f"https://{domain}",
            "status_id": statuses[index % len(statuses)],
        }
        stamp = iso(b.ago(1 + index % 700, index % 24))
        bulk_lead(b.state, users[index % len(users)], stamp, lead, people)


def _person(b: Builder, domain: str) -> BulkContact:
    first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
    email = f"{first}.{last}@{domain}".lower()
    phone = f"+1212555{b.rng.randint(1000, 9999)}"
    return BulkContact(f"{first} {last}", b.rng.choice(TITLES), email, phone)

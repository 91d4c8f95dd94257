"""The demo organization's fixed facts: its users and keys, and the special people of the inbox."""

from __future__ import annotations

from typing import NamedTuple


class DemoUser(NamedTuple):
    """A member of the demo organization."""

    first_name: str
    last_name: str
    email: str
    api_key: str

    @property
    def name(self) -> str:
        """Return the full name."""
        return f"{self.first_name} {self.last_name}"


class DemoPerson(NamedTuple):
    """A person the demo inbox can send mail from or to."""

    name: str
    email: str
    title: str
    lead_name: str  # "" when the person is deliberately not in Close


ORG_NAME = "Northwind Analytics"
ORG_DOMAIN = "northwind-analytics.com"

# Full keys in Close's form: the key id, a dot, then the secret part.
DEMO_API_KEY = "api_4NorthwindDemoAlexMrgn.xS7q2VfR9kLm3PzT8wYb1c"
MAIN_USER = DemoUser("Alex", "Morgan", f"alex.morgan@{ORG_DOMAIN}", DEMO_API_KEY)
DEMO_USER_EMAIL = MAIN_USER.email
COWORKERS = (
    DemoUser(
        "Jordan",
        "Lee",
        f"jordan.lee@{ORG_DOMAIN}",
        "api_4NorthwindDemoJordanLe.k2P9sQ4wE7rT1yU6iO3aZx",
    ),
    DemoUser(
        "Priya",
        "Natarajan",
        f"priya.natarajan@{ORG_DOMAIN}",
        "api_4NorthwindDemoPriyaNat.m5N8bV2cX4zL7kJ1hG9fDs",
    ),
    DemoUser(
        "Sam",
        "Okafor",
        f"sam.okafor@{ORG_DOMAIN}",
        "api_4NorthwindDemoSamOkafr.q3W6eR8tY1uI4oP7aS2dFg",
    ),
    DemoUser(
        "Riley",
        "Chen",
        f"riley.chen@{ORG_DOMAIN}",
        "api_4NorthwindDemoRileyChn.z9X2cV5bN8mA3sD6fG1hJk",
    ),
)
COWORKER_EMAILS = tuple(user.email for user in COWORKERS)

# A sender with a lead and a long history (the inbox's "known sender").
KNOWN_SENDER = DemoPerson(
    "Dana Whitfield", "dana.whitfield@brightlane.com", "VP of Operations", "Brightlane Logistics"
)
KNOWN_SENDER_EMAIL = KNOWN_SENDER.email
# A different contact whose address is a token-level near match of the known sender's:
# Close's search for the known sender finds both, so clients must re-check exact equality.
NEAR_MATCH = DemoPerson(
    "Dana Whitfield",
    "dana.whitfield@brightlane.com.au",
    "Operations Lead (APAC)",
    "Brightlane Logistics Australia",
)
NEAR_MATCH_EMAIL = NEAR_MATCH.email
# One address that is a contact on two different leads (a board member of both).
SHARED_CONTACT = DemoPerson("Casey Brandt", "casey@tallpines.vc", "Board Member", "")
SHARED_EMAIL = SHARED_CONTACT.email
SHARED_EMAIL_LEAD_NAMES = ("Juniper Health", "Orbital Freight")
# A lead whose several contacts are all on one email thread.
THREAD_LEAD_NAME = "Quillfeather Software"
THREAD_CONTACTS = (
    DemoPerson("Elena Vasquez", "elena.vasquez@quillfeather.io", "CEO", THREAD_LEAD_NAME),
    DemoPerson("Tom Becker", "tom.becker@quillfeather.io", "CTO", THREAD_LEAD_NAME),
    DemoPerson("Aisha Rahman", "aisha.rahman@quillfeather.io", "Head of Data", THREAD_LEAD_NAME),
    DemoPerson("Greg Holt", "procurement@quillfeather.io", "Procurement", THREAD_LEAD_NAME),
)
THREAD_CONTACT_EMAILS = tuple(person.email for person in THREAD_CONTACTS)
# A free-mail (gmail.com) person who IS a contact, on a one-person consultancy lead.
FREEMAIL_CONTACT = DemoPerson(
    "Marcus Bell", "marcus.bell.consulting@gmail.com", "Independent Consultant", "Bell Advisory"
)
FREEMAIL_CONTACT_EMAIL = FREEMAIL_CONTACT.email
# A free-mail person who is NOT in Close.
UNKNOWN_FREEMAIL_EMAIL = "taylor.nguyen84@gmail.com"
# Company domains with no lead at all ("unknown sender from a company domain").
UNKNOWN_COMPANY_DOMAINS = ("vantagepoint-labs.com", "silverline-freight.com", "kestrel-bio.io")
UNKNOWN_COMPANY_SENDER = DemoPerson(
    "Jamie Ross", "jamie.ross@vantagepoint-labs.com", "Director of Analytics", ""
)
UNKNOWN_COMPANY_SENDER_EMAIL = UNKNOWN_COMPANY_SENDER.email
# The leads with a long (60+) activity history.
LONG_HISTORY_LEAD_NAMES = (KNOWN_SENDER.lead_name, THREAD_LEAD_NAME)

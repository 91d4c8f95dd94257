"""What Close already holds of someone about to be added: their address, or their company.

Only exact duplicates block: the same address on any lead. A lead whose contacts write
from the same company domain is offered instead of a new lead. Close's text search
matches words, so `ann@acme.com` also finds `ann@acme.com.au`; every hit is re-checked
here for the exact address or the exact `@domain` ending.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

from addon.close import CloseClient
from addon.close.models import Contact, Lead
from addon.close.search import find_people, search_body

MAX_DOMAIN_LEADS = 25
DOMAIN_LEAD_FIELDS = ["id", "display_name", "name", "contacts", "date_updated"]


@dataclass(frozen=True)
class Duplicates:
    """Leads with this very address, and other leads with contacts on its domain."""

    same_address: tuple[Lead, ...] = ()
    same_domain: tuple[Lead, ...] = ()


def find_duplicates(
    client: CloseClient, pool: Executor, email: str, domain: str | None
) -> Duplicates:
    """Look for the address and (for company domains) the domain, both searches at once."""
    by_domain = pool.submit(leads_on_domain, client, domain) if domain else None
    same_address = leads_with_address(client, email)
    known = {lead.id for lead in same_address}
    on_domain = by_domain.result() if by_domain is not None else ()
    return Duplicates(same_address, tuple(lead for lead in on_domain if lead.id not in known))


def leads_with_address(client: CloseClient, email: str) -> tuple[Lead, ...]:
    """Return the leads that have a contact with exactly this address, newest first."""
    leads = find_people(client, [email], "lead").for_email(email)
    return tuple(lead for lead in leads if isinstance(lead, Lead))


def contacts_at_domain(lead: Lead, domain: str) -> tuple[Contact, ...]:
    """Return the lead's contacts with an address ending in exactly `@domain`."""
    ending = "@" + domain.lower()
    return tuple(
        c for c in lead.contacts if any(e.email.lower().endswith(ending) for e in c.emails)
    )


def leads_on_domain(client: CloseClient, domain: str) -> tuple[Lead, ...]:
    """Return leads with a contact on this email domain (one search), newest updated first."""
    # The sidebar's lead search with the domain for an address: Close matches text by
    # tokens, so it finds every contact email on the domain. Only the fields shown here.
    shown = {"_fields": {"lead": DOMAIN_LEAD_FIELDS}, "_limit": MAX_DOMAIN_LEADS}
    data = client.search(search_body([domain], "lead") | shown).get("data") or []
    leads = (Lead.model_validate(item) for item in data)
    return tuple(lead for lead in leads if contacts_at_domain(lead, domain))

"""Close searches: everyone on a thread at once, and leads by what the user types.

Close's text conditions match by words, so `ann@acme.com` can also bring back
`ann@acme.com.au`; results for a thread are re-checked here for exact, case-insensitive
equality and grouped per address. Leads (lead view) or contacts (contact view) come back
newest updated first. What the user types in search is looked for as a phone number when
it reads as one, and a lead carrying exactly the address typed comes first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import phonenumbers

from addon.close import CloseClient
from addon.close.models import Contact, Lead

View = Literal["lead", "contact"]
MAX_RESULTS = 200
MAX_LEADS_FOUND = 20
PHONE_CHARACTERS = frozenset("0123456789+()-./ ")

# Sections Close nests in the lead itself: asked for with the lead when the user shows
# them, so the card then needs one more call only, for the activities.
NESTED_SECTIONS = ("opportunities", "tasks")
# Exactly what the models read, so a lead found is all the record card needs of it. Custom
# values come as `custom.cf_…` keys, asked for as "custom" with a lead; its contacts bring
# theirs inside it.
CONTACT_FIELDS = [name for name in Contact.model_fields if name != "custom_values"]
LEAD_FIELDS = [
    *(name for name in Lead.model_fields if name not in ("custom_values", *NESTED_SECTIONS)),
    "custom",
]


def lead_fields(sections: Collection[str] = ()) -> list[str]:
    """Return the lead fields to ask for: the card's own and the nested sections shown."""
    return [*LEAD_FIELDS, *(s for s in NESTED_SECTIONS if s in sections)]


@dataclass(frozen=True)
class PeopleMatches:
    """For each looked-up address, the leads (lead view) or contacts that really carry it."""

    view: View
    by_email: dict[str, tuple[Lead | Contact, ...]]

    def for_email(self, email: str) -> tuple[Lead | Contact, ...]:
        """Return this address's matches, newest updated first."""
        return self.by_email.get(email.lower(), ())

    def lead_ids(self, email: str) -> set[str]:
        """Return the leads this address's matches belong to."""
        return {h.id if isinstance(h, Lead) else h.lead_id or "" for h in self.for_email(email)}

    def with_record(self, email: str, lead: Lead) -> PeopleMatches:
        """Return these matches with `lead` (or its contact at `email`) first for `email`."""
        email = email.lower()
        first: Lead | Contact | None = lead
        if self.view == "contact":
            contact = next((c for c in lead.contacts if c.has_email(email)), None)
            first = contact.model_copy(update={"lead_id": lead.id}) if contact else None
        if first is None:
            return self
        return replace(self, by_email={**self.by_email, email: (first, *self.for_email(email))})


@dataclass(frozen=True)
class LeadsFound:
    """The leads a typed search found, newest updated first, and whether more match."""

    leads: tuple[Lead, ...]
    has_more: bool


def search_body(
    emails: Sequence[str], view: View, sections: Collection[str] = ()
) -> dict[str, Any]:
    """Build the /data/search/ body that finds every address in one call."""
    conditions = [_email_condition(e) for e in emails]
    by_email = conditions[0] if len(conditions) == 1 else {"type": "or", "queries": conditions}
    by_contact = _has_related("contact", "contact_email", by_email)
    if view == "contact":
        return _search("contact", by_contact, CONTACT_FIELDS, MAX_RESULTS)
    by_lead = _has_related("lead", "contact", by_contact)
    return _search("lead", by_lead, lead_fields(sections), MAX_RESULTS)


def find_leads(
    client: CloseClient, text: str, limit: int = MAX_LEADS_FOUND, *, region: str | None = None
) -> LeadsFound:
    """Find leads by what the user typed: a phone number, or words of names and addresses.

    A number is read in the user's country (`region`) unless it starts with +. Words match
    the beginnings of words, so an address also finds longer ones; the lead that carries
    exactly the address typed comes first, the rest stay newest updated first.
    """
    number = phone_condition(text, region)
    if number is not None:
        condition = _has_related(
            "lead", "contact", _has_related("contact", "contact_phone", number)
        )
    else:
        condition = {"type": "text", "mode": "beginning_of_words", "value": text}
    found = client.search(_search("lead", condition, LEAD_FIELDS, limit))
    leads = [Lead.model_validate(item) for item in found.get("data") or []]
    if "@" in text:
        leads.sort(key=lambda lead: not any(c.has_email(text) for c in lead.contacts))
    return LeadsFound(tuple(leads), has_more=bool(found.get("cursor")))


def phone_condition(text: str, region: str | None) -> dict[str, Any] | None:
    """Return the condition on a contact's phone if `text` reads as a phone number, else None.

    Close keeps phones in E.164 (+14155550100), so the number typed is put that way first.
    """
    digits = sum(ch.isdigit() for ch in text)
    if digits < 6 or not set(text) <= PHONE_CHARACTERS:
        return None
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return {
        "type": "field_condition",
        "field": {"type": "regular_field", "object_type": "contact_phone", "field_name": "phone"},
        "condition": {"type": "text", "mode": "exact_value", "value": e164},
    }


def find_people(
    client: CloseClient, emails: Iterable[str], view: View, sections: Collection[str] = ()
) -> PeopleMatches:
    """Look up every address in one search call and keep only exact matches.

    In lead view the leads found carry the nested `sections` (see `lead_fields`).
    """
    wanted = list(dict.fromkeys(e.lower() for e in emails))
    if not wanted:
        return PeopleMatches(view, {})
    data = client.search(search_body(wanted, view, sections)).get("data") or []
    model = Contact if view == "contact" else Lead
    found = [model.model_validate(item) for item in data]
    grouped: dict[str, tuple[Lead | Contact, ...]] = {}
    for email in wanted:
        hits = [record for record in found if record.has_email(email)]
        # Close sorted by date_updated already; sort again in case it could not.
        hits.sort(key=lambda r: r.date_updated.timestamp() if r.date_updated else 0, reverse=True)
        if hits:
            grouped[email] = tuple(hits)
    return PeopleMatches(view, grouped)


def _search(
    object_type: str, condition: dict[str, Any], fields: list[str], limit: int
) -> dict[str, Any]:
    """Build a search for `object_type` records meeting `condition`, newest updated first."""
    of_type = {"type": "object_type", "object_type": object_type}
    updated = {"type": "regular_field", "object_type": object_type, "field_name": "date_updated"}
    return {
        "query": {"type": "and", "queries": [of_type, condition]},
        "_fields": {object_type: fields},
        "sort": [{"direction": "desc", "field": updated}],
        "_limit": limit,
    }


def _has_related(this: str, related: str, query: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "has_related",
        "this_object_type": this,
        "related_object_type": related,
        "related_query": query,
    }


def _email_condition(email: str) -> dict[str, Any]:
    return {
        "type": "field_condition",
        "field": {"type": "regular_field", "object_type": "contact_email", "field_name": "email"},
        "condition": {"type": "text", "mode": "phrase", "value": email},
    }

"""What a template's variables hold on a list, before Close renders it."""

from __future__ import annotations

from addon.close.models import Contact, Lead
from addon.screens.templates.values import contact_values, lead_values


def test_a_lead_without_a_contact_still_fills_the_company() -> None:
    lead = Lead.model_validate({"id": "lead_1", "display_name": "Acme"})
    assert contact_values(None) == {}
    assert lead_values(lead) == {"lead.display_name": "Acme", "lead.name": "Acme"}


def test_a_contacts_blank_fields_are_left_out() -> None:
    contact = Contact.model_validate({"id": "cont_1", "name": "Dana Scully"})
    assert contact_values(contact) == {
        "contact.first_name": "Dana",
        "contact.last_name": "Scully",
        "contact.name": "Dana Scully",
        "contact.display_name": "Dana Scully",
    }

"""A display name or an address that is a company's shared inbox, not a person."""

from __future__ import annotations

import pytest

from addon.matching.names import is_company_name, is_role_address


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("billing@brightlane.com", True),
        ("Customer.Service@acme.io", True),
        ("info+eu@acme.io", True),
        ("dana.whitfield@brightlane.com", False),
        ("billy@acme.io", False),
        ("not-an-address", False),
    ],
)
def test_role_addresses(email: str, role: bool) -> None:
    assert is_role_address(email) is role


@pytest.mark.parametrize(
    ("display", "email", "company"),
    [
        # The company's own name, from its domain.
        ("Brightlane Logistics", "billing@brightlane.com", True),
        ("Vantagepoint Labs", "team@vantagepoint-labs.com", True),
        ("ACME", "ann@mail.acme.co.uk", True),
        # A legal form or a department.
        ("Harbor Freight Inc.", "ap@hf.example", True),
        ("Acme Billing", "ar@acme.io", True),
        # People, including one whose last name is the domain.
        ("Dana Whitfield", "dana.whitfield@brightlane.com", False),
        ("Jamie Ross", "jamie@ross.com", False),
        ("Ross, Jamie", "jamie@ross.com", False),
        ("", "billing@brightlane.com", False),
        ("Al Co", "al@co.uk", False),  # no company label left to compare
    ],
)
def test_company_names(display: str, email: str, company: bool) -> None:
    assert is_company_name(display, email) is company

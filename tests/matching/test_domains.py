"""Company domains versus free-mail providers."""

from __future__ import annotations

import pytest

from addon.matching import company_domain
from addon.matching.domains import FREE_MAIL_DOMAINS, is_free_mail


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "yahoo.com",
        "yahoo.co.jp",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "yandex.ru",
        "mail.ru",
        "qq.com",
        "163.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
    ],
)
def test_common_providers_are_free_mail(domain: str) -> None:
    assert domain in FREE_MAIL_DOMAINS
    assert company_domain(f"someone@{domain}") is None


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("Ada@ACME.com", "acme.com"),
        ("ada@eu.acme.co.uk", "eu.acme.co.uk"),
        ("ops@gmail.com.evil.io", "gmail.com.evil.io"),  # a lookalike, not Google
        ("bo@notgmail.com", "notgmail.com"),
        ("cy@live.io", "live.io"),
    ],
)
def test_company_domains_are_lowercased(email: str, domain: str) -> None:
    assert company_domain(email) == domain


@pytest.mark.parametrize("domain", ["mail.yahoo.com", "eu.gmx.net", "MX.Hotmail.FR."])
def test_subdomains_of_free_mail_are_free_mail(domain: str) -> None:
    assert is_free_mail(domain)
    assert company_domain(f"x@{domain}") is None


@pytest.mark.parametrize("email", ["", "no-at-sign", "ada@", "ada@localhost"])
def test_malformed_addresses_have_no_company_domain(email: str) -> None:
    assert company_domain(email) is None

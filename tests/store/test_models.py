"""UserSettings: defaults, validation with user-facing messages, and normalisation."""

from __future__ import annotations

import dataclasses

import pytest

from addon.store import SECTIONS, SettingsError, UserSettings, parse_aliases


def test_defaults() -> None:
    settings = UserSettings(user_id="sub-1")

    assert settings.google_email == ""
    assert settings.api_key is None
    assert settings.close_user_id is None
    assert settings.close_org_name is None
    assert settings.view == "lead"
    assert settings.sections == frozenset(SECTIONS)
    assert settings.activities_per_page == 8
    assert settings.immediate_updates is True
    assert settings.create_initial_opportunity is False
    assert settings.aliases == ()
    assert not settings.connected


def test_connected_means_an_api_key_is_present() -> None:
    assert UserSettings(user_id="sub-1", api_key="api_123").connected
    assert not UserSettings(user_id="sub-1", api_key="").connected


def test_repr_never_shows_the_api_key() -> None:
    assert "api_secret_value" not in repr(UserSettings(user_id="sub-1", api_key="api_secret_value"))


def test_a_replaced_copy_is_validated() -> None:
    original = UserSettings(user_id="sub-1")

    changed = dataclasses.replace(original, view="contact", activities_per_page=20)

    assert (changed.view, changed.activities_per_page) == ("contact", 20)
    assert original.view == "lead"
    with pytest.raises(SettingsError):
        dataclasses.replace(original, activities_per_page=0)


def test_user_id_is_required() -> None:
    with pytest.raises(SettingsError, match="user id"):
        UserSettings(user_id="")


def test_unknown_view_is_rejected() -> None:
    with pytest.raises(SettingsError, match="lead view or the contact view"):
        UserSettings(user_id="sub-1", view="company")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, 8, 50])
def test_activities_per_page_within_bounds(value: int) -> None:
    assert UserSettings(user_id="sub-1", activities_per_page=value).activities_per_page == value


@pytest.mark.parametrize("value", [0, -1, 51, True, "8", 8.0])
def test_activities_per_page_out_of_bounds_or_not_an_int(value: object) -> None:
    with pytest.raises(SettingsError, match="Activities per page"):
        UserSettings(user_id="sub-1", activities_per_page=value)  # type: ignore[arg-type]


def test_sections_accept_any_subset_and_become_a_frozenset() -> None:
    settings = UserSettings(user_id="sub-1", sections={"tasks", "contacts"})  # type: ignore[arg-type]

    assert settings.sections == frozenset({"tasks", "contacts"})
    assert UserSettings(user_id="sub-1", sections=frozenset()).sections == frozenset()


def test_unknown_section_is_rejected_by_name() -> None:
    with pytest.raises(SettingsError, match="Unknown sidebar section: deals"):
        UserSettings(user_id="sub-1", sections=frozenset({"tasks", "deals"}))


def test_aliases_are_lowercased_stripped_and_deduplicated_in_order() -> None:
    aliases = (" Bob@Example.com", "bob@example.COM", "b.smith@corp.example.org", "BOB@x.com ")

    settings = UserSettings(user_id="sub-1", aliases=aliases)

    assert settings.aliases == ("bob@example.com", "b.smith@corp.example.org", "bob@x.com")


@pytest.mark.parametrize("bad", ["bob", "bob@", "@example.com", "bob@example", "a b@x.com", ""])
def test_invalid_alias_is_rejected_with_the_address_in_the_message(bad: str) -> None:
    with pytest.raises(SettingsError, match="is not a valid email address") as error:
        UserSettings(user_id="sub-1", aliases=("ok@example.com", bad))

    assert f'"{bad.strip()}"' in str(error.value)


def test_too_many_aliases_are_rejected() -> None:
    aliases = tuple(f"user{n}@example.com" for n in range(51))

    with pytest.raises(SettingsError, match="at most 50"):
        UserSettings(user_id="sub-1", aliases=aliases)


def test_parse_aliases_splits_on_commas_semicolons_and_whitespace() -> None:
    text = "Bob@Example.com, alice@example.org;\ncarol@example.net  bob@example.com,"

    assert parse_aliases(text) == ("bob@example.com", "alice@example.org", "carol@example.net")
    assert parse_aliases("  ") == ()


def test_google_email_is_normalised() -> None:
    assert UserSettings(user_id="sub-1", google_email=" Me@Example.com ").google_email == (
        "me@example.com"
    )


def test_settings_error_is_a_value_error() -> None:
    assert issubclass(SettingsError, ValueError)

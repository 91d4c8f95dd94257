"""SqlSettingsStore, run identically on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from addon.store import KeyRing, SqlSettingsStore, UserSettings
from addon.store.schema import user_settings

from .helpers import EVERY_FIELD, raw_row, row_count


def test_round_trip_of_every_field(store: SqlSettingsStore) -> None:
    store.save(EVERY_FIELD)

    assert store.get(EVERY_FIELD.user_id) == EVERY_FIELD


def test_round_trip_of_defaults(store: SqlSettingsStore) -> None:
    store.save(UserSettings(user_id="sub-defaults"))

    loaded = store.get("sub-defaults")

    assert loaded == UserSettings(user_id="sub-defaults")
    assert loaded is not None and not loaded.connected


def test_empty_sections_round_trip(store: SqlSettingsStore) -> None:
    store.save(UserSettings(user_id="sub-1", sections=frozenset()))

    loaded = store.get("sub-1")

    assert loaded is not None and loaded.sections == frozenset()


def test_unknown_user_gets_none(store: SqlSettingsStore) -> None:
    store.save(EVERY_FIELD)

    assert store.get("someone-else") is None


def test_saving_twice_keeps_one_row_and_the_later_values(
    store: SqlSettingsStore, engine: Engine
) -> None:
    store.save(EVERY_FIELD)
    first = raw_row(engine, EVERY_FIELD.user_id)
    later = dataclasses.replace(EVERY_FIELD, view="lead", api_key="api_new", close_org_name=None)

    store.save(later)

    assert row_count(engine) == 1
    assert store.get(EVERY_FIELD.user_id) == later
    second = raw_row(engine, EVERY_FIELD.user_id)
    assert second["created_at"] == first["created_at"]
    assert second["updated_at"] >= first["updated_at"]  # type: ignore[operator]


def test_delete_removes_only_that_user(store: SqlSettingsStore, engine: Engine) -> None:
    store.save(EVERY_FIELD)
    store.save(UserSettings(user_id="sub-2"))

    store.delete(EVERY_FIELD.user_id)
    store.delete("never-existed")  # a no-op, not an error

    assert store.get(EVERY_FIELD.user_id) is None
    assert store.get("sub-2") == UserSettings(user_id="sub-2")
    assert row_count(engine) == 1


def test_users_never_see_each_others_settings(store: SqlSettingsStore) -> None:
    alice = UserSettings(user_id="sub-alice", api_key="api_alice", aliases=("a@x.example",))
    bob = UserSettings(user_id="sub-bob", api_key="api_bob", view="contact")

    store.save(alice)
    store.save(bob)
    store.save(dataclasses.replace(alice, activities_per_page=3))

    assert store.get("sub-bob") == bob
    assert store.get("sub-alice") == dataclasses.replace(alice, activities_per_page=3)


def test_construction_is_idempotent_and_keeps_data(engine: Engine, keyring: KeyRing) -> None:
    SqlSettingsStore(engine, keyring).save(EVERY_FIELD)

    again = SqlSettingsStore(engine, keyring)

    assert again.get(EVERY_FIELD.user_id) == EVERY_FIELD


def test_sections_removed_in_a_later_release_are_ignored_on_read(
    store: SqlSettingsStore, engine: Engine
) -> None:
    now = datetime.now(UTC)
    row = {
        "user_id": "sub-old",
        "google_email": "",
        "view": "lead",
        "sections": ["tasks", "retired_section"],
        "activities_per_page": 8,
        "immediate_updates": True,
        "create_initial_opportunity": False,
        "aliases": [],
        "created_at": now,
        "updated_at": now,
    }
    with engine.begin() as connection:
        connection.execute(insert(user_settings).values(**row))

    loaded = store.get("sub-old")

    assert loaded is not None and loaded.sections == frozenset({"tasks"})

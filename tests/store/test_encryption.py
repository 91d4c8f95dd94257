"""The Close API key at rest: encrypted, rotated to the newest secret, unreadable → reconnect."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from sqlalchemy import Engine

from addon.store import KeyRing, SqlSettingsStore, UserSettings, generate_key

from .helpers import API_KEY, EVERY_FIELD, raw_row


def test_api_key_is_encrypted_at_rest(
    store: SqlSettingsStore, engine: Engine, keyring: KeyRing
) -> None:
    store.save(EVERY_FIELD)

    row = raw_row(engine, EVERY_FIELD.user_id)

    assert all(API_KEY not in str(value) for value in row.values())
    assert keyring.open(str(row["api_key_encrypted"]))[0] == API_KEY


def test_missing_api_key_is_stored_as_null(store: SqlSettingsStore, engine: Engine) -> None:
    store.save(UserSettings(user_id="sub-1"))

    assert raw_row(engine, "sub-1")["api_key_encrypted"] is None


def test_key_saved_with_an_old_secret_is_read_and_re_encrypted_with_the_new(
    engine: Engine,
) -> None:
    old, new = generate_key(), generate_key()
    SqlSettingsStore(engine, KeyRing([old])).save(EVERY_FIELD)
    old_token = str(raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"])

    loaded = SqlSettingsStore(engine, KeyRing([new, old])).get(EVERY_FIELD.user_id)

    assert loaded == EVERY_FIELD
    new_token = str(raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"])
    assert new_token != old_token
    assert KeyRing([new]).open(new_token)[0] == API_KEY


def test_key_no_secret_can_decrypt_reads_as_not_connected(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    SqlSettingsStore(engine, KeyRing([generate_key()])).save(EVERY_FIELD)
    token = raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"]

    with caplog.at_level(logging.WARNING, logger="addon.store.store"):
        loaded = SqlSettingsStore(engine, KeyRing([generate_key()])).get(EVERY_FIELD.user_id)

    # Everything else survives; the user is only asked to reconnect Close.
    assert loaded == dataclasses.replace(EVERY_FIELD, api_key=None)
    assert loaded is not None and not loaded.connected
    assert raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"] == token
    assert "unreadable" in caplog.text
    assert API_KEY not in caplog.text and str(token) not in caplog.text


def test_newest_key_is_not_rewritten_on_read(store: SqlSettingsStore, engine: Engine) -> None:
    store.save(EVERY_FIELD)
    before = raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"]

    store.get(EVERY_FIELD.user_id)

    assert raw_row(engine, EVERY_FIELD.user_id)["api_key_encrypted"] == before

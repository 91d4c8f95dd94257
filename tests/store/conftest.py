"""Fixtures: a settings store on SQLite and on the session's PostgreSQL server (tests/conftest.py),
same tests for both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from addon.store import KeyRing, SqlSettingsStore, generate_key, make_engine
from tests.pg import fresh_database

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'settings.sqlite3'}"
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """Yield an engine on the test database, disposed afterwards."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def keyring() -> KeyRing:
    """Return a key ring with one fresh secret key."""
    return KeyRing([generate_key()])


@pytest.fixture
def store(engine: Engine, keyring: KeyRing) -> SqlSettingsStore:
    """Return a settings store on the test database."""
    return SqlSettingsStore(engine, keyring)

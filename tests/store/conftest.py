"""Fixtures: a settings store on SQLite and on a real PostgreSQL server, same tests for both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from addon.store import KeyRing, SqlSettingsStore, generate_key, make_engine

try:
    from tests.pg import fresh_database, postgres_server
    from tests.redisserver import redis_server
except ModuleNotFoundError:  # tests/ is not a package, so pytest put tests/ itself on sys.path
    from pg import fresh_database, postgres_server  # type: ignore[no-redef]
    from redisserver import redis_server  # type: ignore[no-redef]

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Start one PostgreSQL server for the whole session (or use ADDON_TEST_DATABASE_URL)."""
    with postgres_server() as url:
        yield url


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


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Start one Redis server for the whole session (or use ADDON_TEST_REDIS_URL)."""
    with redis_server() as url:
        yield url

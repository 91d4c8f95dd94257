"""SQLAlchemy engines for the store: a SQLite file by default, PostgreSQL for several instances."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

# Seconds a SQLite writer waits for another thread's write lock before "database is locked".
SQLITE_BUSY_TIMEOUT = 30

# Heroku-style and driverless URLs all mean psycopg 3, the only PostgreSQL driver we ship.
_POSTGRES_DRIVERS = {"postgres", "postgresql"}


def normalise_url(url: str) -> URL:
    """Parse a database URL, pointing postgres:// and postgresql:// at psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in _POSTGRES_DRIVERS:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    """Create an engine for `url` (sqlite:///path or postgres[ql]://…)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    # pre-ping: a PostgreSQL restart or idle-timeout must not fail the next user request.
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    # Pooled connections move between gunicorn threads, hence check_same_thread=False.
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT}
    if url.database in (None, "", ":memory:"):
        # Each connection to :memory: is a new empty database; share one across threads.
        return create_engine(url, connect_args=connect_args, poolclass=StaticPool)
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # No pre-ping: a local file cannot drop the connection, and every read would pay for it.
    engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "connect", _use_wal)
    return engine


def _use_wal(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run while one thread writes, instead of every access taking the lock.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()

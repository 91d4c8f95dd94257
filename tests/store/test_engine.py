"""make_engine: URL normalisation, SQLite file setup, and thread-safe concurrent use."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from addon.store import (
    KeyRing,
    SqlSettingsStore,
    UserSettings,
    generate_key,
    make_engine,
)
from addon.store.engine import normalise_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db.example:5432/addon", "postgresql+psycopg://u:p@db.example:5432/addon"),
        ("postgresql://u:p@db.example/addon", "postgresql+psycopg://u:p@db.example/addon"),
        ("postgresql+psycopg://u:p@db.example/addon", "postgresql+psycopg://u:p@db.example/addon"),
        ("sqlite:///instance/addon.sqlite3", "sqlite:///instance/addon.sqlite3"),
    ],
)
def test_urls_are_normalised_to_psycopg_3(url: str, expected: str) -> None:
    assert normalise_url(url).render_as_string(hide_password=False) == expected


def test_postgres_engine_uses_psycopg_and_pre_ping() -> None:
    engine = make_engine("postgres://user:secret@db.example:5432/addon")  # never connects

    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"
    assert engine.pool._pre_ping  # type: ignore[attr-defined]


def test_sqlite_file_gets_its_parent_directory_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "addon.sqlite3"

    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()

    assert path.parent.is_dir()
    assert mode == "wal"
    engine.dispose()


def test_in_memory_sqlite_is_one_database_shared_by_all_threads() -> None:
    engine = make_engine("sqlite://")
    store = SqlSettingsStore(engine, KeyRing([generate_key()]))
    thread = threading.Thread(target=store.save, args=(UserSettings(user_id="sub-1"),))

    thread.start()
    thread.join()

    assert store.get("sub-1") == UserSettings(user_id="sub-1")


def test_unsupported_database_is_rejected_up_front() -> None:
    class FakeDialect:
        name = "mysql"

    class FakeEngine:
        dialect = FakeDialect()

    with pytest.raises(ValueError, match="unsupported database: mysql"):
        SqlSettingsStore(FakeEngine(), KeyRing([generate_key()]))  # type: ignore[arg-type]


THREADS = 8
SAVES_PER_THREAD = 25


def test_concurrent_saves_and_reads_from_threads(store: SqlSettingsStore, engine: Engine) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(SAVES_PER_THREAD):
                # Every thread also writes the shared row, so writers really contend.
                store.save(UserSettings(user_id="shared", api_key=f"api_{n}_{i}"))
                store.save(UserSettings(user_id=f"sub-{n}", activities_per_page=i + 1))
                store.get("shared")
        except BaseException as error:  # collected so the main thread can report it
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for n in range(THREADS):
        assert store.get(f"sub-{n}") == UserSettings(
            user_id=f"sub-{n}", activities_per_page=SAVES_PER_THREAD
        )
    shared = store.get("shared")
    assert shared is not None and shared.api_key is not None
    assert shared.api_key.startswith("api_") and shared.api_key.endswith(f"_{SAVES_PER_THREAD - 1}")

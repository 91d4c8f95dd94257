"""Fixtures: the stand-ins in this process, and an add-on process on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from addon.store import SECTIONS, StagedChanges, make_engine
from tests.durability.harness import Addon, GmailUser, StandIns, stand_ins
from tests.pg import fresh_database

STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module")
def standins() -> Iterator[StandIns]:
    """Google, Gmail and a demo Close organization, shared by a module's tests."""
    with stand_ins() as served:
        yield served


@pytest.fixture(scope="module", params=STORES)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The add-on's store for a module: a SQLite file, or a fresh database on the session's
    PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'addon.sqlite3'}"
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture(scope="module")
def store(database_url: str) -> Iterator[Engine]:
    """The add-on's store, opened beside it as a second reader and writer."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def instance(
    standins: StandIns, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Addon]:
    """The add-on as its own process, shared by a module's tests (which kill and restart it)."""
    addon = Addon(standins, database_url, tmp_path_factory.mktemp("logs"))
    addon.start()
    try:
        yield addon
    finally:
        addon.stop()


@pytest.fixture(scope="module")
def connected(instance: Addon, standins: StandIns) -> GmailUser:
    """The demo user, connected with immediate updates off: edits wait to be sent together."""
    gmail = GmailUser(instance, standins)
    gmail.click("connect", form={"api_key": standins.close.demo_api_key or ""})
    settings = {"view": "lead", "sections": list(SECTIONS), "activities_per_page": "8"}
    gmail.click("save_settings", form=settings)  # the switch left off: bulk updates
    return gmail


@pytest.fixture
def addon(instance: Addon, standins: StandIns) -> Iterator[Addon]:
    """The running add-on; afterwards Close holds no call and its write counts restart."""
    if not instance.running:  # an earlier test failed while it was down
        instance.start()
    yield instance
    standins.faults()  # release any call still held, for the next test to hold its own
    assert standins.close.faults.wait_until_held(0)
    standins.writes.reset()


@pytest.fixture
def user(connected: GmailUser, addon: Addon, store: Engine) -> GmailUser:
    """The connected demo user, with nothing waiting to be sent."""
    StagedChanges(store).discard(connected.sub)
    return connected

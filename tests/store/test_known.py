"""Known people: who was on which lead, per organization, in SQLite, PostgreSQL and Redis."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, select

from addon import create_app
from addon.config import Config
from addon.known_people import RedisKnownPeople
from addon.store import create_tables, make_engine
from addon.store.known import (
    KNOWN_FOR,
    KnownPeople,
    KnownPerson,
    SqlKnownPeople,
    address_hash,
    hashing_key,
)
from addon.store.schema import known_people
from tests.pg import fresh_database

KEY = hashing_key("instance secret")
ANN = KnownPerson(lead_id="lead_ann", contact_id="cont_ann")


class Clock:
    """A settable wall clock for the SQL memory's age checks."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres), "redis"])
def memory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnownPeople]:
    """A known-people memory on each place it can live."""
    if request.param == "redis":
        yield RedisKnownPeople(request.getfixturevalue("shared_redis"), KEY)
        return
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'known.sqlite3'}"
        else:
            url = stack.enter_context(fresh_database(request.getfixturevalue("postgres_url")))
        engine = make_engine(url)
        stack.callback(engine.dispose)
        create_tables(engine)
        yield SqlKnownPeople(engine, KEY)


def test_a_remembered_address_is_recalled_in_its_organization_only(memory: KnownPeople) -> None:
    assert memory.recall("orga_1", "ann@acme.example") is None
    memory.remember("orga_1", "ann@acme.example", ANN)
    assert memory.recall("orga_1", "ann@acme.example") == ANN
    assert memory.recall("orga_1", " Ann@ACME.example") == ANN  # addresses ignore case
    assert memory.recall("orga_2", "ann@acme.example") is None
    assert memory.recall("orga_1", "bob@acme.example") is None


def test_a_move_replaces_what_was_remembered_and_forget_forgets(memory: KnownPeople) -> None:
    memory.remember("orga_1", "ann@acme.example", ANN)
    moved = KnownPerson(lead_id="lead_new", contact_id="cont_new")
    memory.remember("orga_1", "ann@acme.example", moved)
    assert memory.recall("orga_1", "ann@acme.example") == moved
    memory.forget("orga_1", "ann@acme.example")
    assert memory.recall("orga_1", "ann@acme.example") is None
    memory.forget("orga_1", "ann@acme.example")  # forgetting twice is fine


def test_a_lead_without_a_contact_id_is_remembered_as_such(memory: KnownPeople) -> None:
    memory.remember("orga_1", "ann@acme.example", KnownPerson(lead_id="lead_ann"))
    assert memory.recall("orga_1", "ann@acme.example") == KnownPerson(lead_id="lead_ann")


def test_another_secret_recalls_nothing(engine: Engine) -> None:
    create_tables(engine)
    SqlKnownPeople(engine, KEY).remember("orga_1", "ann@acme.example", ANN)
    assert SqlKnownPeople(engine, KEY).recall("orga_1", "ann@acme.example") == ANN
    other = SqlKnownPeople(engine, hashing_key("another secret"))
    assert other.recall("orga_1", "ann@acme.example") is None


def test_the_table_keeps_a_hash_never_the_address(engine: Engine) -> None:
    create_tables(engine)
    SqlKnownPeople(engine, KEY).remember("orga_1", "ann@acme.example", ANN)
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(select(known_people)).mappings()]
    assert len(rows) == 1
    assert not any("acme" in str(value) for value in rows[0].values())
    assert len(rows[0]["address_hash"]) == 64


def test_the_table_forgets_after_its_days(engine: Engine) -> None:
    create_tables(engine)
    clock = Clock()
    memory = SqlKnownPeople(engine, KEY, now=clock)
    memory.remember("orga_1", "ann@acme.example", ANN)
    clock.now += KNOWN_FOR - timedelta(minutes=1)
    assert memory.recall("orga_1", "ann@acme.example") == ANN
    clock.now += timedelta(minutes=2)
    assert memory.recall("orga_1", "ann@acme.example") is None
    memory.remember("orga_1", "bob@acme.example", ANN)  # anyone new clears the expired
    with engine.connect() as connection:
        assert connection.execute(select(known_people.c.address_hash)).all() == [
            (address_hash(KEY, "orga_1", "bob@acme.example"),)
        ]
    memory.remember("orga_1", "ann@acme.example", ANN)  # seen again: days more
    assert memory.recall("orga_1", "ann@acme.example") == ANN


def test_redis_keys_and_values_carry_no_address_and_expire(shared_redis: redis.Redis) -> None:
    RedisKnownPeople(shared_redis, KEY).remember("orga_1", "ann@acme.example", ANN)
    (name,) = shared_redis.keys("*")
    assert name.startswith(b"addon:known:")
    assert b"acme" not in name and b"orga_1" not in name
    assert b"acme" not in shared_redis.get(name)
    assert 0 < shared_redis.ttl(name) <= KNOWN_FOR.total_seconds()


def test_a_redis_value_that_is_not_a_person_recalls_nothing(shared_redis: redis.Redis) -> None:
    memory = RedisKnownPeople(shared_redis, KEY)
    memory.remember("orga_1", "ann@acme.example", ANN)
    (name,) = shared_redis.keys("*")
    shared_redis.set(name, b"\x80\x04not json")
    assert memory.recall("orga_1", "ann@acme.example") is None


def test_redis_down_costs_only_the_shortcut_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1 on loopback: nothing listens there, so every call fails at once.
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    memory = RedisKnownPeople(unreachable, KEY)
    with caplog.at_level(logging.WARNING, logger="addon.known_people"):
        assert memory.recall("orga_1", "ann@acme.example") is None
        memory.remember("orga_1", "ann@acme.example", ANN)
        memory.forget("orga_1", "ann@acme.example")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "ann" not in warnings[0].getMessage()


def test_instances_on_one_redis_share_what_they_know_and_the_app_picks_it(
    redis_url: str, shared_redis: redis.Redis, config: Config
) -> None:
    with_redis = create_app(config.model_copy(update={"redis_url": redis_url}))
    first = with_redis.extensions["close_addon"].services.known
    assert isinstance(first, RedisKnownPeople)
    second = RedisKnownPeople(redis.Redis.from_url(redis_url), hashing_key(config.secret_keys[0]))
    first.remember("orga_1", "ann@acme.example", ANN)
    assert second.recall("orga_1", "ann@acme.example") == ANN

    without = create_app(config).extensions["close_addon"].services.known
    assert isinstance(without, SqlKnownPeople)
    assert without.recall("orga_1", "ann@acme.example") is None

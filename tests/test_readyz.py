"""/readyz: ready when the store and Redis (when configured) answer; 503 with a reason else."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from addon import create_app
from addon.config import Config
from addon.store import make_engine
from tests.pg import fresh_database
from tests.redisserver import redis_server


@pytest.fixture(scope="module")
def postgres_database(postgres_url: str) -> Iterator[str]:
    """An empty database on the session's PostgreSQL server."""
    with fresh_database(postgres_url) as url:
        yield url


def _client(config: Config, **changes: object) -> tuple[Flask, FlaskClient]:
    app = create_app(config.model_copy(update=changes))
    return app, app.test_client()


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(client: FlaskClient) -> tuple[int, dict[str, str]]:
    response = client.get("/readyz")  # no token: probes carry none
    return response.status_code, response.get_json()


def test_ready_on_the_embedded_store_without_redis(config: Config) -> None:
    _, client = _client(config)
    assert _ready(client) == (200, {"status": "ready"})


@pytest.mark.postgres
def test_ready_on_postgresql_and_unready_when_it_does_not_answer(
    config: Config, postgres_database: str, upstream: responses.RequestsMock
) -> None:
    app, client = _client(config, database_url=postgres_database)
    assert _ready(client) == (200, {"status": "ready"})
    # The same add-on, its store now at an address where no server listens.
    password = "s3cret-pw"
    gone = f"postgresql://addon:{password}@127.0.0.1:{_unused_port()}/addon"
    state = app.extensions["close_addon"]
    app.extensions["close_addon"] = dataclasses.replace(state, engine=make_engine(gone))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "the store does not answer"}
    assert password not in response.get_data(as_text=True)


def test_ready_with_redis_and_unready_once_it_stops(
    config: Config, upstream: responses.RequestsMock
) -> None:
    # A server of its own, not the session's: this test stops it.
    with redis_server() as url:
        _, client = _client(config, redis_url=url)
        assert _ready(client) == (200, {"status": "ready"})
    # The server is gone now.
    assert _ready(client) == (503, {"status": "unavailable", "reason": "redis does not answer"})


def test_unready_when_redis_is_configured_but_not_there(config: Config) -> None:
    _, client = _client(config, redis_url=f"redis://:pw-1@127.0.0.1:{_unused_port()}/0")
    status, body = _ready(client)
    assert (status, body) == (503, {"status": "unavailable", "reason": "redis does not answer"})


def test_healthz_stays_a_liveness_check_that_ignores_redis(config: Config) -> None:
    _, client = _client(config, redis_url=f"redis://127.0.0.1:{_unused_port()}/0")
    assert client.get("/healthz").get_json() == {"status": "ok"}

"""Shared fixtures: a signed Gmail stand-in, a fresh add-on per test, Close faked over HTTP,
and one real Redis and one real PostgreSQL server for the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import responses
from flask import Flask

from addon import create_app
from addon.config import Config
from addon.store import generate_key
from sandbox.google import TokenIssuer
from tests.addon_client import PUBLIC_URL, Gmail
from tests.pg import postgres_server
from tests.redisserver import redis_server

CERTS_URL = "https://certs.example.com/oauth2/v1/certs"
CLOSE_API = "https://api.close.test/api/v1/"
SERVICE_ACCOUNT = "service-1234@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "1234-addon.apps.googleusercontent.com"
ISSUER = "https://accounts.google.com"


@pytest.fixture(scope="session")
def issuer() -> TokenIssuer:
    """A token issuer standing in for Google's signing keys (one RSA key per session)."""
    return TokenIssuer(
        issuer=ISSUER, service_account_email=SERVICE_ACCOUNT, oauth_client_id=CLIENT_ID
    )


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A production-shaped config whose upstreams are all faked at the HTTP level."""
    return Config(
        public_url=PUBLIC_URL,
        service_account_email=SERVICE_ACCOUNT,
        oauth_client_id=CLIENT_ID,
        secret_keys=(generate_key(),),
        database_url=f"sqlite:///{tmp_path / 'addon.sqlite3'}",
        close_api_url=CLOSE_API,
        google_certs_url=CERTS_URL,
        google_issuers=(ISSUER,),
        request_deadline_seconds=5,
        close_timeout_seconds=2,
    )


@pytest.fixture
def upstream(issuer: TokenIssuer) -> Iterator[responses.RequestsMock]:
    """Fake every upstream HTTP call; Google's certs are served, Close is per test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CERTS_URL, json=issuer.certs(), headers={"Cache-Control": "max-age=3600"})
        yield mock


@pytest.fixture
def app(config: Config, upstream: responses.RequestsMock) -> Flask:
    """A fresh add-on app per test, with its own SQLite store.

    Close's retries do not wait: a test sees how many calls were made, not how long.
    """
    app = create_app(config)
    app.extensions["close_addon"].services.sleep = lambda seconds: None
    return app


@pytest.fixture
def gmail(app: Flask, issuer: TokenIssuer) -> Gmail:
    """Gmail, signed in as one salesperson."""
    return Gmail(app.test_client(), issuer)


# The servers below are started when a test first asks for them and serve every directory
# until the session ends: starting one costs more than most tests that use it.


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The session's Redis server (or ADDON_TEST_REDIS_URL); tests take it via `shared_redis`."""
    with redis_server() as url:
        yield url


@pytest.fixture
def shared_redis(redis_url: str) -> Iterator[redis.Redis]:
    """A client on the session's Redis, emptied first: each test starts clean."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The session's PostgreSQL server (or ADDON_TEST_DATABASE_URL).

    Tests do not use its own database: each takes an empty one from `tests.pg.fresh_database`.
    """
    with postgres_server() as url:
        yield url

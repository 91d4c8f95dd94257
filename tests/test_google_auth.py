"""The token verifier on its own: Google's certificates fetched through an HTTP cache, and
verified tokens remembered until they expire."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

import pytest
from google.auth import _helpers
from google.oauth2 import id_token
from werkzeug.serving import make_server

from addon.auth import TokenVerifier, Unauthorized
from sandbox.google import TokenIssuer
from tests.conftest import CLIENT_ID, ISSUER, SERVICE_ACCOUNT

URL = "https://addon.example.com/homepage"


class CertsServer:
    """Google's certs URL over real HTTP, as the HTTP cache needs (`responses` bodies never end)."""

    def __init__(self, issuer: TokenIssuer) -> None:
        self.body = json.dumps(issuer.certs()).encode()
        self.max_age = 3600
        self.status = HTTPStatus.OK
        self.calls = 0
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}/oauth2/v1/certs"

    def serve(self, document: dict[str, str]) -> None:
        self.body = json.dumps(document).encode()

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        self.calls += 1
        start_response(
            f"{self.status.value} {self.status.phrase}",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(self.body))),
                ("Cache-Control", f"public, max-age={self.max_age}"),
            ],
        )
        return [self.body]

    def __enter__(self) -> CertsServer:
        threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def certs(issuer: TokenIssuer) -> Iterator[CertsServer]:
    with CertsServer(issuer) as server:
        yield server


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the signature checks google-auth makes (one per token not remembered)."""
    made: list[str] = []
    verify = id_token.verify_token

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        made.append(token)
        return verify(token, *args, **kwargs)

    monkeypatch.setattr(id_token, "verify_token", counted)
    return made


def verifier(certs: CertsServer, timer: Callable[[], float] = time.time) -> TokenVerifier:
    return TokenVerifier(
        certs_url=certs.url,
        issuers=(ISSUER,),
        service_account_email=SERVICE_ACCOUNT,
        oauth_client_id=CLIENT_ID,
        timer=timer,
    )


def bearer(issuer: TokenIssuer, **claims: object) -> str:
    return "Bearer " + issuer.system_token(URL, **claims)


def another_key() -> TokenIssuer:
    return TokenIssuer(
        issuer=ISSUER, service_account_email=SERVICE_ACCOUNT, oauth_client_id=CLIENT_ID
    )


def test_certs_are_fetched_once_and_reused_within_their_max_age(
    issuer: TokenIssuer, certs: CertsServer
) -> None:
    check = verifier(certs)

    for n in range(3):  # three different tokens: each one's signature is checked
        check.verify_request(bearer(issuer, jti=str(n)), URL)

    assert certs.calls == 1


def test_certs_are_fetched_again_once_their_max_age_has_passed(
    issuer: TokenIssuer, certs: CertsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    certs.max_age = 600
    start = time.time()
    tokens = [bearer(issuer, jti=str(n)) for n in range(3)]
    check = verifier(certs)
    check.verify_request(tokens[0], URL)

    # The HTTP cache reads the wall clock; the whole process moves on.
    monkeypatch.setattr(time, "time", lambda: start + 300)
    check.verify_request(tokens[1], URL)
    assert certs.calls == 1

    monkeypatch.setattr(time, "time", lambda: start + 900)
    check.verify_request(tokens[2], URL)
    assert certs.calls == 2


def test_certs_without_a_max_age_are_fetched_each_time(
    issuer: TokenIssuer, certs: CertsServer
) -> None:
    certs.max_age = 0
    check = verifier(certs)

    check.verify_request(bearer(issuer, jti="1"), URL)
    check.verify_request(bearer(issuer, jti="2"), URL)

    assert certs.calls == 2


def test_an_unknown_key_id_fetches_the_certs_once_more(
    issuer: TokenIssuer, certs: CertsServer
) -> None:
    rotated = another_key()
    check = verifier(certs)
    check.verify_request(bearer(issuer), URL)

    # Google starts signing with a new key before our copy of the certs has expired.
    certs.serve(issuer.certs() | rotated.certs())
    check.verify_request(bearer(rotated), URL)
    assert certs.calls == 2

    check.verify_request(bearer(rotated, jti="again"), URL)  # the fresh copy is kept
    check.verify_request(bearer(issuer, jti="again"), URL)
    assert certs.calls == 2


def test_a_forged_key_id_is_refused_after_one_more_fetch(
    issuer: TokenIssuer, certs: CertsServer
) -> None:
    with pytest.raises(Unauthorized) as refused:
        verifier(certs).verify_request(bearer(another_key()), URL)

    assert str(refused.value) == "token signature invalid"
    assert certs.calls == 2


def test_unreachable_certs_refuse_the_request(issuer: TokenIssuer, certs: CertsServer) -> None:
    certs.status = HTTPStatus.SERVICE_UNAVAILABLE

    with pytest.raises(Unauthorized) as refused:
        verifier(certs).verify_request(bearer(issuer), URL)

    assert str(refused.value) == "signing certificates unavailable"


@pytest.mark.parametrize("body", [b"<html>maintenance</html>", b"5", b"null", b'{"keys": []}'])
def test_unreadable_certs_refuse_the_request(
    issuer: TokenIssuer, certs: CertsServer, body: bytes
) -> None:
    certs.body = body

    with pytest.raises(Unauthorized) as refused:
        verifier(certs).verify_request(bearer(issuer), URL)

    assert str(refused.value) == "signing certificates unreadable"


def test_a_verified_token_is_remembered_until_it_expires(
    issuer: TokenIssuer, certs: CertsServer, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    clock = [now]
    check = verifier(certs, lambda: clock[0])
    token = issuer.user_token("ann@ourco.example", exp=int(now) + 60)
    assert check.verify_user(token).email == "ann@ourco.example"
    assert check.verify_user(token).email == "ann@ourco.example"
    assert len(checks) == 1

    clock[0] = now + 65  # past its expiry, but within the clock skew
    check.verify_user(token)
    assert len(checks) == 1

    # Past that, the token is checked again, and google-auth finds it expired.
    later = now + 3600
    clock[0] = later
    monkeypatch.setattr(
        _helpers, "utcnow", lambda: dt.datetime.fromtimestamp(later, dt.UTC).replace(tzinfo=None)
    )
    with pytest.raises(Unauthorized) as refused:
        check.verify_user(token)
    assert str(refused.value) == "token expired"
    assert len(checks) == 2


def test_remembered_tokens_are_bounded(
    issuer: TokenIssuer, certs: CertsServer, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("addon.auth.VERIFIED_CACHE_SIZE", 2)
    check = verifier(certs)
    tokens = [bearer(issuer, jti=str(n)) for n in range(3)]
    for token in tokens:
        check.verify_request(token, URL)
    assert len(checks) == 3

    check.verify_request(tokens[2], URL)
    check.verify_request(tokens[1], URL)
    assert len(checks) == 3
    check.verify_request(tokens[0], URL)  # the oldest was let go, so it is checked again
    assert len(checks) == 4

"""Who is calling: the request's system ID token and the user's ID token, verified.

Every route calls `verify_request` first and stops with a 401 if it fails. Signatures,
expiry and audience are checked by google-auth against the configured certificates URL
(Google's in production, the sandbox issuer's in the demo: the same code either way);
issuer, service account and `email_verified` are checked here. Users are keyed by the
verified `sub`, never by anything else in the request.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from google.auth import exceptions as google_exceptions
from google.auth import jwt

log = logging.getLogger(__name__)

CLOCK_SKEW_SECONDS = 10
VERIFIED_CACHE_SIZE = 4096
DEFAULT_CERTS_TTL = 300.0
_MAX_AGE = re.compile(r"max-age=(\d+)")


class Unauthorized(Exception):
    """The request or the user could not be authenticated; the reason is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class GoogleUser:
    """The Gmail user behind an event, as their verified ID token says."""

    sub: str
    email: str


class CertsCache:
    """Google's signing certificates, fetched over HTTP and kept for their max-age."""

    def __init__(
        self,
        url: str,
        *,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url
        self._session = session or requests.Session()
        self._clock = clock
        self._lock = threading.Lock()
        self._certs: dict[str, str] = {}
        self._expires_at = 0.0

    def get(self, *, refresh: bool = False) -> Mapping[str, str]:
        """Return the current certificates by key id, fetching them when stale."""
        with self._lock:
            if refresh or not self._certs or self._clock() >= self._expires_at:
                self._fetch()
            return self._certs

    def _fetch(self) -> None:
        try:
            response = self._session.get(self._url, timeout=5)
            response.raise_for_status()
            certs = response.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("certs fetch failed: %s", type(exc).__name__)
            raise Unauthorized("signing certificates unavailable") from None
        if not isinstance(certs, dict) or not all(isinstance(v, str) for v in certs.values()):
            raise Unauthorized("signing certificates unreadable")
        match = _MAX_AGE.search(response.headers.get("Cache-Control", ""))
        ttl = float(match.group(1)) if match else DEFAULT_CERTS_TTL
        self._certs = certs
        self._expires_at = self._clock() + ttl


class TokenVerifier:
    """Check the system ID token of each request and the user ID token of each event."""

    def __init__(
        self,
        *,
        certs: CertsCache,
        issuers: tuple[str, ...],
        service_account_email: str,
        oauth_client_id: str,
    ) -> None:
        self._certs = certs
        self._issuers = frozenset(issuers)
        self._service_account_email = service_account_email
        self._oauth_client_id = oauth_client_id
        self._lock = threading.Lock()
        self._verified: OrderedDict[tuple[bytes, str], Mapping[str, Any]] = OrderedDict()

    def verify_request(self, authorization: str | None, audience: str) -> None:
        """Accept only a bearer token from our add-on service account for this exact URL."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("missing bearer token")
        claims = self._decode(token.strip(), audience)
        if claims.get("email") != self._service_account_email:
            raise Unauthorized("token is not from the add-on's service account")
        if claims.get("email_verified") is not True:
            raise Unauthorized("service account email is not verified")

    def verify_user(self, user_id_token: str | None) -> GoogleUser:
        """Return the user of a verified userIdToken issued for our OAuth client."""
        if not user_id_token:
            raise Unauthorized("missing user ID token")
        claims = self._decode(user_id_token, self._oauth_client_id)
        sub, email = claims.get("sub"), claims.get("email")
        if not isinstance(sub, str) or not sub:
            raise Unauthorized("user token has no subject")
        if not isinstance(email, str) or claims.get("email_verified") is not True:
            raise Unauthorized("user token has no verified email")
        return GoogleUser(sub=sub, email=email.lower())

    def _decode(self, token: str, audience: str) -> Mapping[str, Any]:
        # A token whose signature was checked once stays good until it expires; Gmail
        # sends the same user token with every event, so this saves an RSA check each time.
        key = (hashlib.sha256(token.encode()).digest(), audience)
        with self._lock:
            claims = self._verified.get(key)
            if claims is not None:
                self._verified.move_to_end(key)
        if claims is not None and claims.get("exp", 0) > time.time() - CLOCK_SKEW_SECONDS:
            return claims
        claims = self._verify(token, audience)
        with self._lock:
            self._verified[key] = claims
            while len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)
        return claims

    def _verify(self, token: str, audience: str) -> Mapping[str, Any]:
        header = _unverified_header(token)
        if header.get("alg") != "RS256":
            raise Unauthorized("token must be signed with RS256")
        certs = self._certs.get()
        if header.get("kid") not in certs:
            # Google rotates keys; one refresh tells a new key from a forged one.
            certs = self._certs.get(refresh=True)
        try:
            claims: Mapping[str, Any] = jwt.decode(
                token,
                certs=dict(certs),
                audience=audience,
                clock_skew_in_seconds=CLOCK_SKEW_SECONDS,
            )
        except (ValueError, google_exceptions.GoogleAuthError) as exc:
            raise Unauthorized(_reason(exc)) from None
        if claims.get("iss") not in self._issuers:
            raise Unauthorized("token issuer is not trusted")
        return claims


def _unverified_header(token: str) -> Mapping[str, Any]:
    try:
        header = jwt.decode_header(token)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise Unauthorized("token is not a JWT") from None
    if not isinstance(header, dict):
        raise Unauthorized("token is not a JWT")
    return header


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "expired" in text:
        return "token expired"
    if "audience" in text:
        return "token audience mismatch"
    if "too early" in text or "used too early" in text:
        return "token not yet valid"
    return "token signature invalid"

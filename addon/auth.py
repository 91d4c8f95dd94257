"""Who is calling: the request's system ID token and the user's ID token, verified.

Every route calls `verify_request` first and stops with a 401 if it fails. Signatures,
expiry and audience are checked by google-auth's `verify_token` against the configured
certificates URL (Google's in production, the sandbox issuer's in the demo: the same code
either way), fetched through google-auth's documented caching session (cachecontrol);
issuer, service account and `email_verified` are checked here. Users are keyed by the
verified `sub`, never by anything else in the request.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import requests
from cachecontrol import CacheControl
from cachetools import TLRUCache, cachedmethod
from google.auth import exceptions as google_exceptions
from google.auth import jwt
from google.auth.transport.requests import Request
from google.oauth2 import id_token

CLOCK_SKEW_SECONDS = 10
CERTS_TIMEOUT_SECONDS = 5
VERIFIED_CACHE_SIZE = 4096

log = logging.getLogger(__name__)


class Unauthorized(Exception):
    """The request or the user could not be authenticated; the text is safe to show."""


@dataclass(frozen=True)
class GoogleUser:
    """The Gmail user behind an event, as their verified ID token says."""

    sub: str
    email: str


def _token_key(_verifier: object, token: str, audience: str) -> tuple[bytes, str]:
    # A digest: the cache holds no token.
    return hashlib.sha256(token.encode()).digest(), audience


class TokenVerifier:
    """Check the system ID token of each request and the user ID token of each event."""

    def __init__(
        self,
        *,
        certs_url: str,
        issuers: tuple[str, ...],
        service_account_email: str,
        oauth_client_id: str,
        session: requests.Session | None = None,
        timer: Callable[[], float] = time.time,
    ) -> None:
        self._certs_url = certs_url
        self._issuers = frozenset(issuers)
        self._service_account_email = service_account_email
        self._oauth_client_id = oauth_client_id
        # Google's certificates come through an HTTP cache, which keeps them as long as their
        # Cache-Control max-age says; `_fresh_certs` goes past that copy and replaces it.
        # (`verify_token` calls its request with the URL alone, so the options are bound here.)
        request = Request(session=CacheControl(session or requests.Session()))
        self._certs = cast(Request, functools.partial(request, timeout=CERTS_TIMEOUT_SECONDS))
        no_cache = {"Cache-Control": "no-cache"}
        self._fresh_certs = cast(Request, functools.partial(self._certs, headers=no_cache))
        self._lock = threading.Lock()
        self._verified: TLRUCache[tuple[bytes, str], Mapping[str, Any]] = TLRUCache(
            maxsize=VERIFIED_CACHE_SIZE, ttu=_good_until, timer=timer
        )

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

    # A token whose signature was checked once stays good until it expires; Gmail sends
    # the same user token with every event, so this saves an RSA check each time.
    @cachedmethod(lambda self: self._verified, key=_token_key, lock=lambda self: self._lock)
    def _decode(self, token: str, audience: str) -> Mapping[str, Any]:
        header = _unverified_header(token)
        if header.get("alg") != "RS256":
            raise Unauthorized("token must be signed with RS256")
        try:
            claims = self._verify_signed(token, audience)
        except google_exceptions.TransportError as exc:
            log.warning("certs fetch failed: %s", type(exc.__cause__ or exc).__name__)
            raise Unauthorized("signing certificates unavailable") from None
        except (json.JSONDecodeError, TypeError, ImportError):
            # Not a JSON map of key id to certificate (a JWK set would need PyJWT).
            raise Unauthorized("signing certificates unreadable") from None
        except (ValueError, google_exceptions.GoogleAuthError) as exc:
            raise Unauthorized(_reason(exc)) from None
        if claims.get("iss") not in self._issuers:
            raise Unauthorized("token issuer is not trusted")
        return claims

    def _verify_signed(self, token: str, audience: str) -> Mapping[str, Any]:
        """Check signature, expiry and audience with google-auth against the certs URL."""
        verify = functools.partial(
            id_token.verify_token,
            token,
            audience=audience,
            certs_url=self._certs_url,
            clock_skew_in_seconds=CLOCK_SKEW_SECONDS,
        )
        claims: Mapping[str, Any]
        try:
            claims = verify(self._certs)
        except google_exceptions.MalformedError as exc:
            if "key id" not in str(exc):  # "Certificate for key id … not found."
                raise
            # Google rotates keys; one fresh fetch tells a new key from a forged one.
            claims = verify(self._fresh_certs)
        return claims


def _good_until(_key: object, claims: Mapping[str, Any], _now: float) -> float:
    """Return when a verified token stops being good: its expiry, with the clock skew."""
    expires = claims.get("exp")
    if isinstance(expires, int | float):
        return float(expires) + CLOCK_SKEW_SECONDS
    return 0.0  # never stored


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
    if "too early" in text:
        return "token not yet valid"
    return "token signature invalid"

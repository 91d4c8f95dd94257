"""A local Google token issuer: the sandbox's stand-in for Google's signing keys.

It holds its own RSA key and serves its certificate the way Google's certs URL does, so
the add-on verifies sandbox tokens with exactly its production code; only the trusted
certs URL, issuer and audiences differ, and they come from config. It also hands out the
opaque OAuth and per-message Gmail tokens that the Gmail stand-in checks. As in Gmail, a
per-message token lets the add-on read the message's content only with the
`gmail.addons.current.message.action` scope and only for a user interaction (a button or
menu click), or with `…message.readonly`; otherwise it reads metadata only. Demo and tests
only; it is served on loopback and never in production.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from google.auth import crypt, jwt

from addon.deployment import SCOPES

TOKEN_LIFETIME = 3600
_GMAIL = "https://www.googleapis.com/auth/gmail.addons.current."
ACTION_SCOPE, READONLY_SCOPE = _GMAIL + "message.action", _GMAIL + "message.readonly"
_INTERACTIONS = ("/actions/", "/menu/")  # routes Gmail calls because the user clicked


@dataclass
class _Grants:
    """Which opaque tokens were issued to whom, for the Gmail stand-in to check."""

    oauth: dict[str, str] = field(default_factory=dict)  # OAuth token -> email
    message: dict[str, tuple[str, str]] = field(default_factory=dict)  # access -> (email, msg)
    content: set[str] = field(default_factory=set)  # access tokens that may read the body
    lock: threading.Lock = field(default_factory=threading.Lock)


class TokenIssuer:
    """Sign Google-shaped ID tokens with a key of its own."""

    def __init__(
        self,
        *,
        issuer: str,
        service_account_email: str,
        oauth_client_id: str,
        kid: str | None = None,
    ) -> None:
        self.issuer = issuer
        self.service_account_email = service_account_email
        self.oauth_client_id = oauth_client_id
        self.kid = kid or secrets.token_hex(8)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._signer = crypt.RSASigner.from_string(pem, key_id=self.kid)
        self.certificate_pem = _self_signed_certificate(key)
        self._grants = _Grants()

    def certs(self) -> dict[str, str]:
        """Return the certificates document, keyed by key id, as Google serves it."""
        return {self.kid: self.certificate_pem}

    def sign(self, claims: dict[str, Any], *, header: dict[str, Any] | None = None) -> str:
        """Sign arbitrary claims (tests use this to forge near-miss tokens)."""
        token: bytes = jwt.encode(self._signer, claims, header=header)
        return token.decode()

    def system_token(self, audience: str, **overrides: Any) -> str:
        """Return a system ID token for the add-on's service account and one endpoint URL."""
        claims = self._base_claims(audience) | {
            "email": self.service_account_email,
            "email_verified": True,
            "sub": _stable_id(self.service_account_email),
        }
        return self.sign(claims | overrides)

    def user_token(self, email: str, **overrides: Any) -> str:
        """Return a user ID token for a Gmail user, for the add-on's OAuth client."""
        claims = self._base_claims(self.oauth_client_id) | {
            "email": email,
            "email_verified": True,
            "sub": _stable_id(email.lower()),
        }
        return self.sign(claims | overrides)

    def oauth_token(self, email: str) -> str:
        """Return an opaque OAuth access token for the user, as Gmail's API expects."""
        token = "ya29.sandbox-" + secrets.token_urlsafe(24)
        with self._grants.lock:
            self._grants.oauth[token] = email.lower()
        return token

    def message_token(self, email: str, message_id: str, *, content: bool = False) -> str:
        """Return a per-message Gmail access token (X-Goog-Gmail-Access-Token).

        `content` grants reading the message's body too (format=full), not only metadata.
        """
        token = "gmat-" + secrets.token_urlsafe(24)
        with self._grants.lock:
            self._grants.message[token] = (email.lower(), message_id)
            if content:
                self._grants.content.add(token)
        return token

    def oauth_owner(self, token: str) -> str | None:
        """Return whose OAuth token this is, or None for an unknown token."""
        with self._grants.lock:
            return self._grants.oauth.get(token)

    def message_grant(self, token: str) -> tuple[str, str] | None:
        """Return (email, message id) a per-message token was issued for."""
        with self._grants.lock:
            return self._grants.message.get(token)

    def may_read_content(self, token: str) -> bool:
        """Tell whether a per-message token grants the message's content."""
        with self._grants.lock:
            return token in self._grants.content

    def _base_claims(self, audience: str) -> dict[str, Any]:
        now = int(time.time())
        return {"iss": self.issuer, "aud": audience, "iat": now, "exp": now + TOKEN_LIFETIME}


def _stable_id(text: str) -> str:
    # Google's `sub` is a long decimal string; derive one that is stable per address.
    return str(int(hashlib.sha256(text.encode()).hexdigest()[:16], 16))


def _self_signed_certificate(key: rsa.RSAPrivateKey) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "close-addon-sandbox")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def content_granted(scopes: list[str], audience: str) -> bool:
    """Tell whether Gmail would let a call to `audience` read the open message's content."""
    clicked = urlsplit(audience).path.startswith(_INTERACTIONS)
    return READONLY_SCOPE in scopes or (ACTION_SCOPE in scopes and clicked)


def create_google_blueprint(issuer: TokenIssuer) -> Blueprint:
    """Serve the certs document and the demo's token endpoint under /sandbox/google."""
    bp = Blueprint("sandbox_google", __name__)

    @bp.get("/certs")
    def certs() -> ResponseReturnValue:
        response = jsonify(issuer.certs())
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @bp.post("/tokens")
    def tokens() -> ResponseReturnValue:
        # Body: email, audience (the URL called), messageId (optional), scopes (optional:
        # the scopes the user granted; the deployment's own scopes when left out).
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return jsonify(error="body must be a JSON object"), 400
        email, audience = body.get("email"), body.get("audience")
        if not isinstance(email, str) or "@" not in email or not isinstance(audience, str):
            return jsonify(error="email and audience are required strings"), 400
        answer = {
            "systemIdToken": issuer.system_token(audience),
            "userIdToken": issuer.user_token(email),
            "userOAuthToken": issuer.oauth_token(email),
        }
        scopes = body.get("scopes", list(SCOPES))
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            return jsonify(error="scopes must be a list of strings"), 400
        message_id = body.get("messageId")
        if isinstance(message_id, str) and message_id:
            content = content_granted(scopes, audience)
            answer["accessToken"] = issuer.message_token(email, message_id, content=content)
        return jsonify(answer)

    return bp

"""Encryption at rest for Close API keys: Fernet with several keys, newest first, for rotation."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyRingError(Exception):
    """A stored token that none of the configured keys can decrypt."""


def generate_key() -> str:
    """Return a new random Fernet key, suitable for ADDON_SECRET_KEYS."""
    return Fernet.generate_key().decode("ascii")


class KeyRing:
    """Encrypt with the newest secret key; decrypt with any of them."""

    def __init__(self, secret_keys: Sequence[str]) -> None:
        if isinstance(secret_keys, str):
            # A bare string would be iterated character by character; say what went wrong.
            raise TypeError("secret_keys must be a sequence of keys, not one string")
        if not secret_keys:
            raise ValueError("at least one secret key is required")
        self._fernets = [_fernet(key, position) for position, key in enumerate(secret_keys, 1)]
        self._multi = MultiFernet(self._fernets)

    def encrypt(self, plaintext: str) -> str:
        """Encrypt `plaintext` with the newest key."""
        return self._multi.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> tuple[str, bool]:
        """Decrypt a token made with any configured key, and tell if the newest made it.

        One pass, newest key first: a reader learns whether to re-encrypt without a
        second decryption. Raises KeyRingError if no key can decrypt it.
        """
        for position, fernet in enumerate(self._fernets):
            with suppress(InvalidToken, UnicodeError):  # a token is ASCII, its secret UTF-8
                return fernet.decrypt(token.encode("ascii")).decode("utf-8"), position == 0
        raise KeyRingError("no configured secret key can decrypt this value")

    def rotate(self, token: str) -> str:
        """Re-encrypt a token with the newest key, or raise KeyRingError."""
        try:
            return self._multi.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError) as error:
            raise KeyRingError("no configured secret key can decrypt this value") from error


def _fernet(key: str, position: int) -> Fernet:
    try:
        return Fernet(key.strip())
    except (ValueError, TypeError):  # binascii.Error, for bad base64, is a ValueError
        # `from None`: the underlying error may quote the key, and keys never go into logs.
        raise ValueError(
            f"secret key #{position} is not a valid Fernet key "
            "(expected 32 url-safe base64-encoded bytes; make one with generate_key())"
        ) from None

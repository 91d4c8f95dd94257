"""KeyRing: Fernet encryption at rest with rotation, and clear errors that never echo keys."""

from __future__ import annotations

import base64

import pytest

from addon.store import KeyRing, generate_key
from addon.store.crypto import KeyRingError

API_KEY = "api_4xZ9sEcReT.kEy"


def test_round_trip_and_ciphertext_hides_the_plaintext() -> None:
    keyring = KeyRing([generate_key()])

    token = keyring.encrypt(API_KEY)

    assert API_KEY not in token
    assert keyring.open(token)[0] == API_KEY


def test_same_plaintext_encrypts_differently_each_time() -> None:
    keyring = KeyRing([generate_key()])

    assert keyring.encrypt(API_KEY) != keyring.encrypt(API_KEY)


def test_encrypts_with_the_first_key_and_decrypts_with_any() -> None:
    old, new = generate_key(), generate_key()
    old_token = KeyRing([old]).encrypt(API_KEY)
    both = KeyRing([new, old])

    assert both.open(old_token)[0] == API_KEY
    assert both.open(old_token) == (API_KEY, False)
    assert KeyRing([new]).open(both.encrypt(API_KEY))[0] == API_KEY
    assert both.open(both.encrypt(API_KEY)) == (API_KEY, True)


def test_rotate_re_encrypts_with_the_newest_key() -> None:
    old, new = generate_key(), generate_key()
    old_token = KeyRing([old]).encrypt(API_KEY)

    rotated = KeyRing([new, old]).rotate(old_token)

    assert KeyRing([new]).open(rotated)[0] == API_KEY
    with pytest.raises(KeyRingError):
        KeyRing([old]).open(rotated)


@pytest.mark.parametrize("token", ["garbage", "", "é-not-ascii"])
def test_undecryptable_tokens_raise_keyring_error(token: str) -> None:
    keyring = KeyRing([generate_key()])

    with pytest.raises(KeyRingError):
        keyring.open(token)
    with pytest.raises(KeyRingError):
        keyring.rotate(token)


def test_token_from_an_unknown_key_raises_keyring_error() -> None:
    token = KeyRing([generate_key()]).encrypt(API_KEY)

    with pytest.raises(KeyRingError, match="no configured secret key"):
        KeyRing([generate_key()]).open(token)


@pytest.mark.parametrize(
    "bad_key",
    [
        "not-a-key",
        "",
        base64.urlsafe_b64encode(b"too short").decode(),
        base64.urlsafe_b64encode(b"x" * 33).decode(),
    ],
)
def test_malformed_key_names_its_position_but_not_its_value(bad_key: str) -> None:
    with pytest.raises(ValueError, match="secret key #2 is not a valid Fernet key") as error:
        KeyRing([generate_key(), bad_key])

    assert error.value.__cause__ is None
    assert error.value.__suppress_context__
    if bad_key:
        assert bad_key not in str(error.value)


def test_keys_with_surrounding_whitespace_are_accepted() -> None:
    key = generate_key()
    token = KeyRing([key]).encrypt(API_KEY)

    assert KeyRing([f"  {key}\n"]).open(token)[0] == API_KEY


def test_empty_key_list_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one secret key"):
        KeyRing([])


def test_a_single_string_is_rejected() -> None:
    with pytest.raises(TypeError, match="not one string"):
        KeyRing(generate_key())


def test_generate_key_returns_distinct_usable_keys() -> None:
    first, second = generate_key(), generate_key()

    assert first != second
    assert len(base64.urlsafe_b64decode(first)) == 32
    KeyRing([first, second])

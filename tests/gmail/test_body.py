"""The open email's body: read with format=full on a click, decoded, attachments left out."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import responses

from addon.gmail import GmailAuthError
from addon.gmail.body import MAX_BODY_CHARS, body_from_message

from .fakes import ACCESS, MESSAGE_ID, OAUTH, URL, message, new_client


def _data(text: str, charset: str = "utf-8") -> str:
    return base64.urlsafe_b64encode(text.encode(charset)).decode().rstrip("=")


def _part(mime: str, text: str, *, charset: str = "utf-8", filename: str = "") -> dict[str, Any]:
    return {
        "mimeType": mime,
        "filename": filename,
        "headers": [{"name": "Content-Type", "value": f'{mime}; charset="{charset}"'}],
        "body": {"size": len(text), "data": _data(text, charset)},
    }


def _full(*parts: dict[str, Any]) -> dict[str, Any]:
    data = message()
    data["payload"]["parts"] = list(parts)
    return data


def test_text_and_html_from_nested_parts_without_attachments() -> None:
    related = {
        "mimeType": "multipart/related",
        "parts": [_part("text/html", "<p>Grüße</p>"), _part("image/png", "PNG", filename="a.png")],
    }
    data = _full(
        {"mimeType": "multipart/alternative", "parts": [_part("text/plain", "Grüße"), related]},
        _part("text/plain", "a text attachment", filename="notes.txt"),
    )
    body = body_from_message(data)
    assert (body.text, body.html) == ("Grüße", "<p>Grüße</p>")


def test_declared_charsets_are_honoured_and_unknown_ones_fall_back() -> None:
    latin = body_from_message(_full(_part("text/plain", "Café", charset="iso-8859-1")))
    assert latin.text == "Café"
    odd = _part("text/plain", "plain")
    odd["headers"] = [{"name": "Content-Type", "value": "text/plain; charset=x-unknown"}]
    assert body_from_message(_full(odd)).text == "plain"


def test_a_single_part_message_and_a_huge_one() -> None:
    data = message()
    data["payload"] = _part("text/plain", "Just text")
    assert body_from_message(data).text == "Just text"
    huge = body_from_message(_full(_part("text/plain", "x" * (MAX_BODY_CHARS + 10))))
    assert len(huge.text) == MAX_BODY_CHARS


def test_garbage_is_an_empty_body_not_a_crash() -> None:
    broken = _part("text/plain", "x")
    broken["body"]["data"] = "!!not base64!!"
    assert body_from_message(_full(broken)).text == ""
    assert body_from_message({"payload": "nonsense"}).text == ""


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def test_body_asks_for_format_full_with_both_tokens_every_time(
    rsps: responses.RequestsMock,
) -> None:
    rsps.get(URL, json=_full(_part("text/plain", "Hello")))
    client = new_client()
    for _ in range(2):  # bodies are never cached
        body = client.body(message_id=MESSAGE_ID, oauth_token=OAUTH, access_token=ACCESS)
        assert body.text == "Hello"
    assert len(rsps.calls) == 2
    request = rsps.calls[0].request
    assert parse_qsl(urlsplit(request.url).query) == [("format", "full")]
    assert request.headers["Authorization"] == f"Bearer {OAUTH}"
    assert request.headers["X-Goog-Gmail-Access-Token"] == ACCESS


def test_a_token_without_content_access_is_refused(rsps: responses.RequestsMock) -> None:
    rsps.get(URL, status=403, json={"error": {"code": 403}})
    with pytest.raises(GmailAuthError):
        new_client().body(message_id=MESSAGE_ID, oauth_token=OAUTH, access_token=ACCESS)
    with pytest.raises(GmailAuthError):  # no token at all: not even asked
        new_client().body(message_id=MESSAGE_ID, oauth_token=OAUTH, access_token="")

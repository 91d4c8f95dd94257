"""Test doubles for the Gmail client: metadata replies shaped like the real API's, a clock."""

from __future__ import annotations

from typing import Any

import requests

from addon.gmail import GmailClient, MessageHeaders

BASE = "https://gmail.test/"
MESSAGE_ID = "18f2c0a1b2c3d4e5"
URL = f"{BASE}gmail/v1/users/me/messages/{MESSAGE_ID}"
OAUTH = "ya29.a0AfB_byC-user-oauth-token-9f8e7d"
ACCESS = "xedf241-per-message-token-77aa"

REALISTIC_HEADERS = {
    "From": "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <Juergen.Mueller@Kunde.de>",
    "To": 'Sam Seller <sam@ourco.com>, "Doe, John" <john@partner.io>',
    "Cc": "=?ISO-8859-1?Q?Ren=E9?= <rene@client.fr>, undisclosed-recipients:;",
    "Reply-To": "Jürgen <juergen@kunde.de>",
    "Subject": "=?UTF-8?Q?Angebot_f=C3=BCr_Q3?=\r\n =?UTF-8?Q?_=E2=80=93_Verl=C3=A4ngerung?=",
    "Date": "Tue, 4 Jun 2024 09:15:00 +0200",
    "Message-ID": "<CAF=abc123@mail.gmail.com>",
}


def message(
    headers: dict[str, str] | list[tuple[str, str]] | None = None,
    *,
    message_id: str = "18f2c0a1b2c3d4e5",
    thread_id: str = "18f2c0a1b2c3d4e0",
) -> dict[str, Any]:
    """Return a Message resource with the given raw headers, in order."""
    if headers is None:
        headers = REALISTIC_HEADERS
    pairs = list(headers.items()) if isinstance(headers, dict) else headers
    return {
        "id": message_id,
        "threadId": thread_id,
        "labelIds": ["INBOX", "CATEGORY_PERSONAL", "UNREAD"],
        "snippet": "Hallo Sam, anbei das Angebot",
        "historyId": "4829175",
        "internalDate": "1717485300000",
        "sizeEstimate": 48213,
        "payload": {
            "partId": "",
            "mimeType": "multipart/alternative",
            "filename": "",
            "headers": [{"name": name, "value": value} for name, value in pairs],
            "body": {"size": 0},
        },
    }


class FakeClock:
    """A monotonic clock that moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def new_client(clock: FakeClock | None = None, **options: Any) -> GmailClient:
    """Return a client against the fake base URL with a fresh session."""
    return GmailClient(
        base_url=BASE, session=requests.Session(), clock=clock or FakeClock(), **options
    )


def fetch(client: GmailClient, **overrides: Any) -> MessageHeaders:
    """Fetch the default message as user-1, with any argument overridden."""
    options: dict[str, Any] = {
        "user_key": "user-1",
        "message_id": MESSAGE_ID,
        "oauth_token": OAUTH,
        "access_token": ACCESS,
    }
    options.update(overrides)
    return client.headers(**options)

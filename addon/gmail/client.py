"""GmailClient: the open message's headers, cached per user and message; on a click, its body."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import requests

from addon.cache import OwnedCache
from addon.gmail.addresses import Address
from addon.gmail.body import MessageBody, body_from_message
from addon.gmail.drafts import CreatedDraft, reply_raw
from addon.gmail.errors import (
    GmailAuthError,
    GmailDeadlineExceeded,
    GmailError,
    GmailUnavailable,
    error_for_status,
)
from addon.gmail.headers import HEADER_NAMES, MessageHeaders, headers_from_message
from addon.upstream import OutOfTime, json_or_none, send

HEADERS_KEEP = 86_400.0  # a sent message's headers never change; a day bounds the memory
MIN_RETRY_SECONDS = 0.2  # a retry with less time than this left could only time out
_PARAMS = [("format", "metadata"), *(("metadataHeaders", name) for name in HEADER_NAMES)]
_FULL = [("format", "full")]
Query = list[tuple[str, str]]


class GmailClient:
    """Fetch the open message with the add-on's per-message tokens."""

    def __init__(
        self,
        *,
        base_url: str,
        session: requests.Session,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        cache: OwnedCache[MessageHeaders] | None = None,
        cache_size: int = 2048,
    ) -> None:
        """`cache` holds headers by user and message (shared ones come from Services)."""
        self._base_url = base_url.rstrip("/") + "/"
        self._session = session
        self._timeout = timeout
        self._clock = clock
        # Owned by the user too, so one user's message is never served to another.
        if cache is None:
            cache = OwnedCache(ttl=HEADERS_KEEP, maxsize=cache_size)
        self._cache = cache

    def headers(
        self,
        *,
        user_key: str,
        message_id: str,
        oauth_token: str,
        access_token: str,
        deadline: float | None = None,
    ) -> MessageHeaders:
        """Return the message's headers; `deadline` is an instant on this client's clock."""
        if not user_key or not message_id.strip("."):
            raise ValueError("user_key and message_id must be non-empty")
        cached = self._cache.get(user_key, message_id)
        if cached is not None:
            return cached  # headers of a sent message never change
        data = self._request(message_id, _PARAMS, self._auth(oauth_token, access_token), deadline)
        headers = headers_from_message(data, message_id)
        self._cache.put(user_key, message_id, headers)
        return headers

    def body(
        self,
        *,
        message_id: str,
        oauth_token: str,
        access_token: str,
        deadline: float | None = None,
    ) -> MessageBody:
        """Return the message's text and HTML bodies; only a click's token may read them.

        Never cached: a body is read once, when the user logs the email, and is not kept.
        """
        if not message_id.strip("."):
            raise ValueError("message_id must be non-empty")
        data = self._request(message_id, _FULL, self._auth(oauth_token, access_token), deadline)
        return body_from_message(data)

    def create_reply_draft(
        self,
        *,
        headers: MessageHeaders,
        to: tuple[Address, ...],
        subject: str,
        body_html: str,
        oauth_token: str,
        access_token: str,
        deadline: float | None = None,
    ) -> CreatedDraft:
        """Create a reply to the open message as a draft in its thread (`users.drafts.create`).

        The add-on's `gmail.addons.current.action.compose` scope allows it with the open
        message's access token. Sent once: a draft created by a call whose answer was lost
        would be doubled by a retry, so any failure is the caller's to report.
        """
        if not headers.thread_id:
            raise ValueError("a reply draft needs the message's thread")
        url = f"{self._base_url}gmail/v1/users/me/drafts"
        raw = reply_raw(headers, to, subject, body_html)
        body = {"message": {"raw": raw, "threadId": headers.thread_id}}
        try:
            response = send(
                self._session,
                "POST",
                url,
                json=body,
                headers=self._auth(oauth_token, access_token),
                timeout=self._timeout,
                deadline=deadline,
                clock=self._clock,
                log_as="gmail POST draft",
            )
        except OutOfTime as exc:
            raise GmailDeadlineExceeded() from exc
        except requests.RequestException as exc:
            raise GmailUnavailable() from exc
        if not 200 <= response.status_code < 300:
            raise error_for_status(response.status_code)
        data = _read_json(response)
        message = data.get("message")
        draft_id = data.get("id")
        thread = message.get("threadId") if isinstance(message, dict) else None
        if not isinstance(draft_id, str) or not draft_id:
            raise GmailUnavailable("Gmail sent a reply we could not read.")
        return CreatedDraft(draft_id=draft_id, thread_id=thread if isinstance(thread, str) else "")

    def _auth(self, oauth_token: str, access_token: str) -> dict[str, str]:
        if not oauth_token or not access_token:
            raise GmailAuthError()  # the event carried no token: Gmail would refuse anyway
        return {
            "Accept": "application/json",
            "Authorization": f"Bearer {oauth_token}",
            "X-Goog-Gmail-Access-Token": access_token,
        }

    def forget(self, user_key: str, message_id: str) -> None:
        """Drop one cached message."""
        self._cache.discard(user_key, message_id)

    def _request(
        self, message_id: str, query: Query, auth: dict[str, str], deadline: float | None
    ) -> dict[str, Any]:
        """Send the GET, retrying once on 5xx or a failed connection if time allows."""
        url = f"{self._base_url}gmail/v1/users/me/messages/{quote(message_id, safe='')}"
        attempt = 0
        while True:
            try:
                response = send(
                    self._session,
                    "GET",
                    url,
                    params=query,
                    headers=auth,
                    timeout=self._timeout,
                    deadline=deadline,
                    clock=self._clock,
                    # No tokens, no message id, no header values.
                    log_as=f"gmail GET message {query[0][1]}",
                )
            except OutOfTime as exc:
                raise GmailDeadlineExceeded() from exc
            except requests.RequestException as exc:
                error: GmailError = GmailUnavailable()
                error.__cause__ = exc
                # A refused or reset connection failed fast; a read timeout used the time up.
                retry = isinstance(exc, requests.ConnectionError)
            else:
                if 200 <= response.status_code < 300:
                    return _read_json(response)
                error = error_for_status(response.status_code)
                retry = response.status_code >= 500
            if attempt >= 1 or not retry or not self._has_time_for_retry(deadline):
                raise error
            attempt += 1

    def _has_time_for_retry(self, deadline: float | None) -> bool:
        return deadline is None or deadline - self._clock() >= MIN_RETRY_SECONDS


def _read_json(response: requests.Response) -> dict[str, Any]:
    data = json_or_none(response)
    if not isinstance(data, dict):
        # Say nothing about the body: it may hold someone's email addresses.
        raise GmailUnavailable("Gmail sent a reply we could not read.")
    return data

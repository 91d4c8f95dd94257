"""What CloseClient sends: URLs, auth, headers, payloads, and how it reads replies."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from addon.close import CloseClient, CloseError

from .conftest import API_KEY, BASE

EXPECTED_AUTH = "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()


def query_of(call: responses.Call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url or "").query)


def test_get_sends_basic_auth_with_key_as_username_and_empty_password(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "me/", json={"id": "user_1"})

    assert client.me() == {"id": "user_1"}

    headers = rsps.calls[0].request.headers
    assert headers["Authorization"] == EXPECTED_AUTH
    assert headers["User-Agent"].startswith("close-for-gmail/")


def test_paths_get_exactly_one_trailing_slash(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient]
) -> None:
    rsps.add(responses.GET, "https://close.test/api/v1/lead/lead_abc/", json={})
    client = make_client(base_url="https://close.test/api/v1")

    client.get("/lead/lead_abc")

    assert rsps.calls[0].request.url == "https://close.test/api/v1/lead/lead_abc/"


@pytest.mark.parametrize("path", ["", "/", "lead/?query=x"])
def test_rejects_empty_paths_and_query_strings_in_paths(client: CloseClient, path: str) -> None:
    with pytest.raises(ValueError):
        client.get(path)


def test_get_sends_params_and_default_timeout(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "opportunity/", json={"data": []})

    client.get("opportunity", {"lead_id": "lead_1", "_order_by": "-date_updated"})

    assert query_of(rsps.calls[0]) == {"lead_id": ["lead_1"], "_order_by": ["-date_updated"]}
    assert rsps.calls[0].request.req_kwargs["timeout"] == 10.0


@pytest.mark.parametrize("method", ["post", "put"])
def test_writes_send_json_payload(
    rsps: responses.RequestsMock, client: CloseClient, method: str
) -> None:
    rsps.add(method.upper(), BASE + "lead/lead_1/", json={"id": "lead_1", "name": "Acme"})

    result = getattr(client, method)("lead/lead_1", {"name": "Acme"})

    request = rsps.calls[0].request
    assert request.method == method.upper()
    assert json.loads(request.body or b"") == {"name": "Acme"}
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == EXPECTED_AUTH
    assert result == {"id": "lead_1", "name": "Acme"}


@pytest.mark.parametrize(("status", "body"), [(204, ""), (200, "{}"), (200, "  ")])
def test_delete_returns_empty_dict_for_empty_replies(
    rsps: responses.RequestsMock, client: CloseClient, status: int, body: str
) -> None:
    rsps.add(responses.DELETE, BASE + "pipeline/pipe_1/", status=status, body=body)

    assert client.delete("pipeline/pipe_1") == {}
    assert rsps.calls[0].request.method == "DELETE"


def test_search_posts_the_body_to_data_search(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    query = {"query": {"type": "and", "queries": []}, "_limit": 10}
    rsps.add(responses.POST, BASE + "data/search/", json={"data": [], "cursor": None})

    assert client.search(query) == {"data": [], "cursor": None}
    assert json.loads(rsps.calls[0].request.body or b"") == query


def test_shared_session_carries_no_credentials(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient]
) -> None:
    session = requests.Session()
    headers_before = dict(session.headers)
    rsps.add(responses.GET, BASE + "me/", json={})
    rsps.add(responses.GET, BASE + "me/", json={})

    make_client(session=session).me()
    CloseClient("other-key", session=session).me()

    assert session.auth is None
    assert dict(session.headers) == headers_before
    first, second = (call.request.headers["Authorization"] for call in rsps.calls)
    assert first == EXPECTED_AUTH
    assert second == "Basic " + base64.b64encode(b"other-key:").decode()


def test_does_not_follow_redirects(rsps: responses.RequestsMock, client: CloseClient) -> None:
    rsps.add(responses.POST, BASE + "lead/", status=302, headers={"Location": BASE + "x/"})

    with pytest.raises(CloseError) as caught:
        client.post("lead", {"name": "Acme"})

    assert caught.value.status == 302
    assert len(rsps.calls) == 1


def test_empty_api_key_is_refused() -> None:
    with pytest.raises(ValueError):
        CloseClient("")

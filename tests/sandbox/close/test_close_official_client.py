"""The official ``closeio`` client works against the emulator unchanged (base_url swapped)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from closeio_api import APIError, Client, ValidationError

from sandbox.close import CloseState, RateLimitConfig
from sandbox.demo_data import DEMO_API_KEY, DEMO_USER_EMAIL

from .live import LiveClose

MakeLive = Callable[[CloseState, str], LiveClose]


def _client(live: LiveClose, **kw: int) -> Client:
    client = Client(live.key, **kw)
    client.base_url = live.api + "/"
    return client


def test_reads_me_and_pages_through_leads(demo_ro: LiveClose) -> None:
    client = _client(demo_ro)
    assert client.get("me")["email"] == DEMO_USER_EMAIL
    ids: list[str] = []
    has_more, skip = True, 0
    while has_more:
        page = client.get(
            "lead", params={"_skip": skip, "_limit": 10, "_fields": "id,display_name"}
        )
        ids += [lead["id"] for lead in page["data"]]
        skip += len(page["data"])
        has_more = page["has_more"]
    assert len(ids) == len(set(ids)) == len(demo_ro.state.leads)


def test_create_update_delete_lead(empty: LiveClose) -> None:
    client = _client(empty)
    lead = client.post("lead", data={"name": "New Lead", "contacts": [{"name": "Ann"}]})
    assert lead["display_name"] == "New Lead" and lead["contacts"][0]["name"] == "Ann"
    updated = client.put(f"lead/{lead['id']}", data={"description": "Updated"})
    assert updated["description"] == "Updated" and updated["name"] == "New Lead"
    assert client.delete(f"lead/{lead['id']}") == {}
    with pytest.raises(APIError) as missing:
        client.get(f"lead/{lead['id']}")
    assert missing.value.response.status_code == 404
    with pytest.raises(ValidationError) as invalid:
        client.post("contact", data={"name": "Orphan"})
    assert invalid.value.field_errors == {"lead": "This field is required."}


def test_recovers_from_a_spent_rate_limit_window(make_live: MakeLive) -> None:
    limits = RateLimitConfig(default_limit=3, default_window_s=0.4)
    live = make_live(CloseState.from_demo(rate_limits=limits), DEMO_API_KEY)
    client = _client(live)
    started = time.perf_counter()
    emails = [client.get("me")["email"] for _ in range(5)]  # the 4th call meets a 429
    assert emails == [DEMO_USER_EMAIL] * 5
    assert live.control("GET", "_stats").json()["GET /me/"] > 5  # retried after sleeping
    assert time.perf_counter() - started >= 0.1


def test_recovers_from_an_injected_429_burst(make_live: MakeLive) -> None:
    limits = RateLimitConfig(default_window_s=0.2)
    live = make_live(CloseState.from_demo(rate_limits=limits), DEMO_API_KEY)
    live.control("POST", "_faults", {"rate_limit_burst": 2})
    client = _client(live)
    assert client.get("me")["email"] == DEMO_USER_EMAIL
    assert live.control("GET", "_stats").json() == {"GET /me/": 3}
    live.control("POST", "_faults", {"rate_limit_burst": 5})
    with pytest.raises(APIError) as exhausted:
        _client(live, max_retries=2).get("me")
    assert exhausted.value.response.status_code == 429

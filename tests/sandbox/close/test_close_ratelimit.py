"""Rate limits: headers on every answer, per-group and per-key/org windows, 429s and resets."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from sandbox.close import DEFAULT_TEST_API_KEY, CloseState, RateLimitConfig
from sandbox.close.ratelimit import RateLimiter
from sandbox.demo_data import COWORKERS, DEMO_API_KEY

from .live import LiveClose, email_query

HEADER = re.compile(r"^limit=(\d+); remaining=(\d+); reset=(\d+(?:\.\d+)?)$")
MakeLive = Callable[[CloseState, str], LiveClose]


def _parsed(value: str) -> tuple[int, int, float]:
    match = HEADER.match(value)
    assert match, value
    return int(match[1]), int(match[2]), float(match[3])


def test_every_answer_carries_rate_limit_headers(make_live: MakeLive) -> None:
    live = make_live(CloseState.empty(), DEFAULT_TEST_API_KEY)
    answers = [
        live.get("/me/"),
        live.post("/lead/", {"name": "A"}),
        live.post("/lead/", {"status": "nope"}),
        live.get("/lead/lead_missing/"),
    ]
    remaining = []
    for response in answers:
        limit, left, reset = _parsed(response.headers["RateLimit"])
        assert response.headers["RateLimit-Limit"] == str(limit)
        assert response.headers["RateLimit-Remaining"] == str(left)
        assert float(response.headers["RateLimit-Reset"]) == reset
        assert limit == 160 and 1 <= reset <= 8
        remaining.append(left)
    assert remaining == [159, 159, 158, 159]  # groups: read:me, write:lead (x2), read:lead
    search = live.search({"query": email_query("x@y.com")})
    assert _parsed(search.headers["RateLimit"])[:2] == (16, 15)


def test_search_window_is_spent_then_resets(make_live: MakeLive) -> None:
    state = CloseState.empty()
    skipped = [0.0]  # the limiter's clock, moved on by the test instead of waiting
    state.limiter = RateLimiter(state.limiter.config, clock=lambda: time.monotonic() + skipped[0])
    live = make_live(state, DEFAULT_TEST_API_KEY)
    body = {"query": email_query("x@y.com")}
    statuses = [live.search(body).status_code for _ in range(17)]
    assert statuses == [200] * 16 + [429]
    refused = live.search(body)
    assert refused.status_code == 429
    limit, left, reset = _parsed(refused.headers["RateLimit"])
    assert (limit, left) == (16, 0) and reset == 1
    error = refused.json()["error"]
    assert error["rate_limit"] == 16 and 0 < error["rate_reset"] <= 1 and error["rate_window"] == 1
    assert live.get("/me/").status_code == 200  # other endpoint groups are counted apart
    skipped[0] += float(refused.headers["RateLimit-Reset"])
    assert live.search(body).status_code == 200


def test_key_limit_then_org_limit(make_live: MakeLive) -> None:
    limits = RateLimitConfig(default_limit=2, default_window_s=30, org_multiplier=3)
    live = make_live(CloseState.from_demo(rate_limits=limits), DEMO_API_KEY)
    assert [live.get("/me/").status_code for _ in range(3)] == [200, 200, 429]
    assert live.get("/me/").json()["error"]["rate_limit_type"] == "key"
    for user in COWORKERS[:2]:
        assert [live.get("/me/", key=user.api_key).status_code for _ in range(2)] == [200, 200]
    refused = live.get("/me/", key=COWORKERS[2].api_key)  # org window: 3 x 2 calls spent
    assert refused.status_code == 429 and refused.json()["error"]["rate_limit_type"] == "org"
    assert _parsed(refused.headers["RateLimit"])[:2] == (6, 0)


def test_rate_limit_control(make_live: MakeLive) -> None:
    live = make_live(CloseState.empty(), DEFAULT_TEST_API_KEY)
    assert live.control("POST", "_ratelimits", {"search_limit": 2}).json()["search_limit"] == 2
    body = {"query": email_query("x@y.com")}
    assert [live.search(body).status_code for _ in range(3)] == [200, 200, 429]
    assert live.control("POST", "_ratelimits", {"enabled": False}).status_code == 200
    assert live.search(body).status_code == 200 and "RateLimit" not in live.search(body).headers
    assert live.control("POST", "_ratelimits", {}).json()["search_limit"] == 16
    assert live.control("POST", "_ratelimits", {"search_limit": "lots"}).status_code == 400
    assert live.control("POST", "_ratelimits", {"burst": 1}).status_code == 400


def test_limiter_windows_with_a_fake_clock() -> None:
    now = [100.0]
    limiter = RateLimiter(
        RateLimitConfig(search_limit=2, search_window_s=1.0), clock=lambda: now[0]
    )
    first, second, third = (limiter.hit("k", "o", "search") for _ in range(3))
    assert (first.remaining, second.remaining, third.allowed) == (1, 0, False)
    now[0] += 0.4
    assert abs(limiter.hit("k", "o", "search").reset_s - 0.6) < 1e-9
    now[0] += 0.6
    assert limiter.hit("k", "o", "search").allowed
    assert limiter.hit("other", "o", "search").remaining == 1

"""Close clients of two instances share one budget per key: they wait their turn, not for 429s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
import responses

from addon import create_app
from addon.close import CloseClient, CloseRateLimited
from addon.close.ratebudget import SEND_MARGIN, RateBudget, rate_budget
from addon.close.retry import MAX_RATE_LIMIT_WAIT
from addon.config import Config
from addon.services import key_owner

from .conftest import FakeTime

API_KEY = "api_7b8KOSMa0OevK9qJvT6F9s.2H3Bt8ktGaQ9kVK45P7j7p"
BASE = "https://api.close.com/api/v1/"
SEARCH = BASE + "data/search/"
LEAD = BASE + "lead/lead_1/"
# A sales team: two keys of one organization, and a key of another.
TEAMMATE_KEY = "api_2Pq9LmX4kT7vR1sW8yZ3bN.6Hj5Kd0Fg2Qa9Ws4Ex7Rc1"
OUTSIDER_KEY = "api_9Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh.1Gg0Ff9Dd8Ss7Aa6Qq5W"
ORG, OTHER_ORG = "orga_team", "orga_elsewhere"


def rate(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {"RateLimit": f"limit={limit}; remaining={remaining}; reset={reset:g}"}


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


class Instance:
    """One add-on instance: its own budget object (on the shared Redis) and its waits."""

    def __init__(self, shared: redis.Redis, time: FakeTime) -> None:
        self.time = time
        self.waits: list[tuple[str, float]] = []
        self.budget: RateBudget = rate_budget(shared, time.clock, redis_clock=time.clock)
        self.budget.on_wait = lambda why, seconds: self.waits.append((why, seconds))

    def client(self, key: str = API_KEY, org: str | None = None, **options: Any) -> CloseClient:
        return CloseClient(
            key,
            sleep=self.time.sleep,
            clock=self.time.clock,
            budget=self.budget.for_key(key_owner(key), org and key_owner(org)),
            **options,
        )

    def limit(self, bucket: str) -> float | None:
        """Return the limit a bucket holds (spending one of its turns to read it)."""
        return self.budget.buckets.take(bucket, 0.0).limit


@pytest.fixture
def instances(shared_redis: redis.Redis, fake_time: FakeTime) -> tuple[Instance, Instance]:
    return Instance(shared_redis, fake_time), Instance(shared_redis, fake_time)


def test_another_instance_honours_a_429_without_sending(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance], fake_time: FakeTime
) -> None:
    one, other = instances
    rsps.add(responses.POST, SEARCH, status=429, headers={"Retry-After": "3"} | rate(16, 0, 3))
    rsps.add(responses.POST, SEARCH, json={"data": ["other"]})

    with pytest.raises(CloseRateLimited):
        one.client(max_retries=0).search({})
    assert other.client().search({}) == {"data": ["other"]}

    assert [call.response.status_code for call in rsps.calls] == [429, 200]
    assert other.waits == [("turn", 3.0 + SEND_MARGIN)]  # it waited, then sent once
    assert fake_time.sleeps == [3.0 + SEND_MARGIN]


def test_the_instance_that_got_the_429_waits_retry_after_then_sends_again(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance], fake_time: FakeTime
) -> None:
    one, _ = instances
    rsps.add(responses.POST, SEARCH, status=429, headers={"Retry-After": "3"} | rate(16, 0, 3))
    rsps.add(responses.POST, SEARCH, json={"data": []})

    assert one.client().search({}) == {"data": []}

    assert fake_time.sleeps == [3.0]  # what Close asked, and no second wait for the budget
    assert one.waits == [("retry-after", 3.0)]


def test_a_wait_longer_than_the_limit_says_when_to_try_again_and_sends_nothing(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance]
) -> None:
    one, other = instances
    rsps.add(responses.PUT, LEAD, status=429, headers=rate(160, 0, 8))

    with pytest.raises(CloseRateLimited):
        one.client().put("lead/lead_1", {"name": "Acme"})  # 8 s: no retry
    with pytest.raises(CloseRateLimited) as caught:
        other.client().put("lead/lead_1", {"name": "Acme"})

    assert len(rsps.calls) == 1
    assert caught.value.retry_after > MAX_RATE_LIMIT_WAIT
    assert caught.value.message == "Close is busy. Try again in 9 seconds."  # 8 s + margin
    assert other.waits == []


def test_a_wait_past_the_request_deadline_is_not_waited(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance], fake_time: FakeTime
) -> None:
    one, other = instances
    rsps.add(responses.POST, SEARCH, json={}, headers=rate(1, 0, 2))
    one.client().search({})

    with pytest.raises(CloseRateLimited):
        other.client(deadline=fake_time.now + 1.5).search({})

    assert len(rsps.calls) == 1
    assert fake_time.sleeps == []


def test_rate_limit_headers_set_the_pace_for_every_instance(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance], fake_time: FakeTime
) -> None:
    one, other = instances
    for remaining in (1, 0):
        rsps.add(responses.GET, LEAD, json={}, headers=rate(2, remaining, 4))
    rsps.add(responses.GET, LEAD, json={}, headers=rate(2, 1, 4))  # the next window

    one.client().get("lead/lead_1")
    other.client().get("lead/lead_1")
    other.client().get("lead/lead_1")

    assert other.waits == [("turn", 4.0 + SEND_MARGIN)]
    assert len(rsps.calls) == 3


def test_groups_have_budgets_of_their_own(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance]
) -> None:
    one, other = instances
    rsps.add(responses.POST, SEARCH, json={}, headers=rate(1, 0, 1))
    rsps.add(responses.GET, LEAD, json={})
    rsps.add(responses.PUT, LEAD, json={})

    one.client().search({})  # spends the search window, and only it
    other.client().get("lead/lead_1")
    other.client().put("lead/lead_1", {"name": "Acme"})

    assert other.waits == []


def test_instances_share_the_budget_through_redis_under_the_key_s_hash(
    upstream: responses.RequestsMock, config: Config, redis_url: str, shared_redis: redis.Redis
) -> None:
    search = config.close_api_url + "data/search/"
    upstream.add(responses.POST, search, status=429, headers=rate(16, 0, 60))
    config = config.model_copy(update={"redis_url": redis_url})
    first, second = (create_app(config).extensions["close_addon"].services for _ in range(2))

    with pytest.raises(CloseRateLimited):
        first.close_client(API_KEY).search({})
    with pytest.raises(CloseRateLimited):
        second.close_client(API_KEY).search({})  # refused before sending

    assert len([call for call in upstream.calls if call.request.url == search]) == 1
    (name,) = shared_redis.keys()
    assert name == f"addon:ratebudget:{key_owner(API_KEY)}:search".encode()
    assert API_KEY.encode() not in b"".join(shared_redis.hgetall(name).values())


def org_429(scope: str) -> dict[str, Any]:
    """A 429 whose body says which window was spent, as the emulator (and Close) send it."""
    body = {"error": {"message": "API call count exceeded", "rate_limit_type": scope}}
    return {"status": 429, "json": body, "headers": {"Retry-After": "3"} | rate(48, 0, 3)}


def test_a_header_above_the_key_s_limit_is_the_organization_s(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance]
) -> None:
    one, other = instances
    rsps.add(responses.GET, LEAD, json={}, headers=rate(20, 19, 2))  # the key's window
    rsps.add(responses.GET, LEAD, json={}, headers=rate(60, 2, 2))  # the team's: 2 left
    for _ in range(3):
        rsps.add(responses.GET, LEAD, json={})

    for _ in range(2):
        one.client(org=ORG).get("lead/lead_1")
    for _ in range(3):
        other.client(TEAMMATE_KEY, org=ORG).get("lead/lead_1")

    # The teammate's third call waited for the organization's next window.
    assert other.waits == [("turn", 2.0 + SEND_MARGIN)]
    assert one.limit(f"{key_owner(API_KEY)}:read:lead") == 20  # not the team's 60
    assert one.limit(f"org:{key_owner(ORG)}:read:lead") == 60


def test_the_organization_s_limit_is_three_times_the_key_s_until_close_states_it(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance]
) -> None:
    one, _ = instances
    rsps.add(responses.GET, LEAD, json={}, headers=rate(20, 19, 2))

    one.client(org=ORG).get("lead/lead_1")

    assert one.limit(f"org:{key_owner(ORG)}:read:lead") == 60


def test_a_429_of_the_organization_s_window_holds_its_other_keys_only(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance], fake_time: FakeTime
) -> None:
    one, other = instances
    rsps.add(responses.POST, SEARCH, **org_429("org"))
    rsps.add(responses.POST, SEARCH, json={"data": ["outsider"]})
    rsps.add(responses.POST, SEARCH, json={"data": ["teammate"]})

    with pytest.raises(CloseRateLimited):
        one.client(org=ORG, max_retries=0).search({})
    outsider = other.client(OUTSIDER_KEY, org=OTHER_ORG).search({})
    assert other.waits == []  # another organization's key: at once
    teammate = other.client(TEAMMATE_KEY, org=ORG).search({})

    assert (outsider, teammate) == ({"data": ["outsider"]}, {"data": ["teammate"]})
    assert other.waits == [("turn", 3.0 + SEND_MARGIN)]  # the teammate waited
    assert [call.response.status_code for call in rsps.calls] == [429, 200, 200]


def test_a_429_of_the_key_s_window_holds_that_key_only(
    rsps: responses.RequestsMock, instances: tuple[Instance, Instance]
) -> None:
    one, other = instances
    rsps.add(responses.POST, SEARCH, **org_429("key"))
    rsps.add(responses.POST, SEARCH, json={})

    with pytest.raises(CloseRateLimited):
        one.client(org=ORG, max_retries=0).search({})
    other.client(TEAMMATE_KEY, org=ORG).search({})
    with pytest.raises(CloseRateLimited):
        one.client(org=ORG, max_retries=0, deadline=0.0).search({})  # no time to wait it out

    assert other.waits == []
    assert len(rsps.calls) == 2


def test_the_organization_is_named_in_redis_by_its_hash_only(
    upstream: responses.RequestsMock, config: Config, redis_url: str, shared_redis: redis.Redis
) -> None:
    search = config.close_api_url + "data/search/"
    upstream.add(responses.POST, search, json={}, headers=rate(16, 15, 1))
    services = (
        create_app(config.model_copy(update={"redis_url": redis_url}))
        .extensions["close_addon"]
        .services
    )

    services.close_client(API_KEY, org_id=ORG).search({})

    names = sorted(shared_redis.keys())
    assert names == [
        f"addon:ratebudget:{key_owner(API_KEY)}:search".encode(),
        f"addon:ratebudget:org:{key_owner(ORG)}:search".encode(),
    ]
    assert ORG.encode() not in b"".join(names)

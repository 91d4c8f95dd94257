"""Under a burst, two instances sharing one budget never go over Close's limits: no 429 at all.

The Close emulator runs with its rate limits on, judged on the same virtual clock the two
instances wait on (see virtualtime): calls on their way take no time, waits take no real time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import redis

from addon.close import CloseClient, CloseError
from addon.close.ratebudget import LocalBuckets, RateBudget, rate_budget
from addon.services import key_owner
from addon.upstream import new_session
from sandbox.close import DEFAULT_TEST_API_KEY, CloseState, RateLimitConfig, org
from sandbox.close.ratelimit import RateDecision, RateLimiter
from tests.sandbox.close.live import LiveClose, serve

from .virtualtime import VirtualTime

LIMITS = RateLimitConfig(
    default_limit=20, default_window_s=2.0, search_limit=16, search_window_s=1.0
)
THREADS_PER_INSTANCE = 4
SEARCHES, READS = 8, 4  # per thread: one user's burst of calls
QUERY = {"query": {"type": "object_type", "object_type": "lead"}, "_limit": 1}


class Judge(RateLimiter):
    """The emulator's own rate limiter, counting what it let through and what it refused."""

    def __init__(self, config: RateLimitConfig, clock: Callable[[], float]) -> None:
        super().__init__(config, clock)
        self.allowed: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()

    def hit(self, api_key: str, org_id: str, group: str) -> RateDecision:
        decision = super().hit(api_key, org_id, group)
        (self.allowed if decision.allowed else self.refused)[group] += 1
        return decision


@dataclass
class Close:
    live: LiveClose
    time: VirtualTime
    judge: Judge


@pytest.fixture
def close() -> Iterator[Close]:
    time = VirtualTime()
    state = CloseState.empty()
    state.limiter = judge = Judge(LIMITS, time.now)
    with serve(state, DEFAULT_TEST_API_KEY) as live:
        yield Close(live, time, judge)


def burst(
    close: Close,
    budgets: list[RateBudget],
    keys: tuple[str, ...] = (DEFAULT_TEST_API_KEY,),
    threads: int = THREADS_PER_INSTANCE,
    org: str | None = None,
) -> tuple[list[object], list[str]]:
    """Run every instance's users (`threads` per key) at once; return answers and waits.

    With `org`, the users' calls count against their organization's budget too.
    """
    waits: list[str] = []
    for budget in budgets:
        budget.on_wait = lambda why, seconds: waits.append(why)

    def user(budget: RateBudget, key: str) -> Callable[[], object]:
        client = CloseClient(
            key,
            base_url=close.live.api,
            session=new_session(),
            sleep=close.time.sleep,
            clock=close.time.now,
            budget=budget.for_key(key_owner(key), org and key_owner(org)),
        )

        def calls() -> object:
            try:
                for _ in range(SEARCHES):
                    client.search(QUERY)
                for _ in range(READS):
                    client.get("lead", params={"_limit": 1})
            except CloseError as exc:
                return exc.message
            return "ok"

        return calls

    users = [user(budget, key) for budget in budgets for key in keys for _ in range(threads)]
    return close.time.run(users), waits


def test_two_instances_on_one_redis_never_get_a_429(
    close: Close, redis_url: str, shared_redis: redis.Redis
) -> None:
    instances = [
        rate_budget(redis.Redis.from_url(redis_url), close.time.now, redis_clock=close.time.now)
        for _ in range(2)
    ]
    started = close.time.now()

    answers, waits = burst(close, instances)

    users = 2 * THREADS_PER_INSTANCE
    assert answers == ["ok"] * users  # no "Close is busy" reached anyone
    assert close.judge.refused == Counter()  # Close never had to refuse: no 429 at all
    assert close.judge.allowed == {"search": users * SEARCHES, "read:lead": users * READS}
    # 64 searches at 16 a second: the instances waited their turns for 3 more windows.
    assert close.time.now() - started >= 3.0
    assert "turn" in waits and "retry-after" not in waits


def test_without_a_shared_budget_the_same_burst_collects_429s(close: Close) -> None:
    # Each instance on its own idea of the budget (as before it was shared): twice the rate.
    instances = [RateBudget(LocalBuckets(close.time.now)) for _ in range(2)]

    _, waits = burst(close, instances)

    assert close.judge.refused["search"] > 0
    assert "retry-after" in waits


# A team of five: together they want more than their organization's window (3 keys' worth).
TEAM = (
    DEFAULT_TEST_API_KEY,
    *(f"api_Teammate{n}Key00000000.TeammateSecret{n}0000" for n in range(4)),
)


def join_team(close: Close) -> str:
    """Give the four teammates their keys in the emulator's one organization; return its id."""
    for n, key in enumerate(TEAM[1:]):
        org.add_user(close.live.state, "Mate", str(n), f"mate{n}@sandbox.example", key=key)
    return close.live.state.organization_id


def test_a_team_s_keys_share_the_organization_s_window_without_a_429(
    close: Close, redis_url: str, shared_redis: redis.Redis
) -> None:
    org_id = join_team(close)
    instances = [
        rate_budget(redis.Redis.from_url(redis_url), close.time.now, redis_clock=close.time.now)
        for _ in range(2)
    ]
    started = close.time.now()

    answers, waits = burst(close, instances, TEAM, threads=1, org=org_id)

    users = 2 * len(TEAM)
    assert answers == ["ok"] * users
    assert close.judge.refused == Counter()  # not one 429, from the key's or the org's window
    assert close.judge.allowed == {"search": users * SEARCHES, "read:lead": users * READS}
    # 80 searches at the organization's 48 a second (each key's 16 would allow all at once).
    assert close.time.now() - started >= 1.0
    assert "turn" in waits and "retry-after" not in waits


def test_with_budgets_per_key_only_the_team_overruns_the_organization_s_window(
    close: Close, redis_url: str, shared_redis: redis.Redis
) -> None:
    join_team(close)
    instances = [
        rate_budget(redis.Redis.from_url(redis_url), close.time.now, redis_clock=close.time.now)
        for _ in range(2)
    ]

    burst(close, instances, TEAM, threads=1)  # no organization: each key on its own

    assert close.judge.refused["search"] > 0

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
from sandbox.close import DEFAULT_TEST_API_KEY, CloseState, RateLimitConfig
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


def burst(close: Close, budgets: list[RateBudget]) -> tuple[list[object], list[str]]:
    """Run every instance's users at once; return their answers and the errors they saw."""
    waits: list[str] = []
    for budget in budgets:
        budget.on_wait = lambda why, seconds: waits.append(why)

    def user(budget: RateBudget) -> Callable[[], object]:
        client = CloseClient(
            DEFAULT_TEST_API_KEY,
            base_url=close.live.api,
            session=new_session(),
            sleep=close.time.sleep,
            clock=close.time.now,
            budget=budget.for_key(key_owner(DEFAULT_TEST_API_KEY)),
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

    users = [user(budget) for budget in budgets for _ in range(THREADS_PER_INSTANCE)]
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

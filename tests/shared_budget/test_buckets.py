"""The bucket's rules, the same in process and in Redis's Lua script (each test runs on both)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from addon.close.ratebudget import REDIS_PAUSE, Buckets, LocalBuckets, RedisBuckets, Turn
from tests.localserver import free_port

from .conftest import FakeTime

Make = Callable[[], Buckets]
NAME = "owner1234:search"
NEVER = 0.0  # max_wait: a turn now or none


def fill(buckets: Buckets, *, limit: int, remaining: int, reset: float) -> Turn:
    """Send one call and take in Close's answer to it."""
    turn = buckets.take(NAME, NEVER)
    buckets.learn(NAME, turn, limit, remaining, reset)
    return turn


def test_calls_go_out_unchecked_until_close_states_a_limit(new_buckets: Make) -> None:
    buckets = new_buckets()

    turns = [buckets.take(NAME, NEVER) for _ in range(50)]

    assert all(turn.granted and turn.wait == 0 for turn in turns)


def test_grants_up_to_the_limit_then_refuses_until_the_window_ends(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    fill(buckets, limit=3, remaining=2, reset=1.0)

    assert [buckets.take(NAME, NEVER).granted for _ in range(3)] == [True, True, False]
    fake_time.now += 0.25
    refused = buckets.take(NAME, NEVER)
    assert not refused.granted
    assert refused.wait == pytest.approx(0.75)


def test_a_turn_in_the_next_window_is_reserved_for_who_can_wait(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    fill(buckets, limit=2, remaining=0, reset=2.0)

    reserved = [buckets.take(NAME, 5.0) for _ in range(3)]

    # The next window holds two calls; the third may ask again once it has started.
    assert [(t.granted, t.wait) for t in reserved] == [(True, 2.0), (True, 2.0), (False, 2.0)]
    fake_time.now += 2.0
    assert not buckets.take(NAME, NEVER).granted  # both of its turns are taken
    assert buckets.take(NAME, 5.0).wait == pytest.approx(2.0)  # the one after, then


def test_a_window_that_ends_gives_the_whole_limit_again(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    fill(buckets, limit=3, remaining=0, reset=1.0)
    assert not buckets.take(NAME, NEVER).granted

    fake_time.now += 1.0

    assert [buckets.take(NAME, NEVER).granted for _ in range(4)] == [True, True, True, False]


def test_close_counting_more_than_we_did_lowers_the_bucket(new_buckets: Make) -> None:
    buckets = new_buckets()
    fill(buckets, limit=10, remaining=9, reset=8.0)
    first = buckets.take(NAME, NEVER)
    later = [buckets.take(NAME, NEVER) for _ in range(2)]  # still on their way to Close
    assert all(turn.granted for turn in later)

    # Someone else spends the key too: Close has 4 left after the first, not our 8.
    buckets.learn(NAME, first, 10, 4, 8.0)

    # 4 left when `first` arrived, less the 2 sent after it.
    assert [buckets.take(NAME, NEVER).granted for _ in range(3)] == [True, True, False]


def test_an_answer_about_a_window_that_is_over_changes_nothing(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    fill(buckets, limit=3, remaining=2, reset=1.0)
    late = buckets.take(NAME, NEVER)
    fake_time.now += 1.0  # a new window; `late`'s answer arrives only now

    buckets.learn(NAME, late, 3, 0, 0.01)

    assert [buckets.take(NAME, NEVER).granted for _ in range(4)] == [True, True, True, False]


def test_the_window_ends_at_the_earliest_reset_close_gave_for_it(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    # Close rounds reset up to whole seconds: each answer is a bound, the lowest the best.
    buckets = new_buckets()
    fill(buckets, limit=1, remaining=0, reset=1.0)  # window truly ends in 0.6 s, say
    fake_time.now += 0.5
    buckets.learn(NAME, Turn(True, 0.0, 0, 1), 1, 0, 1.0)  # another answer: ends by 1.5

    assert buckets.take(NAME, NEVER).wait == pytest.approx(0.5)


def test_close_s_limit_and_reset_set_the_rate(new_buckets: Make, fake_time: FakeTime) -> None:
    buckets = new_buckets()
    fill(buckets, limit=2, remaining=1, reset=1.0)
    fake_time.now += 1.0
    fill(buckets, limit=5, remaining=4, reset=3.0)  # Close now allows 5 in 3 s

    # This window was opened for 2 calls; the new window's length and limit come next.
    assert [buckets.take(NAME, NEVER).granted for _ in range(2)] == [True, False]
    assert buckets.take(NAME, NEVER).wait == pytest.approx(3.0)
    fake_time.now += 3.0
    granted = [buckets.take(NAME, NEVER).granted for _ in range(6)]
    assert granted == [True] * 5 + [False]
    assert buckets.take(NAME, NEVER).wait == pytest.approx(3.0)


def test_a_429_empties_the_bucket_for_every_instance_until_retry_after(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    one, other = new_buckets(), new_buckets()
    fill(one, limit=100, remaining=99, reset=8.0)

    one.refuse(NAME, 3.0)

    refused = other.take(NAME, NEVER)
    assert (refused.granted, refused.wait) == (False, 3.0)
    fake_time.now += 3.0
    assert other.take(NAME, NEVER).granted


def test_a_429_before_any_limit_is_known_is_still_waited_out(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    buckets.take(NAME, NEVER)
    buckets.refuse(NAME, 2.0)

    assert buckets.take(NAME, NEVER).wait == 2.0
    fake_time.now += 2.0
    assert all(buckets.take(NAME, NEVER).granted for _ in range(20))  # unchecked again


def test_buckets_are_per_name(new_buckets: Make) -> None:
    buckets = new_buckets()
    fill(buckets, limit=1, remaining=0, reset=5.0)

    assert not buckets.take(NAME, NEVER).granted
    assert buckets.take("owner1234:read:lead", NEVER).granted
    assert buckets.take("owner5678:search", NEVER).granted


ORG = "org:5678abcd:search"


def test_an_implied_limit_counts_the_turns_already_given(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    unchecked = [buckets.take(ORG, NEVER) for _ in range(3)]  # Close has not spoken yet

    buckets.imply(ORG, 5, 1.0)  # three times a key's 5/3, say

    assert all(turn.limit is None for turn in unchecked)
    assert [buckets.take(ORG, NEVER).granted for _ in range(3)] == [True, True, False]
    assert buckets.take(ORG, NEVER).wait == pytest.approx(1.0)
    fake_time.now += 1.0
    assert [buckets.take(ORG, NEVER).granted for _ in range(6)] == [True] * 5 + [False]


def test_an_implied_limit_does_not_count_turns_of_a_window_long_over(
    new_buckets: Make, fake_time: FakeTime
) -> None:
    buckets = new_buckets()
    for _ in range(30):  # a while without Close stating any limit
        buckets.take(ORG, NEVER)
        fake_time.now += 0.5

    buckets.imply(ORG, 5, 1.0)

    assert [buckets.take(ORG, NEVER).granted for _ in range(6)] == [True] * 5 + [False]


def test_a_limit_close_stated_outweighs_an_implied_one(new_buckets: Make) -> None:
    buckets = new_buckets()
    turn = buckets.take(ORG, NEVER)
    buckets.learn(ORG, turn, 10, 9, 1.0)

    buckets.imply(ORG, 3, 1.0)

    granted = [buckets.take(ORG, NEVER) for _ in range(10)]
    assert [t.granted for t in granted] == [True] * 9 + [False]
    assert {t.limit for t in granted} == {10}


def test_redis_buckets_use_redis_s_clock_unless_given_one(shared_redis: redis.Redis) -> None:
    buckets = RedisBuckets(shared_redis, LocalBuckets(lambda: 0.0))
    turn = buckets.take(NAME, NEVER)
    buckets.learn(NAME, turn, 1, 0, 30.0)

    refused = buckets.take(NAME, NEVER)

    assert not refused.granted
    assert 0 < refused.wait <= 30.0
    (key,) = shared_redis.keys()
    assert key == b"addon:ratebudget:" + NAME.encode()
    assert 0 < shared_redis.ttl(key) <= 86_400  # learned limits do not outlive a day unused


class CountingRedis(redis.Redis):
    """A Redis client on a port nobody listens on, counting the commands it tried."""

    def __init__(self) -> None:
        super().__init__(port=free_port(), retry=Retry(NoBackoff(), 0))
        self.tried = 0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        self.tried += 1
        return super().execute_command(*args, **options)


def test_without_redis_the_instance_falls_back_to_its_own_buckets(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    down = CountingRedis()
    real_time = FakeTime()
    buckets = RedisBuckets(
        down, LocalBuckets(fake_time.clock), clock=fake_time.clock, monotonic=real_time.clock
    )

    with caplog.at_level(logging.WARNING, logger="addon.close.ratebudget"):
        fill(buckets, limit=1, remaining=0, reset=4.0)
        refused = buckets.take(NAME, NEVER)
        real_time.sleep(REDIS_PAUSE)
        buckets.take(NAME, NEVER)

    assert (refused.granted, refused.wait) == (False, 4.0)
    assert down.tried == 2  # not on every call: once, then again after a pause
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1  # once, not per call

"""One budget of Close calls per API key and endpoint group, shared by every instance.

Close counts calls per endpoint group in fixed windows, per API key (and three times that per
organization), and tells where the window stands on every answer:
``RateLimit: limit=160; remaining=159; reset=8``. When N instances each keep their own idea of
that budget they spend N times it and collect 429s; so the budget is one bucket per key and
group, in Redis when the add-on has one (in this process otherwise), and each call takes a turn
from it before it is sent. A call that finds the window spent waits for the next one (a turn
reserved there) instead of collecting a 429.

Close's answers feed the bucket: `limit` and `reset` say how many calls a window holds and how
long it lasts; `remaining` below our own count (someone else spends the key too) lowers the
bucket; a 429 empties it until Close's retry-after, for every instance. Until Close has answered
a key's first call in a group, its calls go out unchecked: we know no limit to hold them to.

Modelled on Close's own closeio/limitlion: a token bucket refilled per whole window, in a Redis
Lua script, on Redis's clock (TIME) so that every instance agrees on the time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

import redis
import requests

from addon import metrics
from addon.close.errors import rate_limit_fields, seconds_until_reset
from addon.shared_cache import RedisGuard

# Our waits end this long after the reset we expect: the first call of Close's next window
# reaches Close a little after we send it, and that is when Close starts the window.
SEND_MARGIN = 0.05
KEEP = 86_400  # seconds a key's learned limits outlive its last call
KEY_PREFIX = "addon:ratebudget:"
REDIS_PAUSE = 5.0  # seconds without trying Redis again after it failed

WaitHook = Callable[[str, float], None]  # (why: "turn" or "retry-after", seconds)


def endpoint_group(method: str, path: str) -> str:
    """Name the endpoint group Close is taken to count a call in (`path` as in the client).

    Close does not publish its groups; its docs say paths and methods are grouped, e.g. GETs
    to /lead/ apart from POSTs to /activity/, and the search has a much smaller budget of its
    own. We count search alone and else reads and writes per resource. Were Close to count
    two of these in one group, `remaining` still lowers each to what Close says is left.
    """
    if path.startswith("data/search/"):
        return "search"
    family = "read" if method in ("GET", "HEAD", "OPTIONS") else "write"
    return f"{family}:{path.split('/', 1)[0]}"


@dataclass(frozen=True)
class Turn:
    """A place in a bucket: go after `wait` seconds, or, not `granted`, ask again then."""

    granted: bool
    wait: float
    window: int  # the window the call is counted in, so its answer is read against it
    serial: int  # how many turns the bucket had given with this one


UNCHECKED = Turn(granted=True, wait=0.0, window=-1, serial=0)


@dataclass
class Bucket:
    """The state of one budget, and its rules (the Lua script repeats them line by line).

    `tokens` is what the current window has left after the turns reserved in the next one
    (so it goes below zero); None while no limit is known. `ends` is when we expect Close to
    start a new window: from Close's own `reset` once a call of the window was answered
    (each answer an upper bound, as Close rounds up), else from our estimate of its length.
    """

    limit: float | None = None
    window: float = 0.0
    tokens: float | None = None
    ends: float | None = None
    number: int = 0
    serial: int = 0
    heard: bool = False  # Close has answered a call counted in this window

    def roll(self, now: float) -> None:
        """Start the next window if this one has ended."""
        if self.ends is None or now < self.ends:
            return
        self.number += 1
        self.heard = False
        if self.limit is None:
            self.tokens, self.ends = None, None
        else:
            self.tokens = min(self.limit, (self.tokens or 0) + self.limit)
            self.ends = now + self.window

    def take(self, now: float, max_wait: float) -> Turn:
        """Give a turn now, or reserve one in the next window if that starts within max_wait."""
        self.roll(now)
        granted, wait, counted_in = False, 0.0, self.number
        if self.tokens is None or self.tokens >= 1:
            granted = True
        else:
            assert self.ends is not None  # known tokens come with a known window
            wait = self.ends - now
            if wait <= max_wait and (self.limit is None or self.tokens > -self.limit):
                granted, counted_in = True, self.number + 1
        if granted:
            self.serial += 1
            if self.tokens is not None:
                self.tokens -= 1
        return Turn(granted, wait, counted_in, self.serial)

    def learn(
        self, now: float, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None:
        """Take in what Close said of the window a call was counted in."""
        self.roll(now)
        self.limit = limit
        self.window = max(self.window, reset)
        if turn.window != self.number:
            return  # about a window that is over: its remaining and reset say nothing now
        if remaining is not None:
            # Close counted up to this call; the turns given after it are not in its count.
            left = remaining - (self.serial - turn.serial)
            if self.tokens is None or left < self.tokens:
                self.tokens = left
        reset_at = now + reset
        if not self.heard or self.ends is None or reset_at < self.ends:
            self.ends = reset_at
        self.heard = True

    def refuse(self, now: float, retry_after: float) -> None:
        """Close refused a call (429): no turn until retry_after has passed, then a new window."""
        self.roll(now)
        if self.tokens is None or self.tokens > 0:
            self.tokens = 0
        self.ends = now + retry_after  # Close's own word on when its window resets
        self.heard = True


class Buckets(Protocol):
    """Where the buckets live: this process, or Redis for every instance."""

    def take(self, name: str, max_wait: float) -> Turn: ...

    def learn(
        self, name: str, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None: ...

    def refuse(self, name: str, retry_after: float) -> None: ...


class LocalBuckets:
    """Buckets in this process (no Redis): one instance's calls, on its own clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, Bucket] = {}

    def _bucket(self, name: str) -> Bucket:
        return self._buckets.setdefault(name, Bucket())

    def take(self, name: str, max_wait: float) -> Turn:
        with self._lock:
            return self._bucket(name).take(self._clock(), max_wait)

    def learn(
        self, name: str, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None:
        with self._lock:
            self._bucket(name).learn(self._clock(), turn, limit, remaining, reset)

    def refuse(self, name: str, retry_after: float) -> None:
        with self._lock:
            self._bucket(name).refuse(self._clock(), retry_after)


_SCRIPT = resources.files(__package__).joinpath("ratebudget.lua").read_text()


class RedisBuckets:
    """Buckets in Redis, one for every instance, changed only by the Lua script.

    `clock` is for tests (a time the script uses instead of Redis's TIME). When Redis fails,
    the buckets of this process stand in for REDIS_PAUSE seconds before Redis is tried
    again, so that an outage costs a request one failed call at most; the failure is
    logged once until Redis is back.
    """

    def __init__(
        self,
        client: redis.Redis,
        fallback: Buckets,
        *,
        clock: Callable[[], float] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._script = client.register_script(_SCRIPT)
        self._fallback = fallback
        self._clock = clock
        self._guard = RedisGuard(
            client, clock=monotonic, pause=REDIS_PAUSE, what="rate budgets are per instance"
        )

    def _run(self, name: str, operation: str, *args: str | int) -> list[Any] | None:
        """Run the script on one bucket; None when Redis failed (now or just before)."""
        now = "" if self._clock is None else repr(self._clock())
        keys, argv = [KEY_PREFIX + name], [operation, now, KEEP, *args]
        return self._guard.run(lambda: list(self._script(keys=keys, args=argv)), None)

    def take(self, name: str, max_wait: float) -> Turn:
        result = self._run(name, "take", repr(max_wait))
        if result is None:
            return self._fallback.take(name, max_wait)
        granted, wait, window, serial = result
        return Turn(granted == 1, float(wait), int(window), int(serial))

    def learn(
        self, name: str, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None:
        said = "" if remaining is None else repr(remaining)
        args = (turn.window, turn.serial, repr(limit), said, repr(reset))
        if self._run(name, "learn", *args) is None:
            self._fallback.learn(name, turn, limit, remaining, reset)

    def refuse(self, name: str, retry_after: float) -> None:
        if self._run(name, "refuse", repr(retry_after)) is None:
            self._fallback.refuse(name, retry_after)


class RateBudget:
    """Close's rate limits for every key the add-on calls with; see the module docstring."""

    def __init__(self, buckets: Buckets, *, on_wait: WaitHook | None = None) -> None:
        self.buckets = buckets
        # Told of every wait for Close's rate limits: the metrics count them, tests watch.
        self.on_wait: WaitHook = on_wait or metrics.rate_limit_wait

    def for_key(self, owner: str) -> KeyBudget:
        """Return the budget of one key, named by its owner hash (never the key itself)."""
        return KeyBudget(self, owner)


class KeyBudget:
    """One API key's budget, as a Close client uses it: a turn before, the answer after."""

    def __init__(self, budget: RateBudget | None, owner: str) -> None:
        self._budget = budget
        self._owner = owner

    def _name(self, group: str) -> str:
        return f"{self._owner}:{group}"

    def take(self, group: str, max_wait: float) -> Turn:
        """Take a turn for a call in `group`, willing to wait up to max_wait seconds."""
        if self._budget is None:
            return UNCHECKED
        turn = self._budget.buckets.take(self._name(group), max(0.0, max_wait - SEND_MARGIN))
        if turn.wait <= 0:
            return turn
        return Turn(turn.granted, turn.wait + SEND_MARGIN, turn.window, turn.serial)

    def heard(self, group: str, turn: Turn, response: requests.Response) -> None:
        """Feed Close's answer to a call into the budget: its window, and a 429's wait."""
        if self._budget is None:
            return
        name, said = self._name(group), rate_limit_fields(response)
        limit, reset = said.get("limit"), said.get("reset")
        if limit is not None and reset is not None:
            # A 429's remaining (0) only says this call was refused, not counted.
            remaining = said.get("remaining") if response.status_code != 429 else None
            self._budget.buckets.learn(name, turn, limit, remaining, reset)
        if response.status_code == 429:
            self._budget.buckets.refuse(name, seconds_until_reset(response))

    def waited(self, why: str, seconds: float) -> None:
        """Tell the metrics of a wait for the rate limit ("turn" or "retry-after")."""
        if self._budget is not None:
            self._budget.on_wait(why, seconds)


NO_BUDGET = KeyBudget(None, "")  # a client on its own: every call goes out at once


def rate_budget(
    client: redis.Redis | None,
    clock: Callable[[], float],
    *,
    redis_clock: Callable[[], float] | None = None,
) -> RateBudget:
    """Build the add-on's budget: in Redis when there is one, in this process otherwise.

    `clock` times the in-process buckets; the Redis ones use Redis's clock unless a test
    passes `redis_clock`.
    """
    local = LocalBuckets(clock)
    if client is None:
        return RateBudget(local)
    return RateBudget(RedisBuckets(client, local, clock=redis_clock))

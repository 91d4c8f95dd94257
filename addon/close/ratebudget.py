"""Close's rate budgets, per API key and per organization, shared by every instance.

Close counts calls per endpoint group in fixed windows, per API key and, for all the keys of
one organization together, at three times a key's limit; every answer tells where the window
closest to running out stands: ``RateLimit: limit=160; remaining=159; reset=8``. When N
instances (or N keys of one team) each keep their own idea of that budget they spend N times
it and collect 429s; so there is one bucket per key and group and one per organization and
group, in Redis when the add-on has one (in this process otherwise), and each call takes a
turn from both before it is sent. A call that finds a window spent waits for the next one (a
turn reserved there) instead of collecting a 429.

Close's answers feed the bucket: `limit` and `reset` say how many calls a window holds and how
long it lasts; `remaining` below our own count (someone else spends the key too) lowers the
bucket; a 429 empties it until Close's retry-after, for every instance. Until Close has answered
a key's first call in a group, its calls go out unchecked: we know no limit to hold them to.

Which window an answer speaks of, Close does not say in the header; a limit above the one the
key is known to have is the organization's (it is three times larger), anything else the
key's. Until Close states the organization's limit, it is taken as three times the key's. A
429's body says whose window was spent (`rate_limit_type`), and only that bucket is emptied:
all the organization's keys wait, or only this key.

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
from addon.close.errors import rate_limit_fields, rate_limit_type, seconds_until_reset
from addon.shared_cache import RedisGuard

# Our waits end this long after the reset we expect: the first call of Close's next window
# reaches Close a little after we send it, and that is when Close starts the window.
SEND_MARGIN = 0.05
KEEP = 86_400  # seconds a key's learned limits outlive its last call
KEY_PREFIX = "addon:ratebudget:"
# Close: "The per Organization limit is currently 3 times higher than individual API key
# rate limits" (developer.close.com/api/overview/rate-limits).
ORG_MULTIPLIER = 3
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
    limit: float | None = None  # the bucket's limit when it gave the turn, if known


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
    opened: int = 0  # the serial when the window began (counted even while unchecked)
    began: float | None = None  # when an unchecked window gave its first turn
    heard: bool = False  # Close has answered a call counted in this window
    stated: bool = False  # Close stated `limit` for this bucket (not implied from another)

    def roll(self, now: float) -> None:
        """Start the next window if this one has ended."""
        if self.ends is None or now < self.ends:
            return
        self.number += 1
        self.heard, self.opened, self.began = False, self.serial, None
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
            elif self.began is None:
                self.began = now
        return Turn(granted, wait, counted_in, self.serial, self.limit)

    def learn(
        self, now: float, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None:
        """Take in what Close said of the window a call was counted in."""
        self.roll(now)
        self.limit, self.stated = limit, True
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

    def imply(self, now: float, limit: float, window: float) -> None:
        """Take `limit` calls per `window` seconds as the rate, unless Close stated one.

        An unchecked bucket starts counting: the turns it gave since its window began are
        spent if they began less than a window ago (older ones are in a window of Close's
        that is over), and the window is taken to end a whole `window` from now (Close's
        began earlier, so it ends sooner: the guess errs on the side of waiting).
        """
        self.roll(now)
        if self.stated:
            return
        self.limit = limit
        self.window = max(self.window, window)
        if self.tokens is None:
            recent = self.began is not None and now - self.began < self.window
            self.tokens = limit - (self.serial - self.opened if recent else 0)
            self.ends = now + self.window

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

    def imply(self, name: str, limit: float, window: float) -> None: ...

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

    def imply(self, name: str, limit: float, window: float) -> None:
        with self._lock:
            self._bucket(name).imply(self._clock(), limit, window)

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
        granted, wait, window, serial, limit = result
        known = float(limit) if limit else None
        return Turn(granted == 1, float(wait), int(window), int(serial), known)

    def learn(
        self, name: str, turn: Turn, limit: float, remaining: float | None, reset: float
    ) -> None:
        said = "" if remaining is None else repr(remaining)
        args = (turn.window, turn.serial, repr(limit), said, repr(reset))
        if self._run(name, "learn", *args) is None:
            self._fallback.learn(name, turn, limit, remaining, reset)

    def imply(self, name: str, limit: float, window: float) -> None:
        if self._run(name, "imply", repr(limit), repr(window)) is None:
            self._fallback.imply(name, limit, window)

    def refuse(self, name: str, retry_after: float) -> None:
        if self._run(name, "refuse", repr(retry_after)) is None:
            self._fallback.refuse(name, retry_after)


class RateBudget:
    """Close's rate limits for every key the add-on calls with; see the module docstring."""

    def __init__(self, buckets: Buckets, *, on_wait: WaitHook | None = None) -> None:
        self.buckets = buckets
        # Told of every wait for Close's rate limits: the metrics count them, tests watch.
        self.on_wait: WaitHook = on_wait or metrics.rate_limit_wait

    def for_key(self, owner: str, org: str | None = None) -> KeyBudget:
        """Return the budget of one key, named by its owner hash (never the key itself).

        `org` names the key's Close organization, hashed too; without it (a key not yet
        connected) the key's own budget is the only one.
        """
        return KeyBudget(self, owner, org)


@dataclass(frozen=True)
class Turns:
    """A call's turns in its key's bucket and, when known, its organization's."""

    key: Turn
    org: Turn | None = None

    @property
    def granted(self) -> bool:
        return self.key.granted and (self.org is None or self.org.granted)

    @property
    def wait(self) -> float:
        """Seconds until the call may go (or ask again), and SEND_MARGIN after a wait."""
        wait = max(self.key.wait, self.org.wait if self.org is not None else 0.0)
        return wait + SEND_MARGIN if wait > 0 else 0.0


class KeyBudget:
    """One API key's budget, as a Close client uses it: a turn before, the answer after."""

    def __init__(self, budget: RateBudget | None, owner: str, org: str | None = None) -> None:
        self._budget = budget
        self._owner = owner
        self._org = org

    def take(self, group: str, max_wait: float) -> Turns:
        """Take a turn for a call in `group`, willing to wait up to max_wait seconds.

        The key's turn comes first: a key without one asks nothing of its organization. A
        key's turn given while the organization has none is spent all the same, which only
        slows this key a little (never the other keys of the organization).
        """
        if self._budget is None:
            return Turns(UNCHECKED)
        buckets, max_wait = self._budget.buckets, max(0.0, max_wait - SEND_MARGIN)
        turns = Turns(buckets.take(f"{self._owner}:{group}", max_wait))
        if turns.key.granted and self._org is not None:
            turns = Turns(turns.key, buckets.take(f"org:{self._org}:{group}", max_wait))
        return turns

    def heard(self, group: str, turns: Turns, response: requests.Response) -> None:
        """Feed Close's answer to a call into the budgets: its window, and a 429's wait."""
        if self._budget is None:
            return
        buckets, said = self._budget.buckets, rate_limit_fields(response)
        key, org = f"{self._owner}:{group}", f"org:{self._org}:{group}"
        spent = rate_limit_type(response) if response.status_code == 429 else None
        limit, reset = said.get("limit"), said.get("reset")
        if limit is not None and reset is not None:
            # A 429's remaining (0) only says this call was refused, not counted.
            remaining = said.get("remaining") if response.status_code != 429 else None
            if turns.org is not None and _about_org(turns, limit, spent):
                buckets.learn(org, turns.org, limit, remaining, reset)
            else:
                buckets.learn(key, turns.key, limit, remaining, reset)
                implied = ORG_MULTIPLIER * limit
                if turns.org is not None and turns.org.limit != implied:
                    buckets.imply(org, implied, reset)
        if response.status_code == 429:
            retry_after = seconds_until_reset(response)
            if spent != "org":
                buckets.refuse(key, retry_after)
            if spent != "key" and turns.org is not None:
                buckets.refuse(org, retry_after)

    def waited(self, why: str, seconds: float) -> None:
        """Tell the metrics of a wait for the rate limit ("turn" or "retry-after")."""
        if self._budget is not None:
            self._budget.on_wait(why, seconds)


def _about_org(turns: Turns, limit: float, spent: str | None) -> bool:
    """Say whether Close's RateLimit header spoke of the organization's window.

    A 429's body says; otherwise a limit above the key's own is the organization's.
    """
    if spent is not None:
        return spent == "org"
    return turns.key.limit is not None and limit > turns.key.limit


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

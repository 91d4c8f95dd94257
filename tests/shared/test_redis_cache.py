"""RedisCache keeps OwnedCache's promises across instances: entries per owner with a TTL,
a reset seen by every instance at once, a load overtaken by a reset not stored."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
import redis

from addon import metrics
from addon.cache import OwnedCache
from addon.close.models import EmailTemplate
from addon.services import COMPOSE_KEEP, MATCH_TTL, SEARCH_SETTLE, Caches
from addon.shared_cache import RedisCache, RedisGuard, RedisMarks, RowCopies, connect_redis


def cache(client: redis.Redis, ttl: float = 60.0, name: str = "rows") -> RedisCache[str]:
    """Return a cache of strings as one instance sees it (each call: another instance)."""
    return RedisCache(RedisGuard(client), name=name, ttl=ttl, value_type=str)


def test_an_entry_put_on_one_instance_is_read_on_another(client: redis.Redis) -> None:
    cache(client).put("dana", "lead", "Acme")

    assert cache(client).get("dana", "lead") == "Acme"
    assert cache(client).get("sam", "lead") is None
    assert cache(client).get("dana", "deal") is None
    assert cache(client, name="other").get("dana", "lead") is None


def test_a_reset_on_one_instance_forgets_that_owner_on_every_instance(
    client: redis.Redis,
) -> None:
    one, two = cache(client), cache(client)
    one.put("dana", "lead", "Acme")
    one.put("sam", "lead", "Globex")

    two.reset("dana")

    assert one.get("dana", "lead") is None
    assert one.get("sam", "lead") == "Globex"
    one.put("dana", "lead", "Acme again")
    assert two.get("dana", "lead") == "Acme again"


def test_a_load_overtaken_by_a_reset_elsewhere_is_returned_but_not_stored(
    client: redis.Redis,
) -> None:
    here, there = cache(client), cache(client)

    def load_while_dana_writes_on_another_instance() -> str:
        there.reset("dana")
        return "before the write"

    assert here.get_or_load("dana", "lead", load_while_dana_writes_on_another_instance) == (
        "before the write"
    )
    assert there.get("dana", "lead") is None
    assert here.get_or_load("dana", "lead", lambda: "after the write") == "after the write"
    assert there.get("dana", "lead") == "after the write"


def test_another_owners_reset_does_not_stop_a_load_being_stored(client: redis.Redis) -> None:
    here, there = cache(client), cache(client)

    def load_while_sam_writes() -> str:
        there.reset("sam")
        return "Acme"

    here.get_or_load("dana", "lead", load_while_sam_writes)

    assert there.get("dana", "lead") == "Acme"


def test_a_put_with_the_generation_from_before_a_reset_is_dropped(client: redis.Redis) -> None:
    here, there = cache(client), cache(client)
    before = here.generation("dana")
    there.reset("dana")

    here.put("dana", "org", "stale", generation=before)
    assert there.get("dana", "org") is None

    here.put("dana", "org", "fresh", generation=here.generation("dana"))
    assert there.get("dana", "org") == "fresh"


def test_an_owners_entries_are_reset_when_a_write_ends_even_if_it_fails(
    client: redis.Redis,
) -> None:
    rows = cache(client)
    rows.put("dana", "rows", "old")

    with pytest.raises(RuntimeError), rows.changing("dana"):
        assert rows.get("dana", "rows") == "old"
        raise RuntimeError("the database went away")

    assert cache(client).get("dana", "rows") is None


def test_clear_forgets_every_owner_and_refuses_loads_begun_before(client: redis.Redis) -> None:
    here, there = cache(client), cache(client)
    here.put("dana", "lead", "Acme")
    here.reset("sam")  # an owner with a generation of their own is cleared too
    here.put("sam", "lead", "Globex")
    begun = here.generation("dana")

    there.clear()

    assert (here.get("dana", "lead"), here.get("sam", "lead")) == (None, None)
    here.put("dana", "lead", "stale", generation=begun)
    assert there.get("dana", "lead") is None
    here.put("dana", "lead", "fresh")
    assert there.get("dana", "lead") == "fresh"


def test_discard_drops_one_entry(client: redis.Redis) -> None:
    rows = cache(client)
    rows.put("dana", "m1", "one")
    rows.put("dana", "m2", "two")

    cache(client).discard("dana", "m1")

    assert (rows.get("dana", "m1"), rows.get("dana", "m2")) == (None, "two")


def test_entries_live_for_the_caches_ttl_in_redis(client: redis.Redis) -> None:
    rows = cache(client, ttl=60.0)
    rows.reset("dana")
    rows.put("dana", "lead", "Acme")
    (entry,) = [k for k in client.keys("addon:c:rows:*") if not k.endswith((b":gen", b":epoch"))]
    (generation,) = client.keys("addon:c:rows:*:gen")

    # Redis keeps the time (the server's clock): set, and no longer than the cache's TTL.
    assert 0 < client.pttl(entry) <= 60_000
    assert 0 < client.pttl(generation) <= 60_000

    client.pexpireat(entry, 1)  # its TTL has run out
    assert rows.get("dana", "lead") is None


def test_keys_hold_no_address_nor_owner_in_clear(client: redis.Redis) -> None:
    matches: RedisCache[str] = cache(client, name="matches")
    matches.put("google-sub-1234", ("lead", ("ann@acme.example",), frozenset({"x"})), "Acme")
    matches.reset("google-sub-1234")

    keys = b" ".join(client.keys("*"))
    assert b"@" not in keys and b"acme" not in keys and b"1234" not in keys


def test_keys_made_of_sets_are_found_by_another_process(client: redis.Redis) -> None:
    # A frozenset's order follows string hashes, which each process salts differently.
    rows = cache(client)
    rows.put("dana", ("lead_1", frozenset({"activities", "tasks", "custom_fields"})), "card")

    assert rows.get("dana", ("lead_1", frozenset({"custom_fields", "tasks", "activities"}))) == (
        "card"
    )


def test_an_entry_that_no_longer_reads_as_its_type_is_a_miss(client: redis.Redis) -> None:
    numbers: RedisCache[int] = RedisCache(RedisGuard(client), name="n", ttl=60, value_type=int)
    numbers.put("dana", "count", 3)
    (entry,) = [k for k in client.keys("addon:c:n:*") if not k.endswith(b":gen")]
    generation, _, _ = client.get(entry).partition(b"|")  # type: ignore[union-attr]
    client.set(entry, generation + b'|"not a number"')

    assert numbers.get("dana", "count") is None
    assert numbers.get_or_load("dana", "count", lambda: 4) == 4
    assert numbers.get("dana", "count") == 4


def test_the_marks_are_shared_and_live_in_redis(client: redis.Redis) -> None:
    here = RedisMarks(RedisGuard(client), settle=SEARCH_SETTLE, keep=COMPOSE_KEEP)
    there = RedisMarks(RedisGuard(client), settle=SEARCH_SETTLE, keep=COMPOSE_KEEP)

    assert not there.settling("dana", now=0.0)
    here.changed("dana", now=0.0)
    assert there.settling("dana", now=0.0)
    assert not there.settling("sam", now=0.0)
    (settling,) = client.keys("addon:settling:*")
    assert 0 < client.pttl(settling) <= SEARCH_SETTLE * 1000

    assert here.first_insert("dana:card-1")
    assert not there.first_insert("dana:card-1")
    assert there.first_insert("dana:card-2")


@dataclass
class MoreCaches(Caches):
    """Caches as another part of the add-on extends them: one plain field more."""

    sequences: OwnedCache[tuple[EmailTemplate, ...]] = field(
        default_factory=lambda: OwnedCache(ttl=30.0)
    )


def test_every_owned_cache_field_is_shared_by_its_name_and_ttl(client: redis.Redis) -> None:
    caches = MoreCaches.shared(client)
    template = EmailTemplate(id="tmpl_1", name="Intro", subject="Hello", is_shared=True)

    assert isinstance(caches.sequences, RedisCache)
    assert (caches.sequences.ttl, caches.records.ttl) == (30.0, MATCH_TTL)
    caches.sequences.put("owner", "all", (template,))

    assert MoreCaches.shared(client).sequences.get("owner", "all") == (template,)
    assert client.keys("addon:c:sequences:*")


def test_a_redis_that_does_not_answer_is_a_miss_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down = connect_redis("redis://127.0.0.1:1/0")  # nothing listens there
    now = [0.0]
    guard = RedisGuard(down, clock=lambda: now[0], pause=5.0)
    rows: RedisCache[str] = RedisCache(guard, name="rows", ttl=60, value_type=str)
    marks = RedisMarks(guard, settle=SEARCH_SETTLE, keep=COMPOSE_KEEP)
    loads = []

    with caplog.at_level(logging.WARNING, logger="addon.shared_cache"):
        assert rows.get("dana", "lead") is None
        assert rows.get_or_load("dana", "lead", lambda: loads.append(1) or "Acme") == "Acme"
        assert rows.get_or_load("dana", "lead", lambda: loads.append(2) or "Acme") == "Acme"
        rows.put("dana", "lead", "Acme")
        rows.reset("dana")
        rows.discard("dana", "lead")
        assert rows.generation("dana") == -1
        assert marks.settling("dana", now=0.0)  # unknown: read records from their own endpoints
        assert marks.first_insert("dana:card")
        now[0] = 6.0  # after the pause Redis is tried again, and still fails: no new line
        assert rows.get("dana", "lead") is None

    assert loads == [1, 2]
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "127.0.0.1" not in caplog.text and "ConnectionError" in caplog.text


def test_a_redis_back_after_a_failure_is_used_again(client: redis.Redis) -> None:
    now = [0.0]
    guard = RedisGuard(client, clock=lambda: now[0], pause=5.0)
    rows: RedisCache[str] = RedisCache(guard, name="rows", ttl=60, value_type=str)
    rows.put("dana", "lead", "Acme")

    def fail() -> None:
        raise redis.ConnectionError("Error 111 connecting")

    guard.run(fail, None)
    assert rows.get("dana", "lead") is None  # resting: Redis is not asked
    now[0] = 5.0
    assert rows.get("dana", "lead") == "Acme"


def copies(client: redis.Redis) -> RowCopies[str]:
    """Return one instance's copies of rows, reset through Redis."""
    return RowCopies(RedisGuard(client), name="settings", ttl=5.0)


def test_a_copy_is_dropped_when_another_instance_resets_its_owner(client: redis.Redis) -> None:
    here, there = copies(client), copies(client)
    here.put("dana", "settings", "api_key.secret")
    there.put("dana", "settings", "api_key.secret")

    with there.changing("dana"):
        pass  # a save through the other instance

    assert here.get("dana", "settings") is None
    assert here.get_or_load("dana", "settings", lambda: "api_key.new") == "api_key.new"
    assert here.get("dana", "settings") == "api_key.new"
    assert there.get("dana", "settings") is None  # each instance reads the row itself


def test_a_copy_stays_in_memory_only_its_generation_in_redis(client: redis.Redis) -> None:
    rows = copies(client)
    rows.reset("dana")
    rows.put("dana", "settings", "api_key.secret")

    assert rows.get("dana", "settings") == "api_key.secret"
    stored = b"".join(client.get(key) or b"" for key in client.keys("*"))
    assert b"secret" not in stored and b"dana" not in b"".join(client.keys("*"))


def test_a_load_overtaken_by_a_reset_elsewhere_is_not_copied(client: redis.Redis) -> None:
    here, there = copies(client), copies(client)

    def read_while_dana_saves_elsewhere() -> str:
        there.reset("dana")
        return "before the save"

    assert here.get_or_load("dana", "settings", read_while_dana_saves_elsewhere) == (
        "before the save"
    )
    assert here.get("dana", "settings") is None


def test_without_redis_every_copy_is_read_again() -> None:
    rows: RowCopies[str] = RowCopies(
        RedisGuard(connect_redis("redis://127.0.0.1:1/0")), name="staged", ttl=5.0
    )
    reads = []

    for _ in range(2):
        assert rows.get_or_load("dana", "staged", lambda: reads.append(1) or "rows") == "rows"

    assert len(reads) == 2


def evict_generations(client: redis.Redis) -> None:
    """Drop every owner's generation, as Redis's volatile-lru does when memory runs short."""
    client.delete(*client.keys("addon:*:gen"))


def test_an_owner_whose_generation_was_evicted_never_sees_entries_from_before_a_reset(
    client: redis.Redis,
) -> None:
    rows = cache(client)
    rows.put("dana", "lead", "before her write")
    rows.reset("dana")

    evict_generations(client)

    assert rows.get("dana", "lead") is None
    assert rows.get_or_load("dana", "lead", lambda: "after her write") == "after her write"
    assert rows.get("dana", "lead") == "after her write"


def test_a_copy_from_before_a_reset_stays_dropped_when_the_generation_is_evicted(
    client: redis.Redis,
) -> None:
    here, there = copies(client), copies(client)
    here.put("dana", "settings", "api_key.old")
    there.reset("dana")

    evict_generations(client)

    assert here.get("dana", "settings") is None


def test_shared_caches_count_their_lookups_under_their_field_names(client: redis.Redis) -> None:
    caches = Caches.shared(client)

    def count(result: str) -> float:
        labels = {"cache": "templates", "result": result}
        return metrics.registry.get_sample_value("addon_cache_lookups_total", labels) or 0.0

    hits, misses = count("hit"), count("miss")
    template = EmailTemplate(id="tmpl_1", name="Intro", subject="Hello", is_shared=True)
    caches.templates.get_or_load("owner", "all", lambda: (template,))
    caches.templates.get_or_load("owner", "all", lambda: (template,))

    assert (count("hit"), count("miss")) == (hits + 1, misses + 1)

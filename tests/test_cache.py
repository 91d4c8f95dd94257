"""Owned caches: entries expire, the oldest go beyond the bound, and an owner's reset wins
over a load that began before it."""

from __future__ import annotations

import threading

import pytest

from addon.cache import OwnedCache
from addon.services import SEARCH_SETTLE, Caches, key_owner


def test_entries_expire_after_their_ttl() -> None:
    now = [0.0]
    cache: OwnedCache[str] = OwnedCache(ttl=60, timer=lambda: now[0])
    cache.put("dana", "org", "Acme")

    now[0] = 59.9
    assert cache.get("dana", "org") == "Acme"
    now[0] = 60.1
    assert cache.get("dana", "org") is None


def test_the_least_recently_used_entry_goes_beyond_the_bound() -> None:
    cache: OwnedCache[int] = OwnedCache(ttl=60, maxsize=2)
    cache.put("dana", "a", 1)
    cache.put("dana", "b", 2)
    assert cache.get("dana", "a") == 1  # a hit: b is now the oldest

    cache.put("dana", "c", 3)

    assert (cache.get("dana", "a"), cache.get("dana", "b"), cache.get("dana", "c")) == (1, None, 3)


def test_a_reset_forgets_that_owner_only() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)
    cache.put("dana", "lead", "Acme")
    cache.put("sam", "lead", "Globex")

    cache.reset("dana")

    assert cache.get("dana", "lead") is None
    assert cache.get("sam", "lead") == "Globex"


def test_a_load_overtaken_by_its_owners_reset_is_returned_but_not_stored() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)

    def load_while_dana_writes() -> str:
        cache.reset("dana")  # Dana's own write lands while the load reads Close
        return "before the write"

    assert cache.get_or_load("dana", "lead", load_while_dana_writes) == "before the write"
    assert cache.get("dana", "lead") is None
    assert cache.get_or_load("dana", "lead", lambda: "after the write") == "after the write"
    assert cache.get("dana", "lead") == "after the write"


def test_an_owners_entries_are_reset_when_a_write_ends_even_if_it_fails() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)
    cache.put("dana", "rows", "old")

    with cache.changing("dana"):
        assert cache.get("dana", "rows") == "old"
    assert cache.get("dana", "rows") is None

    cache.put("dana", "rows", "new")
    with pytest.raises(RuntimeError), cache.changing("dana"):
        raise RuntimeError("the database went away")
    assert cache.get("dana", "rows") is None


def test_another_owners_reset_does_not_stop_a_load_being_stored() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)

    def load_while_sam_writes() -> str:
        cache.reset("sam")
        return "Acme"

    cache.get_or_load("dana", "lead", load_while_sam_writes)

    assert cache.get("dana", "lead") == "Acme"


def test_a_slow_refresh_carries_its_generation() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)
    generation = cache.generation("key-1")
    cache.reset("key-1")  # Refresh, while the background reload ran

    cache.put("key-1", "org", "stale coworkers", generation=generation)
    assert cache.get("key-1", "org") is None

    cache.put("key-1", "org", "fresh coworkers", generation=cache.generation("key-1"))
    assert cache.get("key-1", "org") == "fresh coworkers"


def test_a_reset_still_wins_after_the_record_of_resets_fills_up() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60, maxsize=2)
    generation = cache.generation("dana")
    cache.reset("dana")
    for owner in ("sam", "kim", "lee"):  # more owners reset than the record holds
        cache.reset(owner)

    cache.put("dana", "lead", "before the write", generation=generation)

    assert cache.get("dana", "lead") is None


def test_clear_forgets_everyone_and_refuses_loads_begun_before() -> None:
    cache: OwnedCache[str] = OwnedCache(ttl=60)
    cache.put("dana", "lead", "Acme")
    generation = cache.generation("sam")

    cache.clear()
    cache.put("sam", "lead", "Globex", generation=generation)

    assert cache.get("dana", "lead") is None
    assert cache.get("sam", "lead") is None


def test_none_is_a_value_that_is_kept() -> None:
    cache: OwnedCache[str | None] = OwnedCache(ttl=60)
    loads: list[str] = []

    def load() -> None:
        loads.append("read")

    assert cache.get_or_load("dana", "settings", load) is None
    assert cache.get_or_load("dana", "settings", load) is None
    assert loads == ["read"]


def test_the_bound_holds_under_concurrent_writers() -> None:
    cache: OwnedCache[int] = OwnedCache(ttl=60, maxsize=50)
    seen: list[int] = []

    def write(worker: int) -> None:
        for item in range(500):
            cache.put(f"user-{worker}", item, item)
            cache.get(f"user-{worker}", item - 1)
            if item % 100 == 0:
                cache.reset(f"user-{worker}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for worker in range(8):
        seen += [i for i in range(500) if cache.get(f"user-{worker}", i) is not None]
    assert 0 < len(seen) <= 50


def test_a_users_write_resets_their_records_and_the_search_settles_after() -> None:
    caches = Caches()
    caches.records.put("dana", "lead_1", "record")
    caches.records.put("sam", "lead_1", "record")

    caches.reset_records("dana", now=100.0)

    assert caches.records.get("dana", "lead_1") is None
    assert caches.records.get("sam", "lead_1") is not None
    assert caches.settling("dana", now=100.0 + SEARCH_SETTLE - 0.1)
    assert not caches.settling("dana", now=100.0 + SEARCH_SETTLE)
    assert not caches.settling("sam", now=100.0)


def test_refresh_also_forgets_the_keys_metadata() -> None:
    caches = Caches()
    owner = key_owner("api_key.secret")
    caches.fields.put(owner, "lead", "schema")
    caches.fields.put("another key", "lead", "schema")

    caches.reset_user("dana", "api_key.secret", now=0.0)

    assert caches.fields.get(owner, "lead") is None
    assert caches.fields.get("another key", "lead") is not None

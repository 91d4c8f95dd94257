"""The in-process copy in front of the store: fast reads, writes seen at once, bounded staleness."""

from __future__ import annotations

import pytest

from addon.store import CachedSettingsStore, UserSettings
from addon.store.cached import Memo


class CountingStore:
    """A store in memory that counts reads."""

    def __init__(self) -> None:
        self.rows: dict[str, UserSettings] = {}
        self.reads = 0

    def get(self, user_id: str) -> UserSettings | None:
        self.reads += 1
        return self.rows.get(user_id)

    def save(self, settings: UserSettings) -> None:
        self.rows[settings.user_id] = settings

    def delete(self, user_id: str) -> None:
        self.rows.pop(user_id, None)


def test_reads_within_ttl_hit_memory_and_writes_are_seen_at_once() -> None:
    now = [0.0]
    inner = CountingStore()
    store = CachedSettingsStore(inner, ttl=5, timer=lambda: now[0])
    store.save(UserSettings(user_id="u1", api_key="api_a.b"))
    assert store.get("u1") is not None and store.get("u1") is not None
    assert inner.reads == 0
    store.delete("u1")
    assert store.get("u1") is None
    assert inner.reads == 1


def test_a_change_made_elsewhere_is_seen_after_the_ttl() -> None:
    now = [0.0]
    inner = CountingStore()
    inner.save(UserSettings(user_id="u1", api_key="api_a.b"))
    store = CachedSettingsStore(inner, ttl=5, timer=lambda: now[0])
    assert store.get("u1") is not None
    inner.delete("u1")  # another instance disconnects the user
    now[0] = 4.9
    assert store.get("u1") is not None
    now[0] = 5.1
    assert store.get("u1") is None


def test_users_are_kept_apart() -> None:
    inner = CountingStore()
    store = CachedSettingsStore(inner)
    store.save(UserSettings(user_id="u1", api_key="api_a.b"))
    assert store.get("u2") is None
    assert store.get("u1") is not None


def test_forgetting_the_copies_sends_the_next_read_to_the_store() -> None:
    inner = CountingStore()
    store = CachedSettingsStore(inner)
    store.save(UserSettings(user_id="u1", api_key="api_a.b"))
    assert store.get("u1") is not None
    assert inner.reads == 0

    store.forget_copies()

    assert store.get("u1") is not None
    assert inner.reads == 1


def test_a_load_overtaken_by_a_write_is_used_once_but_not_kept() -> None:
    memo: Memo[str, str] = Memo(ttl=60)
    loads: list[str] = []

    def load_while_a_write_lands() -> str:
        loads.append("read")
        memo.forget("dana")  # a write on this instance finished during the read
        return "before the write"

    assert memo.get("dana", load_while_a_write_lands) == "before the write"
    assert memo.get("dana", lambda: "after the write") == "after the write"
    assert loads == ["read"]


def test_a_copy_is_dropped_when_the_write_around_it_ends_even_if_it_fails() -> None:
    memo: Memo[str, str] = Memo(ttl=60)
    memo.remember("dana", "old")

    with memo.changing("dana"):
        assert memo.get("dana", lambda: "loaded") == "old"
    assert memo.get("dana", lambda: "new") == "new"

    with pytest.raises(RuntimeError), memo.changing("dana"):
        raise RuntimeError("the database went away")
    assert memo.get("dana", lambda: "reloaded") == "reloaded"


def test_a_load_overtaken_by_a_save_does_not_replace_the_saved_copy() -> None:
    memo: Memo[str, str] = Memo(ttl=60)

    def load_while_a_save_lands() -> str:
        memo.remember("dana", "saved")
        return "read before the save"

    assert memo.get("dana", load_while_a_save_lands) == "read before the save"
    assert memo.get("dana", lambda: "loaded") == "saved"


def test_the_memo_is_bounded() -> None:
    memo: Memo[str, str] = Memo(ttl=60, maxsize=2)
    for user in ("u1", "u2", "u3"):
        memo.remember(user, f"{user} rows")

    assert memo.get("u1", lambda: "reloaded") == "reloaded"
    assert memo.get("u3", lambda: "reloaded") == "u3 rows"


def test_an_unknown_user_is_remembered_as_unknown() -> None:
    inner = CountingStore()
    store = CachedSettingsStore(inner)

    assert store.get("new") is None
    assert store.get("new") is None
    assert inner.reads == 1

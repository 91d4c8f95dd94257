"""The in-process copy in front of the store: fast reads, writes seen at once, bounded staleness."""

from __future__ import annotations

from addon.store import CachedSettingsStore, UserSettings


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


def test_a_read_overtaken_by_a_save_does_not_replace_the_saved_copy() -> None:
    inner = CountingStore()
    inner.save(UserSettings(user_id="u1", view="lead"))
    store = CachedSettingsStore(inner)
    read = inner.get

    def read_while_a_save_lands(user_id: str) -> UserSettings | None:
        found = read(user_id)
        store.save(UserSettings(user_id="u1", view="contact"))
        return found

    inner.get = read_while_a_save_lands  # type: ignore[method-assign]
    assert store.get("u1") == UserSettings(user_id="u1", view="lead")
    inner.get = read  # type: ignore[method-assign]

    assert store.get("u1") == UserSettings(user_id="u1", view="contact")
    assert inner.reads == 1


def test_an_unknown_user_is_remembered_as_unknown() -> None:
    inner = CountingStore()
    store = CachedSettingsStore(inner)

    assert store.get("new") is None
    assert store.get("new") is None
    assert inner.reads == 1

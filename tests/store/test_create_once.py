"""Creating once per form: what an unanswered attempt leaves, and when the form may create again."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine

from addon.close import CloseTimeout, CloseUnavailable
from addon.store import FormLedger, create_tables
from addon.writes import NotFoundYet, create_once, form_problem

LEASE = dt.timedelta(seconds=25)
LAG = dt.timedelta(seconds=10)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(engine: Engine, clock: Clock) -> Any:
    create_tables(engine)
    caches = SimpleNamespace(reset_records=lambda user, now: None)
    ledger = FormLedger(engine, lease=LEASE, clock=clock)
    services = SimpleNamespace(forms=ledger, caches=caches, clock=lambda: 0.0)
    return SimpleNamespace(user=SimpleNamespace(sub="ann"), services=services)


class Close:
    """A stand-in for Close: what exists, and how the next create answers."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.searchable = True
        self.fail_with: Exception | None = None

    def create(self) -> dict[str, str]:
        self.made.append(f"lead_{len(self.made) + 1}")
        if self.fail_with is not None:
            raise self.fail_with
        return {"id": self.made[-1]}

    def find(self) -> dict[str, str] | None:
        return {"id": self.made[-1]} if self.made and self.searchable else None


def _save(ctx: Any, close: Close, form_id: str = "f1") -> dict[str, Any]:
    return create_once(ctx, form_id, close.create, find_existing=close.find, finder_lag=LAG)


def test_an_unanswered_create_is_not_made_again_while_close_may_still_show_it(
    ctx: Any, clock: Clock
) -> None:
    close = Close()
    close.fail_with, close.searchable = CloseTimeout(), False
    with pytest.raises(CloseTimeout):
        _save(ctx, close)
    close.fail_with = None
    clock.now += dt.timedelta(seconds=5)
    with pytest.raises(NotFoundYet) as waiting:
        _save(ctx, close)
    assert waiting.value.wait == 20.0  # the rest of the lease
    assert "save again in 20 s" in form_problem(waiting.value).message
    clock.now += dt.timedelta(seconds=5)
    close.searchable = True  # the search caught up
    assert _save(ctx, close) == {"id": "lead_1"}
    assert close.made == ["lead_1"]


def test_an_unanswered_create_never_found_is_made_once_the_lease_has_passed(
    ctx: Any, clock: Clock
) -> None:
    close = Close()
    close.fail_with = CloseTimeout()
    with pytest.raises(CloseTimeout):
        _save(ctx, close)
    close.made.clear()  # Close never acted on it after all
    close.fail_with = None
    clock.now += LEASE + dt.timedelta(seconds=1)
    assert _save(ctx, close) == {"id": "lead_1"}


def test_after_a_5xx_only_the_finders_lag_is_waited_for(ctx: Any, clock: Clock) -> None:
    close = Close()
    close.fail_with = CloseUnavailable(status=503)
    with pytest.raises(CloseUnavailable):
        _save(ctx, close)
    close.made.clear()
    close.fail_with = None
    clock.now += dt.timedelta(seconds=3)
    with pytest.raises(NotFoundYet) as waiting:
        _save(ctx, close)
    assert waiting.value.wait == 7.0
    clock.now += LAG
    assert _save(ctx, close) == {"id": "lead_1"}
    # A finder reading Close's own lists (no lag) creates again at once.
    close.fail_with = CloseUnavailable(status=503)
    with pytest.raises(CloseUnavailable):
        create_once(ctx, "f2", close.create, find_existing=lambda: None)
    close.fail_with = None
    assert create_once(ctx, "f2", close.create, find_existing=lambda: None)["id"] == "lead_3"


def test_a_claim_from_a_crashed_request_lapses_after_its_lease(ctx: Any, clock: Clock) -> None:
    ctx.services.forms.claim("ann", "f3")  # then the process died
    close = Close()
    clock.now += LEASE + dt.timedelta(seconds=1)
    assert _save(ctx, close, "f3") == {"id": "lead_1"}

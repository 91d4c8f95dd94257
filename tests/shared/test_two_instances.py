"""Two add-on instances on one Redis (and one store): a reopen on the other instance makes
no upstream call, and a Refresh or a write on one is what the other shows next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from addon import create_app
from addon.shared_cache import RedisCache
from sandbox.demo_data.constants import KNOWN_SENDER
from sandbox.inbox import DEMO_USER_EMAIL
from sandbox.server import demo_config
from tests.addon_client import Gmail, action_of, cards, find_button, notification
from tests.cardcheck import card_text
from tests.shared.instances import Stand, stand_ins


@pytest.fixture(scope="module")
def stand(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stand]:
    with stand_ins(tmp_path_factory.mktemp("stand-ins")) as stand:
        yield stand


def _instance(stand: Stand, data_dir: Path, redis_url: str) -> Flask:
    # The same database and secret key (both in data_dir), the same Redis.
    config = demo_config(stand.base_url, data_dir, redis_url=redis_url, **stand.upstream())
    return create_app(config)


@pytest.fixture
def pair(stand: Stand, tmp_path: Path, redis_url: str, client: redis.Redis) -> tuple[Gmail, Gmail]:
    """The demo user in Gmail, once through instance A and once through instance B."""
    a, b = (_instance(stand, tmp_path, redis_url) for _ in "ab")
    assert isinstance(a.extensions["close_addon"].services.caches.records, RedisCache)
    on_a = Gmail(a.test_client(), stand.sandbox.issuer, email=DEMO_USER_EMAIL)
    on_b = Gmail(b.test_client(), stand.sandbox.issuer, email=DEMO_USER_EMAIL)
    connected = on_a.click("connect", form={"api_key": stand.demo_key()})
    assert cards(connected)[0]["name"] == "home"  # connected: no email open, so the home card
    on_a.message_id = on_b.message_id = stand.message("known-sender")
    stand.reset_calls()
    return on_a, on_b


def _open(gmail: Gmail) -> dict[str, Any]:
    card = cards(gmail.trigger("/message"))[0]
    assert card["name"] == "record", card_text(card)
    return card


def _press(gmail: Gmail, card: dict[str, Any], label: str, **form: str) -> dict[str, Any]:
    name, params = action_of(find_button(card, label))
    return gmail.click(name, params=params, form=form or None)


def _known_lead(stand: Stand) -> str:
    state = stand.sandbox.close
    with state.lock:
        return next(i for i, lead in state.leads.items() if lead["name"] == KNOWN_SENDER.lead_name)


def test_a_reopen_on_the_other_instance_makes_no_upstream_call(
    pair: tuple[Gmail, Gmail], stand: Stand
) -> None:
    on_a, on_b = pair
    first = _open(on_a)
    assert stand.calls()["gmail metadata"] == 1  # a cold open: Gmail, then Close
    assert stand.calls()["POST /data/search/"] == 1
    stand.reset_calls()

    again = _open(on_b)

    assert stand.calls() == {}
    assert card_text(again) == card_text(first)


def test_a_refresh_on_one_instance_is_what_the_other_shows(
    pair: tuple[Gmail, Gmail], stand: Stand
) -> None:
    on_a, on_b = pair
    card = _open(on_a)
    lead_id = _known_lead(stand)
    stand.close_api("PUT", f"lead/{lead_id}/", {"name": "Brightlane Freight"})
    assert _open(on_b)["header"]["title"] == KNOWN_SENDER.lead_name  # cached on A's open

    refreshed = _press(on_a, card, "Refresh")
    assert notification(refreshed) == "Refreshed from Close"
    assert cards(refreshed)[0]["header"]["title"] == "Brightlane Freight"
    stand.reset_calls()

    assert _open(on_b)["header"]["title"] == "Brightlane Freight"
    assert stand.calls() == {}  # what A's Refresh fetched, B reads from Redis
    stand.close_api("PUT", f"lead/{lead_id}/", {"name": KNOWN_SENDER.lead_name})


def test_a_write_on_one_instance_is_what_the_other_shows(
    pair: tuple[Gmail, Gmail], stand: Stand
) -> None:
    on_a, on_b = pair
    _open(on_a)
    card = _open(on_b)
    form = cards(_press(on_b, card, "Note"))[0]
    saved = _press(on_b, form, "Save", note="Met at the trade fair")
    assert notification(saved) == f"Note added to {KNOWN_SENDER.lead_name}"
    stand.reset_calls()

    card = _open(on_a)

    assert "Met at the trade fair" in card_text(card)
    assert stand.calls() == {}  # the record B read after its write


def test_a_reset_on_one_instance_makes_the_other_ask_close_again(
    pair: tuple[Gmail, Gmail], stand: Stand
) -> None:
    on_a, on_b = pair
    _open(on_a)
    stand.reset_calls()
    services = on_b.client.application.extensions["close_addon"].services

    services.caches.reset_records(on_b.issuer_user_sub(), services.clock())  # as a write ends

    _open(on_a)
    calls = stand.calls()
    assert calls["POST /data/search/"] == 1 and calls["GET /activity/"] == 1
    assert "gmail metadata" not in calls  # the message's headers are not the user's records

"""Two add-on processes, as production runs them, on one PostgreSQL and one Redis: whichever
one Gmail's request lands on, the user gets the same add-on.

Settings and keys saved through one are used by the other, edits staged on one are sent
from the other, a reopen on the other makes no upstream call, a Refresh is seen by both;
and the secret keys rotate (ADDON_SECRET_KEYS new,old) with rows re-encrypted as they are
read, while a row still under a removed key asks its user to reconnect.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
from sqlalchemy import create_engine, select

from addon.store import KeyRing, generate_key
from addon.store.crypto import KeyRingError
from addon.store.schema import user_settings
from sandbox.demo_data.constants import COWORKERS, KNOWN_SENDER
from sandbox.inbox import DEMO_USER_EMAIL
from tests.addon_client import Gmail, action_of, cards, find_button, notification
from tests.cardcheck import card_text
from tests.pg import fresh_database
from tests.shared.instances import HttpInstance, Stand, add_on_processes, stand_ins

pytestmark = pytest.mark.postgres

SAM = COWORKERS[2]


@pytest.fixture(scope="module")
def stand(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stand]:
    with stand_ins(tmp_path_factory.mktemp("stand-ins")) as stand:
        yield stand


@pytest.fixture
def database_url(postgres_url: str) -> Iterator[str]:
    with fresh_database(postgres_url) as url:
        yield url


@pytest.fixture
def environment(
    stand: Stand, database_url: str, redis_url: str, client: redis.Redis
) -> dict[str, str]:
    """What both processes are started with, but for their secret keys."""
    return stand.environment() | {
        "ADDON_DATABASE_URL": database_url,
        "ADDON_REDIS_URL": redis_url,
        "ADDON_LOG_LEVEL": "WARNING",
    }


def _user(stand: Stand, instance: HttpInstance, email: str = DEMO_USER_EMAIL) -> Gmail:
    return Gmail(instance, stand.sandbox.issuer, email=email)  # type: ignore[arg-type]


def _on(gmail: Gmail, instance: HttpInstance) -> Gmail:
    """The same user, with their next events landing on another instance."""
    gmail.client = instance  # type: ignore[assignment]
    return gmail


def _open(gmail: Gmail, stand: Stand) -> dict[str, Any]:
    gmail.message_id = stand.message("known-sender")
    card = cards(gmail.trigger("/message"))[0]
    assert card["name"] == "record", card_text(card)
    return card


def _press(gmail: Gmail, button: dict[str, Any], **form: str) -> dict[str, Any]:
    name, params = action_of(button)
    return gmail.click(name, params=params, form=form or None)


def _line(card: dict[str, Any], top: str) -> dict[str, Any]:
    widgets = [w for s in card["sections"] for w in s["widgets"] if "decoratedText" in w]
    return next(w["decoratedText"] for w in widgets if w["decoratedText"].get("topLabel") == top)


def _another_status(stand: Stand, label: str) -> tuple[str, str]:
    """Return the id and label of a lead status other than `label`."""
    with stand.sandbox.close.lock:
        statuses = stand.sandbox.close.lead_statuses.values()
        chosen = next(s for s in statuses if s["label"] != label)
        return str(chosen["id"]), str(chosen["label"])


def _lead(stand: Stand) -> dict[str, Any]:
    with stand.sandbox.close.lock:
        leads = stand.sandbox.close.leads.items()
        lead_id = next(i for i, lead in leads if lead["name"] == KNOWN_SENDER.lead_name)
    return dict(stand.close_api("GET", f"lead/{lead_id}/"))


def test_two_processes_serve_the_same_user_the_same_add_on(
    stand: Stand, environment: dict[str, str]
) -> None:
    lead = _lead(stand)
    with add_on_processes(2, environment | {"ADDON_SECRET_KEYS": generate_key()}) as (a, b):
        gmail = _user(stand, a)
        gmail.click("connect", form={"api_key": stand.demo_key()})
        settings = {"view": "lead", "sections": ["activities", "tasks"], "activities_per_page": "3"}
        gmail.click("save_settings", form=settings)  # bulk updates: edits wait to be sent

        # The key and settings saved through A are what B uses.
        card = _open(_on(gmail, b), stand)
        assert [s.get("header") for s in card["sections"]].count("Latest activity") == 1
        assert "Opportunities" not in card_text(card)

        # An edit staged through B is sent from A.
        edit = cards(_press(gmail, _line(card, "Lead status")))[0]
        status_id, status = _another_status(stand, lead["status_label"])
        staged = _press(gmail, edit["fixedFooter"]["primaryButton"], value=status_id)
        assert notification(staged) == f"{lead['name']} · Lead status → {status} · 1 change waiting"
        card = _open(_on(gmail, a), stand)
        assert "1 change waiting" in card_text(card)
        sent = _press(gmail, find_button(card, "Send"))
        assert notification(sent) == "1 change sent"
        assert stand.close_api("GET", f"lead/{lead['id']}/")["status_label"] == status

        # A reopen on the other process makes no upstream call.
        first = _open(gmail, stand)
        stand.reset_calls()
        assert card_text(_open(_on(gmail, b), stand)) == card_text(first)
        assert stand.calls() == {}

        # A Refresh through one is seen through both.
        stand.close_api("PUT", f"lead/{lead['id']}/", {"name": "Brightlane Freight"})
        assert _open(_on(gmail, a), stand)["header"]["title"] == lead["name"]  # still cached
        refreshed = _press(_on(gmail, b), find_button(first, "Refresh"))
        assert cards(refreshed)[0]["header"]["title"] == "Brightlane Freight"
        stand.reset_calls()
        assert _open(_on(gmail, a), stand)["header"]["title"] == "Brightlane Freight"
        assert stand.calls() == {}

    stand.close_api(
        "PUT", f"lead/{lead['id']}/", {"name": lead["name"], "status_id": lead["status_id"]}
    )


def _stored_key(database_url: str, gmail: Gmail) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            query = select(user_settings.c.api_key_encrypted).filter_by(
                user_id=gmail.issuer_user_sub()
            )
            return str(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def test_secret_keys_rotate_lazily_and_a_removed_key_asks_to_reconnect(
    stand: Stand, environment: dict[str, str], database_url: str
) -> None:
    old, new = generate_key(), generate_key()
    with add_on_processes(2, environment | {"ADDON_SECRET_KEYS": old}) as (a, b):
        dana = _user(stand, a)
        dana.click("connect", form={"api_key": stand.demo_key()})
        sam = _user(stand, b, SAM.email)
        sam.click("connect", form={"api_key": SAM.api_key})

    with add_on_processes(2, environment | {"ADDON_SECRET_KEYS": f"{new},{old}"}) as (a, b):
        _open(_on(dana, b), stand)  # read under the old key, written again under the new
        assert KeyRing([new]).open(_stored_key(database_url, dana)) == (stand.demo_key(), True)
        with pytest.raises(KeyRingError):  # Sam has not been seen since: still the old key
            KeyRing([new]).open(_stored_key(database_url, sam))

    with add_on_processes(2, environment | {"ADDON_SECRET_KEYS": new}) as (a, b):
        assert _open(_on(dana, a), stand)["header"]["title"] == KNOWN_SENDER.lead_name
        home = cards(_on(sam, b).trigger("/homepage"))[0]  # 200, checked: no error
        assert home["name"] == "welcome", card_text(home)  # connect again: the key form

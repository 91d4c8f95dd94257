"""People seen before: a cold open loads their record beside the search, which still decides."""

from __future__ import annotations

import email.utils
import functools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask, Response, g, request
from sqlalchemy.engine import make_url

from addon.services import Caches, Services
from addon.store import SECTIONS
from addon.store.known import KnownPerson
from sandbox.demo_data.constants import COWORKERS, KNOWN_SENDER
from sandbox.server import create_demo_app
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.records import mail, make_lead

SEARCH = "POST /data/search/"
ACTIVITIES = "GET /activity/"
LEAD = "GET /lead/{id}/"


@dataclass
class CallOrder:
    """When Close's emulator began and finished answering each call, in order.

    With `hold_search_for` set, the search answers only once those calls have come in (or
    a second has passed): the add-on cannot then have started them after the search
    answered, and the order shows which happened.
    """

    events: list[tuple[str, str, str]] = field(default_factory=list)  # (began|ended, call, lead)
    hold_search_for: frozenset[str] = frozenset()
    during_search: Callable[[], None] | None = None  # runs while the search is held
    _came: threading.Condition = field(default_factory=threading.Condition)

    def watch(self, app: Flask) -> Callable[[], None]:
        """Wrap the emulator's API views; return what puts them back."""
        originals = dict(app.view_functions)
        for endpoint, view in originals.items():
            if endpoint.startswith("close_sandbox.api"):
                app.view_functions[endpoint] = self._timed(view)
        return lambda: app.view_functions.update(originals)

    def _timed(self, view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def timed(**url_args: str) -> Response:
            call = f"{request.method} {g.close_call.folded}"
            lead = request.args.get("lead_id") or url_args.get("lead_id", "")
            self._note("began", call, lead)
            if call == SEARCH:
                with self._came:
                    self._came.wait_for(self._all_came, timeout=1.0)
                if self.during_search:
                    self.during_search()
            try:
                return view(**url_args)
            finally:
                self._note("ended", call, lead)

        return timed

    def _all_came(self) -> bool:
        began = {c for p, c, _ in self.events if p == "began"}
        return self.hold_search_for <= began

    def _note(self, phase: str, call: str, lead: str) -> None:
        with self._came:
            self.events.append((phase, call, lead))
            self._came.notify_all()

    def clear(self) -> None:
        with self._came:
            self.events.clear()

    def at(self, phase: str, call: str) -> int:
        """Return the position of the first time `call` began or ended."""
        return next(i for i, (p, c, _) in enumerate(self.events) if (p, c) == (phase, call))

    def last(self, phase: str, call: str) -> int:
        """Return the position of the last time `call` began or ended."""
        return max(i for i, (p, c, _) in enumerate(self.events) if (p, c) == (phase, call))

    def activity_leads(self) -> list[str]:
        """Return the leads whose activities were asked for, in order."""
        return [lead for p, c, lead in self.events if p == "began" and c == ACTIVITIES]


@pytest.fixture
def order(live: Live) -> Iterator[CallOrder]:
    calls = CallOrder()
    restore = calls.watch(live.app)
    yield calls
    restore()


@pytest.fixture
def demo_org(live: Live) -> str:
    return live.sandbox.close.organization_id


def _services(live: Live) -> Services:
    return live.app.extensions["close_addon"].services  # type: ignore[no-any-return]


def _cold(live: Live) -> None:
    """Empty the caches but the organization's metadata, as on a first open after a pause.

    What the add-on remembers of people lives in the store, and stays.
    """
    services = _services(live)
    kept = services.caches
    live.cold()
    services.caches = Caches(org=kept.org, fields=kept.fields)
    live.reset_stats()


def _open_new_mail(gmail: Browser, live: Live, sender: str) -> dict[str, object]:
    """Put a new email from `sender` in the inbox and open it cold; return its card."""
    case, _ = mail(live, sender)
    _cold(live)
    return gmail.open(case)


def test_a_new_email_from_someone_seen_before_loads_activities_beside_the_search(
    gmail: Browser, live: Live, order: CallOrder, demo_org: str
) -> None:
    lead = make_lead(live)
    sender = email.utils.formataddr((lead.person, lead.email))
    _open_new_mail(gmail, live, sender)  # seen for the first time: remembered
    known = _services(live).known
    assert known.recall(demo_org, lead.email) == KnownPerson(lead.id, lead.contact_ids[0])

    order.clear()
    order.hold_search_for = frozenset({ACTIVITIES})
    case, _ = mail(live, sender)
    _cold(live)
    remembered = gmail.open(case)
    assert order.at("began", ACTIVITIES) < order.at("ended", SEARCH)
    assert order.activity_leads() == [lead.id]
    calls_remembered = live.stats()

    # The same open with the memory gone: the same card, from the same calls, one after
    # the other.
    known.forget(demo_org, lead.email)
    order.clear()
    order.hold_search_for = frozenset()
    _cold(live)
    ordinary = gmail.open(case)
    assert order.at("ended", SEARCH) < order.at("began", ACTIVITIES)
    assert card_text(remembered) == card_text(ordinary)
    assert lead.name in card_text(remembered)
    assert calls_remembered == live.stats() == {SEARCH: 1, ACTIVITIES: 1}


def test_a_record_started_before_a_reset_is_shown_but_not_kept(
    gmail: Browser, live: Live, order: CallOrder
) -> None:
    lead = make_lead(live)
    sender = email.utils.formataddr((lead.person, lead.email))
    _open_new_mail(gmail, live, sender)  # seen for the first time: remembered

    # While the search runs, with the activities already asked for, the records are reset
    # (a write through another instance): what was started before it must not be kept.
    order.hold_search_for = frozenset({ACTIVITIES})
    order.during_search = lambda: _services(live).caches.records.clear()
    case, _ = mail(live, sender)
    _cold(live)
    assert lead.name in card_text(gmail.open(case))

    order.during_search = None
    live.reset_stats()
    gmail.open(case)
    assert live.stats().get(ACTIVITIES) == 1  # read again, not served from before the reset


def test_someone_moved_to_another_lead_shows_the_new_lead_not_the_early_guess(
    gmail: Browser, live: Live, order: CallOrder, demo_org: str, own_leads: None
) -> None:
    old = make_lead(live)
    api(live, "POST", "activity/note/", {"lead_id": old.id, "note": "Only on the old lead"})
    sender = email.utils.formataddr((old.person, old.email))
    first = _open_new_mail(gmail, live, sender)
    assert "Only on the old lead" in card_text(first)

    # In Close, the person moves: their contact leaves the old lead for a new one.
    new = make_lead(live)
    api(live, "DELETE", f"contact/{old.contact_ids[0]}/")
    moved = api(
        live,
        "POST",
        "contact/",
        {"lead_id": new.id, "name": old.person, "emails": [{"email": old.email}]},
    )

    order.clear()
    order.hold_search_for = frozenset({ACTIVITIES})
    card = _open_new_mail(gmail, live, sender)
    text = card_text(card)
    assert new.name in text and old.name not in text
    assert "Only on the old lead" not in text
    # The guess was fetched beside the search, then dropped for what the search found.
    assert order.activity_leads() == [old.id, new.id]
    assert order.at("began", ACTIVITIES) < order.at("ended", SEARCH)
    known = _services(live).known
    assert known.recall(demo_org, old.email) == KnownPerson(new.id, moved["id"])


def test_someone_now_on_two_leads_is_forgotten_and_shown_as_two_matches(
    gmail: Browser, live: Live, order: CallOrder, demo_org: str, own_leads: None
) -> None:
    first = make_lead(live)
    sender = email.utils.formataddr((first.person, first.email))
    _open_new_mail(gmail, live, sender)
    second = make_lead(live)
    api(live, "POST", "contact/", {"lead_id": second.id, "emails": [{"email": first.email}]})

    order.clear()
    order.hold_search_for = frozenset({ACTIVITIES})
    card = _open_new_mail(gmail, live, sender)
    assert "1 of 2" in card_text(card)
    assert _services(live).known.recall(demo_org, first.email) is None
    # The guess was fetched beside the search; the card's activities came after it.
    assert order.activity_leads()[0] == first.id
    assert len(order.activity_leads()) == 2
    assert order.last("began", ACTIVITIES) > order.at("ended", SEARCH)


def test_an_unknown_person_takes_the_ordinary_three_steps(
    gmail: Browser, live: Live, order: CallOrder, demo_org: str
) -> None:
    gmail.open("known-sender")  # the organization's metadata, as once connected
    lead = make_lead(live)
    order.clear()
    _open_new_mail(gmail, live, email.utils.formataddr((lead.person, lead.email)))
    assert order.at("ended", SEARCH) < order.at("began", ACTIVITIES)
    assert live.stats() == {SEARCH: 1, ACTIVITIES: 1}


def test_the_contact_view_fetches_the_lead_and_activities_beside_the_search(
    live: Live, order: CallOrder, demo_org: str
) -> None:
    riley = Browser(live, email=COWORKERS[3].email)
    riley.click("connect", form={"api_key": COWORKERS[3].api_key})
    # The settings test_edit gives the same coworker, so neither test disturbs the other.
    settings = {"view": "contact", "sections": list(SECTIONS), "activities_per_page": "8"}
    riley.click("save_settings", form=settings | {"immediate_updates": "on"})
    lead = make_lead(live)
    sender = email.utils.formataddr((lead.person, lead.email))
    to = email.utils.formataddr((COWORKERS[3].name, COWORKERS[3].email))

    def open_new() -> dict[str, object]:
        headers = {"From": sender, "To": to, "Subject": "Pilot"}
        message = live.sandbox.inbox.add(headers, case="known-contact-view", owner=riley.email)
        riley.message_id = message.id
        _cold(live)
        return card_of(riley.trigger("/message"))

    open_new()
    order.clear()
    order.hold_search_for = frozenset({LEAD, ACTIVITIES})
    remembered = open_new()
    assert order.at("began", LEAD) < order.at("ended", SEARCH)
    assert order.at("began", ACTIVITIES) < order.at("ended", SEARCH)
    calls = live.stats()

    _services(live).known.forget(demo_org, lead.email)
    order.hold_search_for = frozenset()
    ordinary = open_new()
    assert card_text(remembered) == card_text(ordinary)
    assert calls == live.stats() == {SEARCH: 1, LEAD: 1, ACTIVITIES: 1}


def test_the_demo_restarted_on_its_data_directory_still_knows_people(
    gmail: Browser, live: Live
) -> None:
    gmail.open("known-sender")
    database = make_url(_services(live).config.database_url).database
    assert database is not None
    # The demo again on the same data directory: its store and secret, a rebuilt Close.
    again, sandbox = create_demo_app(live.base_url, Path(database).parent)
    close = sandbox.close
    person = again.extensions["close_addon"].services.known.recall(
        close.organization_id, KNOWN_SENDER.email
    )
    assert person is not None and person.contact_id is not None
    contact = close.contacts[person.contact_id]
    assert contact["lead_id"] == person.lead_id
    assert KNOWN_SENDER.email in [e["email"] for e in contact["emails"]]

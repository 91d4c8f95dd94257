"""Staged edits, the form ledger and logged emails, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import Engine

from addon.store import FormLedger, LoggedEmails, StagedChanges, create_tables
from addon.store.forms import lease_after


def _staged(engine: Engine) -> StagedChanges:
    create_tables(engine)
    return StagedChanges(engine)


def _stage(staged: StagedChanges, user: str, field: str, value: object, **kw: str) -> None:
    staged.stage(
        user,
        object_type=kw.get("object_type", "lead"),
        object_id=kw.get("object_id", "lead_1"),
        lead_id=kw.get("lead_id", "lead_1"),
        field=field,
        value=value,
        label=field.title(),
        shown=str(value),
    )


def test_staged_edits_keep_order_replace_per_field_and_stay_per_user(engine: Engine) -> None:
    staged = _staged(engine)
    _stage(staged, "ann", "status_id", "stat_a")
    _stage(staged, "ann", "name", "Acme")
    _stage(staged, "bob", "name", "Bob's")
    _stage(staged, "ann", "status_id", "stat_b")  # the same field again replaces the value
    mine = staged.list("ann")
    assert [(c.field, c.value) for c in mine] == [("status_id", "stat_b"), ("name", "Acme")]
    assert [c.value for c in staged.list("bob")] == ["Bob's"]
    assert staged.list("ann", lead_id="lead_2") == []


def test_refused_edits_keep_their_reason_and_sent_ones_go(engine: Engine) -> None:
    staged = _staged(engine)
    _stage(staged, "ann", "status_id", "stat_a")
    _stage(staged, "ann", "custom.cf_x", ["Foo"])
    first, second = staged.list("ann")
    staged.sent("ann", first.id)
    staged.refused("ann", second.id, "Not a valid choice")
    staged.sent("bob", second.id)  # another user cannot touch it
    (left,) = staged.list("ann")
    assert (left.field, left.error, left.value) == ("custom.cf_x", "Not a valid choice", ["Foo"])


def test_discard_drops_one_leads_edits_or_all(engine: Engine) -> None:
    staged = _staged(engine)
    _stage(staged, "ann", "name", "A", object_id="lead_1", lead_id="lead_1")
    _stage(staged, "ann", "name", "B", object_id="lead_2", lead_id="lead_2")
    _stage(staged, "bob", "name", "C", object_id="lead_1", lead_id="lead_1")
    assert staged.discard("ann", lead_id="lead_1") == 1
    assert [c.value for c in staged.list("ann")] == ["B"]
    assert staged.discard("ann") == 1
    assert [c.value for c in staged.list("bob")] == ["C"]


def test_staged_edits_survive_a_new_store_on_the_same_database(engine: Engine) -> None:
    _stage(_staged(engine), "ann", "name", "Kept")
    assert [c.value for c in StagedChanges(engine).list("ann")] == ["Kept"]


def test_a_form_is_claimed_once_then_answers_with_its_result(engine: Engine) -> None:
    create_tables(engine)
    ledger = FormLedger(engine)
    assert ledger.claim("ann", "f1").state == "new"
    assert ledger.claim("ann", "f1").state == "pending"  # a double click while saving
    assert ledger.claim("bob", "f1").state == "new"  # form ids are per user
    ledger.done("ann", "f1", {"id": "lead_9"})
    again = ledger.claim("ann", "f1")
    assert (again.state, again.result) == ("done", {"id": "lead_9"})


def test_an_uncertain_form_is_looked_into_once_then_pending(engine: Engine) -> None:
    create_tables(engine)
    ledger = FormLedger(engine)
    ledger.claim("ann", "f2")
    ledger.uncertain("ann", "f2", in_flight=True)
    looked = ledger.claim("ann", "f2")
    assert (looked.state, looked.in_flight) == ("uncertain", True)
    assert ledger.claim("ann", "f2").state == "pending"


def test_an_attempt_close_answered_with_an_error_is_not_in_flight(engine: Engine) -> None:
    create_tables(engine)
    ledger = FormLedger(engine)
    ledger.claim("ann", "f5")
    ledger.uncertain("ann", "f5", in_flight=False)
    looked = ledger.claim("ann", "f5")
    assert (looked.state, looked.in_flight) == ("uncertain", False)


def test_a_released_form_can_be_sent_again(engine: Engine) -> None:
    create_tables(engine)
    ledger = FormLedger(engine)
    ledger.claim("ann", "f3")
    ledger.release("ann", "f3")
    assert ledger.claim("ann", "f3").state == "new"


def test_a_claim_left_pending_by_a_dead_request_becomes_uncertain_after_its_lease(
    engine: Engine,
) -> None:
    create_tables(engine)
    now = [dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)]
    ledger = FormLedger(engine, lease=dt.timedelta(seconds=25), clock=lambda: now[0])
    ledger.claim("ann", "f4")
    now[0] += dt.timedelta(seconds=20)
    assert ledger.claim("ann", "f4").state == "pending"  # its request may still be running
    now[0] += dt.timedelta(seconds=10)
    looked = ledger.claim("ann", "f4")
    assert (looked.state, looked.in_flight) == ("uncertain", True)
    assert looked.since == dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def test_a_claims_lease_is_a_request_deadline_and_a_margin() -> None:
    assert lease_after(20.0) == dt.timedelta(seconds=25)


def test_concurrent_claims_let_exactly_one_through(engine: Engine) -> None:
    create_tables(engine)
    ledger = FormLedger(engine)
    states: list[str] = []
    lock = threading.Lock()

    def submit() -> None:
        state = ledger.claim("ann", "race").state
        with lock:
            states.append(state)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(states).count("new") == 1
    assert set(states) <= {"new", "pending"}


def test_logged_emails_are_shared_by_the_organization(engine: Engine) -> None:
    create_tables(engine)
    logged = LoggedEmails(engine)
    mark = {"org_id": "orga_1", "message_key": "<m1@x>", "activity_id": "acti_1"}
    logged.mark(lead_id="lead_1", user_id="ann", **mark)
    logged.mark(lead_id="lead_1", user_id="bob", **mark)  # a repeat is ignored
    assert logged.leads_for(org_id="orga_1", message_key="<m1@x>") == {"lead_1": "acti_1"}
    assert logged.leads_for(org_id="orga_2", message_key="<m1@x>") == {}


def test_forgetting_the_copies_shows_rows_another_instance_wrote(engine: Engine) -> None:
    here, elsewhere = _staged(engine), StagedChanges(engine)
    logged_here, logged_elsewhere = LoggedEmails(engine), LoggedEmails(engine)
    assert here.list("ann") == []
    assert logged_here.leads_for(org_id="orga_1", message_key="<m2@x>") == {}

    _stage(elsewhere, "ann", "name", "Acme")
    logged_elsewhere.mark(
        org_id="orga_1", message_key="<m2@x>", lead_id="lead_1", activity_id="acti_2", user_id="bob"
    )
    assert here.list("ann") == []  # the few seconds' copy is still used
    here.forget_copies()
    logged_here.forget_copies()

    assert [c.value for c in here.list("ann")] == ["Acme"]
    assert logged_here.leads_for(org_id="orga_1", message_key="<m2@x>") == {"lead_1": "acti_2"}

"""Comments: one thread per object, Close's rich text, field errors, the deal's comment summary."""

from __future__ import annotations

from typing import Any

from sandbox.close.state import CloseState
from sandbox.demo_data.constants import KNOWN_SENDER, THREAD_LEAD_NAME

from .live import LiveClose


def _deal(live: LiveClose) -> dict[str, Any]:
    lead = live.post("/lead/", {"name": "Acme"}).json()
    return dict(live.post("/opportunity/", {"lead_id": lead["id"]}).json())


def test_comments_share_one_thread_and_count_on_the_deal(empty: LiveClose) -> None:
    deal = _deal(empty)
    assert deal["comment_summary"] is None and deal["is_stalled"] is False
    first = empty.post("/comment/", {"object_id": deal["id"], "body": "<body><p>A</p></body>"})
    second = empty.post("/comment/", {"object_id": deal["id"], "body": "<body><p>B</p></body>"})
    assert first.status_code == second.status_code == 200
    a, b = first.json(), second.json()
    assert a["id"].startswith("comm_") and a["thread_id"].startswith("comthr_")
    assert a["thread_id"] == b["thread_id"] and a["lead_id"] == deal["lead_id"]
    again = empty.get(f"/opportunity/{deal['id']}/").json()
    assert again["comment_summary"] == {"comment_count": 2, "thread_id": a["thread_id"]}
    listed = empty.get("/comment/", params={"object_id": deal["id"]}).json()["data"]
    assert [c["id"] for c in listed] == [a["id"], b["id"]]
    by_thread = empty.get("/comment/", params={"thread_id": a["thread_id"]}).json()["data"]
    assert by_thread == listed


def test_a_blank_or_plain_body_and_an_unknown_object_are_field_errors(empty: LiveClose) -> None:
    deal = _deal(empty)
    for body in ("", "<body><p>  </p></body>", None):
        blank = empty.post("/comment/", {"object_id": deal["id"], "body": body})
        assert blank.status_code == 400
        assert blank.json()["field-errors"] == {"body": "This field is required."}
    plain = empty.post("/comment/", {"object_id": deal["id"], "body": "hello"})
    assert "body" in plain.json()["field-errors"]
    unknown = empty.post("/comment/", {"object_id": "oppo_nope", "body": "<body>x</body>"})
    assert unknown.json()["field-errors"] == {"object_id": "Object does not exist."}
    assert empty.get("/comment/").status_code == 400  # neither object_id nor thread_id


def test_a_comment_is_edited_by_its_author_and_removed(empty: LiveClose) -> None:
    deal = _deal(empty)
    made = empty.post("/comment/", {"object_id": deal["id"], "body": "<body>A</body>"}).json()
    path = f"/comment/{made['id']}/"
    edited = empty.put(path, {"body": "<body>B</body>"}).json()
    assert edited["body"] == "<body>B</body>"
    assert empty.get(path).json()["body"] == "<body>B</body>"
    assert empty.delete(path).status_code == 200
    assert empty.get(path).status_code == 404  # the thread's last comment: all gone
    assert empty.get(f"/opportunity/{deal['id']}/").json()["comment_summary"] is None


def test_the_demo_inbox_has_guidance_and_comments() -> None:
    state = CloseState.from_demo()
    by_name = {lead["name"]: lead["id"] for lead in state.leads.values()}
    deals = {
        name: [state.opportunities[o] for o in state.lead_children(by_name[name]).opportunities]
        for name in (KNOWN_SENDER.lead_name, THREAD_LEAD_NAME)
    }
    (negotiation,) = deals[KNOWN_SENDER.lead_name]
    advice = negotiation["suggested_action"]
    dana = state.contacts[advice["details"]["contact_id"]]
    assert advice["action"] == "follow_up_email" and advice["justification"]
    assert dana["name"] == KNOWN_SENDER.name
    assert advice["details"]["subject_draft"] and advice["details"]["message_draft"]
    stalled, other = deals[THREAD_LEAD_NAME]
    assert stalled["is_stalled"] and stalled["stall_status"]["communication_issue"]
    assert other["suggested_action"]["action"] == "adjust_close_date"
    commented = {c["object_id"] for c in state.comments.values()}
    assert {by_name[KNOWN_SENDER.lead_name], negotiation["id"]} <= commented
    # The same ids on every build: a restart shows the same demo.
    assert CloseState.from_demo().comments.keys() == state.comments.keys()

"""Every kind of cached value reads back from Redis exactly as it was written."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from addon.close.metadata import FieldSchema, OpportunityStatus, OrgInfo
from addon.close.models import (
    Activity,
    Contact,
    CustomField,
    EmailTemplate,
    Lead,
    Member,
    Opportunity,
    Sequence,
    Task,
)
from addon.close.records import ActivityPage, RecordData
from addon.close.search import PeopleMatches
from addon.gmail.headers import headers_from_message
from addon.services import Caches

CONTACT = {
    "id": "cont_1",
    "lead_id": "lead_1",
    "name": "Ann Lee",
    "display_name": "Ann Lee",
    "title": "CFO",
    "emails": [{"email": "ann@acme.example", "type": "office", "is_unsubscribed": True}],
    "phones": [{"phone": "+14155550100", "phone_formatted": "+1 415-555-0100", "type": "mobile"}],
    "date_updated": "2026-11-30T09:15:00.123000+00:00",
    "custom.cf_birthday": "1980-02-03",
    "subscriptions": [
        {
            "subscription_id": "sub_1",
            "sequence_id": "seq_1",
            "sequence_name": "Onboarding",
            "subscription_status": "paused",
            "subscription_status_reason": "reply-received",
        }
    ],
}
LEAD = {
    "id": "lead_1",
    "display_name": "Acme",
    "name": "Acme",
    "status_id": "stat_1",
    "status_label": "Qualified",
    "url": None,
    "description": "Makes anvils",
    "contacts": [CONTACT],
    "date_updated": "2026-12-01T10:00:00+00:00",
    "custom.cf_industry": "Logistics",
    "custom.cf_employees": 75,
    "custom.cf_tags": ["a", "b"],
    "opportunities": [
        {
            "id": "oppo_1",
            "lead_id": "lead_1",
            "value": 50000,
            "value_period": "monthly",
            "date_won": "2027-01-31",
            "confidence": 40,
            "status_type": "active",
            "is_stalled": True,
            "stall_status": {"communication_issue": "cant_get_in_touch"},
            "suggested_action": {
                "action": "follow_up_email",
                "justification": "No reply for two weeks",
                "details": {"contact_id": "cont_1", "subject_draft": "Checking in"},
            },
            "comment_summary": {"comment_count": 2},
        }
    ],
    "tasks": [{"id": "task_1", "text": "Call back", "date": "2026-12-07T00:00:00+00:00"}],
}
ACTIVITIES = [
    {"id": "acti_1", "_type": "Email", "lead_id": "lead_1", "subject": "Hello",
     "date_created": "2026-12-01T10:00:00+00:00", "opens": [{"opened_at": "x"}]},
    {"id": "acti_2", "_type": "Note", "lead_id": "lead_1", "note": "Likes <b>anvils</b>",
     "activity_at": "2026-12-02T11:00:00+01:00"},
]  # fmt: skip
FIELD = {"id": "cf_industry", "name": "Industry", "type": "choices", "choices": ["Logistics"]}


def _schema() -> FieldSchema:
    return FieldSchema(fields={"cf_industry": CustomField.model_validate(FIELD)})


def _values() -> dict[str, Any]:
    lead = Lead.model_validate(LEAD)
    return {
        "org": OrgInfo(
            currency="EUR",
            members=(Member(user_id="user_1", user_email="sam@ourco.example", role_id="admin"),),
            lead_statuses=(("stat_1", "Qualified"), ("stat_2", "Customer")),
            loaded_at=1_764_000_000.25,
            opportunity_statuses=(OpportunityStatus("st_o", "Won", "won", "Sales"),),
        ),
        "fields": _schema(),
        "matches": PeopleMatches("lead", {"ann@acme.example": (lead,)}),
        "records": RecordData(
            lead=lead,
            opportunities=tuple(Opportunity.model_validate(o) for o in LEAD["opportunities"]),
            tasks=(Task.model_validate(LEAD["tasks"][0]),),
            activities=ActivityPage(
                items=tuple(Activity.model_validate(a) for a in ACTIVITIES), skip=0, has_more=True
            ),
            lead_fields=_schema(),
            contact_fields=FieldSchema(),
        ),
        "sequences": (Sequence(id="seq_1", name="Onboarding"), Sequence(id="seq_2")),
        "templates": (
            EmailTemplate(id="tmpl_1", name="Intro", subject="Hi {{ contact.first_name }}"),
            EmailTemplate(id="tmpl_2", is_shared=True),
        ),
        "headers": headers_from_message(
            {
                "id": "m1",
                "threadId": "t1",
                "payload": {
                    "headers": [
                        {"name": "From", "value": '"Lee, Ann" <Ann@Acme.example>'},
                        {"name": "To", "value": "dana@ourco.example"},
                        {"name": "Subject", "value": "=?utf-8?q?Gr=C3=BC=C3=9Fe?="},
                        {"name": "Date", "value": "Mon, 1 Dec 2026 10:00:00 +0100"},
                        {"name": "List-Id", "value": "<news.acme.example>"},
                    ]
                },
            },
            "m1",
        ),
    }


@pytest.mark.parametrize("name", list(_values()))
def test_a_cached_value_reads_back_equal(client: redis.Redis, name: str) -> None:
    value = _values()[name]
    getattr(Caches.shared(client), name).put("owner", "key", value)

    assert getattr(Caches.shared(client), name).get("owner", "key") == value


def test_contacts_read_back_as_contacts(client: redis.Redis) -> None:
    contact = Contact.model_validate(CONTACT)
    matches = PeopleMatches("contact", {"ann@acme.example": (contact,)})
    Caches.shared(client).matches.put("owner", "key", matches)

    found = Caches.shared(client).matches.get("owner", "key")

    assert found == matches
    assert found is not None and isinstance(found.for_email("ann@acme.example")[0], Contact)


def test_an_activity_keeps_all_that_close_sent(client: redis.Redis) -> None:
    record = _values()["records"]
    Caches.shared(client).records.put("owner", "key", record)

    found = Caches.shared(client).records.get("owner", "key")

    assert found is not None and found.activities is not None
    assert [a.data for a in found.activities.items] == ACTIVITIES
    assert found.activities.items[0].type == "Email"

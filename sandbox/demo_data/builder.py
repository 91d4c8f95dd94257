"""Helpers that put believable demo records into the state through the emulator's own logic."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sandbox.close.activities import log_activity
from sandbox.close.activity_writes import create_call, create_note, create_sms
from sandbox.close.clock import iso
from sandbox.close.emails import create_email
from sandbox.close.leads import create_lead
from sandbox.close.opportunities import create_opportunity, log_status_change
from sandbox.close.org import user_name
from sandbox.close.state import CloseState
from sandbox.close.tasks import create_task
from sandbox.demo_data.catalog import FIRST_NAMES, LAST_NAMES, TITLES, Company
from sandbox.demo_data.org_setup import ROLES, STACK, DemoIds

Json = dict[str, Any]


@dataclass
class Builder:
    """Creates demo records relative to ``now``; every random choice comes from ``rng``."""

    state: CloseState
    ids: DemoIds
    rng: random.Random
    now: datetime

    def ago(self, days: float, hours: float = 0) -> datetime:
        """Return a moment the given time before now."""
        return self.now - timedelta(days=days, hours=hours)

    def person(self, domain: str, title: str | None = None) -> Json:
        """Return a contact payload for a random person at a company domain."""
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        emails = [{"email": f"{first}.{last}@{domain}".lower(), "type": "office"}]
        if self.rng.random() < 0.2:
            emails.append(
                {
                    "email": f"{first}{last}{self.rng.randint(10, 99)}@outlook.com".lower(),
                    "type": "home",
                }
            )
        phones = [{"phone": f"+1 415 555 {self.rng.randint(100, 9999):04d}", "type": "office"}]
        if self.rng.random() < 0.4:
            phones.append(
                {"phone": f"+1 650 555 {self.rng.randint(100, 9999):04d}", "type": "mobile"}
            )
        return (
            {"name": f"{first} {last}", "title": title or self.rng.choice(TITLES)}
            | {
                "emails": emails,
                "phones": phones,
            }
            | self.contact_custom()
        )

    def contact_custom(self) -> Json:
        """Return random contact custom-field values (role, NPS, LinkedIn)."""
        field = self.ids.field
        values: Json = {f"custom.{field['Role in Deal']}": self.rng.choice(ROLES)}
        if self.rng.random() < 0.5:
            values[f"custom.{field['NPS Score']}"] = self.rng.randint(3, 10)
        if self.rng.random() < 0.3:
            values[f"custom.{field['Last Event Attended']}"] = (
                self.ago(self.rng.randint(10, 200)).date().isoformat()
            )
        return values

    def lead_payload(self, company: Company, status: str, owner: str) -> Json:
        """Return a lead payload for a company with its custom fields."""
        field = self.ids.field
        region = {"US": "NA", "CA": "NA", "AU": "APAC"}.get(company.country, "EMEA")
        payload: Json = {
            "name": company.name,
            "url": f"https://www.{company.domain}",
            "description": f"{company.industry} company based in {company.city}.",
            "status_id": self.ids.lead_status[status],
            "addresses": [{"label": "business", "city": company.city, "country": company.country}],
            f"custom.{field['Industry']}": company.industry,
            f"custom.{field['Employees']}": self.rng.choice([45, 120, 250, 600, 1400, 5200]),
            f"custom.{field['Lead Source']}": self.rng.choice(
                ["Inbound", "Outbound", "Referral", "Event"]
            ),
            f"custom.{field['Account Owner']}": owner,
            f"custom.{field['Tech Stack']}": self.rng.sample(STACK, self.rng.randint(1, 3)),
            f"custom.{field['Region']}": region,
        }
        if status == "Customer":
            renewal = self.now + timedelta(days=self.rng.randint(20, 300))
            payload[f"custom.{field['Contract Renewal']}"] = renewal.date().isoformat()
        if self.rng.random() < 0.4:
            payload[f"custom.{field['Last Reviewed']}"] = iso(self.ago(self.rng.randint(1, 30)))
        return payload

    def lead(self, payload: Json, contacts: list[Json], days_ago: int, owner: str) -> Json:
        """Create a lead with contacts, created ``days_ago``; return the stored lead."""
        return create_lead(
            self.state, owner, payload | {"contacts": contacts}, at=self.ago(days_ago)
        )

    def opportunity(self, lead: Json, stage: str, owner: str, days_ago: int, **extra: Any) -> Json:
        """Create an opportunity in a stage (by label) on a lead."""
        payload = {"lead_id": lead["id"], "status_id": self.ids.opp_status[stage], "user_id": owner}
        contact_ids = self.state.lead_children(lead["id"]).contacts
        if contact_ids:
            payload["contact_id"] = contact_ids[0]
        return create_opportunity(self.state, owner, payload | extra, at=self.ago(days_ago))

    def task(
        self, lead: Json, text: str, due: datetime | str, assignee: str, done: bool = False
    ) -> Json:
        """Create a lead task due at a date (or date-time string), optionally completed."""
        date = due if isinstance(due, str) else due.date().isoformat()
        payload = {"lead_id": lead["id"], "text": text, "date": date, "assigned_to": assignee}
        return create_task(
            self.state,
            assignee,
            payload | {"is_complete": done},
            at=self.ago(self.rng.randint(3, 20)),
        )

    def email(
        self, lead: Json, user: str, contact: Json, when: datetime, incoming: bool, **extra: Any
    ) -> Json:
        """Log an email between a user and a contact at a moment."""
        user_email = self.state.users[user]["email"]
        contact_email = contact["emails"][0]["email"]
        payload: Json = {"lead_id": lead["id"], "contact_id": contact["id"], "user_id": user}
        payload["date_created"] = iso(when)
        if incoming:
            payload |= {"status": "inbox", "sender": f'"{contact["name"]}" <{contact_email}>'}
            payload["to"] = [f'"{user_name(self.state, user)}" <{user_email}>']
        else:
            payload |= {"status": "sent", "to": [f'"{contact["name"]}" <{contact_email}>']}
        return create_email(self.state, user, payload | extra)

    def call(
        self, lead: Json, user: str, contact: Json, when: datetime, note: str, **extra: Any
    ) -> Json:
        """Log a call with a contact."""
        phone = contact["phones"][0]["phone"] if contact["phones"] else None
        payload = {
            "lead_id": lead["id"],
            "contact_id": contact["id"],
            "user_id": user,
            "phone": phone,
        }
        payload |= {"date_created": iso(when), "note": note}
        return create_call(self.state, user, payload | extra)

    def note(self, lead: Json, user: str, when: datetime, html: str) -> Json:
        """Log a note."""
        payload = {
            "lead_id": lead["id"],
            "user_id": user,
            "note_html": html,
            "date_created": iso(when),
        }
        return create_note(self.state, user, payload)

    def sms(
        self, lead: Json, user: str, contact: Json, when: datetime, text: str, incoming: bool
    ) -> Json:
        """Log a text message."""
        payload = {
            "lead_id": lead["id"],
            "contact_id": contact["id"],
            "user_id": user,
            "text": text,
        }
        payload |= {"status": "inbox" if incoming else "sent", "date_created": iso(when)}
        payload["remote_phone"] = contact["phones"][0]["phone"]
        return create_sms(self.state, user, payload)

    def meeting(
        self, lead: Json, user: str, people: list[Json], when: datetime, title: str
    ) -> Json:
        """Log a calendar meeting with contacts (Close syncs these; there is no create API)."""
        attendees = [
            {"email": p["emails"][0]["email"], "name": p["name"], "contact_id": p["id"]}
            | {"user_id": None, "status": "yes", "is_organizer": False}
            for p in people
        ]
        organizer = {"email": self.state.users[user]["email"], "name": user_name(self.state, user)}
        attendees.append(
            organizer | {"contact_id": None, "user_id": user, "status": "yes", "is_organizer": True}
        )
        ends = when + timedelta(minutes=45)
        fields = {"title": title, "starts_at": iso(when), "ends_at": iso(ends), "duration": 2700}
        fields |= {"status": "completed" if ends < self.now else "upcoming", "attendees": attendees}
        fields |= {"location": "Google Meet", "source": "calendar", "contact_id": people[0]["id"]}
        return log_activity(self.state, "Meeting", lead["id"], user, fields, at=when)

    def lead_status_change(self, lead: Json, user: str, old: str, new: str, when: datetime) -> Json:
        """Log a lead status change (history only)."""
        fields = {"old_status_id": self.ids.lead_status[old], "old_status_label": old}
        fields |= {"new_status_id": self.ids.lead_status[new], "new_status_label": new}
        return log_activity(self.state, "LeadStatusChange", lead["id"], user, fields, at=when)

    def opp_status_change(self, opp: Json, user: str, old_stage: str, when: datetime) -> Json:
        """Log an opportunity's move from an earlier stage to its current one."""
        return log_status_change(self.state, user, opp, self.ids.opp_status[old_stage], at=when)

    def task_completed(self, task: Json, user: str, when: datetime) -> Json:
        """Log the completion of a task."""
        fields = {
            "task_id": task["id"],
            "task_text": task["text"],
            "task_assigned_to": task["assigned_to"],
        }
        fields["task_assigned_to_name"] = user_name(self.state, task["assigned_to"])
        return log_activity(self.state, "TaskCompleted", task["lead_id"], user, fields, at=when)

"""From an open email to Close records, in at most three dependent upstream steps.

1. The message's headers (Gmail), cached for good. The organization's coworkers are
   known already: loaded when the user connects and refreshed in the background.
2. One Close search for every external participant at once.
3. The chosen record and its enabled sections, in parallel (records.py).

For mail from someone seen before, step 3 starts beside step 2: the add-on remembers, per
organization, the lead and contact each address was found on (store/known.py). The search
still decides; a record guessed wrong is dropped and the right one loaded after it.

Mail between coworkers stops after step 1: nobody on it is ever looked up. Whatever the
user's own addresses and company domain already show to be internal is decided before
the coworker list is even awaited.
"""

from __future__ import annotations

from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property

from addon.close import CloseError
from addon.close.metadata import FieldSchema, OrgInfo, load_fields, load_org
from addon.close.models import Lead
from addon.close.records import ActivityPage, RecordData, fetch_lead, load_activities, load_record
from addon.close.search import NESTED_SECTIONS, PeopleMatches, View, find_people
from addon.crm.editing import Editing, JustDone
from addon.gmail import MessageHeaders
from addon.matching import Participants, Us, build_us, classify
from addon.registry import Context, NoMessage
from addon.services import ORG_FRESH, key_owner
from addon.store import UserSettings
from addon.store.known import KnownPerson


@dataclass(frozen=True)
class Thread:
    """The open message, who on it is us, and who is not."""

    headers: MessageHeaders
    participants: Participants
    org: OrgInfo | None


RecordKey = tuple[str, frozenset[str], int, str | None]


@dataclass(frozen=True)
class EarlyRecord:
    """A remembered person's record, loading beside the search that is to confirm it."""

    key: RecordKey  # the `records` cache key it stands for
    generation: int  # the records cache's when it started: a reset since, and it is not kept
    lead: Future[Lead] | None  # only in contact view: in lead view the search brings the lead
    activities: Future[ActivityPage] | None


class Lookup:
    """The sidebar's reads for one request, with every cache in front of them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.settings: UserSettings = ctx.require_settings()
        self.services = ctx.services
        self.caches = ctx.services.caches
        self.key_owner = key_owner(self.settings.api_key or "")
        self.org_id = self.settings.close_org_id or ""
        self.view: View = self.settings.view
        self.user = ctx.user.sub
        self._expected: dict[str, str] = {}  # address → lead it was just added to
        self._just_done: list[JustDone] = []  # tasks completed by this click
        self._early: EarlyRecord | None = None  # started before the search, which agreed

    def org(self) -> OrgInfo:
        """Return the organization's coworkers and statuses (cached per key)."""
        return self.caches.org.get_or_load(self.key_owner, self.org_id, self._load_org)

    def _load_org(self) -> OrgInfo:
        return load_org(self.ctx.close, self.org_id, now=self.services.wall_clock())

    def _cached_org(self) -> OrgInfo | None:
        # Stale-while-revalidate: a known coworker list is used at once, and refreshed in
        # the background when old, so opening mail never waits on it and internal mail
        # never causes a call to Close.
        org = self.caches.org.get(self.key_owner, self.org_id)
        if org is not None and self.services.wall_clock() - org.loaded_at > ORG_FRESH:
            generation = self.caches.org.generation(self.key_owner)
            self.services.refresh_in_background(
                ("org", self.key_owner, self.org_id), lambda: self._refresh_org(generation)
            )
        return org

    def _refresh_org(self, generation: int) -> None:
        with suppress(CloseError):  # a failed refresh keeps the list we have
            self.caches.org.put(
                self.key_owner, self.org_id, self._load_org(), generation=generation
            )

    def field_schema(self, object_type: str) -> FieldSchema:
        """Return custom field definitions for leads or contacts (cached per key)."""
        return self.caches.fields.get_or_load(
            self.key_owner, object_type, lambda: load_fields(self.ctx.close, object_type)
        )

    def us(self, org: OrgInfo | None) -> Us:
        """Return the addresses and domains that count as the user and their coworkers."""
        return build_us(
            google_email=self.ctx.user.email,
            close_user_email=self.settings.close_user_email,
            aliases=self.settings.aliases,
            coworker_emails=org.coworker_emails if org else (),
        )

    @cached_property
    def thread(self) -> Thread:
        """Step 1: the open message's headers and who on it is us (once per request)."""
        event = self.ctx.event
        gmail, oauth = event.gmail, event.authorization_event_object.user_o_auth_token
        if gmail is None or not gmail.message_id or not gmail.access_token or not oauth:
            raise NoMessage()  # no email open, or the event lacks its tokens
        # While Gmail answers on this thread, a worker reads the user's waiting edits into
        # the store's short-lived copy: the record card shows them.
        edits = self.services.pool.submit(self.services.staged.list, self.user)
        org = self._cached_org()
        headers = self.services.gmail.headers(
            user_key=self.user,
            message_id=gmail.message_id,
            oauth_token=oauth,
            access_token=gmail.access_token,
            deadline=self.ctx.deadline,
        )
        edits.result()
        local = classify(headers, self.us(org))
        if local.internal_only or org is not None:
            return Thread(headers=headers, participants=local, org=org)
        # Only after a restart is the coworker list unknown; it is fetched after the
        # headers, not beside them, so that internal mail still causes no Close call.
        org = self.org()
        return Thread(headers=headers, participants=classify(headers, self.us(org)), org=org)

    def expect(self, email: str, lead_id: str) -> None:
        """Note that `email` was just added to Close on `lead_id`.

        Close's search may not find it for a second or two; `matches` then adds it itself,
        so the card after "Add to Close" shows the new record, not "not in Close".
        """
        if email and lead_id:
            self._expected[email.lower()] = lead_id

    def matches(self, emails: tuple[str, ...], *, main: str | None = None) -> PeopleMatches:
        """Step 2: one search for every address (cached briefly per user).

        `main` is the person whose card is about to be shown: their record may start
        loading beside the search (see `_search`).
        """
        nested = tuple(s for s in NESTED_SECTIONS if s in self.settings.sections)
        key = (self.view, tuple(sorted(emails)), nested)
        found = self.caches.matches.get_or_load(
            self.user, key, lambda: self._search(emails, nested, main)
        )
        for email, lead_id in self._expected.items():
            if email in emails and lead_id not in found.lead_ids(email):
                lead = fetch_lead(self.ctx.close, lead_id, self.settings.sections)
                found = found.with_record(email, lead)
                self.caches.matches.put(self.user, key, found)
        return found

    def _search(
        self, emails: tuple[str, ...], nested: tuple[str, ...], main: str | None
    ) -> PeopleMatches:
        """Search Close; for mail from someone seen before, start their record beside it.

        The search is the truth. The record started early is used only if the search finds
        `main` on that one lead and contact; otherwise it is dropped, and `record` loads
        what the search found, one step later. What the search found is remembered.
        """
        if not main or not self.org_id:
            return find_people(self.ctx.close, emails, self.view, nested)
        known = self.services.known
        remembered = None if self._settling() else known.recall(self.org_id, main)
        early = self._start_record(remembered) if remembered else None
        found = find_people(self.ctx.close, emails, self.view, nested)
        person = _only_person(found, main)
        if person is None and remembered is not None:
            known.forget(self.org_id, main)
        elif person is not None and person != remembered:
            known.remember(self.org_id, main, person)
        self._early = early if person == remembered else None
        return found

    def _settling(self) -> bool:
        # Just after a change the search may lag, and the lead comes from its own endpoint
        # (see `record`): no shortcut then.
        return self.caches.settling(self.user, self.services.clock())

    def _start_record(self, person: KnownPerson) -> EarlyRecord | None:
        """Start loading what `record` would load for a remembered person, unless cached."""
        contact_id = person.contact_id if self.view == "contact" else None
        if self.view == "contact" and contact_id is None:
            return None
        key = self._record_key(person.lead_id, contact_id)
        if self.caches.records.get(self.user, key) is not None:
            return None
        generation = self.caches.records.generation(self.user)
        pool, close, sections = self.services.pool, self.ctx.close, self.settings.sections
        lead = None
        if self.view == "contact":
            lead = pool.submit(fetch_lead, close, person.lead_id, sections)
        activities = None
        if "activities" in sections:
            activities = pool.submit(
                load_activities,
                close,
                person.lead_id,
                contact_id=contact_id,
                skip=0,
                limit=self.settings.activities_per_page,
            )
        return EarlyRecord(key=key, generation=generation, lead=lead, activities=activities)

    def _record_key(self, lead_id: str, activity_contact: str | None) -> RecordKey:
        sections = frozenset(self.settings.sections)
        return (lead_id, sections, self.settings.activities_per_page, activity_contact)

    def record(
        self, lead_id: str, *, contact_id: str | None = None, lead: Lead | None = None
    ) -> RecordData:
        """Step 3: the lead and its enabled sections, in parallel (cached briefly per user)."""
        sections = frozenset(self.settings.sections)
        page = self.settings.activities_per_page
        if self.caches.settling(self.user, self.services.clock()):
            lead = None  # just after a change, the lead comes from its own endpoint
        activity_contact = contact_id if self.view == "contact" else None
        key = self._record_key(lead_id, activity_contact)
        early = self._early if self._early is not None and self._early.key == key else None

        def load() -> RecordData:
            return load_record(
                self.ctx.close,
                self.services.pool,
                lead_id=lead_id,
                sections=sections,
                page_size=page,
                activity_contact_id=activity_contact,
                field_schema=self.field_schema,
                known_lead=lead or (early.lead if early else None),
                started_activities=early.activities if early else None,
            )

        if early is None:
            return self.caches.records.get_or_load(self.user, key, load)
        # Started beside the search, so before this lookup: kept only if no reset came since.
        record = load()
        self.caches.records.put(self.user, key, record, generation=early.generation)
        return record

    def completed(self, task_id: str, text: str, at: int) -> None:
        """Note that this click completed a task, which has left Close's open tasks.

        The rebuilt card keeps it, switched on: switching it off reopens the task, which
        is how the user undoes a slip of the finger. It keeps its place `at` in the list,
        so a second tap in the same place does not land on another task.
        """
        self._just_done.append(JustDone(task_id, text, at))

    def editing(self, lead_id: str, org: OrgInfo | None) -> Editing:
        """Return the user's editing state on one lead's record card."""
        return Editing(
            staged=tuple(self.services.staged.list(self.user, lead_id=lead_id)),
            role=org.member_role(self.settings.close_user_id) if org else None,
            just_done=tuple(self._just_done),
        )

    def forget(self) -> None:
        """Drop every cached answer for this user (Refresh, or after a write)."""
        self.caches.reset_user(self.user, self.settings.api_key, self.services.clock())
        self.__dict__.pop("thread", None)  # read again when next asked for
        self._early = None
        gmail = self.ctx.event.gmail
        if gmail and gmail.message_id:
            self.services.gmail.forget(self.user, gmail.message_id)


def _only_person(found: PeopleMatches, email: str) -> KnownPerson | None:
    """Return the lead and contact `email` was found on, if it was found on exactly one."""
    hits = found.for_email(email)
    if len(hits) != 1:
        return None
    hit = hits[0]
    if isinstance(hit, Lead):
        contact = next((c for c in hit.contacts if c.has_email(email)), None)
        return KnownPerson(lead_id=hit.id, contact_id=contact.id if contact else None)
    return KnownPerson(lead_id=hit.lead_id, contact_id=hit.id) if hit.lead_id else None

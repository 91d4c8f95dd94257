"""The demo inbox: about fifteen emails that between them exercise every sidebar case."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

from sandbox.demo_data.constants import (
    COWORKERS,
    FREEMAIL_CONTACT,
    KNOWN_SENDER,
    MAIN_USER,
    NEAR_MATCH,
    ORG_DOMAIN,
    SHARED_CONTACT,
    THREAD_CONTACTS,
    UNKNOWN_COMPANY_SENDER,
    UNKNOWN_FREEMAIL_EMAIL,
)
from sandbox.gmail import Inbox
from sandbox.inbox_bodies import BODIES, as_html

DEMO_USER_EMAIL = MAIN_USER.email
DEMO_USER_NAME = MAIN_USER.name
ME = f"{MAIN_USER.name} <{MAIN_USER.email}>"
JORDAN, PRIYA = COWORKERS[0], COWORKERS[1]
ELENA, TOM, AISHA, PROCUREMENT = THREAD_CONTACTS


@dataclass(frozen=True)
class DemoEmail:
    """One inbox email: raw header values, the case it exercises, a snippet and a body."""

    case: str
    sender: str
    to: str
    subject: str
    snippet: str
    minutes_ago: int
    cc: str = ""
    reply_to: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    text_only: bool = False  # most mail carries an HTML part beside the text


def _person(name: str, address: str) -> str:
    return email.utils.formataddr((name, address))


EMAILS = (
    DemoEmail(
        "known-sender",
        _person(KNOWN_SENDER.name, KNOWN_SENDER.email),
        ME,
        "Re: Q3 rollout plan for the Denver hub",
        "Thanks Alex — the ops team reviewed the plan and we'd like to start with two sites…",
        12,
    ),
    DemoEmail(
        "outgoing",
        ME,
        _person(ELENA.name, ELENA.email),
        "Proposal: Northwind for Quillfeather's data platform",
        "Hi Elena, as promised here is the proposal with the pricing we discussed…",
        45,
        cc=_person(JORDAN.name, JORDAN.email),
    ),
    DemoEmail(
        "several-external",
        _person(TOM.name, TOM.email),
        ME,
        "Re: Technical review — next steps",
        "Looping in Aisha for the data questions and procurement for the paperwork…",
        95,
        cc=", ".join(_person(p.name, p.email) for p in (ELENA, AISHA, PROCUREMENT)),
    ),
    DemoEmail(
        "one-address-two-leads",
        _person(SHARED_CONTACT.name, SHARED_CONTACT.email),
        ME,
        "Intro: two portfolio companies that need analytics",
        "Alex, both Juniper and Orbital are looking at dashboards this quarter…",
        180,
    ),
    DemoEmail(
        "internal-only",
        _person(JORDAN.name, JORDAN.email),
        ME,
        "Pipeline review on Thursday",
        "Can you bring the Brightlane numbers? Priya will join too.",
        240,
        cc=_person(PRIYA.name, PRIYA.email),
    ),
    DemoEmail(
        "unknown-company-sender",
        _person(UNKNOWN_COMPANY_SENDER.name, UNKNOWN_COMPANY_SENDER.email),
        ME,
        "Evaluating analytics vendors",
        "We're a 200-person lab looking for a BI partner. Do you have time next week?",
        300,
    ),
    DemoEmail(
        "unknown-freemail",
        _person("Taylor Nguyen", UNKNOWN_FREEMAIL_EMAIL),
        ME,
        "Question about your pricing",
        "Hi, I run a small shop and saw your pricing page…",
        420,
    ),
    DemoEmail(
        "no-reply",
        _person("Calendly", "no-reply@calendly.com"),
        ME,
        "New event: Dana Whitfield — 30 min",
        "A new event has been scheduled.",
        480,
        extra=(("Auto-Submitted", "auto-generated"),),
    ),
    DemoEmail(
        "newsletter",
        _person("SaaS Weekly", "news@saasweekly.example"),
        ME,
        "This week: pricing pages that convert",
        "Issue #212 — five pricing pages we loved…",
        600,
        extra=(
            ("List-Id", "SaaS Weekly <weekly.saasweekly.example>"),
            ("List-Unsubscribe", "<mailto:unsubscribe@saasweekly.example>"),
            ("Precedence", "bulk"),
        ),
    ),
    DemoEmail(
        "encoded-names",
        "=?UTF-8?B?Wm/DqyBNw7xsbGVyLcWBdWthc2lr?= <zoe@kestrel-bio.io>",
        ME,
        "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_M=C3=BCnchen?=",
        "Hallo Alex, wir haben Interesse an einer Demo…",
        720,
        cc="=?ISO-8859-1?Q?Fran=E7ois_L=E9vesque?= <francois@kestrel-bio.io>",
        text_only=True,
    ),
    DemoEmail(
        "freemail-contact",
        _person(FREEMAIL_CONTACT.name, FREEMAIL_CONTACT.email),
        ME,
        "Re: Advisory retainer renewal",
        "Happy to renew for another six months, same terms…",
        900,
    ),
    DemoEmail(
        "near-match-address",
        _person(NEAR_MATCH.name, NEAR_MATCH.email),
        ME,
        "APAC expansion — Sydney warehouse",
        "Hi Alex, Dana from the Australian team here (different Dana!)…",
        1100,
    ),
    DemoEmail(
        "reply-to-differs",
        _person("Brightlane Logistics", f"billing@{'brightlane.com'}"),
        ME,
        "Invoice #4471 — question",
        "Please reply to Dana directly about the invoice.",
        1300,
        reply_to=_person(KNOWN_SENDER.name, KNOWN_SENDER.email),
    ),
    DemoEmail(
        "sent-from-alias",
        f"Alex Morgan <alex@{ORG_DOMAIN}>",
        _person(AISHA.name, AISHA.email),
        "Data dictionary you asked for",
        "Aisha, attached is the data dictionary for the pilot…",
        1500,
    ),
    DemoEmail(
        "quoted-comma-name",
        '"Whitfield, Dana" <dana.whitfield@brightlane.com>',
        ME,
        "Re: Contract redlines",
        "Legal is fine with clause 7 as amended.",
        2000,
    ),
)


def fill_inbox(inbox: Inbox) -> None:
    """Put the demo emails in the inbox, newest last added (so first listed)."""
    now = time.time()
    for index, item in enumerate(sorted(EMAILS, key=lambda e: -e.minutes_ago)):
        headers = {
            "From": item.sender,
            "To": item.to,
            "Subject": item.subject,
            "Date": email.utils.formatdate(now - item.minutes_ago * 60, localtime=False),
            "Message-ID": f"<demo-{index}.{item.case}@mail.example>",
        }
        if item.cc:
            headers["Cc"] = item.cc
        if item.reply_to:
            headers["Reply-To"] = item.reply_to
        headers.update(dict(item.extra))
        body = BODIES[item.case]
        inbox.add(
            headers,
            case=item.case,
            snippet=item.snippet,
            body_text=body,
            body_html="" if item.text_only else as_html(body),
        )

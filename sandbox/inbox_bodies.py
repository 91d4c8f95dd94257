"""Bodies of the demo inbox's emails, as mail clients send them: text wrapped at 72."""

from __future__ import annotations

import html

BODIES = {
    "known-sender": """\
Thanks Alex — the ops team reviewed the plan and we'd like to start with
two sites, Denver and Aurora, in the first week of July.

Two questions before we sign off:
1. Can the driver dashboards go live a week before the warehouse ones?
2. Who on your side owns the data migration?

If it helps, I can get our IT lead on a call Thursday.

Best,
Dana Whitfield
VP of Operations, Brightlane Logistics""",
    "outgoing": """\
Hi Elena,

As promised, here is the proposal with the pricing we discussed: the
Growth plan for 40 seats at $72,000 a year, with onboarding included.

The attached PDF has the rollout timeline. Jordan (cc) will run the
technical onboarding.

Happy to walk your team through it this week.

Best,
Alex""",
    "several-external": """\
Hi Alex,

Looping in Aisha for the data questions and procurement for the
paperwork.

From our side the technical review went well. Open items:
- SSO with our Okta tenant
- Data residency in the EU

Aisha will send the security questionnaire by Friday.

Tom""",
    "one-address-two-leads": """\
Alex,

Both Juniper and Orbital are looking at dashboards this quarter, and I
told both CEOs you are the person to talk to.

Juniper needs patient-flow reporting; Orbital wants fleet utilisation.
I'll let them reach out directly.

Casey""",
    "internal-only": """\
Can you bring the Brightlane numbers? Priya will join too.

Jordan""",
    "unknown-company-sender": """\
Hello,

We're a 200-person lab looking for a BI partner. Our analysts live in
spreadsheets and we'd like shared dashboards by Q4.

Do you have time next week for an intro call?

Jamie Ross
Director of Analytics, Vantagepoint Labs""",
    "unknown-freemail": """\
Hi, I run a small shop and saw your pricing page. Is there a plan for
fewer than five users?

Thanks,
Taylor""",
    "no-reply": """\
A new event has been scheduled.

Event: 30 Minute Meeting
Invitee: Dana Whitfield
When: Thursday, 10:00 – 10:30 (America/Denver)

This is an automated message; please do not reply.""",
    "newsletter": """\
Issue #212 — five pricing pages we loved

1. Lead with the plan most people buy.
2. Show the annual discount in money, not percent.
3. Put the FAQ next to the price, not under it.

Unsubscribe: mailto:unsubscribe@saasweekly.example""",
    "encoded-names": """\
Hallo Alex,

wir haben Interesse an einer Demo für unser Labor in München. Passt
Ihnen nächste Woche Dienstag?

Viele Grüße
Zoë Müller-Łukasik""",
    "freemail-contact": """\
Happy to renew for another six months, same terms as before.

Send over the paperwork when ready.

Marcus""",
    "near-match-address": """\
Hi Alex,

Dana from the Australian team here (different Dana!). We are opening a
warehouse in Sydney and want the same dashboards as Denver.

Could we get a quote in AUD?

Dana""",
    "reply-to-differs": """\
Hello,

Invoice #4471 lists 45 seats, but our contract says 40. Please reply to
Dana directly about the invoice; she approves all changes.

Brightlane Logistics — Accounts Payable""",
    "sent-from-alias": """\
Aisha,

Attached is the data dictionary for the pilot. Every table has an owner
and a refresh schedule; the two marked "beta" may still change.

Alex""",
    "quoted-comma-name": """\
Legal is fine with clause 7 as amended. We still need your signature on
the DPA.

Dana""",
}


def as_html(text: str) -> str:
    """Return a plain-text body as the simple HTML a mail client sends beside it."""
    paragraphs = (block.splitlines() for block in text.split("\n\n") if block.strip())
    # Wrapped prose joins back into one line; lists and signatures keep their breaks.
    inner = "".join(
        f"<p>{'<br>'.join(html.escape(line) for line in lines)}</p>"
        if len(lines) < 2 or _is_block(lines)
        else f"<p>{html.escape(' '.join(lines))}</p>"
        for lines in paragraphs
    )
    return f'<div dir="ltr">{inner}</div>'


def _is_block(lines: list[str]) -> bool:
    # A list, or short lines before the last one: not prose wrapped at 72.
    return any(line[:1] in "-•" or line[:2].rstrip(".").isdigit() for line in lines) or any(
        len(line) < 50 for line in lines[:-1]
    )

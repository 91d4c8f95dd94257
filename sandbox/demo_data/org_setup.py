"""The demo organization's skeleton: users, statuses, pipelines, custom fields and templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.close import org
from sandbox.close.customfields import add_custom_field
from sandbox.close.state import CloseState
from sandbox.close.templates import add_template
from sandbox.demo_data.constants import COWORKERS, MAIN_USER, ORG_NAME

LEAD_STATUSES = ("Potential", "Interested", "Qualified", "Customer", "Bad Fit", "Canceled")
SALES_PIPELINE = (
    ("Discovery", "active"),
    ("Demo Scheduled", "active"),
    ("Proposal Sent", "active"),
    ("Negotiation", "active"),
    ("Won", "won"),
    ("Lost", "lost"),
)
RENEWALS_PIPELINE = (("Renewal Due", "active"), ("Renewed", "won"), ("Churned", "lost"))
INDUSTRIES = ["SaaS", "Logistics", "Healthcare", "Manufacturing", "Financial Services"]
INDUSTRIES += ["Retail", "Education", "Energy"]
SOURCES = ["Inbound", "Outbound", "Referral", "Event", "Partner"]
STACK = ["Snowflake", "BigQuery", "Redshift", "Databricks", "Postgres", "Salesforce", "HubSpot"]
ROLES = ["Champion", "Decision Maker", "Influencer", "Blocker", "End User"]


@dataclass
class DemoIds:
    """Ids the record builders need: users, statuses by label, custom fields by name."""

    main_user: str = ""
    coworkers: list[str] = field(default_factory=list)
    lead_status: dict[str, str] = field(default_factory=dict)
    opp_status: dict[str, str] = field(default_factory=dict)
    field: dict[str, str] = field(default_factory=dict)

    @property
    def everyone(self) -> list[str]:
        """Return the main user followed by the coworkers."""
        return [self.main_user, *self.coworkers]


def _users(state: CloseState, ids: DemoIds) -> None:
    main = org.add_user(state, *MAIN_USER[:3], role="admin", key=MAIN_USER.api_key)
    ids.main_user = main["id"]
    for person in COWORKERS:
        ids.coworkers.append(org.add_user(state, *person[:3], key=person.api_key)["id"])
    state.demo_api_key = MAIN_USER.api_key


def _statuses(state: CloseState, ids: DemoIds) -> None:
    for label in LEAD_STATUSES:
        ids.lead_status[label] = org.add_lead_status(state, label)["id"]
    for name, stages in (("Sales", SALES_PIPELINE), ("Renewals", RENEWALS_PIPELINE)):
        pipeline = org.add_pipeline(state, name, stages)
        for status_id in pipeline["status_ids"]:
            ids.opp_status[state.opportunity_statuses[status_id]["label"]] = status_id


def _fields(state: CloseState, ids: DemoIds) -> None:
    def add(
        object_type: str,
        name: str,
        kind: str,
        choices: list[str] | None = None,
        multiple: bool = False,
        shared_with: tuple[str, ...] = (),
    ) -> None:
        made = add_custom_field(
            state,
            object_type,
            name,
            kind,
            choices=choices,
            multiple=multiple,
            shared_with=shared_with,
        )
        ids.field[name] = made["id"]

    add("lead", "Industry", "choices", INDUSTRIES)
    add("lead", "Employees", "number")
    add("lead", "Lead Source", "choices", SOURCES)
    add("lead", "Contract Renewal", "date")
    add("lead", "Account Owner", "user")
    add("lead", "Tech Stack", "choices", STACK, multiple=True)
    add("lead", "AE Notes", "text")
    add("lead", "Last Reviewed", "datetime")
    add("contact", "Role in Deal", "choices", ROLES)
    add("contact", "LinkedIn", "text")
    add("contact", "Last Event Attended", "date")
    add("contact", "NPS Score", "number")
    add("contact", "Relationship Owner", "user")
    add("opportunity", "Forecast Category", "choices", ["Commit", "Best Case", "Pipeline"])
    add("shared", "Region", "choices", ["NA", "EMEA", "APAC"], shared_with=("lead", "contact"))


INTRO_BODY = (
    "Hi {{ contact.first_name }},\n\nI work with data teams at companies like "
    "{{ lead.display_name }} on getting one trusted view of their pipeline metrics.\n\n"
    "Would a 20-minute call next week be useful?\n\nBest,\n{{ user.first_name }}"
)
FOLLOW_UP_BODY = (
    "Hi {{ contact.first_name }},\n\nThanks again for the time today. As promised, here is a "
    "recap of what we covered for {{ lead.display_name }}.\n\nTalk soon,\n{{ user.full_name }}"
)
PRICING_BODY = "Hi {{ contact.first_name }},\n\nAttached is our pricing.\n\n{{ user.first_name }}"
RENEWAL_BODY = "Hi {{ contact.first_name }}, the {{ lead.display_name }} renewal is coming up."
CHECK_IN_BODY = "Hi {{ contact.first_name }}, any update on your side?\n\n{{ user.first_name }}"


# (owner: 0 = main user, 1 = Jordan), name, subject, body, shared, archived
TEMPLATES = (
    (0, "Intro — first touch", "Quick intro, {{ contact.first_name }}", INTRO_BODY, True, False),
    (
        0,
        "Follow-up after demo",
        "Recap: {{ lead.display_name }} + Northwind",
        FOLLOW_UP_BODY,
        True,
        False,
    ),
    (
        1,
        "Pricing overview",
        "Northwind pricing for {{ lead.display_name }}",
        PRICING_BODY,
        True,
        False,
    ),
    (1, "Renewal reminder", "Your Northwind renewal", RENEWAL_BODY, True, False),
    (
        0,
        "Q3 webinar invite (old)",
        "Join our Q3 webinar",
        "Hi {{ contact.first_name }}!",
        True,
        True,
    ),
    (0, "My quick check-in", "Checking in, {{ contact.first_name }}", CHECK_IN_BODY, False, False),
    (1, "Jordan's break-up email", "Should I close your file?", CHECK_IN_BODY, False, False),
)


def _templates(state: CloseState, ids: DemoIds) -> None:
    owners = [ids.main_user, ids.coworkers[0]]
    for owner, name, subject, body, shared, archived in TEMPLATES:
        add_template(state, owners[owner], name, subject, body, shared=shared, archived=archived)


def build_skeleton(state: CloseState) -> DemoIds:
    """Create the organization, users, statuses, pipelines, custom fields and templates."""
    ids = DemoIds()
    org.setup_organization(state, name=ORG_NAME)
    _users(state, ids)
    _statuses(state, ids)
    _fields(state, ids)
    _templates(state, ids)
    return ids

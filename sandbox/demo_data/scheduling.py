"""The demo user's scheduling links: two of their own and one shared with the team."""

from __future__ import annotations

from sandbox.close.scheduling import add_shared_link, add_user_link, map_shared_link
from sandbox.demo_data.builder import Builder


def build_scheduling_links(b: Builder) -> None:
    """Give Alex two links and the team's shared demo link; Jordan has one Alex never sees."""
    alex, jordan = b.ids.main_user, b.ids.coworkers[0]
    add_user_link(
        b.state,
        alex,
        "Intro call (20 min)",
        "https://cal.northwind-analytics.com/alex/intro",
        description="A first call with a prospect",
        duration_in_minutes=20,
    )
    add_user_link(
        b.state,
        alex,
        "Product demo (45 min)",
        "https://cal.northwind-analytics.com/alex/demo",
        duration_in_minutes=45,
        source="CALENDLY",
    )
    add_user_link(b.state, jordan, "Jordan's office hours", "https://cal.example.com/jordan")
    shared = add_shared_link(
        b.state, alex, "Team demo", description="Round robin", tag="scheduling_link.team_demo"
    )
    map_shared_link(b.state, shared["id"], alex, "https://cal.northwind-analytics.com/team/demo")

"""Demo templates that show what the Templates screen renders: a custom field variable."""

from __future__ import annotations

from sandbox.close.templates import add_template
from sandbox.demo_data.builder import Builder

INDUSTRY_BODY = (
    "Hi {{ contact.first_name }},\n\nHow is this quarter going in {{ lead.custom.Industry }}? "
    "Teams like {{ lead.display_name }} tell us it is the busiest one.\n\n{{ user.first_name }}"
)


def add_template_examples(b: Builder) -> None:
    """Add a shared template whose text uses a lead custom field (Industry)."""
    add_template(
        b.state,
        b.ids.main_user,
        "Industry check-in",
        "{{ lead.custom.Industry }} this quarter",
        INDUSTRY_BODY,
        shared=True,
    )

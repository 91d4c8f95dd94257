"""Filling templates ourselves: a blank variable takes the space or comma that led to it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.crm.template_variables import (
    fill_template,
    preview_subject,
    readable_text,
    readable_variable,
    tidy_rendered,
)

USER = {"user.first_name": "Alex", "user.full_name": "Alex Morgan"}


@pytest.mark.parametrize(
    ("written", "filled"),
    [
        ("Hi {{ contact.first_name }},", "Hi,"),
        ("Hi {{ contact.first_name }}!", "Hi!"),
        ("Hi {{ contact.first_name }}", "Hi"),
        ("Quick intro, {{ contact.first_name }}", "Quick intro"),
        ("Thanks, {{ contact.first_name }}!", "Thanks!"),
        ("{{ contact.first_name }}, thanks for the call", "Thanks for the call"),
        ("Hello {{ contact.first_name }} {{ contact.last_name }},", "Hello,"),
        ("We met at {{ lead.display_name }} on Monday", "We met at on Monday"),
        ("Best,<br>{{ user.first_name }}", "Best,<br>Alex"),
        ("Hi {{ contact.first_name }},<br><br>Alex", "Hi,<br><br>Alex"),
        ("<p>{{ contact.first_name }}, welcome</p>", "<p>Welcome</p>"),
        ("Hi {{ contact.first_name|default:'there' }},", "Hi there,"),
        ('Hi {{ contact.first_name | default:"there" }},', "Hi there,"),
        ("Hi {{ user.first_name }}, hi", "Hi Alex, hi"),
    ],
)
def test_a_blank_variable_leaves_no_gap(written: str, filled: str) -> None:
    assert fill_template("", written, USER).body_html == filled


def test_the_subject_is_tidied_and_trimmed_too() -> None:
    filled = fill_template("Quick intro, {{ contact.first_name }} ", "", USER)
    assert filled.subject == "Quick intro"
    assert filled.unfilled == ("contact.first_name",)


def test_values_are_escaped_in_the_body_only() -> None:
    filled = fill_template(
        "{{ user.first_name }}", "{{ user.first_name }}", {"user.first_name": "A&B"}
    )
    assert (filled.subject, filled.body_html) == ("A&B", "A&amp;B")


# Text a template may hold around its tags: words, punctuation, spaces, line breaks.
PROSE = st.text(alphabet="abc XYZ,.!?:;'-\n", max_size=30)
TAGS = st.sampled_from(["contact.first_name", "lead.display_name", "user.first_name"])
TEMPLATE = (
    st.lists(st.tuples(PROSE, TAGS), max_size=5).map(
        lambda parts: "".join(f"{prose}{{{{ {tag} }}}}" for prose, tag in parts)
    )
    | PROSE
)


@given(PROSE)
def test_text_without_tags_is_left_as_written(text: str) -> None:
    assert fill_template("", text, USER).body_html == text


@given(TEMPLATE)
def test_no_raw_tag_and_no_stray_marker_remain(text: str) -> None:
    filled = fill_template(text, text, USER)
    for out in (filled.subject, filled.body_html):
        assert "{{" not in out and "}}" not in out and "\ufffc" not in out


@given(TEMPLATE)
def test_a_blank_never_opens_a_gap_before_a_comma(text: str) -> None:
    before = len(re.findall(r"\w[ \t]+,", re.sub(r"\{\{.*?\}\}", "w", text)))
    after = len(re.findall(r"\w[ \t]+,", fill_template("", text, {}).body_html))
    assert after <= before


@given(TEMPLATE)
def test_filled_values_always_appear(text: str) -> None:
    values = {"user.first_name": "Zed"}
    filled = fill_template("", text, values)
    assert filled.body_html.count("Zed") == text.count("user.first_name")
    assert "user.first_name" not in filled.unfilled


def test_closes_rendering_loses_its_gaps() -> None:
    assert tidy_rendered("Hi , thanks") == "Hi, thanks"
    assert tidy_rendered("Quick intro, ") == "Quick intro"
    assert tidy_rendered("Hi Dana, thanks") == "Hi Dana, thanks"


def test_a_listed_subject_is_readable() -> None:
    subject = (
        "Quick intro, {{ contact.first_name }} at {{ lead.display_name }} {{ lead.custom.Tier }}"
    )
    assert preview_subject(subject, {"lead.display_name": "Acme"}) == (
        "Quick intro, [First name] at Acme [Tier]"
    )
    assert readable_variable("user.full_name") == "My name"


def test_a_variable_is_named_without_its_filter_or_custom_prefix() -> None:
    assert readable_variable('contact.first_name|default:"there"') == "First name"
    assert readable_variable("lead.custom.Industry") == "Industry"
    assert readable_text("Hi {{ contact.first_name }}, {{ lead.custom.Tier }}") == (
        "Hi [First name], [Tier]"
    )

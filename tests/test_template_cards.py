"""The Templates screen's cards, built from plain values: grouping, search, cap, variables."""

from __future__ import annotations

from typing import Any

from addon.close.models import EmailTemplate
from addon.screens.templates import card
from tests.cardcheck import card_text, validate_card

CLICK = {"action": {"function": "actions/back"}}


def _template(n: int, *, shared: bool = False, **fields: str) -> EmailTemplate:
    base = {"id": f"tmpl_{n}", "name": f"Template {n}", "subject": "Hi {{ contact.first_name }}"}
    return EmailTemplate.model_validate(base | {"is_shared": shared} | fields)


def _list(templates: tuple[EmailTemplate, ...], query: str = "") -> dict[str, Any]:
    view = card.ListView(
        templates=templates,
        query=query,
        for_whom=None,
        open_template={t.id: CLICK for t in templates},
        search=CLICK,
        new_template=CLICK,
        refresh=CLICK,
        manage_url="https://app.close.com/settings/templates/email/",
    )
    built = card.list_card(view)
    validate_card(built)
    return built


def test_the_list_groups_mine_and_shared_and_shows_variables_as_words() -> None:
    built = _list((_template(1), _template(2, shared=True)))
    sections = {s.get("header"): card_text({"sections": [s]}) for s in built["sections"]}
    assert "Template 1" in sections["My templates"]
    assert "Template 2" in sections["Shared templates"]
    assert "Hi [First name]" in card_text(built)
    assert "{{" not in card_text(built)


def test_the_list_is_capped_and_says_how_to_find_the_rest() -> None:
    many = tuple(_template(n) for n in range(card.MAX_SHOWN + 5))
    text = card_text(_list(many))
    assert f"Showing {card.MAX_SHOWN} of {card.MAX_SHOWN + 5}" in text
    assert f"Template {card.MAX_SHOWN + 4}" not in text


def test_search_matches_part_of_the_name_whatever_its_case() -> None:
    templates = (_template(1, name="Pricing overview"), _template(2, name="Renewal"))
    text = card_text(_list(templates, query="  PRICING "))
    assert "Pricing overview" in text and "Renewal" not in text


def test_a_template_as_written_keeps_its_line_breaks_around_variables() -> None:
    template = _template(1, body="Best,\n{{ user.first_name }}\n\n<b>not html</b> 1 < 2")
    view = card.TemplateView(
        template=template,
        edit={"name": CLICK, "subject": CLICK, "body": CLICK},
        share=CLICK,
        archive=CLICK,
    )
    built = card.template_card(view)
    validate_card(built)
    text = card_text(built)
    assert "Best,<br>" in text and "[My first name]" in text


def test_an_html_body_is_shown_as_its_text() -> None:
    body = "<p>Hi <b>there</b>,</p><p>Line&nbsp;two<br>three</p>"
    view = card.TemplateView(
        template=_template(1),
        edit={"name": CLICK, "subject": CLICK, "body": CLICK},
        share=CLICK,
        archive=CLICK,
        for_whom="Dana · Acme",
        subject="Hi Dana",
        body=body,
    )
    text = card_text(card.template_card(view))
    assert "Hi there,<br>Line\xa0two<br>three" in text
    assert "<p>" not in text

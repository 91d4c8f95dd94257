"""The homepage's search: results pushed from the homepage, replaced from a results card."""

from __future__ import annotations

import responses

from tests.addon_client import Gmail, action_of, cards, find_button
from tests.cardcheck import card_text
from tests.conftest import CLOSE_API
from tests.test_flow import connect

FOUND = {"data": [{"id": "lead_1", "display_name": "Brightlane Logistics"}]}


def test_results_are_pushed_from_the_homepage_and_replaced_from_results(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(CLOSE_API + "task/", json={"data": []})
    upstream.post(CLOSE_API + "data/search/", json=FOUND)
    home = cards(gmail.trigger("/homepage"))[0]
    name, params = action_of(find_button(home, "Search"))
    first = gmail.click(name, params=params, form={"query": "Bright"})
    (navigation,) = first["renderActions"]["action"]["navigations"]
    results = navigation["pushCard"]
    assert "Brightlane Logistics" in card_text(results)
    name, params = action_of(find_button(results, "Search"))
    second = gmail.click(name, params=params, form={"query": "Brightlane"})
    (navigation,) = second["renderActions"]["action"]["navigations"]
    assert "Results for “Brightlane”" in card_text(navigation["updateCard"])


def test_a_query_too_short_to_search_shows_the_homepage_again(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(CLOSE_API + "task/", json={"data": []})
    search = upstream.post(CLOSE_API + "data/search/", json=FOUND)
    body = gmail.click("search", form={"query": " b "})
    (navigation,) = body["renderActions"]["action"]["navigations"]
    assert navigation["updateCard"]["name"] == "home"
    assert search.call_count == 0


def test_a_blank_search_says_beside_the_field_what_to_type(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(CLOSE_API + "task/", json={"data": []})
    search = upstream.post(CLOSE_API + "data/search/", json=FOUND)
    body = gmail.click("search", form={"query": "   "})
    (navigation,) = body["renderActions"]["action"]["navigations"]
    home = navigation["updateCard"]
    widgets = home["sections"][0]["widgets"]
    assert "textInput" in widgets[0]
    assert "Type at least 2 characters" in widgets[1]["textParagraph"]["text"]
    assert search.call_count == 0


def test_the_homepage_says_nothing_beside_the_field_before_a_search(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(CLOSE_API + "task/", json={"data": []})
    home = cards(gmail.trigger("/homepage"))[0]
    assert "Type at least" not in card_text(home)

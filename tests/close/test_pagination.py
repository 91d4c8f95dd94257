"""Offset pagination: `_skip`/`_limit` across pages, limits, and stopping."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient, CloseUnavailable

from .conftest import BASE


def page(ids: list[int], has_more: bool) -> dict[str, object]:
    return {"data": [{"id": f"lead_{i}"} for i in ids], "has_more": has_more}


def sent_queries(rsps: responses.RequestsMock) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(call.request.url or "").query) for call in rsps.calls]


def test_walks_three_pages_with_growing_skip(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "lead/", json=page([1, 2], has_more=True))
    rsps.add(responses.GET, BASE + "lead/", json=page([3, 4], has_more=True))
    rsps.add(responses.GET, BASE + "lead/", json=page([5], has_more=False))

    items = list(client.paginate("lead", {"query": "x"}, page_size=2))

    assert [item["id"] for item in items] == [f"lead_{i}" for i in range(1, 6)]
    assert sent_queries(rsps) == [
        {"query": ["x"], "_skip": [str(skip)], "_limit": ["2"]} for skip in (0, 2, 4)
    ]


def test_stops_at_limit_and_asks_only_for_what_is_left(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "task/", json=page([1, 2], has_more=True))
    rsps.add(responses.GET, BASE + "task/", json=page([3], has_more=True))

    items = list(client.paginate("task", page_size=2, limit=3))

    assert len(items) == 3
    assert [q["_limit"] for q in sent_queries(rsps)] == [["2"], ["1"]]


def test_fetches_nothing_until_iterated(rsps: responses.RequestsMock, client: CloseClient) -> None:
    rsps.add(responses.GET, BASE + "lead/", json=page([1], has_more=False))

    items = client.paginate("lead")
    assert len(rsps.calls) == 0
    assert next(items) == {"id": "lead_1"}
    assert len(rsps.calls) == 1


def test_an_empty_page_ends_the_walk_even_if_it_claims_more(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "lead/", json=page([], has_more=True))

    assert list(client.paginate("lead")) == []
    assert len(rsps.calls) == 1


def test_a_page_without_a_data_list_is_unreadable(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, BASE + "lead/", json={"has_more": False})

    with pytest.raises(CloseUnavailable):
        list(client.paginate("lead"))


def test_page_size_must_be_positive(client: CloseClient) -> None:
    with pytest.raises(ValueError):
        list(client.paginate("lead", page_size=0))

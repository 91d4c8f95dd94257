"""Scheduling links: the user's own, then the shared ones mapped for them; web links only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from addon.close import CloseClient
from addon.close.scheduling import list_scheduling_links

BASE = "https://api.close.test/api/v1/"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def test_own_links_come_first_then_mapped_shared_ones(rsps: responses.RequestsMock) -> None:
    rsps.get(
        BASE + "scheduling_link/",
        json={
            "data": [
                {"id": "schlnk_1", "name": "Intro", "url": "https://cal.example/intro"},
                {"id": "schlnk_2", "name": "Evil", "url": "javascript:alert(1)"},
                {"id": "schlnk_3", "name": "No url", "url": None},
            ]
        },
    )
    rsps.get(
        BASE + "shared_scheduling_link/",
        json={
            "data": [
                {"id": "shsclnk_1", "name": "Team demo", "url": "https://cal.example/team"},
                {"id": "shsclnk_2", "name": "Not mapped for me", "url": None},
            ]
        },
    )
    links = list_scheduling_links(CloseClient("key", base_url=BASE))
    assert [(k.id, k.shared) for k in links] == [("schlnk_1", False), ("shsclnk_1", True)]
    assert links[0].label == "Intro"


def test_no_links_is_an_empty_tuple(rsps: responses.RequestsMock) -> None:
    rsps.get(BASE + "scheduling_link/", json={"data": []})
    rsps.get(BASE + "shared_scheduling_link/", json={"data": []})
    assert list_scheduling_links(CloseClient("key", base_url=BASE)) == ()

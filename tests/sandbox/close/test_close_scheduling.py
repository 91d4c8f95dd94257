"""Scheduling links: each user sees their own; shared ones show the caller's mapping."""

from __future__ import annotations

from sandbox.demo_data import COWORKERS

from .live import LiveClose


def test_the_demo_user_has_two_own_links_and_one_mapped_shared_link(demo_ro: LiveClose) -> None:
    own = demo_ro.get("/scheduling_link/").json()
    assert own["has_more"] is False
    assert [(k["name"], k["type"]) for k in own["data"]] == [
        ("Intro call (20 min)", "USER"),
        ("Product demo (45 min)", "USER"),
    ]
    assert all(
        k["id"].startswith("schlnk_") and k["url"].startswith("https://") for k in own["data"]
    )
    (shared,) = demo_ro.get("/shared_scheduling_link/").json()["data"]
    assert shared["type"] == "SHARED" and shared["url"].startswith("https://")
    assert "mappings" not in shared


def test_another_users_links_are_not_visible(demo_ro: LiveClose) -> None:
    jordan = COWORKERS[0].api_key
    (theirs,) = demo_ro.call("GET", "/scheduling_link/", key=jordan).json()["data"]
    assert demo_ro.get(f"/scheduling_link/{theirs['id']}/").status_code == 404
    assert demo_ro.call("GET", f"/scheduling_link/{theirs['id']}/", key=jordan).status_code == 200
    (shared,) = demo_ro.call("GET", "/shared_scheduling_link/", key=jordan).json()["data"]
    assert shared["url"] is None  # Jordan has not mapped the team's link


def test_the_lists_page_like_every_close_list(demo_ro: LiveClose) -> None:
    first = demo_ro.get("/scheduling_link/", params={"_limit": 1}).json()
    assert len(first["data"]) == 1 and first["has_more"] is True
    assert demo_ro.get("/scheduling_link/", params={"_limit": "x"}).status_code == 400

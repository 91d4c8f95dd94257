"""Authentication, /me/, organization and users, and Close-shaped 404/405 answers."""

from __future__ import annotations

import requests

from sandbox.demo_data import COWORKERS, DEMO_USER_EMAIL, MAIN_USER, ORG_NAME

from .live import LiveClose


def test_wrong_or_missing_key_is_401_with_error_string(demo_ro: LiveClose) -> None:
    wrong = demo_ro.get("/me/", key="api_nope.nope")
    missing = requests.get(demo_ro.api + "/me/", timeout=5)
    bearer = requests.get(
        demo_ro.api + "/me/", headers={"Authorization": f"Bearer {demo_ro.key}"}, timeout=5
    )
    for response in (wrong, missing, bearer):
        assert response.status_code == 401
        assert isinstance(response.json()["error"], str)


def test_me_has_user_org_statuses_pipelines_and_identities(demo_ro: LiveClose) -> None:
    me = demo_ro.get("/me/").json()
    assert (me["email"], me["first_name"], me["last_name"]) == (
        DEMO_USER_EMAIL,
        MAIN_USER.first_name,
        MAIN_USER.last_name,
    )
    assert me["id"].startswith("user_")
    org = me["organizations"][0]
    assert org["id"].startswith("orga_") and org["name"] == ORG_NAME
    assert [s["label"] for s in org["lead_statuses"]][:3] == [
        "Potential",
        "Interested",
        "Qualified",
    ]
    stages = {s["type"] for p in org["pipelines"] for s in p["statuses"]}
    assert stages == {"active", "won", "lost"}
    assert me["memberships"][0]["organization_id"] == org["id"]
    identities = me["email_accounts"][0]["identities"]
    assert identities == [{"email": DEMO_USER_EMAIL, "name": MAIN_USER.name}]


def test_keys_belong_to_their_users(demo_ro: LiveClose) -> None:
    me = demo_ro.get("/me/", key=COWORKERS[0].api_key).json()
    assert me["email"] == COWORKERS[0].email


def test_organization_with_memberships_and_fields(demo_ro: LiveClose) -> None:
    org_id = demo_ro.get("/me/").json()["organizations"][0]["id"]
    org = demo_ro.get(f"/organization/{org_id}/").json()
    assert org["currency"] == "USD"
    emails = {m["user_email"] for m in org["memberships"]}
    assert emails == {DEMO_USER_EMAIL, *(c.email for c in COWORKERS)}
    assert all(m["user_full_name"] and m["user_first_name"] for m in org["memberships"])
    trimmed = demo_ro.get(f"/organization/{org_id}/", params={"_fields": "lead_statuses"}).json()
    assert set(trimmed) == {"id", "lead_statuses"}
    missing = demo_ro.get("/organization/orga_missing/")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Empty query: Organization matching query does not exist."}


def test_users_list_and_one(demo_ro: LiveClose) -> None:
    users = demo_ro.get("/user/").json()
    assert users["has_more"] is False and len(users["data"]) == 1 + len(COWORKERS)
    one = demo_ro.get(f"/user/{users['data'][1]['id']}/").json()
    assert one["email"] == users["data"][1]["email"]
    assert demo_ro.get("/user/user_nobody/").status_code == 404


def test_lead_404_and_405_and_unknown_path(demo_ro: LiveClose) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = demo_ro.call(method, "/lead/wibble/", json={})
        assert response.status_code == 404
        assert response.json() == {"error": "Empty query: Lead matching query does not exist."}
    wrong_method = demo_ro.call("PATCH", "/lead/")
    assert wrong_method.status_code == 405 and "error" in wrong_method.json()
    assert demo_ro.call("POST", "/me/", json={}).status_code == 405
    assert demo_ro.get("/no_such_thing/").status_code == 404


def test_connected_accounts_per_user(demo_ro: LiveClose) -> None:
    me = demo_ro.get("/me/").json()
    accounts = demo_ro.get("/connected_account/", params={"user_id": me["id"]}).json()["data"]
    assert [a["email"] for a in accounts] == [DEMO_USER_EMAIL]

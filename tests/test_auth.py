"""Every route answers 401 to anything but a genuine Google request, and nothing runs."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import pytest
import responses

from sandbox.google import TokenIssuer
from tests.addon_client import PUBLIC_URL, Gmail
from tests.conftest import CLIENT_ID, ISSUER, SERVICE_ACCOUNT

ROUTES = ["/homepage", "/message", "/compose", "/menu/settings", "/menu/help", "/actions/connect"]


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _unsigned(audience: str) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": audience,
        "email": SERVICE_ACCOUNT,
        "email_verified": True,
        "iat": now,
        "exp": now + 600,
    }
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."


@pytest.fixture(scope="module")
def impostor() -> TokenIssuer:
    """Someone with their own key who copies the issuer name, key id and service account."""
    return TokenIssuer(
        issuer=ISSUER, service_account_email=SERVICE_ACCOUNT, oauth_client_id=CLIENT_ID
    )


Forge = Callable[[TokenIssuer, TokenIssuer, str], str | None]
FORGED: dict[str, Forge] = {
    "missing header": lambda i, x, url: None,
    "garbage": lambda i, x, url: "Bearer not-a-jwt",
    "basic scheme": lambda i, x, url: "Basic " + i.system_token(url),
    "wrong signer": lambda i, x, url: (
        "Bearer "
        + x.sign(
            {
                "iss": ISSUER,
                "aud": url,
                "email": SERVICE_ACCOUNT,
                "email_verified": True,
                "iat": int(time.time()),
                "exp": int(time.time()) + 600,
            },
            header={"kid": i.kid},
        )
    ),
    "alg none": lambda i, x, url: "Bearer " + _unsigned(url),
    "expired": lambda i, x, url: (
        "Bearer " + i.system_token(url, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    ),
    "wrong audience": lambda i, x, url: "Bearer " + i.system_token("https://evil.example.com/"),
    "another route's audience": lambda i, x, url: (
        "Bearer "
        + i.system_token(
            PUBLIC_URL + ("/menu/help" if not url.endswith("/menu/help") else "/homepage")
        )
    ),
    "wrong service account": lambda i, x, url: (
        "Bearer " + i.system_token(url, email="someone@evil.example.com")
    ),
    "unverified email": lambda i, x, url: "Bearer " + i.system_token(url, email_verified=False),
    "untrusted issuer": lambda i, x, url: (
        "Bearer " + i.system_token(url, iss="https://evil.example")
    ),
    "user token as system token": lambda i, x, url: "Bearer " + i.user_token("ann@ourco.example"),
}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("case", sorted(FORGED))
def test_forged_system_tokens_get_401(
    gmail: Gmail,
    issuer: TokenIssuer,
    impostor: TokenIssuer,
    upstream: responses.RequestsMock,
    route: str,
    case: str,
) -> None:
    header = FORGED[case](issuer, impostor, PUBLIC_URL + route)
    headers = {"Authorization": header} if header else {}
    response = gmail.client.post(
        route, json=gmail.event(form={"api_key": "api_x.y"}), headers=headers
    )
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "unauthorized" and body["reason"]
    assert set(body) == {"error", "reason"}
    # Nothing ran: no call went to Close.
    assert not [c for c in upstream.calls if "close" in c.request.url]


USER_FORGED: dict[str, Callable[[TokenIssuer, TokenIssuer], str | None]] = {
    "missing": lambda i, x: None,
    "another client's token": lambda i, x: i.user_token("ann@ourco.example", aud="other-client"),
    "wrong signer": lambda i, x: x.sign(
        {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "1",
            "email": "ann@ourco.example",
            "email_verified": True,
            "iat": int(time.time()),
            "exp": int(time.time()) + 600,
        },
        header={"kid": i.kid},
    ),
    "expired": lambda i, x: i.user_token(
        "ann@ourco.example", exp=int(time.time()) - 3600, iat=int(time.time()) - 7200
    ),
    "unverified email": lambda i, x: i.user_token("ann@ourco.example", email_verified=False),
    "no subject": lambda i, x: i.user_token("ann@ourco.example", sub=""),
}


@pytest.mark.parametrize("case", sorted(USER_FORGED))
def test_forged_user_tokens_get_401(
    gmail: Gmail, issuer: TokenIssuer, impostor: TokenIssuer, case: str
) -> None:
    event = gmail.event()
    event["authorizationEventObject"]["userIdToken"] = USER_FORGED[case](issuer, impostor)
    if event["authorizationEventObject"]["userIdToken"] is None:
        del event["authorizationEventObject"]["userIdToken"]
    response = gmail.post("/homepage", event)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_query_string_is_part_of_the_audience(gmail: Gmail, issuer: TokenIssuer) -> None:
    signed_for_plain = issuer.system_token(PUBLIC_URL + "/homepage")
    response = gmail.client.post(
        "/homepage?x=1", json=gmail.event(), headers={"Authorization": f"Bearer {signed_for_plain}"}
    )
    assert response.status_code == 401
    signed_with_query = issuer.system_token(PUBLIC_URL + "/homepage?x=1")
    response = gmail.client.post(
        "/homepage?x=1",
        json=gmail.event(),
        headers={"Authorization": f"Bearer {signed_with_query}"},
    )
    assert response.status_code == 200


def test_genuine_request_is_served(gmail: Gmail) -> None:
    body = gmail.trigger("/homepage")
    assert body["action"]["navigations"][0]["pushCard"]["name"] == "welcome"

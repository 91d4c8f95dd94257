"""A stand-in for the demo server, for the preview renderer's browser tests.

It mounts the real preview blueprint and fakes everything the page talks to: the
deployment descriptor, the sandbox token issuer, the demo inbox, and the add-on routes,
which answer whatever canned JSON a test sets and record every event they receive.
Tokens are plain strings (`sys|<audience>`) so a test can check the audience the page
asked for against the URL it then called.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.serving import make_server

from sandbox.preview import create_preview_blueprint

DEMO_KEY = "api_demo_0123456789abcdef"
USER = {"email": "alex.morgan@northwind-analytics.com", "name": "Alex Morgan"}
MESSAGES = [
    {
        "id": "msg-001",
        "threadId": "thr-001",
        "subject": "Pricing for the Q3 rollout",
        "from": "Dana Whitfield <dana@acme-robotics.com>",
        "case": "known contact",
        "date": "2025-06-03T09:15:00Z",
        "snippet": "Hi Alex, could you send the updated pricing before Friday?",
    },
    {
        "id": "msg-002",
        "threadId": "thr-002",
        "subject": "Intro: Northwind x Globex",
        "from": "Sam Ortega <sam@globex.example>",
        "case": "unknown sender",
        "date": "2025-06-02T16:40:00Z",
        "snippet": "Great to meet you last week.",
    },
]
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<rect width="24" height="24" rx="5" fill="#1463ff"/>'
    '<path d="M7 12a5 5 0 0 1 9-3" stroke="#fff" stroke-width="2.5" fill="none"/></svg>'
)


@dataclass
class Call:
    """One request the page made to an add-on route."""

    path: str
    url: str
    authorization: str
    body: dict[str, Any]

    @property
    def audience_ok(self) -> bool:
        """The bearer token was issued for exactly the URL that was called."""
        return self.authorization == f"Bearer sys|{self.url}"


@dataclass
class FakeAddon:
    """Canned responses by route path, and the calls received, for one test at a time."""

    responses: dict[str, Any] = field(default_factory=dict)
    held: dict[str, threading.Event] = field(default_factory=dict)  # answered once released
    statuses: dict[str, int] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    base_url: str = ""

    def reset(self) -> None:
        self.responses.clear()
        for gate in self.held.values():
            gate.set()
        self.held.clear()
        self.statuses.clear()
        self.calls.clear()

    def respond(self, path: str, body: Any, *, held: bool = False, status: int = 200) -> None:
        """Answer `path` with `body`; a held answer waits until the test releases it."""
        self.responses[path] = body
        self.statuses[path] = status
        if held:
            self.held[path] = threading.Event()

    def release(self, path: str) -> None:
        """Let a held answer go."""
        self.held.pop(path).set()

    def url(self, path: str) -> str:
        return f"{self.base_url}{path.lstrip('/')}"

    def calls_to(self, path: str) -> list[Call]:
        return [c for c in self.calls if c.path == path]

    def last(self, path: str) -> Call:
        calls = self.calls_to(path)
        assert calls, f"no call to {path}; calls: {[c.path for c in self.calls]}"
        return calls[-1]


def trigger_card(title: str, text: str = "") -> dict[str, Any]:
    """A trigger response (RenderActions) pushing a one-section card."""
    card = {
        "header": {"title": title},
        "sections": [{"widgets": [{"textParagraph": {"text": text or title}}]}],
    }
    return {"action": {"navigations": [{"pushCard": card}]}}


def deployment(base: str) -> dict[str, Any]:
    return {
        "oauthScopes": [
            "https://www.googleapis.com/auth/gmail.addons.execute",
            "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/script.locale",
        ],
        "addOns": {
            "common": {
                "name": "Close for Gmail",
                "logoUrl": f"{base}fake/logo.svg",
                "layoutProperties": {"primaryColor": "#1463ff", "secondaryColor": "#1463ff"},
                "useLocaleFromApp": True,
                "homepageTrigger": {"runFunction": f"{base}homepage", "enabled": True},
                "universalActions": [
                    {"label": "Settings", "runFunction": f"{base}menu/settings"},
                    {"label": "Help", "openLink": "https://help.close.com/docs/gmail"},
                ],
                "openLinkUrlPrefixes": ["https://app.close.com/", "https://help.close.com/"],
            },
            "gmail": {
                "contextualTriggers": [
                    {"unconditional": {}, "onTriggerFunction": f"{base}message"}
                ],
                "composeTrigger": {
                    "actions": [{"label": "Close for Gmail", "runFunction": f"{base}compose"}],
                    "draftAccess": "METADATA",
                },
            },
            "httpOptions": {"authorizationHeader": "SYSTEM_ID_TOKEN"},
        },
    }


def create_fake_app(fake: FakeAddon) -> Flask:
    app = Flask(__name__)
    app.register_blueprint(create_preview_blueprint())

    @app.get("/sandbox/deployment.json")
    def deployment_json() -> Response:
        return jsonify(deployment(request.host_url))

    @app.post("/sandbox/google/tokens")
    def tokens() -> Response:
        body = request.get_json(force=True)
        out = {
            "systemIdToken": f"sys|{body['audience']}",
            "userIdToken": f"user|{body['email']}",
            "userOAuthToken": "oauth-token",
        }
        if body.get("messageId"):
            out["accessToken"] = f"gmail|{body['messageId']}"
        return jsonify(out)

    @app.get("/sandbox/gmail/messages")
    def messages() -> Response:
        return jsonify(MESSAGES)

    @app.get("/sandbox/close/_demo")
    def demo_key() -> Response:
        return jsonify({"apiKey": DEMO_KEY})

    @app.get("/sandbox/user")
    def user() -> Response:
        return jsonify(USER)

    @app.get("/fake/logo.svg")
    def logo() -> Response:
        return Response(LOGO_SVG, mimetype="image/svg+xml")

    def answer(path: str) -> Response:
        fake.calls.append(
            Call(
                path=path,
                url=request.url,
                authorization=request.headers.get("Authorization", ""),
                body=request.get_json(force=True),
            )
        )
        gate = fake.held.get(path)
        if gate is not None:
            gate.wait(timeout=10)
        if path in fake.responses:
            response = jsonify(fake.responses[path])
            response.status_code = fake.statuses.get(path, 200)
            return response
        if path == "/homepage":
            return jsonify(trigger_card("Home", "No email open."))
        if path == "/message":
            return jsonify(trigger_card("Message card", "An email is open."))
        return jsonify({"renderActions": {"action": {"notification": {"text": f"ok {path}"}}}})

    for rule in ("/homepage", "/message", "/compose", "/menu/<name>", "/actions/<name>"):
        app.add_url_rule(
            rule,
            endpoint=rule,
            methods=["POST"],
            view_func=lambda **_: answer(request.path),
        )
    return app


class FakeServer:
    """The fake app on 127.0.0.1:<free port> in a background thread."""

    def __init__(self) -> None:
        self.fake = FakeAddon()
        self._server = make_server("127.0.0.1", 0, create_fake_app(self.fake), threaded=True)
        self.fake.base_url = f"http://127.0.0.1:{self._server.server_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeAddon:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

"""A live emulator on a loopback port (threaded werkzeug server), an HTTP helper, queries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
from flask import Flask
from werkzeug.serving import make_server

from sandbox.close import (
    CloseState,
    FaultConfig,
    RateLimitConfig,
    create_close_blueprint,
)

# Generous limits so ordinary tests never trip them; rate-limit tests configure their own.
ROOMY_LIMITS = RateLimitConfig(default_limit=100_000, search_limit=100_000)


@dataclass
class LiveClose:
    """A running emulator: its URLs, its state, and an authenticated session."""

    root: str  # http://127.0.0.1:PORT/sandbox/close
    state: CloseState
    key: str
    session: requests.Session = field(default_factory=requests.Session)

    @property
    def api(self) -> str:
        """Return the API base URL (ends with /api/v1)."""
        return f"{self.root}/api/v1"

    def call(
        self, method: str, path: str, *, key: str | None = None, **kw: Any
    ) -> requests.Response:
        """Call an API path (e.g. ``/lead/``) with the fixture's key (or another one)."""
        kw.setdefault("timeout", 10)
        return self.session.request(method, self.api + path, auth=(key or self.key, ""), **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        """GET an API path."""
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any, **kw: Any) -> requests.Response:
        """POST JSON to an API path."""
        return self.call("POST", path, json=body, **kw)

    def put(self, path: str, body: Any, **kw: Any) -> requests.Response:
        """PUT JSON to an API path."""
        return self.call("PUT", path, json=body, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        """DELETE an API path."""
        return self.call("DELETE", path, **kw)

    def control(self, method: str, name: str, body: Any = None) -> requests.Response:
        """Call a control endpoint such as ``_faults`` (no auth)."""
        return self.session.request(method, f"{self.root}/{name}", json=body, timeout=10)

    def search(self, body: dict[str, Any], **kw: Any) -> requests.Response:
        """POST /data/search/."""
        return self.post("/data/search/", body, **kw)


@contextmanager
def serve(state: CloseState, key: str) -> Iterator[LiveClose]:
    """Serve a state on a free loopback port for the duration of the block."""
    app = Flask("close-sandbox-test")
    app.register_blueprint(create_close_blueprint(state), url_prefix="/sandbox/close")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval keeps shutdown (and so each test) fast.
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    live = LiveClose(f"http://127.0.0.1:{server.server_port}/sandbox/close", state, key)
    try:
        yield live
    finally:
        state.faults.configure(FaultConfig())  # wake any request still hanging
        server.shutdown()
        server.server_close()
        live.session.close()


def email_query(*emails: str, mode: str = "phrase", target: str = "contact") -> dict[str, Any]:
    """Build the add-on's email lookup: contacts (or leads) having any of these emails."""
    conditions = [
        {
            "type": "field_condition",
            "field": {
                "type": "regular_field",
                "object_type": "contact_email",
                "field_name": "email",
            },
            "condition": {"type": "text", "mode": mode, "value": email},
        }
        for email in emails
    ]
    related = conditions[0] if len(conditions) == 1 else {"type": "or", "queries": conditions}
    hop = {
        "type": "has_related",
        "this_object_type": target,
        "related_object_type": "contact_email",
        "related_query": related,
    }
    return {"type": "and", "queries": [{"type": "object_type", "object_type": target}, hop]}

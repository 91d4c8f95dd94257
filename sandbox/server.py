"""The demo (`make demo`): the real add-on plus its stand-ins for Google and Close, one process.

Everything is served on one loopback origin. The add-on's routes sit at the root, as in
production, with ADDON_PUBLIC_URL set to that origin; only the trusted certs URL, issuer,
audiences and upstream URLs point at the sandbox. Nothing inside the add-on is faked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, jsonify, redirect
from flask.typing import ResponseReturnValue
from gunicorn.app.base import BaseApplication

from addon import create_app
from addon.config import Config
from addon.deployment import build_deployment
from addon.store import generate_key
from sandbox.close.routes import create_close_blueprint
from sandbox.close.state import CloseState
from sandbox.closeapp import create_close_app_blueprint
from sandbox.gmail import Inbox, create_gmail_blueprint
from sandbox.google import TokenIssuer, create_google_blueprint
from sandbox.inbox import DEMO_USER_EMAIL, DEMO_USER_NAME, fill_inbox
from sandbox.preview import create_preview_blueprint

SERVICE_ACCOUNT = "service-000000000000@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
OAUTH_CLIENT_ID = "000000000000-close-for-gmail-demo.apps.googleusercontent.com"


@dataclass
class Sandbox:
    """The stand-ins behind one demo app, for tests and benchmarks to reach into."""

    base_url: str
    issuer: TokenIssuer
    inbox: Inbox
    close: CloseState


def demo_config(base_url: str, data_dir: Path, **overrides: object) -> Config:
    """Return the add-on's config with every upstream pointed at the sandbox."""
    data_dir.mkdir(parents=True, exist_ok=True)
    values: dict[str, object] = {
        "public_url": base_url,
        "service_account_email": SERVICE_ACCOUNT,
        "oauth_client_id": OAUTH_CLIENT_ID,
        "secret_keys": (_demo_secret(data_dir),),
        "database_url": f"sqlite:///{(data_dir / 'demo.sqlite3').resolve()}",
        "close_api_url": f"{base_url}/sandbox/close/api/v1/",
        "close_app_url": f"{base_url}/sandbox/close/app/",
        "google_certs_url": f"{base_url}/sandbox/google/certs",
        "google_issuers": (f"{base_url}/sandbox/google",),
        "gmail_api_url": f"{base_url}/sandbox/gmail/",
    }
    values.update(overrides)
    return Config(**values)  # type: ignore[arg-type]


def _demo_secret(data_dir: Path) -> str:
    # Kept beside the demo store so a restart can still read the keys it saved.
    path = data_dir / "demo-secret.key"
    if not path.exists():
        path.write_text(generate_key())
        path.chmod(0o600)
    return path.read_text().strip()


def create_demo_app(
    base_url: str,
    data_dir: Path,
    *,
    large: bool = False,
    close: CloseState | None = None,
    **config_overrides: object,
) -> tuple[Flask, Sandbox]:
    """Build the add-on and mount the Google, Gmail and Close stand-ins beside it."""
    config = demo_config(base_url, data_dir, **config_overrides)
    issuer = TokenIssuer(
        issuer=f"{base_url}/sandbox/google",
        service_account_email=SERVICE_ACCOUNT,
        oauth_client_id=OAUTH_CLIENT_ID,
    )
    close = close or CloseState.from_demo(large=large)
    inbox = Inbox(owner=DEMO_USER_EMAIL)
    fill_inbox(inbox)
    sandbox = Sandbox(base_url=base_url, issuer=issuer, inbox=inbox, close=close)

    app = create_app(config)
    app.register_blueprint(create_google_blueprint(issuer), url_prefix="/sandbox/google")
    app.register_blueprint(create_gmail_blueprint(inbox, issuer), url_prefix="/sandbox/gmail")
    app.register_blueprint(create_close_blueprint(close), url_prefix="/sandbox/close")
    app.register_blueprint(create_close_app_blueprint(close), url_prefix="/sandbox/close/app")
    app.register_blueprint(create_preview_blueprint())
    _add_demo_routes(app, config)
    app.extensions["close_addon_sandbox"] = sandbox
    return app, sandbox


def _add_demo_routes(app: Flask, config: Config) -> None:
    @app.get("/")
    def index() -> ResponseReturnValue:
        return redirect("/preview")

    @app.get("/sandbox/deployment.json")
    def deployment() -> ResponseReturnValue:
        return jsonify(build_deployment(config.public_url, close_app_url=config.close_app_url))

    @app.get("/sandbox/user")
    def user() -> ResponseReturnValue:
        return jsonify(email=DEMO_USER_EMAIL, name=DEMO_USER_NAME)


class _DemoServer(BaseApplication):  # type: ignore[misc]
    """gunicorn serving one already-built app: one process (the sandbox lives in memory)."""

    def __init__(self, app: Flask, port: int) -> None:
        self.application = app
        self.port = port
        super().__init__()

    def load_config(self) -> None:
        # Threads, because the add-on calls the stand-ins on this same server; keep-alive,
        # so upstream calls reuse connections as they do against Google and Close.
        settings = {
            "bind": f"127.0.0.1:{self.port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": 64,
            "keepalive": 30,
            "timeout": 120,
            "loglevel": "warning",
            "accesslog": None,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run_demo(*, port: int, large: bool = False, data_dir: Path = Path("instance")) -> None:
    """Serve the demo on 127.0.0.1 until interrupted."""
    base_url = f"http://127.0.0.1:{port}"
    app, sandbox = create_demo_app(base_url, data_dir, large=large)
    print(f"\nClose for Gmail demo: {base_url}/preview", flush=True)
    print(f"Demo Close API key:  {sandbox.close.demo_api_key}", flush=True)
    print("Press Ctrl+C to stop.\n", flush=True)
    _DemoServer(app, port).run()

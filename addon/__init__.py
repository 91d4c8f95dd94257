"""Close for Gmail: the backend of a Google Workspace add-on for Close CRM."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from addon.auth import TokenVerifier
from addon.config import Config, load_config
from addon.known_people import known_people
from addon.shared_cache import connect_redis, row_copies
from addon.store import (
    CachedSettingsStore,
    FormLedger,
    KeyRing,
    LoggedEmails,
    SettingsStore,
    SqlSettingsStore,
    StagedChanges,
    create_tables,
    make_engine,
)
from addon.store.forms import lease_after

STATIC_DIR = Path(__file__).parent / "static"


def create_app(config: Config | None = None, *, store: SettingsStore | None = None) -> Flask:
    """Create the add-on's Flask app from a config (the environment's when none is given)."""
    from addon import logs, web
    from addon.services import Services

    config = config or load_config()
    logs.configure(config.log_level)
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    engine = make_engine(config.database_url)
    create_tables(engine)
    shared = connect_redis(config.redis_url) if config.redis_url else None
    copies = row_copies(shared)
    if store is None:
        keys = KeyRing(config.secret_keys)
        store = CachedSettingsStore(SqlSettingsStore(engine, keys), copies=copies("settings"))
    services = Services(
        config=config,
        store=store,
        staged=StagedChanges(engine, copies=copies("staged")),
        forms=FormLedger(engine, lease=lease_after(config.request_deadline_seconds)),
        logged=LoggedEmails(engine, copies=copies("logged")),
        known=known_people(config, engine, shared),
        redis=shared,
    )
    verifier = TokenVerifier(
        certs_url=config.google_certs_url,
        issuers=config.google_issuers,
        service_account_email=config.service_account_email,
        oauth_client_id=config.oauth_client_id,
    )
    app.extensions["close_addon"] = web.AddonState(services, verifier, engine)
    web.init_app(app)
    return app

"""Sample settings and raw-table readers shared by the store tests."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from addon.store import UserSettings
from addon.store.schema import user_settings

API_KEY = "api_1234567890.abcdefSECRET"

EVERY_FIELD = UserSettings(
    user_id="google-sub-1",
    google_email="rep@example.com",
    api_key=API_KEY,
    close_user_id="user_abc",
    close_user_email="rep@close.example",
    close_user_name="Renée O'Brien",
    close_org_id="orga_xyz",
    close_org_name="Acme, Inc. 🚀",
    view="contact",
    sections=frozenset({"tasks", "activities"}),
    activities_per_page=50,
    immediate_updates=False,
    create_initial_opportunity=True,
    aliases=("rep@acme.example", "sales@acme.example"),
)


def raw_row(engine: Engine, user_id: str) -> dict[str, object]:
    """Read a user's row straight from the table, bypassing the store."""
    query = select(user_settings).where(user_settings.c.user_id == user_id)
    with engine.connect() as connection:
        return dict(connection.execute(query).mappings().one())


def row_count(engine: Engine) -> int:
    """Count the rows in user_settings."""
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(user_settings)).scalar_one()

"""Database tables, on one shared MetaData that later tables (staged changes, marks…) join."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# Explicit constraint names keep future migrations identical on SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

user_settings = Table(
    "user_settings",
    metadata,
    # The verified Google `sub`: stable for the account, unlike its email address.
    Column("user_id", String(255), primary_key=True),
    Column("google_email", String(320), nullable=False, default=""),
    # Fernet token (see crypto.KeyRing); the plaintext key is never written.
    Column("api_key_encrypted", Text, nullable=True),
    Column("close_user_id", String(255), nullable=True),
    Column("close_user_email", String(320), nullable=True),
    Column("close_user_name", Text, nullable=True),
    Column("close_org_id", String(255), nullable=True),
    Column("close_org_name", Text, nullable=True),
    Column("view", String(16), nullable=False),
    Column("sections", JSON, nullable=False),
    Column("activities_per_page", Integer, nullable=False),
    Column("immediate_updates", Boolean, nullable=False),
    Column("create_initial_opportunity", Boolean, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

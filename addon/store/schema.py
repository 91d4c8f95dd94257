"""Database tables, all on one shared MetaData: settings, staged edits, forms, mail, people."""

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
    UniqueConstraint,
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

# Edits waiting to be sent together ("bulk updates"), one row per field of a record.
staged_changes = Table(
    "staged_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(255), nullable=False, index=True),
    Column("object_type", String(32), nullable=False),  # lead, contact, opportunity, task
    Column("object_id", String(255), nullable=False),
    Column("lead_id", String(255), nullable=False),
    Column("field", String(255), nullable=False),  # the Close field, e.g. status_id, custom.cf_…
    Column("value", JSON, nullable=True),  # what will be sent
    Column("label", Text, nullable=False),  # the field as the user knows it
    Column("shown", Text, nullable=False),  # the new value as the user will see it
    Column("error", Text, nullable=True),  # Close's reason when a send was refused
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "object_type", "object_id", "field", name="uq_staged_field"),
)

# Submitted creation forms, so a double click or a retried request creates nothing twice.
form_submissions = Table(
    "form_submissions",
    metadata,
    Column("user_id", String(255), primary_key=True),
    Column("form_id", String(64), primary_key=True),
    Column("state", String(16), nullable=False),  # pending, done, uncertain
    Column("result", JSON, nullable=True),  # what Close answered, once done
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Emails logged to Close from Gmail, so anyone in the organization sees "already logged".
logged_emails = Table(
    "logged_emails",
    metadata,
    Column("org_id", String(255), primary_key=True),
    Column("message_key", String(512), primary_key=True),  # the RFC Message-ID
    Column("lead_id", String(255), primary_key=True),
    Column("activity_id", String(255), nullable=False),
    Column("user_id", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Which lead and contact an address was last found on, per organization, so a cold open of
# mail from someone seen before loads their record beside the search (addon/store/known.py).
# The address is kept only as a keyed hash.
known_people = Table(
    "known_people",
    metadata,
    Column("org_id", String(255), primary_key=True),
    Column("address_hash", String(64), primary_key=True),  # HMAC-SHA256, hex
    Column("lead_id", String(255), nullable=False),
    Column("contact_id", String(255), nullable=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

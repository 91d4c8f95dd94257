"""One settings model for the whole add-on, read from environment variables.

Production needs the public URL Google calls, the add-on's service account, the OAuth
client id and at least one secret key; without them the add-on refuses to start with a
message that names what is missing. The sandbox (`make demo`) builds its own
Config pointing every upstream at itself.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable add-on."""


class Config(BaseSettings):
    """Every setting of the add-on; environment names are given in each field's alias."""

    model_config = SettingsConfigDict(env_prefix="ADDON_", extra="ignore", frozen=True)

    public_url: str = Field(description="The https base URL Google calls, without a trailing /")
    service_account_email: str = Field(description="The deployment's add-on service account")
    oauth_client_id: str = Field(description="The deployment's OAuth client id")
    secret_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        description="Fernet keys for API keys at rest, comma separated, newest first"
    )
    database_url: str = "sqlite:///instance/close-addon.sqlite3"
    # Several instances share caches and Close's rate budget through Redis; without it,
    # each keeps its own in memory, which is all one instance needs.
    redis_url: str | None = None
    close_api_url: str = Field(
        default="https://api.close.com/api/v1/",
        validation_alias=AliasChoices("CLOSE_API_URL", "ADDON_CLOSE_API_URL"),
    )
    close_app_url: str = Field(
        default="https://app.close.com/",
        validation_alias=AliasChoices("CLOSE_APP_URL", "ADDON_CLOSE_APP_URL"),
    )
    google_certs_url: str = Field(
        default=GOOGLE_CERTS_URL,
        validation_alias=AliasChoices("GOOGLE_CERTS_URL", "ADDON_GOOGLE_CERTS_URL"),
    )
    google_issuers: Annotated[tuple[str, ...], NoDecode] = Field(
        default=GOOGLE_ISSUERS,
        validation_alias=AliasChoices("GOOGLE_ISSUERS", "ADDON_GOOGLE_ISSUERS"),
    )
    gmail_api_url: str = Field(
        default="https://gmail.googleapis.com/",
        validation_alias=AliasChoices("GMAIL_API_URL", "ADDON_GMAIL_API_URL"),
    )
    help_url: str = "https://help.close.com/docs/api-keys"
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    request_deadline_seconds: float = Field(default=20.0, gt=0)
    close_timeout_seconds: float = Field(default=10.0, gt=0)
    log_level: str = "INFO"
    # The Google Cloud project id: it names the trace on each request's log line.
    google_cloud_project: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GOOGLE_CLOUD_PROJECT", "ADDON_GOOGLE_CLOUD_PROJECT"),
    )

    @field_validator("secret_keys", "google_issuers", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("public_url", mode="after")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("close_api_url", "gmail_api_url", "close_app_url", mode="after")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("secret_keys", mode="after")
    @classmethod
    def _at_least_one_key(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("needs at least one key")
        return value


def load_config(**overrides: object) -> Config:
    """Read the config from the environment, failing with the names of what is missing."""
    try:
        return Config(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            problems.append(f"{_env_name(field)}: {error['msg']}")
        raise ConfigError("Invalid add-on configuration:\n  " + "\n  ".join(problems)) from None


def _env_name(field: str) -> str:
    info = Config.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"ADDON_{field.upper()}"

"""compose.yaml: two add-on instances behind one port, on PostgreSQL and Redis, configured right.

No container runs here; what can be read is checked: the services, that every variable
the add-on instances get is one the add-on reads, and that the add-on's config accepts
their values, with the database and Redis pointing at the services of those names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices
from sqlalchemy.engine import make_url

from addon.config import Config, load_config

ROOT = Path(__file__).parent.parent
ADDONS = ("addon-1", "addon-2")
# The variables compose takes from the shell: a value for each, as an operator would give.
SHELL = {
    "ADDON_SERVICE_ACCOUNT_EMAIL": "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
    "ADDON_OAUTH_CLIENT_ID": "1234-addon.apps.googleusercontent.com",
    "ADDON_SECRET_KEYS": "Jf1jR2bq3cS0Zc6m7YkqAKuxn0r8Gx7o1l3Y5k2bQ0w=",
}
# Read by prometheus-client and Google Cloud's conventions rather than by the Config.
OUTSIDE_CONFIG = {"PROMETHEUS_MULTIPROC_DIR"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text()))


def _interpolate(value: str) -> str:
    """Resolve ${VAR}, ${VAR:-default} and ${VAR:?error} as compose does, from SHELL."""

    def one(found: re.Match[str]) -> str:
        name, op, rest = found.group(1), found.group(2), found.group(3) or ""
        if name in SHELL:
            return SHELL[name]
        assert op != ":?", f"{name} must be given"
        return rest if op == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", one, value)


def _environment(compose: dict[str, Any], service: str) -> dict[str, str]:
    return {k: _interpolate(str(v)) for k, v in compose["services"][service]["environment"].items()}


def _config_names() -> set[str]:
    names = set()
    for field, info in Config.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {str(choice) for choice in alias.choices}
        else:
            names.add(f"ADDON_{field.upper()}")
    return names


def test_postgres_redis_and_two_add_on_instances_behind_one_port(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "proxy", *ADDONS} <= set(services)
    for name in ADDONS:
        assert services[name]["build"] == "."
        assert services[name]["command"] == ["close-addon", "serve"]
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])
    (published,) = services["proxy"]["ports"]
    assert _interpolate(published) == "8080:8080"
    config_file = next(v for v in services["proxy"]["volumes"] if "nginx.conf" in v)
    nginx = (ROOT / config_file.split(":")[0].removeprefix("./")).read_text()
    for name in ADDONS:
        assert f"server {name}:8080;" in nginx
    assert "$request " not in nginx.replace("$request_", "")  # no query in the access log


def test_every_variable_of_the_instances_is_one_the_add_on_reads(compose: dict[str, Any]) -> None:
    known = _config_names() | OUTSIDE_CONFIG
    for name in ADDONS:
        assert set(_environment(compose, name)) <= known


def test_the_instances_config_is_valid_and_points_at_the_services(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = _environment(compose, "addon-1")
    assert environment == _environment(compose, "addon-2")
    for name in _config_names():
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = load_config()
    database = make_url(config.database_url)
    assert database.host == "postgres" and database.get_backend_name() == "postgresql"
    postgres = compose["services"]["postgres"]["environment"]
    assert database.username == postgres["POSTGRES_USER"]
    assert database.database == postgres["POSTGRES_DB"]
    assert database.password == _interpolate(postgres["POSTGRES_PASSWORD"])
    assert config.redis_url == "redis://redis:6379/0"
    assert config.secret_keys == (SHELL["ADDON_SECRET_KEYS"],)


def test_what_must_be_given_is_asked_for(compose: dict[str, Any]) -> None:
    # A missing secret or identity stops compose with a message, not the add-on later.
    raw = compose["services"]["addon-1"]["environment"]
    for name in SHELL:
        assert f"${{{name}:?" in raw[name]


def test_redis_evicts_only_keys_that_expire(compose: dict[str, Any]) -> None:
    # The shared caches' generation counter and epochs have no TTL and must never go.
    command = compose["services"]["redis"]["command"]
    policy = command[command.index("--maxmemory-policy") + 1]
    assert policy == "volatile-lru"

"""The add-on refuses to start without its production settings, and says which."""

from __future__ import annotations

import pytest

from addon.config import ConfigError, load_config

REQUIRED = {
    "ADDON_PUBLIC_URL": "https://addon.example.com/",
    "ADDON_SERVICE_ACCOUNT_EMAIL": "sa@example.com",
    "ADDON_OAUTH_CLIENT_ID": "client",
    "ADDON_SECRET_KEYS": "k1, k2",
}


def test_missing_settings_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in REQUIRED:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as error:
        load_config()
    for name in REQUIRED:
        assert name in str(error.value)


def test_environment_is_read_and_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLOSE_API_URL", "http://127.0.0.1:9/api/v1")
    monkeypatch.setenv("GOOGLE_ISSUERS", "https://a.example, https://b.example")
    config = load_config()
    assert config.public_url == "https://addon.example.com"
    assert config.secret_keys == ("k1", "k2")
    assert config.close_api_url == "http://127.0.0.1:9/api/v1/"
    assert config.google_issuers == ("https://a.example", "https://b.example")


def test_public_url_must_be_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ADDON_PUBLIC_URL", "addon.example.com")
    with pytest.raises(ConfigError, match="ADDON_PUBLIC_URL"):
        load_config()


def test_cli_exits_2_with_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from addon.cli import main

    for name in REQUIRED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *a, **k: None)
    assert main(["serve", "--port", "0"]) == 2
    assert "ADDON_PUBLIC_URL" in capsys.readouterr().err

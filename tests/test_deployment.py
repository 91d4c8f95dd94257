"""deployment.json and the Apps Script manifest match Google's published types."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from google.apps.script.type import CommonAddOnManifest, HttpOptions
from google.apps.script.type.gmail import GmailAddOnManifest
from google.cloud import gsuiteaddons_v1
from google.protobuf import json_format

from addon.cli import main
from addon.deployment import SCOPES, build_apps_script_manifest, build_deployment

ROOT = Path(__file__).parent.parent
PUBLIC = "https://addon.example.com"


def _strict(document: dict, message_type: type) -> None:
    json_format.ParseDict(document, message_type.pb()(), ignore_unknown_fields=False)


def _without_granular_option(deployment: dict) -> dict:
    # granularOauthPermissionSupport is in Google's HTTP manifest sample and required for
    # HTTP add-ons with user auth, but not yet in the published proto snapshot.
    document = copy.deepcopy(deployment)
    options = document["addOns"]["httpOptions"]
    assert options.pop("granularOauthPermissionSupport") == "OPT_IN"
    return document


def test_deployment_matches_gsuiteaddons_types() -> None:
    deployment = build_deployment(PUBLIC)
    _strict(_without_granular_option(deployment), gsuiteaddons_v1.Deployment)


def test_deployment_routes_are_the_served_routes() -> None:
    addons = build_deployment(PUBLIC)["addOns"]
    assert addons["common"]["homepageTrigger"]["runFunction"] == f"{PUBLIC}/homepage"
    assert addons["gmail"]["contextualTriggers"] == [
        {"unconditional": {}, "onTriggerFunction": f"{PUBLIC}/message"}
    ]
    assert addons["gmail"]["composeTrigger"]["actions"][0]["runFunction"] == f"{PUBLIC}/compose"
    menu = {a["label"]: a["runFunction"] for a in addons["common"]["universalActions"]}
    assert menu == {
        "Templates": f"{PUBLIC}/menu/templates",
        "Settings": f"{PUBLIC}/menu/settings",
        "Help": f"{PUBLIC}/menu/help",
    }
    assert addons["common"]["useLocaleFromApp"] is True
    assert addons["httpOptions"]["authorizationHeader"] == "SYSTEM_ID_TOKEN"
    for prefix in addons["common"]["openLinkUrlPrefixes"]:
        assert prefix.startswith("https://") and prefix.endswith("/")


def test_deployment_asks_for_exactly_the_scopes_needed() -> None:
    assert build_deployment(PUBLIC)["oauthScopes"] == [
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
        "https://www.googleapis.com/auth/gmail.addons.current.message.action",
        "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/script.locale",
    ]


def test_apps_script_manifest_matches_script_types() -> None:
    manifest = build_apps_script_manifest(PUBLIC)
    _strict(manifest["addOns"]["common"], CommonAddOnManifest)
    gmail = copy.deepcopy(manifest["addOns"]["gmail"])
    # Apps Script manifests spell compose actions `selectActions: [{text, runFunction}]`
    # (Google's manifest reference); the shared proto names the same list `actions` with
    # `label`. Check the content against the proto under the proto's names.
    compose = gmail["composeTrigger"]
    compose["actions"] = [
        {"label": a["text"], "runFunction": a["runFunction"]} for a in compose.pop("selectActions")
    ]
    _strict(gmail, GmailAddOnManifest)
    assert set(SCOPES) <= set(manifest["oauthScopes"])


def test_http_options_match_their_type() -> None:
    options = _without_granular_option(build_deployment(PUBLIC))["addOns"]["httpOptions"]
    _strict(options, HttpOptions)


def test_committed_descriptors_are_current() -> None:
    committed = json.loads((ROOT / "deployment.json").read_text())
    public = committed["addOns"]["common"]["homepageTrigger"]["runFunction"].rsplit("/", 1)[0]
    assert committed == build_deployment(public)
    manifest = json.loads((ROOT / "appsscript_manifest.json").read_text())
    assert manifest == build_apps_script_manifest(public)


def test_cli_writes_deployment_for_a_host(tmp_path: Path) -> None:
    out = tmp_path / "deployment.json"
    assert (
        main(["deployment", "--public-url", "https://gmail.ourco.example", "--output", str(out)])
        == 0
    )
    written = json.loads(out.read_text())
    assert written["addOns"]["common"]["homepageTrigger"]["runFunction"] == (
        "https://gmail.ourco.example/homepage"
    )


def test_cli_refuses_plain_http(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["deployment", "--public-url", "http://x.example", "--output", str(tmp_path / "d")])
        == 2
    )
    assert "https" in capsys.readouterr().err

"""The add-on's deployment descriptors, generated from one description.

`deployment.json` is what `gcloud workspace-add-ons deployments create` takes for the HTTP
runtime; `appsscript_manifest.json` describes the same add-on as an Apps Script manifest
(function names instead of URLs), for reference deployments. Both come from here so
their triggers, scopes and menu never drift apart.
"""

from __future__ import annotations

from typing import Any

ADDON_NAME = "Close for Gmail"
PRIMARY_COLOR = "#2962ff"
SECONDARY_COLOR = "#1a73e8"
CLOSE_APP_PREFIX = "https://app.close.com/"
HELP_PREFIX = "https://help.close.com/"

SCOPES = (
    "https://www.googleapis.com/auth/gmail.addons.execute",
    "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
    # The open email's body, only when the user clicks (Log email); never on open.
    "https://www.googleapis.com/auth/gmail.addons.current.message.action",
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/script.locale",
)

# (label, route, Apps Script function) of the add-on menu.
UNIVERSAL_ACTIONS = (
    ("Templates", "menu/templates", "onTemplates"),
    ("Settings", "menu/settings", "onSettings"),
    ("Help", "menu/help", "onHelp"),
)


def build_deployment(public_url: str, *, close_app_url: str = CLOSE_APP_PREFIX) -> dict[str, Any]:
    """Return deployment.json for the add-on served at public_url."""
    base = public_url.rstrip("/")
    return {
        "oauthScopes": list(SCOPES),
        "addOns": {
            "common": _common(base, close_app_url, apps_script=False),
            "gmail": {
                "contextualTriggers": [
                    {"unconditional": {}, "onTriggerFunction": f"{base}/message"}
                ],
                "composeTrigger": {
                    "actions": [
                        {
                            "label": "Close templates",
                            "runFunction": f"{base}/compose",
                            "logoUrl": f"{base}/static/logo-48.png",
                        }
                    ],
                    "draftAccess": "METADATA",
                },
            },
            "httpOptions": {
                "authorizationHeader": "SYSTEM_ID_TOKEN",
                "granularOauthPermissionSupport": "OPT_IN",
            },
        },
    }


def build_apps_script_manifest(public_url: str) -> dict[str, Any]:
    """Return the same add-on as an Apps Script manifest (appsscript.json)."""
    base = public_url.rstrip("/")
    return {
        "timeZone": "Etc/UTC",
        "runtimeVersion": "V8",
        "exceptionLogging": "STACKDRIVER",
        "dependencies": {},
        "oauthScopes": [*SCOPES, "https://www.googleapis.com/auth/script.external_request"],
        "urlFetchWhitelist": [f"{base}/", "https://api.close.com/"],
        "addOns": {
            "common": _common(base, CLOSE_APP_PREFIX, apps_script=True),
            "gmail": {
                "contextualTriggers": [
                    {"unconditional": {}, "onTriggerFunction": "onGmailMessageOpen"}
                ],
                "composeTrigger": {
                    "selectActions": [{"text": "Close templates", "runFunction": "onGmailCompose"}],
                    "draftAccess": "METADATA",
                },
            },
        },
    }


def _common(base: str, close_app_url: str, *, apps_script: bool) -> dict[str, Any]:
    # The HTTP runtime calls our URLs; Apps Script calls functions by name.
    def run(route: str, function: str) -> str:
        return function if apps_script else f"{base}/{route}"

    # Prefixes need a path ("https://host/" works, "https://host" does not).
    app = close_app_url if close_app_url.endswith("/") else close_app_url + "/"
    return {
        "name": ADDON_NAME,
        "logoUrl": f"{base}/static/logo-48.png",
        "layoutProperties": {"primaryColor": PRIMARY_COLOR, "secondaryColor": SECONDARY_COLOR},
        "useLocaleFromApp": True,
        "homepageTrigger": {"runFunction": run("homepage", "onHomepage"), "enabled": True},
        "universalActions": [
            {"label": label, "runFunction": run(route, function)}
            for label, route, function in UNIVERSAL_ACTIONS
        ],
        "openLinkUrlPrefixes": sorted({app, CLOSE_APP_PREFIX, HELP_PREFIX}),
    }

"""Every screen validates against Google's card schema, and the envelopes are exact."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from addon.registry import click
from addon.screens.error import ErrorView, Remedy, back, error_card
from addon.screens.help import help_card
from addon.screens.home import SearchArgs, search
from addon.screens.settings import disconnect_card, settings_card
from addon.screens.welcome import connected_card, welcome_card
from addon.store import UserSettings
from addon.ui import responses as r
from addon.ui.widgets import button, card, decorated, esc, header, open_link, section
from tests.cardcheck import card_text, validate_card, validate_response

GOLDEN = Path(__file__).parent / "golden"
KEYS_URL = "https://app.close.com/settings/developer/api-keys/"


SETTINGS = UserSettings(
    user_id="sub-ann",
    close_user_name="Ann <Rep>",
    close_user_email="ann@ourco.example",
    close_org_name="OurCo & Sons",
    view="lead",
    sections=frozenset({"tasks"}),
    activities_per_page=8,
    immediate_updates=True,
    create_initial_opportunity=False,
)


SCREENS = {
    "welcome": welcome_card(KEYS_URL),
    "welcome_error": welcome_card(KEYS_URL, error="No <b>"),
    "connected": connected_card(SETTINGS, close_url="https://app.close.com/"),
    "settings": settings_card(SETTINGS),
    "settings_error": settings_card(
        replace(SETTINGS, activities_per_page=12), typed_aliases="x", error="bad alias"
    ),
    "disconnect": disconnect_card("OurCo"),
    "help": help_card(help_url="https://help.close.com/docs/api-keys", keys_url=KEYS_URL),
    "error": error_card(
        ErrorView(
            "T",
            "happened",
            "do",
            (
                Remedy("Back", click(back)),
                Remedy("Open", open_link("https://app.close.com/")),
            ),
        )
    ),
}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_validates_against_google_card_schema(name: str) -> None:
    validate_card(SCREENS[name])


def test_data_is_escaped_in_html_widgets() -> None:
    text = json.dumps(SCREENS["settings"])
    assert "Ann &lt;Rep&gt;" in text and "OurCo &amp; Sons" in text
    assert "Ann <Rep>" not in text


def test_settings_keeps_an_unlisted_page_size_selected() -> None:
    widgets = [w for s in SCREENS["settings_error"]["sections"] for w in s["widgets"]]
    dropdown = next(
        w["selectionInput"]
        for w in widgets
        if w.get("selectionInput", {}).get("name") == "activities_per_page"
    )
    assert [i["value"] for i in dropdown["items"] if i["selected"]] == ["12"]
    assert "bad alias" in card_text(SCREENS["settings_error"])


def test_error_remedies_in_the_add_on_are_filled_and_pages_are_links() -> None:
    back, page = SCREENS["error"]["sections"][0]["widgets"][-1]["buttonList"]["buttons"]
    assert back["onClick"] == {"action": {"function": "actions/back"}} and "color" in back
    assert page["onClick"] == {"openLink": {"url": "https://app.close.com/"}}
    assert "color" not in page


def test_help_says_the_email_text_is_read_when_logging_it() -> None:
    text = card_text(SCREENS["help"])
    assert "reads the email's text only when you click Log email" in text
    assert "The add-on reads only the headers" not in text


def test_welcome_card_matches_golden_json() -> None:
    golden = json.loads((GOLDEN / "welcome.json").read_text())
    assert SCREENS["welcome"] == golden


def test_schema_check_rejects_a_typo() -> None:
    broken = card(section(decorated("x")), header=header("T"), name="t")
    broken["sections"][0]["widgets"][0]["decoratedText"]["knownIcon"] = "EMAIL"
    with pytest.raises(Exception, match="knownIcon"):
        validate_card(broken)


def test_decorated_text_holds_one_control() -> None:
    with pytest.raises(ValueError, match="one control"):
        decorated("x", button=button("b", click(back)), switch={"name": "s"})


def test_esc_escapes_markup() -> None:
    assert esc("<script>&") == "&lt;script&gt;&amp;"


PUBLIC = "https://addon.example.com"


def _render(intent: r.Intent, kind: r.RouteKind, *, public_url: str) -> dict:
    """Return the body for this route kind exactly as it is sent, as a dict."""
    parsed: dict = json.loads(r.to_json(r.envelope(intent, kind), public_url=public_url))
    return parsed


CARD = card(
    section(decorated("hi", button=button("Go", click(search, SearchArgs(query="Acme Inc"))))),
    header=header("C"),
    name="c",
)


def test_trigger_envelope_is_render_actions() -> None:
    body = _render(r.push(CARD), "trigger", public_url=PUBLIC)
    assert set(body) == {"action"}
    validate_response(body, "trigger", public_url=PUBLIC)
    function = body["action"]["navigations"][0]["pushCard"]["sections"][0]["widgets"][0][
        "decoratedText"
    ]["button"]["onClick"]["action"]["function"]
    assert function == f"{PUBLIC}/actions/search?query=Acme+Inc"


def test_callback_envelope_wraps_render_actions() -> None:
    intent = r.pop().then(r.update(CARD)).changed().with_notification("Saved")
    body = _render(intent, "callback", public_url=PUBLIC)
    assert body["stateChanged"] is True
    assert body["renderActions"]["action"]["notification"] == {"text": "Saved"}
    assert [list(n) for n in body["renderActions"]["action"]["navigations"]] == [
        ["pop"],
        ["updateCard"],
    ]
    validate_response(body, "callback", public_url=PUBLIC)


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        (r.pop_to_root(), {"navigations": [{"popToRoot": True}]}),
        (r.notify("Hi"), {"notification": {"text": "Hi"}}),
    ],
)
def test_intents_render_exactly(intent: r.Intent, expected: dict) -> None:
    assert _render(intent, "callback", public_url=PUBLIC) == {"renderActions": {"action": expected}}


def test_update_draft_goes_in_host_app_action() -> None:
    body = _render(
        r.update_draft(body_html="<p>Hi</p>", subject="S"), "callback", public_url=PUBLIC
    )
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    assert markup["updateBody"]["insertContents"][0] == {
        "content": "<p>Hi</p>",
        "contentType": "MUTABLE_HTML",
    }
    assert markup["updateSubject"] == {"subject": "S"}


def test_wrong_envelopes_are_caught_by_the_checker() -> None:
    trigger_body = _render(r.push(CARD), "trigger", public_url=PUBLIC)
    with pytest.raises(AssertionError):
        validate_response(trigger_body, "callback", public_url=PUBLIC)
    callback_body = _render(r.push(CARD), "callback", public_url=PUBLIC)
    with pytest.raises(AssertionError):
        validate_response(callback_body, "trigger", public_url=PUBLIC)


def test_action_urls_are_made_absolute_but_text_that_looks_alike_is_not() -> None:
    tricky = 'a subject with "function":"actions/evil" inside'
    body = _render(
        r.push(
            card(
                section(decorated(tricky, button=button("Go", click(back)))),
                header=header("T"),
                name="t",
            )
        ),
        "trigger",
        public_url=PUBLIC,
    )
    widget = body["action"]["navigations"][0]["pushCard"]["sections"][0]["widgets"][0]
    assert widget["decoratedText"]["text"] == tricky
    assert widget["decoratedText"]["button"]["onClick"]["action"]["function"] == (
        f"{PUBLIC}/actions/back"
    )

"""The preview page against a fake add-on: rendering, events, envelopes, navigation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Console
from tests.e2e.fake_addon import FakeAddon
from tests.e2e.sample_cards import callback, kitchen_sink, simple_card, trigger

pytestmark = pytest.mark.e2e


def open_preview(page: Page, fake: FakeAddon) -> Locator:
    """Load /preview and wait for the homepage card; returns the sidebar."""
    page.goto(fake.url("/preview"))
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1")
    return sidebar


def responses(sidebar: Locator) -> int:
    return int(sidebar.get_attribute("data-responses") or 0)


def click_and_wait(sidebar: Locator, target: Locator) -> None:
    """Click something that calls the add-on and wait until its response is applied."""
    before = responses(sidebar)
    target.click()
    expect(sidebar).to_have_attribute("data-responses", str(before + 1))


def title(sidebar: Locator) -> Locator:
    return sidebar.locator(".sb-body .card-title").first


def flags(sidebar: Locator) -> Locator:
    return sidebar.locator(".sb-flags .problem")


def test_every_widget_kind_renders_and_unknowns_are_loud(
    page: Page, fake: FakeAddon, console: Console
) -> None:
    fake.respond("/homepage", trigger(kitchen_sink(fake.base_url)))
    sidebar = open_preview(page, fake)
    card = sidebar.locator(".sb-body .card")

    expect(title(sidebar)).to_have_text("Dana Whitfield")
    expect(card.locator(".card-subtitle")).to_have_text("Acme Robotics · Potential")
    expect(card.locator(".card-header-img.circle")).to_have_count(1)
    for kind in (
        "textParagraph",
        "decoratedText",
        "buttonList",
        "textInput",
        "selectionInput",
        "dateTimePicker",
        "divider",
        "image",
        "grid",
        "columns",
        "chipList",
    ):
        assert card.locator(f".widget[data-widget='{kind}']").count() >= 1, kind
    for kind in ("DROPDOWN", "CHECK_BOX", "RADIO_BUTTON", "SWITCH", "MULTI_SELECT"):
        expect(card.locator(f"fieldset[data-type='{kind}']")).to_have_count(1)
    for kind in ("DATE_ONLY", "DATE_AND_TIME", "TIME_ONLY"):
        expect(card.locator(f".field-dateTimePicker[data-type='{kind}']")).to_have_count(1)
    expect(card.locator("[data-known-icon='EMAIL']")).to_have_count(1)
    expect(card.locator("[data-widget='switchControl'] input")).to_be_checked()
    expect(card.locator(".w-columns .column")).to_have_count(2)
    expect(card.locator(".grid-item")).to_have_count(2)
    expect(card.get_by_role("button", name="Delete")).to_be_disabled()

    # The HTML subset survives, everything else is gone and never ran.
    paragraph = card.locator(".widget-textParagraph").first
    expect(paragraph.locator("b")).to_have_text("Bold")
    expect(paragraph.locator("a")).to_have_text("Open in Close")
    assert paragraph.locator("script, img").count() == 0
    assert page.evaluate("window.__xss") is None

    # Unknown widget, unknown field, invalid enum: red boxes with the JSON, console errors.
    boxes = card.locator(".problem[data-widget='problem']")
    expect(boxes).to_have_count(3)
    expect(boxes.nth(0)).to_contain_text('unknown field "fancyWidget"')
    expect(boxes.nth(0).locator(".problem-json")).to_contain_text("Google does not know me")
    expect(boxes.nth(1)).to_contain_text('unknown field "fontSize"')
    expect(boxes.nth(2)).to_contain_text('invalid enum value "RADIO"')
    assert sum("[preview]" in e for e in console.errors) >= 3

    # Collapsible section: two widgets shown, the rest behind Show more / Show less.
    hidden = card.get_by_text("Hidden until Show more")
    expect(hidden).to_be_hidden()
    card.get_by_role("button", name="Show more").click()
    expect(hidden).to_be_visible()
    card.get_by_role("button", name="Show less").click()
    expect(hidden).to_be_hidden()

    # Fixed footer pinned outside the scrolling card; card actions in the add-on menu.
    footer = sidebar.locator(".sb-footer")
    expect(footer.get_by_role("button", name="Log call")).to_have_css(
        "background-color", "rgb(20, 99, 255)"
    )
    expect(footer.get_by_role("button", name="Cancel")).to_be_visible()
    sidebar.get_by_role("button", name="More options").click()
    items = sidebar.locator(".sb-header .sb-menu-item")
    expect(items).to_have_text(["Refresh", "Settings", "Help"])


def test_click_posts_the_event_with_google_form_input_shapes(page: Page, fake: FakeAddon) -> None:
    fake.respond("/message", trigger(kitchen_sink(fake.base_url)))
    sidebar = open_preview(page, fake)
    click_and_wait(sidebar, page.get_by_text("Pricing for the Q3 rollout"))
    card = sidebar.locator(".sb-body .card")

    card.get_by_label("Note").fill("Call back Monday")
    card.locator("fieldset[data-type='SWITCH'] .choice").click()
    fake.respond("/actions/save", callback(notification="Saved"))
    click_and_wait(sidebar, card.get_by_role("button", name="Save"))

    call = fake.last("/actions/save")
    assert call.audience_ok, call.authorization
    assert call.url == fake.url("/actions/save")
    common = call.body["commonEventObject"]
    assert common["hostApp"] == "GMAIL" and common["platform"] == "WEB"
    assert common["userLocale"] == "en-US"
    assert set(common["timeZone"]) == {"id", "offset"}
    assert common["parameters"] == {"leadId": "lead_123", "mode": "edit"}
    assert common["formInputs"] == {
        "notify": {"stringInputs": {"value": ["yes"]}},
        "note": {"stringInputs": {"value": ["Call back Monday"]}},
        "amount": {"stringInputs": {"value": ["1200"]}},
        "status": {"stringInputs": {"value": ["stat_pot"]}},
        "tags": {"stringInputs": {"value": ["lead"]}},
        "channel": {"stringInputs": {"value": ["phone"]}},
        "flags": {"stringInputs": {"value": ["urgent"]}},
        "owners": {"stringInputs": {"value": ["u_alex"]}},
        "due": {"dateInput": {"msSinceEpoch": "1672531200000"}},
        "callAt": {
            "dateTimeInput": {"msSinceEpoch": "1672574400000", "hasDate": True, "hasTime": True}
        },
        "remindAt": {"timeInput": {"hours": 14, "minutes": 30}},
    }
    assert call.body["gmail"] == {
        "messageId": "msg-001",
        "threadId": "thr-001",
        "accessToken": "gmail|msg-001",
    }
    auth = call.body["authorizationEventObject"]
    assert auth["systemIdToken"] == f"sys|{call.url}"
    assert auth["userIdToken"] == "user|alex.morgan@northwind-analytics.com"
    assert auth["userOAuthToken"] == "oauth-token"

    # Unselected switches and emptied inputs are omitted, as Google does.
    card.get_by_role("button", name="Show more").click()
    card.locator("[data-widget='switchControl']").click()
    card.get_by_label("Amount").fill("")
    click_and_wait(sidebar, card.get_by_role("button", name="Save"))
    inputs = fake.last("/actions/save").body["commonEventObject"]["formInputs"]
    assert "notify" not in inputs and "amount" not in inputs
    expect(sidebar.locator(".sb-toast")).to_have_text("Saved")


def test_required_widgets_and_validation_block_the_call(page: Page, fake: FakeAddon) -> None:
    fake.respond("/homepage", trigger(kitchen_sink(fake.base_url)))
    sidebar = open_preview(page, fake)
    card = sidebar.locator(".sb-body .card")

    card.get_by_role("button", name="Save").click()
    note = card.locator(".field-textInput[data-name='note']")
    expect(note).to_have_class("field field-textInput invalid")
    expect(note.locator(".field-error")).to_have_text("Required")

    card.get_by_label("Note").fill("ok")
    card.get_by_label("Amount").fill("12.5")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".field-textInput[data-name='amount'] .field-error")).to_have_text(
        "Enter a whole number"
    )
    page.wait_for_timeout(200)
    assert fake.calls_to("/actions/save") == []


def test_wrong_envelopes_are_flagged_and_right_ones_are_not(page: Page, fake: FakeAddon) -> None:
    base = fake.base_url
    fake.respond("/homepage", callback({"pushCard": simple_card("Root", base=base)}))
    sidebar = open_preview(page, fake)
    expect(flags(sidebar)).to_contain_text("Trigger response uses the callback envelope")
    expect(title(sidebar)).to_have_text("Root")

    fake.respond(
        "/actions/next", {"action": {"navigations": [{"pushCard": simple_card("Two", base=base)}]}}
    )
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Next"))
    expect(flags(sidebar)).to_contain_text('missing the "renderActions" wrapper')
    expect(title(sidebar)).to_have_text("Two")

    fake.respond("/actions/next", callback({"updateCard": simple_card("Three", base=base)}))
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Next"))
    expect(title(sidebar)).to_have_text("Three")
    expect(sidebar.locator(".sb-flags > *")).to_have_count(0)

    fake.respond("/actions/next", {"error": "boom"}, status=500)
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Next"))
    expect(flags(sidebar)).to_contain_text("HTTP 500")
    expect(title(sidebar)).to_have_text("Three")


def test_navigation_stack_and_back_arrow(page: Page, fake: FakeAddon) -> None:
    base = fake.base_url
    fake.respond("/homepage", trigger(simple_card("Root", name="root", base=base)))
    sidebar = open_preview(page, fake)
    back = sidebar.get_by_role("button", name="Back")
    expect(back).to_be_hidden()

    def step(*navigations: dict[str, Any]) -> None:
        fake.respond("/actions/next", callback(*navigations))
        click_and_wait(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Next"))

    step({"pushCard": simple_card("Second", name="second", base=base)})
    expect(title(sidebar)).to_have_text("Second")
    expect(back).to_be_visible()
    step({"pushCard": simple_card("Third", base=base)})
    expect(sidebar).to_have_attribute("data-depth", "3")

    # updateCard keeps what the user typed in equivalent fields (same name and kind).
    sidebar.get_by_label("Note").fill("typed by the user")
    step({"updateCard": simple_card("Third updated", base=base)})
    expect(title(sidebar)).to_have_text("Third updated")
    expect(sidebar.get_by_label("Note")).to_have_value("typed by the user")
    expect(sidebar).to_have_attribute("data-depth", "3")
    # ... and drops it where the field is not equivalent (here: now multi-line).
    sidebar.get_by_label("Note").fill("typed again")
    changed = simple_card("Third changed", base=base)
    changed["sections"][0]["widgets"][1]["textInput"]["type"] = "MULTIPLE_LINE"
    step({"updateCard": changed})
    expect(sidebar.get_by_label("Note")).to_have_value("")

    step({"popToCard": "second"})
    expect(title(sidebar)).to_have_text("Second")
    step(
        {"pushCard": simple_card("Fourth", base=base)},
        {"pushCard": simple_card("Fifth", base=base)},
    )
    expect(sidebar).to_have_attribute("data-depth", "4")
    step({"pop": True})
    expect(title(sidebar)).to_have_text("Fourth")
    step({"popToRoot": True})
    expect(title(sidebar)).to_have_text("Root")
    expect(back).to_be_hidden()

    # The back arrow pops client-side, without calling the add-on.
    step({"pushCard": simple_card("Pushed", base=base)})
    calls = len(fake.calls)
    back.click()
    expect(title(sidebar)).to_have_text("Root")
    assert len(fake.calls) == calls

    step({"popToCard": "nope"})
    expect(flags(sidebar)).to_contain_text('no card named "nope"')


def test_toast_links_and_open_link_allow_list(page: Page, fake: FakeAddon) -> None:
    fake.respond("/homepage", trigger(kitchen_sink(fake.base_url)))
    sidebar = open_preview(page, fake)

    fake.respond("/actions/chip", callback(notification="Lead updated"))
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Hot"))
    toast = sidebar.locator(".sb-toast")
    expect(toast).to_have_text("Lead updated")
    expect(toast).to_be_hidden(timeout=6000)

    fake.respond(
        "/actions/star",
        {"renderActions": {"action": {"link": {"url": "https://app.close.com/lead/1/"}}}},
    )
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Star"))
    expect(sidebar.locator(".sb-flags > *")).to_have_count(0)

    fake.respond(
        "/actions/star",
        {"renderActions": {"action": {"link": {"url": "https://evil.example.com/x"}}}},
    )
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Star"))
    expect(flags(sidebar)).to_contain_text("Google would refuse this link")

    sidebar.get_by_role("button", name="Tonal").click()
    sidebar.get_by_role("button", name="More options").click()
    sidebar.locator(".sb-menu-item", has_text="Help").click()
    opened = page.evaluate("window.__opened")
    assert opened == [
        ["https://app.close.com/lead/1/", "_blank"],
        ["https://evil.example.com/x", "_blank"],
        ["https://app.close.com/x/", "_blank"],
        ["https://help.close.com/docs/gmail", "_blank"],
    ]


def test_spinner_unless_load_indicator_none(page: Page, fake: FakeAddon) -> None:
    base = fake.base_url
    card = simple_card("Root", base=base)
    quiet = {
        "text": "Quiet",
        "onClick": {"action": {"function": f"{base}actions/quiet", "loadIndicator": "NONE"}},
    }
    card["sections"][0]["widgets"][2]["buttonList"]["buttons"].append(quiet)
    fake.respond("/homepage", trigger(card))
    sidebar = open_preview(page, fake)
    progress = sidebar.locator(".sb-progress")

    fake.respond("/actions/next", callback(notification="slow"), held=True)
    sidebar.get_by_role("button", name="Next").click()
    expect(progress).to_be_visible()
    fake.release("/actions/next")
    expect(progress).to_be_hidden()

    fake.respond("/actions/quiet", callback(notification="quiet"), held=True)
    sidebar.get_by_role("button", name="Quiet").click()
    expect(sidebar).to_have_attribute("data-state", "busy")
    expect(progress).to_be_hidden()
    fake.release("/actions/quiet")
    expect(sidebar).to_have_attribute("data-state", "idle")


def test_universal_action_from_the_add_on_menu(page: Page, fake: FakeAddon) -> None:
    fake.respond("/menu/settings", trigger(simple_card("Settings", base=fake.base_url)))
    sidebar = open_preview(page, fake)
    sidebar.get_by_role("button", name="More options").click()
    click_and_wait(sidebar, sidebar.locator(".sb-menu-item", has_text="Settings"))
    expect(title(sidebar)).to_have_text("Settings")
    expect(sidebar.get_by_role("button", name="Back")).to_be_visible()
    call = fake.last("/menu/settings")
    assert call.audience_ok and "gmail" not in call.body


def test_compose_trigger_and_draft_update(page: Page, fake: FakeAddon) -> None:
    fake.respond("/compose", trigger(simple_card("Insert", base=fake.base_url)))
    sidebar = open_preview(page, fake)
    page.get_by_role("button", name="Compose").click()
    page.get_by_label("To").fill("dana@acme-robotics.com")
    click_and_wait(sidebar, page.locator(".compose-addon"))
    assert fake.last("/compose").body["gmail"]["toRecipients"] == ["dana@acme-robotics.com"]

    update = {
        "updateBody": {
            "insertContents": [{"content": "Hi Dana,", "contentType": "TEXT"}],
            "type": "IN_PLACE_INSERT",
        }
    }
    fake.respond(
        "/actions/next",
        {"renderActions": {"hostAppAction": {"gmailAction": {"updateDraftActionMarkup": update}}}},
    )
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Next"))
    expect(page.locator(".compose-body")).to_have_text("Hi Dana,")


def test_peek_card_and_state_changed_refreshes_the_homepage(page: Page, fake: FakeAddon) -> None:
    base = fake.base_url
    peek = simple_card("Peeked", base=base)
    peek.update(displayStyle="PEEK", peekCardHeader={"title": "Contact found", "subtitle": "dana@"})
    fake.respond(
        "/homepage",
        {
            "action": {
                "navigations": [{"pushCard": simple_card("Home", base=base)}, {"pushCard": peek}]
            }
        },
    )
    sidebar = open_preview(page, fake)
    expect(title(sidebar)).to_have_text("Home")
    sidebar.locator(".sb-peek").get_by_role("button").click()
    expect(title(sidebar)).to_have_text("Peeked")

    # A callback that says stateChanged makes Gmail refresh the other (homepage) stack.
    fake.respond("/message", trigger(simple_card("Message", base=base)))
    click_and_wait(sidebar, page.locator(".mail-row").first)
    fake.respond("/actions/next", {**callback(notification="Changed"), "stateChanged": True})
    click_and_wait(sidebar, sidebar.get_by_role("button", name="Next"))
    assert len(fake.calls_to("/homepage")) == 1
    click_and_wait(sidebar, page.locator("#inbox-nav"))
    assert len(fake.calls_to("/homepage")) == 2

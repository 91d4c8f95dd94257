"""Canned cards for the renderer tests: one card holding every widget kind, plus the
small cards the navigation tests push around. Shapes follow Card v1 (google-addon-http.md §3).
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def action(base: str, name: str, **extra: Any) -> Json:
    return {"function": f"{base}actions/{name}", **extra}


def callback(*navigations: Json, notification: str | None = None) -> Json:
    """A callback response (SubmitFormResponse)."""
    act: Json = {}
    if navigations:
        act["navigations"] = list(navigations)
    if notification:
        act["notification"] = {"text": notification}
    return {"renderActions": {"action": act}}


def trigger(card: Json) -> Json:
    """A trigger response (RenderActions)."""
    return {"action": {"navigations": [{"pushCard": card}]}}


def simple_card(title: str, name: str | None = None, base: str = "") -> Json:
    card: Json = {
        "header": {"title": title},
        "sections": [
            {
                "widgets": [
                    {"textParagraph": {"text": f"This is {title}."}},
                    {
                        "textInput": {
                            "name": "note",
                            "label": "Note",
                            "value": "",
                        }
                    },
                    {
                        "buttonList": {
                            "buttons": [
                                {
                                    "text": "Next",
                                    "onClick": {"action": action(base, "next")},
                                }
                            ]
                        }
                    },
                ]
            }
        ],
    }
    if name:
        card["name"] = name
    return card


def kitchen_sink(base: str) -> Json:
    """One card with every widget kind, one unknown widget, and one invalid enum."""
    save = action(
        base,
        "save",
        parameters=[{"key": "leadId", "value": "lead_123"}, {"key": "mode", "value": "edit"}],
        persistValues=True,
        requiredWidgets=["note"],
    )
    return {
        "name": "sink",
        "header": {
            "title": "Dana Whitfield",
            "subtitle": "Acme Robotics · Potential",
            "imageUrl": f"{base}fake/logo.svg",
            "imageType": "CIRCLE",
        },
        "sections": [
            {
                "header": "Contact",
                "collapsible": True,
                "uncollapsibleWidgetsCount": 2,
                "widgets": [
                    {
                        "textParagraph": {
                            "text": "<b>Bold</b> <i>it</i> <u>u</u> "
                            "<font color='#d93025'>red</font>"
                            "<br><a href='https://app.close.com/lead/lead_123/'>Open in Close</a>"
                            "<script>window.__xss = 1</script><img src=x onerror='window.__xss=2'>"
                        }
                    },
                    {
                        "decoratedText": {
                            "startIcon": {"knownIcon": "EMAIL"},
                            "topLabel": "Email",
                            "text": "dana@acme-robotics.com",
                            "bottomLabel": "work",
                            "wrapText": True,
                            "button": {
                                "text": "Copy",
                                "onClick": {"action": action(base, "copy")},
                            },
                        }
                    },
                    {
                        "decoratedText": {
                            "startIcon": {"knownIcon": "PHONE"},
                            "text": "+1 555 0100",
                            "switchControl": {
                                "name": "notify",
                                "value": "yes",
                                "selected": True,
                                "controlType": "SWITCH",
                            },
                        }
                    },
                    {
                        "decoratedText": {
                            "startIcon": {"materialIcon": {"name": "star"}},
                            "text": "Hidden until Show more",
                            "endIcon": {"knownIcon": "STAR"},
                        }
                    },
                ],
            },
            {
                "header": "Edit",
                "widgets": [
                    {"textInput": {"name": "note", "label": "Note", "type": "MULTIPLE_LINE"}},
                    {
                        "textInput": {
                            "name": "amount",
                            "label": "Amount",
                            "value": "1200",
                            "validation": {"inputType": "INTEGER", "characterLimit": 10},
                        }
                    },
                    {
                        "selectionInput": {
                            "name": "status",
                            "label": "Status",
                            "type": "DROPDOWN",
                            "items": [
                                {"text": "Potential", "value": "stat_pot", "selected": True},
                                {"text": "Won", "value": "stat_won"},
                            ],
                        }
                    },
                    {
                        "selectionInput": {
                            "name": "tags",
                            "label": "Tags",
                            "type": "CHECK_BOX",
                            "items": [
                                {"text": "Lead", "value": "lead", "selected": True},
                                {"text": "Customer", "value": "customer"},
                            ],
                        }
                    },
                    {
                        "selectionInput": {
                            "name": "channel",
                            "label": "Channel",
                            "type": "RADIO_BUTTON",
                            "items": [
                                {"text": "Email", "value": "email"},
                                {"text": "Phone", "value": "phone", "selected": True},
                            ],
                        }
                    },
                    {
                        "selectionInput": {
                            "name": "flags",
                            "label": "Flags",
                            "type": "SWITCH",
                            "items": [{"text": "Urgent", "value": "urgent"}],
                        }
                    },
                    {
                        "selectionInput": {
                            "name": "owners",
                            "label": "Owners",
                            "type": "MULTI_SELECT",
                            "items": [
                                {"text": "Alex", "value": "u_alex", "selected": True},
                                {"text": "Blake", "value": "u_blake"},
                            ],
                        }
                    },
                    {
                        "dateTimePicker": {
                            "name": "due",
                            "label": "Due date",
                            "type": "DATE_ONLY",
                            "valueMsEpoch": "1672531200000",
                        }
                    },
                    {
                        "dateTimePicker": {
                            "name": "callAt",
                            "label": "Call at",
                            "type": "DATE_AND_TIME",
                            "valueMsEpoch": 1672574400000,
                            "timezoneOffsetDate": 0,
                        }
                    },
                    {
                        "dateTimePicker": {
                            "name": "remindAt",
                            "label": "Remind at",
                            "type": "TIME_ONLY",
                            "valueMsEpoch": "52200000",
                        }
                    },
                    {"divider": {}},
                    {
                        "buttonList": {
                            "buttons": [
                                {"text": "Save", "type": "FILLED", "onClick": {"action": save}},
                                {
                                    "text": "Delete",
                                    "disabled": True,
                                    "color": {"red": 0.8, "green": 0.1, "blue": 0.1},
                                    "onClick": {"action": action(base, "delete")},
                                },
                                {
                                    "icon": {"knownIcon": "STAR", "altText": "Star"},
                                    "altText": "Star",
                                    "onClick": {"action": action(base, "star")},
                                },
                                {
                                    "text": "Tonal",
                                    "type": "FILLED_TONAL",
                                    "onClick": {"openLink": {"url": "https://app.close.com/x/"}},
                                },
                            ]
                        }
                    },
                ],
            },
            {
                "header": "Media",
                "widgets": [
                    {"image": {"imageUrl": f"{base}fake/logo.svg", "altText": "Logo"}},
                    {
                        "grid": {
                            "title": "Deals",
                            "columnCount": 2,
                            "borderStyle": {"type": "STROKE", "cornerRadius": 4},
                            "items": [
                                {"id": "deal-1", "title": "Deal 1", "subtitle": "Open"},
                                {"id": "deal-2", "title": "Deal 2", "subtitle": "Won"},
                            ],
                            "onClick": {"action": action(base, "grid")},
                        }
                    },
                    {
                        "columns": {
                            "columnItems": [
                                {"widgets": [{"textParagraph": {"text": "Left column"}}]},
                                {"widgets": [{"textParagraph": {"text": "Right column"}}]},
                            ]
                        }
                    },
                    {
                        "chipList": {
                            "chips": [
                                {"label": "Hot", "onClick": {"action": action(base, "chip")}},
                                {"label": "Cold", "disabled": True},
                            ]
                        }
                    },
                    {"fancyWidget": {"text": "Google does not know me"}},
                    {"textParagraph": {"text": "Bad field", "fontSize": 12}},
                    {"selectionInput": {"name": "bad", "type": "RADIO", "items": []}},
                ],
            },
        ],
        "cardActions": [
            {"actionLabel": "Refresh", "onClick": {"action": action(base, "refresh")}},
        ],
        "fixedFooter": {
            "primaryButton": {
                "text": "Log call",
                "color": {"red": 0.08, "green": 0.39, "blue": 1},
                "onClick": {"action": action(base, "log")},
            },
            "secondaryButton": {
                "text": "Cancel",
                "color": {"red": 0.5, "green": 0.5, "blue": 0.5},
                "onClick": {"action": action(base, "cancel")},
            },
        },
    }

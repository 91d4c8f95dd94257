"""Handlers by reference: registration by function name, typed arguments, buttons that name them."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from addon.registry import Args, BadArguments, Context, Registry, click, parse_args
from addon.screens.refs import FieldArgs, OnRecord, PersonArgs
from addon.ui.responses import Intent, notify


class Greeting(Args):
    name: str
    times: int = 1


def test_a_handler_is_served_under_its_own_name_and_its_arguments_are_its_model() -> None:
    table = Registry()

    def greet(ctx: Context, args: Greeting) -> Intent:
        return notify(args.name * args.times)

    table.add("callback", greet, needs_connection=True)

    found = table.lookup("callback", "greet")
    assert found.handler is greet and found.args is Greeting
    assert table.name_of(greet) == "greet"


def test_two_handlers_with_one_name_are_refused() -> None:
    table = Registry()

    def twin(ctx: Context) -> Intent:
        return notify("one")

    table.add("callback", twin, needs_connection=True)
    with pytest.raises(ValueError, match="two handlers are named 'twin'"):
        table.add("callback", twin, needs_connection=True)


def test_a_handler_whose_second_parameter_is_not_an_args_model_is_refused() -> None:
    def odd(ctx: Context, extra: str) -> Intent:
        return notify(extra)

    with pytest.raises(TypeError, match="must take"):
        Registry().add("callback", odd, needs_connection=True)


def test_missing_or_malformed_parameters_are_a_short_reason() -> None:
    with pytest.raises(BadArguments, match="name"):
        parse_args(Greeting, {})
    with pytest.raises(BadArguments, match="times"):
        parse_args(Greeting, {"name": "x", "times": "many"})


def test_a_button_names_its_handler_function() -> None:
    from addon.screens.error import back

    assert click(back) == {"action": {"function": "actions/back"}}
    with pytest.raises(LookupError, match="not a registered handler"):
        click(test_a_button_names_its_handler_function)  # type: ignore[arg-type]


def test_a_record_buttons_arguments_round_trip_through_the_query() -> None:
    sent = FieldArgs(
        lead_id="lead_abc",
        contact_id="cont_def",
        email="Dana@Example.com",
        object_type="contact",
        field="title",
    )
    query = dict(parse_qsl("&".join(f"{k}={v}" for k, v in sent.params().items())))

    assert "index" not in query and "object_id" not in query  # defaults are not sent
    back = parse_args(FieldArgs, query)
    assert back == sent.model_copy(update={"email": "dana@example.com"})
    assert back.record_id == "cont_def"


@pytest.mark.parametrize(
    "bad",
    [
        {"lead_id": ""},
        {"lead_id": "lead_a/../b"},
        {"lead_id": "cont_abc"},
        {"lead_id": "lead_a", "email": "not an address"},
        {"lead_id": "lead_a", "index": "-1"},
    ],
)
def test_a_record_reference_that_names_no_record_is_refused(bad: dict[str, str]) -> None:
    with pytest.raises(BadArguments):
        parse_args(OnRecord, bad)


@pytest.mark.parametrize(
    "bad",
    [
        {"lead_id": "lead_a", "object_type": "opportunity"},
        {"lead_id": "lead_a", "object_type": "task", "object_id": "oppo_b"},
        {"lead_id": "lead_a", "object_type": "planet"},
    ],
)
def test_an_edit_target_must_name_its_record(bad: dict[str, str]) -> None:
    with pytest.raises(BadArguments):
        parse_args(FieldArgs, bad)


def test_a_long_display_name_travels_whole() -> None:
    # Names come from email headers: a 300-character one is odd, but it is what the
    # user sees and must reach Close uncut.
    name = "Dana " + "Whitfield-" * 30
    args = parse_args(PersonArgs, PersonArgs(email="dana@example.com", name=name).params())
    assert args.name == name

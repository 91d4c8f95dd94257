"""The add-on event object, parsed once at the edge into typed values.

Shapes follow Google's event reference: form inputs arrive per widget kind, values are
lists even for single-value widgets, unfilled inputs may be missing, and `msSinceEpoch`
is documented both as a string and as an integer. Handlers read inputs through the
accessors on `Event` and never index raw dicts. Only what the add-on reads is modelled;
the rest of an event is ignored.

Odd but well-formed bodies are refused here too, so nothing later can trip on them:
nesting deeper than any real event, and text that is not Unicode (a lone surrogate
escape such as "\\ud800" cannot be encoded to UTF-8 when it is echoed back or sent on).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel


class BadEvent(ValueError):
    """The request body is not an add-on event object."""


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class StringInputs(_Model):
    value: list[str] = []


# Google's events nest fewer than 10 levels; a bound well above that keeps every parser
# and validator far from any recursion limit.
MAX_DEPTH = 32

# Dates a datetime can hold (years 1 to 9999); anything else is not a picked date.
_MIN_MS = -62_135_596_800_000
_MAX_MS = 253_402_300_799_999


class PickedDate(_Model):
    ms_since_epoch: int = Field(ge=_MIN_MS, le=_MAX_MS)

    @property
    def utc(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.ms_since_epoch / 1000, tz=dt.UTC)


class FormInput(_Model):
    string_inputs: StringInputs | None = None
    date_input: PickedDate | None = None
    date_time_input: PickedDate | None = None


class TimeZone(_Model):
    id: str = "UTC"


class CommonEventObject(_Model):
    user_locale: str | None = None
    time_zone: TimeZone | None = None
    form_inputs: dict[str, FormInput] = {}
    parameters: dict[str, str] = {}

    @field_validator("parameters", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        # Google sends parameters as strings; numbers or booleans from older clients
        # are taken as their text, anything nested is a malformed event.
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if isinstance(item, bool):
                    out[key] = "true" if item else "false"
                elif isinstance(item, str | int | float):
                    out[key] = str(item)
                else:
                    raise ValueError(f"parameter {_clip(key)!r} must be a string")
            return out
        return value


class AuthorizationEventObject(_Model):
    user_o_auth_token: str | None = Field(default=None, alias="userOAuthToken")
    user_id_token: str | None = None
    authorized_scopes: list[str] = []


class GmailContext(_Model):
    message_id: str | None = None
    thread_id: str | None = None
    access_token: str | None = None
    to_recipients: list[str] = []
    cc_recipients: list[str] = []


class Event(_Model):
    """One add-on event: homepage, contextual, compose, universal action or button click."""

    common_event_object: CommonEventObject = CommonEventObject()
    authorization_event_object: AuthorizationEventObject = AuthorizationEventObject()
    gmail: GmailContext | None = None

    @property
    def parameters(self) -> dict[str, str]:
        return self.common_event_object.parameters

    def texts(self, name: str) -> list[str]:
        """Return every selected or typed value of an input (empty when missing)."""
        strings = self._input(name).string_inputs
        return list(strings.value) if strings else []

    def text(self, name: str, default: str = "") -> str:
        """Return the first value of a text input or single selection, stripped."""
        values = self.texts(name)
        return values[0].strip() if values else default

    def has_input(self, name: str) -> bool:
        """Tell whether the event carries this input at all (unset switches are absent)."""
        return name in self.common_event_object.form_inputs

    def date(self, name: str) -> dt.date | None:
        """Return a DATE_ONLY (or date part of DATE_AND_TIME) picker's value."""
        field = self._input(name)
        picked = field.date_input or field.date_time_input
        return picked.utc.date() if picked else None

    def datetime(self, name: str) -> dt.datetime | None:
        """Return a DATE_AND_TIME picker's value as an aware UTC datetime."""
        picked = self._input(name).date_time_input
        return picked.utc if picked else None

    def _input(self, name: str) -> FormInput:
        return self.common_event_object.form_inputs.get(name) or FormInput()

    @property
    def timezone_id(self) -> str:
        tz = self.common_event_object.time_zone
        return tz.id if tz else "UTC"

    @property
    def locale(self) -> str:
        return self.common_event_object.user_locale or "en-US"


def parse_event(body: bytes) -> Event:
    """Parse a request body into an Event, or raise BadEvent with a short reason."""
    if not body:
        raise BadEvent("body is empty")
    if _nests_too_deep(body):
        raise BadEvent(f"body nests deeper than {MAX_DEPTH} levels")
    try:
        # pydantic parses in Rust, without recursing in Python, and refuses a \u escape
        # that is not a character (a lone surrogate) wherever it is in the body.
        return Event.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
    if first["type"] == "json_invalid":
        raise BadEvent(f"body is not JSON: {first['ctx']['error']}")
    if first["type"] == "model_type" and not first["loc"]:
        raise BadEvent("body must be a JSON object")
    where = ".".join(_clip(str(part)) for part in first["loc"]) or "event"
    raise BadEvent(f"{where}: {first['msg']}")


# A reason names where the event is wrong, and some of those places are names the caller
# chose (an input's, a parameter's): they are cut short, so the reason stays short.
MAX_NAME_IN_REASON = 40


def _clip(name: str) -> str:
    if len(name) <= MAX_NAME_IN_REASON:
        return name
    return name[: MAX_NAME_IN_REASON - 1] + "…"


# JSON strings, escapes included, are cut out before brackets are counted, so a bracket
# inside a string does not count.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def _nests_too_deep(body: bytes) -> bool:
    """Tell whether brackets outside strings nest deeper than MAX_DEPTH, without parsing."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b"", body)):
        depth += 1 if bracket[0] in b"[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False

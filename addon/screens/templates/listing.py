"""The user's Close email templates as every screen lists them: one cached list.

The compose window's picker, "Reply with template" and the Templates screen read the same
entry, kept per API key owner (two users of one key see the same templates); the user's
own template writes reset it, so each list shows a change at once.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, suppress
from typing import Annotated

from pydantic import StringConstraints

from addon.close import CloseError
from addon.close.models import EmailTemplate
from addon.close.templates import list_templates
from addon.registry import Context
from addon.services import key_owner

TEMPLATES_KEY = "email_templates"
# A template's id goes into the path of a Close URL: only Close's own id shape may.
TemplateId = Annotated[str, StringConstraints(pattern=r"^tmpl_[A-Za-z0-9]{1,80}$")]


def cached_templates(ctx: Context) -> tuple[EmailTemplate, ...]:
    """Return the user's own and shared templates, archived ones left out."""
    return ctx.services.caches.templates.get_or_load(
        _owner(ctx), TEMPLATES_KEY, lambda: list_templates(ctx.close)
    )


def template_name(ctx: Context, template_id: str, unknown: str) -> str:
    """Return a template's name from the list, or `unknown` if it left the list."""
    # Only words on a toast or a card: a list Close fails to give must not undo an insert.
    with suppress(CloseError):
        return next((t.name for t in cached_templates(ctx) if t.id == template_id), unknown)
    return unknown


def changing_templates(ctx: Context) -> AbstractContextManager[None]:
    """Wrap a template write: the cached list is reset once it is over."""
    return ctx.services.caches.templates.changing(_owner(ctx))


def forget_templates(ctx: Context) -> None:
    """Drop the cached list: the next one is read from Close."""
    ctx.services.caches.templates.reset(_owner(ctx))


def _owner(ctx: Context) -> str:
    return key_owner(ctx.require_settings().api_key or "")

"""Close email templates: list, read, create, change and archive them; one filled in for a contact.

Shapes are Close's `/email_template/` endpoints (../shared/reference/close-api.md §6.4):
list with `is_archived`, get, `POST` to create, a partial `PUT` to change (Close treats
PUT as PATCH), and `render` for one lead and contact.
"""

from __future__ import annotations

from typing import Any

from addon.close import CloseClient
from addon.close.models import EmailTemplate, TemplateText

MAX_TEMPLATES = 100
EDITABLE = ("name", "subject", "body", "is_shared", "is_archived")


def list_templates(client: CloseClient) -> tuple[EmailTemplate, ...]:
    """Return the templates shared with the team and the user's own, archived ones left out."""
    page = client.get("email_template/", params={"is_archived": "false", "_limit": MAX_TEMPLATES})
    return tuple(EmailTemplate.model_validate(item) for item in page.get("data") or [])


def get_template(client: CloseClient, template_id: str) -> EmailTemplate:
    """Return one template as written (its `{{ … }}` tags left in)."""
    return EmailTemplate.model_validate(client.get(f"email_template/{template_id}/"))


def create_template(
    client: CloseClient, *, name: str, subject: str, body: str, shared: bool
) -> EmailTemplate:
    """Create a template; Close answers with it (and `used_by_sequences: []`)."""
    payload = {"name": name, "subject": subject, "body": body, "is_shared": shared}
    return EmailTemplate.model_validate(client.post("email_template/", payload))


def update_template(client: CloseClient, template_id: str, **changes: Any) -> EmailTemplate:
    """Change only the given fields of a template (name, subject, body, is_shared, is_archived)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a template field: {sorted(unknown)}")
    return EmailTemplate.model_validate(client.put(f"email_template/{template_id}/", changes))


def archive_template(client: CloseClient, template_id: str) -> EmailTemplate:
    """Archive a template: it leaves the lists, and sequences keep what they sent."""
    return update_template(client, template_id, is_archived=True)


def find_created_template(
    client: CloseClient, *, user_id: str | None, name: str, subject: str, body: str
) -> EmailTemplate | None:
    """Return the user's template with exactly this name, subject and body, if Close has it.

    Used after an attempt to create one got no answer: Close may have made it.
    """
    for template in list_templates(client):
        mine = user_id is None or template.created_by == user_id
        same = (template.name, template.subject, template.body) == (name, subject, body)
        if mine and same:
            return template
    return None


def template_text(
    client: CloseClient,
    template_id: str,
    *,
    lead_id: str | None = None,
    contact_id: str | None = None,
) -> TemplateText:
    """Return a template's subject and body, rendered by Close for a contact when one is given.

    Without a contact the template comes as written, its `{{ … }}` tags left in.
    """
    if lead_id and contact_id:
        params = {"lead_id": lead_id, "contact_id": contact_id}
        path = f"email_template/{template_id}/render/"
        return TemplateText.model_validate(client.get(path, params=params))
    return TemplateText.model_validate(client.get(f"email_template/{template_id}/"))


def user_values(client: CloseClient) -> dict[str, str]:
    """Return the template variables about the user themselves, from Close's `/me/`."""
    me = client.me()
    first, last = str(me.get("first_name") or ""), str(me.get("last_name") or "")
    organizations = me.get("organizations") or [{}]
    values = {
        "user.first_name": first,
        "user.last_name": last,
        "user.full_name": " ".join(part for part in (first, last) if part),
        "user.email": str(me.get("email") or ""),
        "organization.name": str(organizations[0].get("name") or ""),
    }
    return {name: value for name, value in values.items() if value}

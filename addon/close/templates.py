"""Close email templates: the ones the user may use, and one filled in for a contact."""

from __future__ import annotations

from addon.close import CloseClient
from addon.close.models import EmailTemplate, TemplateText

MAX_TEMPLATES = 100


def list_templates(client: CloseClient) -> tuple[EmailTemplate, ...]:
    """Return the templates shared with the team and the user's own, archived ones left out."""
    page = client.get("email_template/", params={"is_archived": "false", "_limit": MAX_TEMPLATES})
    return tuple(EmailTemplate.model_validate(item) for item in page.get("data") or [])


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

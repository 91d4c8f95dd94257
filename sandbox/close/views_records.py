"""Handlers for leads, contacts, opportunities and tasks (called with the state lock held)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.close import comments, contacts, leads, opportunities, tasks
from sandbox.close.state import fetch
from sandbox.close.web import Ctx

Json = dict[str, Any]


def list_leads(c: Ctx) -> Json:
    """GET /lead/."""
    return leads.list_leads(c.state, c.args)


def create_lead(c: Ctx) -> Json:
    """POST /lead/."""
    return leads.render_lead(c.state, leads.create_lead(c.state, c.user_id, c.body))


def get_lead(c: Ctx, obj_id: str) -> Json:
    """GET /lead/{id}/."""
    return leads.render_lead(c.state, fetch(c.state.leads, obj_id, "Lead"))


def update_lead(c: Ctx, obj_id: str) -> Json:
    """PUT /lead/{id}/."""
    return leads.update_lead(c.state, c.user_id, obj_id, c.body)


def delete_lead(c: Ctx, obj_id: str) -> Json:
    """DELETE /lead/{id}/."""
    return leads.delete_lead(c.state, obj_id)


def list_contacts(c: Ctx) -> Json:
    """GET /contact/."""
    return contacts.list_contacts(c.state, c.args)


def create_contact(c: Ctx) -> Json:
    """POST /contact/."""
    return contacts.create_contact(c.state, c.user_id, c.body)


def get_contact(c: Ctx, obj_id: str) -> Json:
    """GET /contact/{id}/."""
    return contacts.render_contact(c.state, fetch(c.state.contacts, obj_id, "Contact"))


def update_contact(c: Ctx, obj_id: str) -> Json:
    """PUT /contact/{id}/."""
    return contacts.update_contact(c.state, c.user_id, obj_id, c.body)


def delete_contact(c: Ctx, obj_id: str) -> Json:
    """DELETE /contact/{id}/."""
    return contacts.delete_contact(c.state, c.user_id, obj_id)


def list_opportunities(c: Ctx) -> Json:
    """GET /opportunity/."""
    return opportunities.list_opportunities(c.state, c.args)


def create_opportunity(c: Ctx) -> Json:
    """POST /opportunity/."""
    opp = opportunities.create_opportunity(c.state, c.user_id, c.body, c.tz)
    return opportunities.render_opportunity(c.state, opp)


def get_opportunity(c: Ctx, obj_id: str) -> Json:
    """GET /opportunity/{id}/."""
    opp = fetch(c.state.opportunities, obj_id, "Opportunity")
    return opportunities.render_opportunity(c.state, opp)


def update_opportunity(c: Ctx, obj_id: str) -> Json:
    """PUT /opportunity/{id}/."""
    return opportunities.update_opportunity(c.state, c.user_id, obj_id, c.body, c.tz)


def delete_opportunity(c: Ctx, obj_id: str) -> Json:
    """DELETE /opportunity/{id}/."""
    return opportunities.delete_opportunity(c.state, obj_id)


def list_tasks(c: Ctx) -> Json:
    """GET /task/."""
    return tasks.list_tasks(c.state, c.args, c.tz)


def create_task(c: Ctx) -> Json:
    """POST /task/."""
    return tasks.render_task(c.state, tasks.create_task(c.state, c.user_id, c.body, c.tz), c.tz)


def get_task(c: Ctx, obj_id: str) -> Json:
    """GET /task/{id}/."""
    return tasks.render_task(c.state, fetch(c.state.tasks, obj_id, "Task"), c.tz)


def update_task(c: Ctx, obj_id: str) -> Json:
    """PUT /task/{id}/."""
    tasks.update_task(c.state, c.user_id, obj_id, c.body)
    return get_task(c, obj_id)


def delete_task(c: Ctx, obj_id: str) -> Json:
    """DELETE /task/{id}/."""
    return tasks.delete_task(c.state, obj_id)


ROUTES: list[tuple[str, str, Callable[..., Json]]] = [
    ("GET", "/lead/", list_leads),
    ("POST", "/lead/", create_lead),
    ("GET", "/lead/<obj_id>/", get_lead),
    ("PUT", "/lead/<obj_id>/", update_lead),
    ("DELETE", "/lead/<obj_id>/", delete_lead),
    ("GET", "/contact/", list_contacts),
    ("POST", "/contact/", create_contact),
    ("GET", "/contact/<obj_id>/", get_contact),
    ("PUT", "/contact/<obj_id>/", update_contact),
    ("DELETE", "/contact/<obj_id>/", delete_contact),
    ("GET", "/opportunity/", list_opportunities),
    ("POST", "/opportunity/", create_opportunity),
    ("GET", "/opportunity/<obj_id>/", get_opportunity),
    ("PUT", "/opportunity/<obj_id>/", update_opportunity),
    ("DELETE", "/opportunity/<obj_id>/", delete_opportunity),
    ("GET", "/task/", list_tasks),
    ("POST", "/task/", create_task),
    ("GET", "/task/<obj_id>/", get_task),
    ("PUT", "/task/<obj_id>/", update_task),
    ("DELETE", "/task/<obj_id>/", delete_task),
    *comments.ROUTES,
]

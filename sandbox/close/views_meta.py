"""Handlers for the user, organization, statuses, custom fields, templates, activities, search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.close import activities, activity_writes, customfields, org, sequences, templates
from sandbox.close.errors import not_found
from sandbox.close.listing import page
from sandbox.close.search import run_search
from sandbox.close.web import Ctx

Json = dict[str, Any]
Handler = Callable[..., Json]


def _listed(c: Ctx, items: list[Json]) -> Json:
    # Small lists still honour _skip/_limit (and its maximum) like every Close list.
    return page(items, c.args, dict)


def me(c: Ctx) -> Json:
    """GET /me/."""
    return org.render_me(c.state, c.user_id)


def organization(c: Ctx, obj_id: str) -> Json:
    """GET /organization/{id}/."""
    return org.render_organization(c.state, obj_id)


def users(c: Ctx) -> Json:
    """GET /user/."""
    return _listed(c, [org.render_user(c.state, uid) for uid in c.state.users])


def user(c: Ctx, obj_id: str) -> Json:
    """GET /user/{id}/."""
    return org.render_user(c.state, obj_id)


def connected_accounts(c: Ctx) -> Json:
    """GET /connected_account/ (optionally ``?user_id=``)."""
    wanted = c.args.get("user_id")
    ids = [u for u in c.state.users if not wanted or u == wanted]
    return _listed(c, [org.email_account(c.state, u) for u in ids])


def lead_statuses(c: Ctx) -> Json:
    """GET /status/lead/."""
    return _listed(c, [dict(s) for s in c.state.lead_statuses.values()])


def opportunity_statuses(c: Ctx) -> Json:
    """GET /status/opportunity/."""
    return _listed(c, [dict(s) for s in c.state.opportunity_statuses.values()])


def pipelines(c: Ctx) -> Json:
    """GET /pipeline/."""
    return _listed(c, [org.render_pipeline(c.state, p) for p in c.state.pipelines.values()])


def _field_list(object_type: str) -> Handler:
    def handler(c: Ctx) -> Json:
        fields = customfields.own_fields(c.state, object_type)
        return _listed(c, [customfields.render_field(f) for f in fields])

    return handler


def _field_one(object_type: str) -> Handler:
    def handler(c: Ctx, obj_id: str) -> Json:
        return customfields.render_field(customfields.get_field(c.state, object_type, obj_id))

    return handler


def field_schema(c: Ctx, obj_id: str) -> Json:
    """GET /custom_field_schema/{lead|contact|opportunity}/ -> {"fields": [...]}."""
    if obj_id not in ("lead", "contact", "opportunity"):
        raise not_found("CustomFieldSchema")
    fields = customfields.schema_fields(c.state, obj_id)
    return {"fields": [customfields.render_field(f) for f in fields]}


def template_list(c: Ctx) -> Json:
    """GET /email_template/."""
    return templates.list_templates(c.state, c.user_id, c.args)


def template_one(c: Ctx, obj_id: str) -> Json:
    """GET /email_template/{id}/."""
    return templates.render(c.state, templates.get_template(c.state, c.user_id, obj_id))


def template_create(c: Ctx) -> Json:
    """POST /email_template/."""
    return templates.create_template(c.state, c.user_id, c.body)


def template_update(c: Ctx, obj_id: str) -> Json:
    """PUT /email_template/{id}/ (partial)."""
    return templates.update_template(c.state, c.user_id, obj_id, c.body)


def template_delete(c: Ctx, obj_id: str) -> Json:
    """DELETE /email_template/{id}/."""
    return templates.delete_template(c.state, c.user_id, obj_id)


def template_render(c: Ctx, obj_id: str) -> Json:
    """GET /email_template/{id}/render/?lead_id=&contact_id=."""
    return templates.render_template(c.state, c.user_id, obj_id, c.args)


def sequence_list(c: Ctx) -> Json:
    """GET /sequence/."""
    return sequences.list_sequences(c.state, c.args)


def sequence_one(c: Ctx, obj_id: str) -> Json:
    """GET /sequence/{id}/."""
    return sequences.get_sequence(c.state, obj_id)


def subscription_list(c: Ctx) -> Json:
    """GET /sequence_subscription/?contact_id=|lead_id=|sequence_id=."""
    return sequences.list_subscriptions(c.state, c.args)


def subscription_create(c: Ctx) -> Json:
    """POST /sequence_subscription/."""
    return sequences.subscribe(c.state, c.user_id, c.body)


def subscription_one(c: Ctx, obj_id: str) -> Json:
    """GET /sequence_subscription/{id}/."""
    return sequences.get_subscription(c.state, obj_id)


def subscription_update(c: Ctx, obj_id: str) -> Json:
    """PUT /sequence_subscription/{id}/ {status}."""
    return sequences.update_subscription(c.state, c.user_id, obj_id, c.body)


def unsubscribe_email(c: Ctx) -> Json:
    """POST /unsubscribe/email/ {email}."""
    return sequences.unsubscribe(c.state, c.body)


def resubscribe_email(c: Ctx, address: str) -> Json:
    """DELETE /unsubscribe/email/{email}/."""
    return sequences.resubscribe(c.state, address)


def search(c: Ctx) -> Json:
    """POST /data/search/."""
    return run_search(c.state, c.body)


def activity_list(c: Ctx) -> Json:
    """GET /activity/."""
    return activities.list_activities(c.state, c.args)


def _activity_routes(kind: str) -> list[tuple[str, str, Handler]]:
    activity_type = activities.KINDS[kind]

    def listing(c: Ctx) -> Json:
        return activities.list_activities(c.state, c.args, activity_type)

    def one(c: Ctx, obj_id: str) -> Json:
        return activities.render_activity(c.state, activities.get_activity(c.state, kind, obj_id))

    def create(c: Ctx) -> Json:
        return activity_writes.create_activity(c.state, c.user_id, kind, c.body)

    def update(c: Ctx, obj_id: str) -> Json:
        return activity_writes.update_activity(c.state, c.user_id, kind, obj_id, c.body)

    def delete(c: Ctx, obj_id: str) -> Json:
        return activities.delete_activity(c.state, kind, obj_id)

    base = f"/activity/{kind}/"
    routes: list[tuple[str, str, Handler]] = [("GET", base, listing)]
    routes.append(("GET", f"{base}<obj_id>/", one))
    routes.append(("DELETE", f"{base}<obj_id>/", delete))
    if kind in activity_writes.CREATORS:
        routes.append(("POST", base, create))
    if kind in (*activity_writes.EDITABLE, "email"):
        routes.append(("PUT", f"{base}<obj_id>/", update))
    return routes


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/me/", me),
    ("GET", "/organization/<obj_id>/", organization),
    ("GET", "/user/", users),
    ("GET", "/user/<obj_id>/", user),
    ("GET", "/connected_account/", connected_accounts),
    ("GET", "/status/lead/", lead_statuses),
    ("GET", "/status/opportunity/", opportunity_statuses),
    ("GET", "/pipeline/", pipelines),
    ("GET", "/custom_field_schema/<obj_id>/", field_schema),
    ("GET", "/email_template/", template_list),
    ("GET", "/email_template/<obj_id>/", template_one),
    ("GET", "/email_template/<obj_id>/render/", template_render),
    ("POST", "/email_template/", template_create),
    ("PUT", "/email_template/<obj_id>/", template_update),
    ("DELETE", "/email_template/<obj_id>/", template_delete),
    ("POST", "/data/search/", search),
    ("GET", "/activity/", activity_list),
    ("GET", "/sequence/", sequence_list),
    ("GET", "/sequence/<obj_id>/", sequence_one),
    ("GET", "/sequence_subscription/", subscription_list),
    ("POST", "/sequence_subscription/", subscription_create),
    ("GET", "/sequence_subscription/<obj_id>/", subscription_one),
    ("PUT", "/sequence_subscription/<obj_id>/", subscription_update),
    ("POST", "/unsubscribe/email/", unsubscribe_email),
    ("DELETE", "/unsubscribe/email/<address>/", resubscribe_email),
]
for _type in ("lead", "contact", "opportunity", "shared"):
    ROUTES.append(("GET", f"/custom_field/{_type}/", _field_list(_type)))
    ROUTES.append(("GET", f"/custom_field/{_type}/<obj_id>/", _field_one(_type)))
for _kind in activities.KINDS:
    ROUTES.extend(_activity_routes(_kind))

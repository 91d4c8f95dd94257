"""A stand-in for the Close web app's lead page, so "Open in Close" works in the demo."""

from __future__ import annotations

from html import escape

from flask import Blueprint
from flask.typing import ResponseReturnValue

from sandbox.close.leads import render_lead
from sandbox.close.state import CloseState

PAGE = """<!doctype html><meta charset="utf-8"><title>{title} — Close (demo)</title>
<style>body{{font:15px system-ui,sans-serif;margin:40px auto;max-width:720px;color:#202124}}
h1{{margin:0 0 4px}}.status{{color:#5f6368}}li{{margin:4px 0}}
.banner{{background:#e8f0fe;padding:8px 12px;border-radius:8px;margin-bottom:24px}}</style>
<div class="banner">Demo stand-in for the Close app. In production this link opens Close.</div>
{body}"""


def create_close_app_blueprint(state: CloseState) -> Blueprint:
    """Serve minimal lead pages under /sandbox/close/app."""
    bp = Blueprint("sandbox_close_app", __name__)

    @bp.get("/lead/<lead_id>/")
    def lead(lead_id: str) -> ResponseReturnValue:
        with state.lock:
            record = state.leads.get(lead_id)
            rendered = render_lead(state, record) if record else None
        if rendered is None:
            return PAGE.format(title="Not found", body="<h1>Lead not found</h1>"), 404
        contacts = "".join(
            f"<li>{escape(c.get('name') or '')} — "
            f"{escape(', '.join(e['email'] for e in c.get('emails', [])))}</li>"
            for c in rendered.get("contacts", [])
        )
        body = (
            f"<h1>{escape(rendered.get('display_name') or '')}</h1>"
            f"<div class='status'>{escape(rendered.get('status_label') or '')}</div>"
            f"<h3>Contacts</h3><ul>{contacts}</ul>"
        )
        return PAGE.format(title=escape(rendered.get("display_name") or "Lead"), body=body)

    @bp.get("/", defaults={"path": ""})
    @bp.get("/<path:path>")
    def anything(path: str) -> ResponseReturnValue:
        return PAGE.format(title="Close", body=f"<h1>Close</h1><p>{escape(path)}</p>")

    return bp

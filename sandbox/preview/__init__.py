"""The preview page: a small Gmail in the browser that runs the real add-on.

The page is static HTML + ES modules. Everything it shows comes from the add-on's own
routes and the sandbox endpoints on the same origin, so the server side is only this
blueprint: the page at `/preview` and its static files at `/preview/static/…`.
"""

from __future__ import annotations

from flask import Blueprint, render_template

_TEMPLATE = "sandbox_preview.html"  # unique name: Flask searches all template folders


def create_preview_blueprint(sandbox_prefix: str = "/sandbox") -> Blueprint:
    """Return the blueprint serving `/preview` and its static files.

    `sandbox_prefix` is where the page finds the sandbox endpoints
    (`deployment.json`, `google/tokens`, `gmail/messages`, `close/_demo`, `user`).
    """
    blueprint = Blueprint(
        "preview",
        __name__,
        static_folder="static",
        static_url_path="/preview/static",
        template_folder="templates",
    )

    @blueprint.get("/preview")
    @blueprint.get("/preview/")
    def page() -> str:
        return render_template(_TEMPLATE, sandbox_prefix=sandbox_prefix.rstrip("/"))

    return blueprint

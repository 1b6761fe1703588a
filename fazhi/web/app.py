"""The Flask application: page blueprints, Jinja2 with autoescaping, and the safety headers.

Every archived string reaches HTML through Jinja2's autoescaping (no ``|safe`` on catalog data);
the Content-Security-Policy allows this origin's own CSS and script only, so even a string that
slipped through could not run. Only GET and HEAD are routed: no endpoint changes data.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from catalog.store import Catalog

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(catalog: Catalog, data_dir: Path, replay_port: int | None = None) -> Flask:
    """The catalog's web app over an open catalog; `replay_port` is pywb's port (None: no replay links)."""
    from fazhi.web.views import export, grid, report, runs, search

    app = Flask(__name__)
    app.config.update(CATALOG=catalog, DATA_DIR=Path(data_dir), REPLAY_PORT=replay_port)
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    for module in (grid, search, report, runs, export):
        app.register_blueprint(module.blueprint)

    @app.after_request
    def _secure(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(HTTPException)
    def _error(exc: HTTPException):
        return render_template("error.html", code=exc.code, message=exc.description), exc.code

    return app

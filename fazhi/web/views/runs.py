"""Crawl runs: when each started and ended, pages, reports, errors by kind and, when the run summary
carries them, each site's pages, reports and stop reason."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

blueprint = Blueprint("runs", __name__)


@blueprint.get("/runs")
def runs():
    return render_template("runs.html", runs=current_app.config["CATALOG"].runs())

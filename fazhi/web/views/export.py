"""Export the current selection (a grid filter or a search) as CSV or JSONL: the records of
``fazhi catalog export``, written by the same catalog.export code."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, current_app, request

from catalog.export import FORMATS, write_reports
from fazhi.web import selection

blueprint = Blueprint("export", __name__)
MIMETYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


@blueprint.get("/export.<fmt>")
def export(fmt: str):
    if fmt not in FORMATS:
        abort(404, f"export formats: {', '.join(FORMATS)}")
    catalog = current_app.config["CATALOG"]
    chosen = selection.from_args(request.args)
    out = io.StringIO()
    write_reports(catalog.reports(where=chosen.condition(catalog.engine.dialect.name)), fmt, out)
    headers = {"Content-Disposition": f'attachment; filename="fazhi-reports.{fmt}"'}
    return Response(out.getvalue(), mimetype=MIMETYPES[fmt], headers=headers)

"""A report's page: metadata, clean text with section headings, attachments, the provenance box
(with replay and original-bytes links and a citation line), other captures and versions with a diff;
and the original bytes of a capture as a download."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, render_template, request

from archive.reader import CaptureError, open_capture
from archive.replay import replay_link
from catalog.detail import CaptureRow, ReportDetail, capture, report_detail
from fazhi.web import params
from fazhi.web.diff import paragraph_diff

blueprint = Blueprint("report", __name__)
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_ID = 2**31 - 1


@blueprint.get("/report/<int:report_id>")
def report(report_id: int):
    detail = report_detail(current_app.config["CATALOG"], min(report_id, MAX_ID))
    if detail is None:
        abort(404, f"no report {report_id}")
    against = params.integer(request.args, "diff", 1, MAX_ID)
    return render_template("report.html", r=detail.view, detail=detail, server_ip=_server_ip(detail.primary),
                           replay=_replay, diff=_diff(detail, against), citation=citation(detail))


@blueprint.get("/capture/<int:capture_id>/original")
def original(capture_id: int):
    """The payload exactly as the server sent it (its sha1 is the WARC-Payload-Digest), as a download."""
    row = capture(current_app.config["CATALOG"], min(capture_id, MAX_ID))
    if row is None:
        abort(404, f"no capture {capture_id}")
    try:
        record = open_capture(current_app.config["DATA_DIR"], _pointer(row), as_stored=True)
    except (CaptureError, OSError) as exc:
        abort(410, f"capture {capture_id} cannot be read from its WARC: {exc}")
    headers = {"Content-Disposition": f'attachment; filename="{_filename(row)}"',
               "Content-Security-Policy": "sandbox; default-src 'none'"}
    return Response(record.payload, mimetype="application/octet-stream", headers=headers)


def citation(detail: ReportDetail) -> str:
    """A line a researcher can paste: who, what, when published, where, and when and how archived."""
    r, cap = detail.view, detail.primary
    published = (r.published or r.signed or "")[:10]
    return (f"{r.issuer or r.region_name or ''}：《{r.title or ''}》，{published or '日期不详'}。"
            f"{cap.url}，{cap.timestamp:%Y-%m-%d %H:%M:%S} UTC 存档"
            f"（fazhi，{cap.warc}:{cap.offset}，{cap.digest}）。")


def _replay(row: CaptureRow) -> str | None:
    """pywb's address for the capture: the host the browser used for this page, pywb's own port (another
    origin, so an archived page's scripts never run beside the catalog)."""
    port = current_app.config.get("REPLAY_PORT")
    if not port:
        return None
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    return replay_link(row.timestamp.strftime("%Y%m%d%H%M%S"), row.url, port=port, host=host)


def _pointer(row: CaptureRow) -> dict:
    return {"warc": row.warc, "offset": row.offset, "length": row.length, "record_id": row.record_id}


def _server_ip(row: CaptureRow) -> str | None:
    try:
        record = open_capture(current_app.config["DATA_DIR"], _pointer(row))
    except (CaptureError, OSError):
        return None
    return record.rec_headers.get_header("WARC-IP-Address")


def _filename(row: CaptureRow) -> str:
    name = _UNSAFE_FILENAME.sub("_", urlsplit(row.url).path.rsplit("/", 1)[-1]).strip("._")
    return name[:100] or f"capture-{row.id}.bin"


def _diff(detail: ReportDetail, against: int | None) -> tuple[object, list[tuple[str, str]]] | None:
    """This version against `against` (another version's id), else against the one before it."""
    versions = {v.id: v for v in detail.versions}
    if against is not None and against not in versions:
        abort(400, "diff: the id of another version of this report")
    if against is None:
        older = [v for v in detail.versions if v.version < detail.version]
        if not older:
            return None
        against = older[-1].id
    other = versions[against]
    return other, paragraph_diff(other.text, detail.view.text)

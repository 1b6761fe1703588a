"""What one crawl run did to the catalog's reports: new, changed (a new version), unchanged (met again).

The crawl's own stats count report *captures*; a person asks how many reports are new. A report row
is one version: a row the run created is new (version 1) or changed (a later version); a row the
run did not create but linked a capture of this run to was met again unchanged.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Capture, Report, ReportCapture
from catalog.store import Catalog


def report_changes(catalog: Catalog, run_id: int) -> dict[str, int]:
    """{"new": n, "changed": n, "unchanged": n} for crawl run `run_id`."""
    with Session(catalog.engine) as session:
        created = session.execute(select(Report.version).where(Report.run_id == run_id)).scalars().all()
        met = session.execute(
            select(ReportCapture.report_id).distinct()
            .join(Capture, Capture.id == ReportCapture.capture_id)
            .join(Report, Report.id == ReportCapture.report_id)
            .where(Capture.run_id == run_id, Report.run_id != run_id)
        ).scalars().all()
    return {"new": sum(1 for v in created if v == 1), "changed": sum(1 for v in created if v > 1),
            "unchanged": len(met)}

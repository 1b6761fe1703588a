"""catalog: runs, captures and deduplicated reports in SQLite or PostgreSQL."""

from catalog.db import database_url, open_catalog
from catalog.store import Catalog, ReportView, RunView

__all__ = ["Catalog", "ReportView", "RunView", "database_url", "open_catalog"]

"""catalog: runs, captures and deduplicated reports in SQLite or PostgreSQL."""

from catalog.db import database_url, open_catalog
from catalog.store import Catalog, ReportView

__all__ = ["Catalog", "ReportView", "database_url", "open_catalog"]

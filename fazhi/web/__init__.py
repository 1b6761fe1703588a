"""The web catalog (``fazhi serve``): a read-only, server-rendered view of the catalog.

Pages: the coverage grid (``views.grid``), search (``views.search``), a report with its provenance
(``views.report``), crawl runs (``views.runs``) and exports of a selection (``views.export``).
Archived pages are replayed by pywb on its own port (``sidecar``), never in this origin.
"""

from fazhi.web.app import create_app

__all__ = ["create_app"]

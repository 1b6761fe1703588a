"""extract: pure functions from fetched bytes to a described document (no network, no DB)."""

EXTRACTOR_VERSION = "0.1.0"  # bump when extract_html's output changes for the same input

from extract.document import ExtractedDocument, extract_html  # noqa: E402

__all__ = ["EXTRACTOR_VERSION", "ExtractedDocument", "extract_html"]

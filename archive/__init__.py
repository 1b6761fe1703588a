"""archive: WARC files for every fetched exchange, and reading single records back by pointer."""

from archive.reader import CaptureError, CaptureRecord, open_capture
from archive.writer import CapturePointer, WarcWriter, recover_open_files

__all__ = ["CaptureError", "CapturePointer", "CaptureRecord", "WarcWriter", "open_capture",
           "recover_open_files"]

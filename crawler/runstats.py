"""Condense Scrapy's stats into what a crawl run records: volume and errors by kind.

One fault can show under three names, because they count different things:
``<kind>`` (no prefix) is a request that finally failed (the spider's errback, or a fault
fazhi recognises itself, such as a slow page or a redirect chain); ``exception_<type>`` is
every download attempt that raised, retries included; ``retried_<reason>`` is an attempt
that was retried, so a 500 that a retry overcame still shows there.
"""

from __future__ import annotations

from typing import Any

_ERROR_PREFIXES = {
    "fazhi/errors/": "",
    "downloader/exception_type_count/": "exception_",
    "retry/reason_count/": "retried_",  # a 500 or a reset that a retry overcame is still a fault
}


# Already classified by the spider's errback (robots refusal, redirect loop, …).
_CLASSIFIED_ELSEWHERE = ("IgnoreRequest",)


def summarise(stats: dict[str, Any]) -> dict[str, Any]:
    """A JSON-safe summary: pages fetched, reports, robots denials and error counts."""
    errors: dict[str, int] = {}
    for key, value in stats.items():
        if key.endswith(_CLASSIFIED_ELSEWHERE):
            continue
        for prefix, label in _ERROR_PREFIXES.items():
            if key.startswith(prefix):
                name = key[len(prefix):].rsplit(".", 1)[-1]
                errors[label + name] = errors.get(label + name, 0) + int(value)
    return {
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "warc_records": int(stats.get("fazhi/warc_records", 0)),
        "revisits": {  # unchanged documents archived as revisit records, by profile
            k.rsplit("/", 1)[-1]: int(v) for k, v in stats.items()
            if k.startswith("fazhi/revisit/") and not k.endswith("/conditional_requests")
        },
        "pages_extracted": int(stats.get("fazhi/pages_extracted", 0)),
        "reports": int(stats.get("fazhi/reports", 0)),
        "robots_denied": int(stats.get("robotstxt/forbidden", 0)),
        "statuses": {
            k.rsplit("/", 1)[-1]: int(v)
            for k, v in stats.items()
            if k.startswith("downloader/response_status_count/")
        },
        "errors": errors,
        "fallbacks": {k.rsplit("/", 1)[-1]: int(v) for k, v in stats.items()
                      if k.startswith("fazhi/fallback/")},
        "browser_offsite_blocked": int(stats.get("fazhi/browser/offsite_blocked", 0)),  # never sent
        "sites": list(stats.get("fazhi/sites", [])),  # per site: pages, reports, best remaining, stop reason
        "finish_reason": str(stats.get("finish_reason", "")),
    }

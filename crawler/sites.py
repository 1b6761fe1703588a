"""The sites file: which government portals to crawl, and how.

A researcher edits this YAML by hand, so loading it must fail with one clear
message that names the file and the entry, never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

RENDER_MODES = ("auto", "never", "always")


class SitesFileError(ValueError):
    """The sites file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class SiteConfig:
    """One government site: where to start and what the crawl may touch."""

    name: str
    start_urls: tuple[str, ...]
    region: str | None = None
    allowed_domains: tuple[str, ...] = ()
    delay: float | None = None
    render: str = "auto"
    verified: bool = True
    extra: dict = field(default_factory=dict, compare=False)

    def allows(self, url: str) -> bool:
        """True when *url*'s host is one of the site's domains or a subdomain of one."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((urlsplit(u).hostname or "").lower() for u in self.start_urls))


def load_sites(path: Path) -> list[SiteConfig]:
    """Read and validate a sites file."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SitesFileError(f"sites file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SitesFileError(f"cannot read sites file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise SitesFileError(f"sites file {path} is not valid YAML: {exc}") from None
    entries = raw.get("sites") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SitesFileError(f"sites file {path} has no 'sites:' list")
    return [_site_from_entry(entry, i, path) for i, entry in enumerate(entries, 1)]


def _site_from_entry(entry: object, index: int, path: Path) -> SiteConfig:
    where = f"{path}, site #{index}"
    if not isinstance(entry, dict):
        raise SitesFileError(f"{where}: each site must be a mapping")
    name = str(entry.get("name") or "").strip()
    starts = entry.get("start_urls")
    if isinstance(starts, str):
        starts = [starts]
    if not name or not isinstance(starts, list) or not starts:
        raise SitesFileError(f"{where}: needs 'name' and 'start_urls'")
    for url in starts:
        if urlsplit(str(url)).scheme not in ("http", "https") or not urlsplit(str(url)).hostname:
            raise SitesFileError(f"{where}: not an http(s) URL: {url!r}")
    region = entry.get("region")
    region = str(region).strip() if region is not None else None
    if region is not None and not (len(region) == 6 and region.isdigit()):
        raise SitesFileError(f"{where}: region must be a 6-digit GB/T 2260 code, got {region!r}")
    render = str(entry.get("render", "auto"))
    if render not in RENDER_MODES:
        raise SitesFileError(f"{where}: render must be one of {', '.join(RENDER_MODES)}")
    domains = entry.get("allowed_domains") or [urlsplit(str(u)).hostname for u in starts]
    known = {"name", "start_urls", "region", "allowed_domains", "delay", "render", "verified"}
    return SiteConfig(
        name=name,
        start_urls=tuple(str(u) for u in starts),
        region=region,
        allowed_domains=tuple(str(d).lower().lstrip(".") for d in domains),
        delay=float(entry["delay"]) if entry.get("delay") is not None else None,
        render=render,
        verified=bool(entry.get("verified", True)),
        extra={k: v for k, v in entry.items() if k not in known},
    )

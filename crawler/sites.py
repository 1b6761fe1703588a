"""The sites file: which government portals to crawl, and how.

A researcher edits this YAML by hand, so loading it must fail with one clear
message that names the file and the entry, never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import yaml

RENDER_MODES = ("auto", "never", "always")
SEARCH_PLACEHOLDER = "{q}"


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
    search: str | None = None  # the site-search URL template, "{q}" standing for the query
    follow_site_group: bool = False  # follow the 站群 links from this site to other government portals
    via_site_group: str | None = None  # for a portal reached through a 站群 link: the site that linked it
    budget: int | None = None  # requests this site may cost; None: the crawl's FAZHI_SITE_BUDGET
    extra: dict = field(default_factory=dict, compare=False)

    def allows(self, url: str) -> bool:
        """True when *url*'s host is one of the site's domains or a subdomain of one."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def with_host(self, host: str) -> SiteConfig:
        """The same site with one more host it may be crawled on (its xxgk platform, its search host)."""
        return replace(self, allowed_domains=(*self.allowed_domains, host.lower()))

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
    search = _search_template(entry.get("search"), where)
    if search and urlsplit(search).hostname:  # a search on its own host (search.gd.gov.cn) is the site's too
        domains = [*domains, urlsplit(search).hostname]
    known = {"name", "start_urls", "region", "allowed_domains", "delay", "render", "verified", "search",
             "follow_site_group", "budget"}
    return SiteConfig(
        name=name,
        start_urls=tuple(str(u) for u in starts),
        region=region,
        allowed_domains=tuple(str(d).lower().lstrip(".") for d in domains),
        delay=float(entry["delay"]) if entry.get("delay") is not None else None,
        render=render,
        verified=bool(entry.get("verified", True)),
        search=search,
        follow_site_group=_flag(entry, "follow_site_group", where),
        budget=_budget(entry.get("budget"), where),
        extra={k: v for k, v in entry.items() if k not in known},
    )


def _search_template(value: object, where: str) -> str | None:
    """A site-search URL template: a path or http(s) URL holding the ``{q}`` placeholder once."""
    if value is None:
        return None
    template = str(value).strip()
    if template.count(SEARCH_PLACEHOLDER) != 1:
        raise SitesFileError(f"{where}: search must contain {SEARCH_PLACEHOLDER} exactly once "
                             f"(e.g. \"/search?q={{q}}\"), got {value!r}")
    scheme = urlsplit(template).scheme
    if not (template.startswith("/") or scheme in ("http", "https")):
        raise SitesFileError(f"{where}: search must be a path starting with / or an http(s) URL, "
                             f"got {value!r}")
    return template


def _budget(value: object, where: str) -> int | None:
    """A site's own request budget: a whole number of requests, at least 1."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SitesFileError(f"{where}: budget must be a whole number of requests (at least 1), "
                             f"got {value!r}")
    return value


def _flag(entry: dict, key: str, where: str) -> bool:
    """A yes/no key: YAML true/false only, so a quoted "false" is not read as true."""
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise SitesFileError(f"{where}: {key} must be true or false, got {value!r}")
    return value

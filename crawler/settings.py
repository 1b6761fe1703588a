"""Scrapy settings for fazhi's crawler.

Defaults are polite for real government portals (robots.txt obeyed, one
second between requests to a host, AutoThrottle on). Users change them with
``fazhi crawl --delay`` / ``--set NAME=VALUE`` or per site (``delay:`` in the
sites file, applied as a per-host download slot).
"""

BOT_NAME = "fazhi"
SPIDER_MODULES = ["crawler.spiders"]
USER_AGENT = "fazhi-archive/0.1 (research archive of annual rule-of-law reports; obeys robots.txt)"

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 20  # the per-site budget bounds a crawl; this bounds one chain of clicks
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
DOWNLOAD_MAXSIZE = 64 * 2**20

# Keeps the reason phrase and connection headers for the WARC recorder (crawler.wire).
DOWNLOAD_HANDLERS = {
    "http": "crawler.wire.WireDownloadHandler",
    "https": "crawler.wire.WireDownloadHandler",
}
# Best-first: a request's priority is its link score (crawler.discovery.scoring); among equals the
# shallower and the older first (FIFO queues, DEPTH_PRIORITY), so unscored links are explored
# breadth-first. Each site's slot keeps its own order (DownloaderAwarePriorityQueue).
DEPTH_PRIORITY = 1
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

SPIDER_MIDDLEWARES = {
    # which site each page belongs to has been read to its end (the frontier's books)
    "crawler.discovery.pagesread.PagesReadMiddleware": 960,
    "crawler.spidermiddlewares.faultcount.FaultCountMiddleware": 40,  # sees every response first
    # canonical URLs and the trap bound, before depth/offsite
    "crawler.spidermiddlewares.traps.TrapGuardMiddleware": 950,
}
DOWNLOADER_MIDDLEWARES = {
    # per-site budget and stop rule, after robots.txt (a refused request costs nothing)
    "crawler.discovery.budget.SiteBudgetMiddleware": 150,
    "crawler.downloadermiddlewares.redirects.RedirectLoopMiddleware": 610,
    "crawler.downloadermiddlewares.proxy.ForwardProxyMiddleware": 740,
    # validators out, archived document back
    "crawler.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 940,
    "crawler.downloadermiddlewares.recorder.WarcRecorderMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.CatalogPipeline": 200,
}
EXTENSIONS = {
    "crawler.discovery.frontier.Frontier": 0,  # per-site ledgers: spent, found, waiting, why stopped
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.extensions.politeness.SiteDelayAutoThrottle": 0,  # AutoThrottle, floored at a site's own delay:
    "crawler.extensions.progress.ProgressDisplay": 500,
    "crawler.browser.renderer.BrowserRenderer": 510,  # Chromium, started only if a page needs it
}

# fazhi's own settings (set by the CLI).
FAZHI_DATA_DIR = "data"
FAZHI_DB_URL = None
FAZHI_PROXY = None
FAZHI_SITES_FILE = None
FAZHI_PROGRESS = False
FAZHI_WARC_MAX_BYTES = 256 * 2**20
FAZHI_STRATEGY = "focused"  # "breadth": every same-site link at one priority, no stop rule (the baseline)
# Ways into a site besides following its links (crawler.discovery.waysin), each a WayIn component.
FAZHI_WAYS_IN = [
    "crawler.discovery.waysin.home.HomePage",
    "crawler.discovery.waysin.search.SitesFileSearch",
    "crawler.discovery.waysin.sitemaps.RobotsSitemaps",
    "crawler.discovery.waysin.search.SearchBox",
    "crawler.discovery.waysin.sitegroup.SiteGroup",
    "crawler.discovery.waysin.fallbacks.Fallbacks",
]
FAZHI_SITE_BUDGET = 200  # requests one site may cost (a site's own ``budget:`` in the sites file wins)
FAZHI_CHROMIUM = None  # Chromium binary for rendering; default /usr/bin/chromium, else Playwright's
# The User-Agent of every request the browser makes (documents, scripts, XHR/fetch, workers) and its
# navigator.userAgent; unset, the browser says USER_AGENT, as Scrapy's own requests do.
FAZHI_BROWSER_USER_AGENT = None

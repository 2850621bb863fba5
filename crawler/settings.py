"""Scrapy settings of klarsyn: polite by default.

crawler/run.py (``crawl_settings``) adds the run's own values (KLARSYN_CONFIG,
KLARSYN_STORE, KLARSYN_RUN, KLARSYN_AXE_DIR) and the user's limits on top of these.
"""

from crawler import __version__

BOT_NAME = "klarsyn"
SPIDER_MODULES = ["crawler.spiders"]

#: Names the tool so site owners can tell it apart; the CLI adds a contact address.
USER_AGENT = f"klarsyn/{__version__} (accessibility and plain-language audit)"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

# AutoThrottle adapts the delay to the server's latency; start gently.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 8
#: The cap per host (Scrapy's download slot is the host name).
CONCURRENT_REQUESTS_PER_DOMAIN = 4

# Politeness beyond Scrapy's own (crawler/politeness.py): robots.txt's Crawl-delay is
# the least delay per host, up to a minute; 429 and 503 hold the host back for their
# Retry-After, up to a minute (5 s when they give none), then RetryMiddleware retries once.
KLARSYN_MAX_CRAWL_DELAY = 60.0
KLARSYN_MAX_RETRY_AFTER = 60.0
KLARSYN_DEFAULT_BACKOFF = 5.0
# Longer redirect chains end as too_many_redirects (crawler/middlewares.py).
KLARSYN_MAX_REDIRECTS = 10

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 25 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_TIMES = 1

# Error pages are ledger rows, not exceptions: let every status reach the spider.
HTTPERROR_ALLOW_ALL = True
# The spider does its own (recorded) depth accounting.
DEPTH_LIMIT = 0
# Only an instant meta refresh is a redirect. A timed one (content="5; url=…") is a
# fault for visitors (WCAG 2.2.1): the page itself goes to the browser, where the
# refresh is cancelled after load and axe-core's meta-refresh rule reports it.
# (Scrapy's default follows refreshes of up to 100 s, so axe would never see one.)
METAREFRESH_MAXDELAY = 0
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control HTTP endpoint runs code it is sent: never for an audit.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.ScopeMiddleware": 50,
    "crawler.middlewares.RedirectGuardMiddleware": 60,
    "crawler.auth.CredentialsMiddleware": 710,  # after CookiesMiddleware (700): see auth.py
}
ITEM_PIPELINES = {
    "crawler.pipelines.TextAuditPipeline": 100,
    "crawler.pipelines.DocumentAuditPipeline": 150,
    "crawler.pipelines.AxePipeline": 200,
    "crawler.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    # The browser: the spider awaits it for every HTML page (crawler/browser/stage.py).
    "crawler.browser.stage.BrowserStage": 100,
    "crawler.progress.Progress": 500,
    # After AutoThrottle (0): its floor is applied after AutoThrottle's adjustment.
    "crawler.politeness.Politeness": 510,
}
KLARSYN_PROGRESS = True
KLARSYN_PROGRESS_INTERVAL = 10.0

"""Scrapy settings of klarsyn: polite by default.

The CLI adds the run's own values (KLARSYN_CONFIG, KLARSYN_STORE, KLARSYN_RUN,
KLARSYN_AXE_DIR) and the user's limits on top of these.
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
CONCURRENT_REQUESTS_PER_DOMAIN = 4

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 25 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_TIMES = 1

# Error pages are ledger rows, not exceptions: let every status reach the spider.
HTTPERROR_ALLOW_ALL = True
# The spider does its own (recorded) depth accounting.
DEPTH_LIMIT = 0
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control HTTP endpoint runs code it is sent: never for an audit.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.ScopeMiddleware": 50,
    "crawler.auth.CredentialsMiddleware": 710,  # after CookiesMiddleware (700): see auth.py
}
ITEM_PIPELINES = {
    "crawler.pipelines.TextAuditPipeline": 100,
    "crawler.pipelines.DocumentAuditPipeline": 150,
    "crawler.pipelines.BrowserAuditPipeline": 200,
    "crawler.pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    "crawler.progress.Progress": 500,
}
KLARSYN_PROGRESS = True
KLARSYN_PROGRESS_INTERVAL = 10.0

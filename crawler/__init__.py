"""klarsyn's Scrapy project: the crawl of one site and the audit of every page it meets.

The spider (spiders/), the downloader middlewares, the politeness extension and the
item pipelines are wired together in settings.py; run.py runs one crawl in this
process. Pages are audited in headless Chromium through the browser pool (browser/).
The command line that drives a crawl is the ``klarsyn`` package's.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("klarsyn")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

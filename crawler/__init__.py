"""The Scrapy project and the browser pool of klarsyn: everything that crawls."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("klarsyn")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

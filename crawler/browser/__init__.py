"""Headless Chromium running axe-core, behind a small interface, in a bounded pool.

- :mod:`crawler.browser.pool`: what the pipeline asks of a browser (the ``Browser``
  protocol, ``PageAudit``, ``BrowserError``) and the ``BrowserPool`` that retries once.
- :mod:`crawler.browser.chromium`: ``ChromiumBrowser``, one Chromium's start, audit of
  a page under a watchdog, and end.
- :mod:`crawler.browser.launch`: the binaries, flags and options a Chromium starts
  with, and the fence that keeps it to the audit's hosts.
- :mod:`crawler.browser.scripts`: what runs in the page: the guard scripts and axe-core
  (``AxeAssets``), injected into every frame (``FrameAwareAxe``).
"""

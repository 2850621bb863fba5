"""What klarsyn runs inside a page: its own guard scripts, and axe-core in every frame.

The three guard scripts are plain JavaScript sent over WebDriver or CDP; axe-core
comes from node_modules (:class:`AxeAssets`) and is injected into the page and its
iframes (:class:`FrameAwareAxe`). crawler/browser/chromium.py decides when each runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

#: How deep axe is injected into nested iframes.
MAX_FRAME_DEPTH = 3

#: Runs in every document before the page's own scripts: dialogs answer at once (the
#: ``unhandledPromptBehavior`` capability dismisses them, but chromedriver still fails
#: the next command with "unexpected alert open" when a page keeps raising them), and
#: ``window.open`` opens nothing (``--block-new-web-contents`` did not stop it in
#: headless Chromium 156). The resource timing buffer is made large enough to list
#: every resource of a big page.
INIT_SCRIPT = (
    "window.alert=function(){};"
    "window.confirm=function(){return false;};"
    "window.prompt=function(){return null;};"
    "window.print=function(){};"
    "window.open=function(){return null;};"
    "try{performance.setResourceTimingBufferSize(10000);}catch(e){}"
)

#: After load: cancel the page's pending timers, intervals and meta refresh, so it cannot
#: navigate away or start an endless script while axe runs. Measured on Chromium 156:
#: this keeps the page for a 300 ms ``location.href`` timer and a 2 s meta refresh, and
#: axe runs normally. ``Emulation.setScriptExecutionDisabled`` and
#: ``Page.setWebLifecycleState`` "frozen" also stop them, but then axe never returns.
SETTLE_SCRIPT = (
    "var last=setTimeout(function(){},0);"
    "for(var i=0;i<=last;i++){clearTimeout(i);clearInterval(i);}"
    "window.stop();"
)

#: Every resource and frame URL the page asked for (blocked ones too, with status 0).
RESOURCES_SCRIPT = (
    "var urls=performance.getEntriesByType('resource').map(function(e){return e.name;});"
    "document.querySelectorAll('iframe[src],frame[src]').forEach(function(f){urls.push(f.src);});"
    "return urls;"
)

#: Most characters of a rendered page klarsyn takes back from the browser (beyond, the
#: downloaded HTML is read instead): 10 M, a page far beyond what a visitor reads.
MAX_DOM_CHARS = 10_000_000

#: The page as rendered, serialised as HTML for the text, policy and link checks: the
#: composed ("flat") tree that axe-core audits. An open shadow root's content stands in
#: for its host's children, with each ``<slot>`` replaced by the nodes assigned to it (or
#: its fallback content); a same-origin ``<iframe>``/``<frame>`` (up to MAX_FRAME_DEPTH
#: deep) is replaced by a ``<div data-klarsyn-frame>`` holding its body, with its
#: document's ``lang``. A cross-origin frame stays an empty element, as do ``<script>``,
#: ``<style>`` and ``<template>`` (their content is not the page's text). Comments are
#: kept (the personnummer check reads them). Returns null when the HTML would be longer
#: than ``arguments[0]`` characters, or when the page's own scripts broke the serialiser
#: (a page may replace any built-in it uses); the downloaded HTML is read then.
#: crawler/browser/chromium.py sends it in one call with SETTLE_SCRIPT: each WebDriver
#: round trip costs about 12 ms, more than serialising a light page.
DOM_SCRIPT = f"var limit = arguments[0], out = [], size = 0, maxDepth = {MAX_FRAME_DEPTH};" + (
    """
var VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)$/;
var EMPTY = /^(script|style|template|iframe|frame)$/;
function put(s) { size += s.length; if (size > limit) { throw 'too large'; } out.push(s); }
function text(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function quoted(s) { return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;'); }
function kids(nodes, depth) { for (var i = 0; i < nodes.length; i++) { node(nodes[i], depth); } }
function frameDoc(el) { try { return el.contentDocument; } catch (e) { return null; } }
function node(n, depth) {
  if (n.nodeType === 3) { put(text(n.data)); return; }
  if (n.nodeType === 8) { put('<!--' + n.data.replace(/-->/g, '--&gt;') + '-->'); return; }
  if (n.nodeType !== 1) { return; }
  var tag = n.localName;
  if (tag === 'slot' && n.assignedNodes) {
    var assigned = n.assignedNodes();
    kids(assigned.length ? assigned : n.childNodes, depth);
    return;
  }
  if ((tag === 'iframe' || tag === 'frame') && depth < maxDepth) {
    var doc = frameDoc(n);
    if (doc && doc.body) {
      var lang = doc.documentElement.getAttribute('lang');
      put('<div data-klarsyn-frame="' + quoted(n.src || '') + '"' +
          (lang === null ? '' : ' lang="' + quoted(lang) + '"') + '>');
      kids(doc.body.childNodes, depth + 1);
      put('</div>');
      return;
    }
  }
  var open = '<' + tag;
  for (var i = 0; i < n.attributes.length; i++) {
    var a = n.attributes[i];
    open += ' ' + a.name + '="' + quoted(a.value) + '"';
  }
  put(open + '>');
  if (VOID.test(tag)) { return; }
  if (!EMPTY.test(tag)) {
    var root = n.shadowRoot;
    kids(root ? root.childNodes : n.childNodes, depth);
  }
  put('</' + tag + '>');
}
try {
  put('<!DOCTYPE html>');
  node(document.documentElement, 0);
  return out.join('');
} catch (e) {
  return null;
}
"""
)


#: The name under which the registered axe-core stays reachable in a document whatever the
#: page does to its globals: a non-writable, non-configurable property of ``window``,
#: defined by :meth:`AxeAssets.setup_script` before the page's own scripts run (a page
#: may still replace ``window.axe``, define an AMD ``define`` or freeze what it likes).
AXE_HANDLE = "klarsynAxe"

#: Configures the ``axe`` just loaded (never the page's own, which cannot exist yet when
#: registered for new documents) and fixes it under AXE_HANDLE: defined non-writable and
#: non-configurable, the page cannot replace it; ``window.axe`` it still can.
_SETUP_FUNCTION = (
    "function(locale){"
    f"if (window.{AXE_HANDLE}) {{ return; }}"
    "var a = window.axe;"
    "if (!a || typeof a.configure !== 'function') { return; }"
    "if (locale) { a.configure({locale: locale}); }"
    f"Object.defineProperty(window, '{AXE_HANDLE}', {{value: a}});"
    "}"
)


@dataclass(frozen=True)
class AxeAssets:
    """axe-core's script and its Swedish locale, as installed from package-lock.json."""

    script: Path
    source: str
    locale: Mapping[str, Any] | None
    version: str

    @classmethod
    def load(cls, axe_dir: Path, locale: str | None = "sv") -> AxeAssets:
        script = axe_dir / "axe.min.js"
        if not script.is_file():
            raise FileNotFoundError(f"axe-core is not installed ({script} is missing)")
        version = json.loads((axe_dir / "package.json").read_text(encoding="utf-8"))["version"]
        locale_data = None
        if locale:
            locale_file = axe_dir / "locales" / f"{locale}.json"
            locale_data = json.loads(locale_file.read_text(encoding="utf-8"))
        return cls(
            script=script,
            source=script.read_text(encoding="utf-8"),
            locale=locale_data,
            version=str(version),
        )

    def setup_script(self) -> str:
        """After axe-core's own script: configure its locale (``arguments[0]``, or none)
        and keep it as ``window.klarsynAxe`` (:data:`AXE_HANDLE`) for the audit."""
        return f"({_SETUP_FUNCTION})(arguments[0]);"

    def preload_scripts(self) -> tuple[str, str]:
        """axe-core and its set-up with the locale written in, for
        ``Page.addScriptToEvaluateOnNewDocument``: two scripts, so that the set-up runs
        on its own and fails quietly where axe-core itself could not load."""
        locale = json.dumps(self.locale) if self.locale is not None else "null"
        return self.source, f"try{{({_SETUP_FUNCTION})({locale});}}catch(e){{}}"


#: Whether this document has klarsyn's axe-core, configured: ``arguments[0]`` is its version.
AXE_READY_SCRIPT = (
    f"var a=window.{AXE_HANDLE};"
    "return !!(a && typeof a.run === 'function' && a.version === arguments[0]);"
)

#: What the page is after load, in one round trip: the rendered DOM (DOM_SCRIPT, with
#: ``arguments[0]`` its limit), whether axe-core is ready in the top document
#: (``arguments[1]`` its version), how many frames it has, and where it is.
PAGE_STATE_SCRIPT = (
    "var dom = (function(){" + DOM_SCRIPT + "}).apply(this, arguments);"
    f"var a = window.{AXE_HANDLE};"
    "return [dom, !!(a && typeof a.run === 'function' && a.version === arguments[1]),"
    " document.querySelectorAll('iframe, frame').length, location.href];"
)

#: axe-core run in the top document (``arguments[0]``: the run options as an object),
#: handing back its results, the resources the page asked for (RESOURCES_SCRIPT) and
#: where the page is, in one round trip. A rejected run fails the call with its message.
RUN_SCRIPT = (
    "var done = arguments[arguments.length - 1];"
    f"window.{AXE_HANDLE}.run(arguments[0]).then(function(results) {{"
    "  var resources = (function(){" + RESOURCES_SCRIPT + "})();"
    "  done({results: results, resources: resources, url: location.href});"
    "}, function(error) { done({error: String(error)}); });"
)


class FrameAwareAxe(Axe):
    """axe-selenium-python's Axe, run in the page and its iframes, in our locale.

    ChromiumBrowser registers axe-core and its locale once per browser for every new
    document (:meth:`AxeAssets.preload_scripts`), so most pages need no injection. A document
    without it — an out-of-process (cross-site) iframe, which the registration does not
    reach, an ``about:blank`` frame written by script — gets it injected over WebDriver,
    as every page did before: ``Axe.inject`` only reaches the top document; axe-core can
    only report on a frame whose document has axe-core itself, so we walk the frames
    with WebDriver's frame switching.
    """

    def __init__(self, driver: webdriver.Chrome, assets: AxeAssets) -> None:
        super().__init__(driver, script_url=str(assets.script))
        self._assets = assets
        #: Documents that had to get axe-core over WebDriver in the last inject().
        self.injected = 0

    def inject(self, *, top_ready: bool = False) -> None:
        """axe-core into every document of the page that does not have it yet.

        ``top_ready``: the top document is known to have it (PAGE_STATE_SCRIPT said so).
        """
        self.injected = 0
        self.selenium.switch_to.default_content()
        self._inject_here(depth=0, ready=top_ready)
        self.selenium.switch_to.default_content()

    def _inject_here(self, depth: int, *, ready: bool = False) -> None:
        if not ready and not self.selenium.execute_script(AXE_READY_SCRIPT, self._assets.version):
            self.selenium.execute_script(self._assets.source)
            self.selenium.execute_script(self._assets.setup_script(), self._assets.locale)
            self.injected += 1
        if depth >= MAX_FRAME_DEPTH:
            return
        for frame in self.selenium.find_elements(By.CSS_SELECTOR, "iframe, frame"):
            try:
                self.selenium.switch_to.frame(frame)
            except WebDriverException:
                continue  # gone or not loadable: axe reports it as not analysed
            try:
                self._inject_here(depth + 1)
            finally:
                self.selenium.switch_to.parent_frame()

    def run_page(self, options_json: str) -> tuple[dict[str, Any], list[str], str]:
        """axe-core's results, the page's resource URLs and its URL after the run.

        Raises WebDriverException when axe-core's run was rejected.
        """
        answer = self.selenium.execute_async_script(RUN_SCRIPT, json.loads(options_json))
        if not isinstance(answer, dict) or "results" not in answer:
            error = answer.get("error") if isinstance(answer, dict) else answer
            raise WebDriverException(f"axe-core failed: {str(error)[:250]}")
        return dict(answer["results"]), list(answer.get("resources") or []), str(answer["url"])

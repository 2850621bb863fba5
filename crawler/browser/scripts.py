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


class FrameAwareAxe(Axe):
    """axe-selenium-python's Axe, injecting into every iframe too, in our locale.

    ``Axe.inject`` only reaches the top document; axe-core can only report on a
    frame whose document has axe-core itself, so we walk the frames with
    WebDriver's frame switching. The script is read once per audit (AxeAssets), not
    once per page.
    """

    def __init__(self, driver: webdriver.Chrome, assets: AxeAssets) -> None:
        super().__init__(driver, script_url=str(assets.script))
        self._source = assets.source
        self._locale = assets.locale

    def inject(self) -> None:
        self.selenium.switch_to.default_content()
        self._inject_here(depth=0)
        self.selenium.switch_to.default_content()

    def _inject_here(self, depth: int) -> None:
        self.selenium.execute_script(self._source)
        if self._locale is not None:
            self.selenium.execute_script("axe.configure({locale: arguments[0]});", self._locale)
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

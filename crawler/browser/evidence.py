"""Evidence of a page, taken in the browser right after axe-core: screenshots, redacted.

Called by crawler/browser/chromium.py in the same session as the audit, only when the run
keeps evidence (``--evidence``), so an audit without it costs nothing more. Blocking, like
every WebDriver call: it runs in the browser stage's worker threads.

Before any screenshot, personnummer and samordningsnummer are masked in the live page:
:data:`COLLECT_SCRIPT` gathers the text nodes, form values and shown attributes that
hold six digits in a row (the page, its open shadow roots and same-origin frames up to
MAX_FRAME_DEPTH deep), :func:`audits.personal_data.mask` decides in Python, with the very
rule the store uses, and :data:`APPLY_SCRIPT` writes the masked text back. Frames whose
document klarsyn cannot read (other origins) are hidden, since a number in them could not
be masked. axe-core has already judged the page and the DOM for the text checks has
already been taken, so neither sees the change.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException

from audits.axe import is_best_practice, target_text
from audits.personal_data import mask
from crawler.browser.scripts import MAX_FRAME_DEPTH
from reports.evidence import (
    ELEMENT_MARGIN,
    MAX_ELEMENT_HEIGHT,
    MAX_ELEMENTS_PER_RULE,
    MAX_PAGE_HEIGHT,
    MAX_PAGE_WIDTH,
    SKIP_ERROR,
    SKIP_FRAME,
    SKIP_NO_BOX,
    SKIP_NOT_FOUND,
    SKIP_SHADOW,
    SKIP_WHOLE_PAGE,
)

#: Gathers what may hold a personnummer and could be seen in a screenshot. Returns
#: [texts, hidden frames]; the nodes wait in window.__klarsynRedact for APPLY_SCRIPT.
COLLECT_SCRIPT = f"var maxDepth = {MAX_FRAME_DEPTH};" + (
    """
var DIGITS = /\\d{6}/, ATTRS = ['value', 'placeholder', 'alt', 'title', 'aria-label'];
var nodes = [], texts = [], hidden = 0;
function keep(node, how, value) {
  if (value && DIGITS.test(value)) { nodes.push([node, how]); texts.push(value); }
}
function visit(n, depth) {
  if (n.nodeType === 3) { keep(n, '', n.data); return; }
  if (n.nodeType !== 1 && n.nodeType !== 11) { return; }
  if (n.nodeType === 1) {
    var tag = n.localName;
    if (tag === 'input' || tag === 'textarea') { keep(n, '.value', n.value); }
    for (var i = 0; i < ATTRS.length; i++) {
      if (n.hasAttribute(ATTRS[i])) { keep(n, ATTRS[i], n.getAttribute(ATTRS[i])); }
    }
    if (tag === 'iframe' || tag === 'frame') {
      var doc = null;
      try { doc = n.contentDocument; } catch (e) { doc = null; }
      if (doc && doc.documentElement && depth < maxDepth) {
        visit(doc.documentElement, depth + 1);
      } else {
        n.style.setProperty('visibility', 'hidden', 'important');
        hidden++;
      }
      return;
    }
    if (n.shadowRoot) { visit(n.shadowRoot, depth); }
  }
  for (var c = n.firstChild; c; c = c.nextSibling) { visit(c, depth); }
}
visit(document.documentElement, 0);
window.__klarsynRedact = nodes;
return [texts, hidden];
"""
)

#: Writes masked texts back: arguments[0] is [[index, text], ...]; returns how many.
APPLY_SCRIPT = """
var nodes = window.__klarsynRedact || [], pairs = arguments[0], done = 0;
for (var i = 0; i < pairs.length; i++) {
  var entry = nodes[pairs[i][0]];
  if (!entry) { continue; }
  var node = entry[0], how = entry[1], text = pairs[i][1];
  if (how === '') { node.data = text; }
  else if (how === '.value') { node.value = text; }
  else { node.setAttribute(how, text); }
  done++;
}
window.__klarsynRedact = undefined;
return done;
"""

#: Page coordinates (CSS px) of each selector's element: [x, y, width, height], 'whole'
#: for html and body, or null when nothing matches.
RECTS_SCRIPT = """
var out = [], sels = arguments[0];
for (var i = 0; i < sels.length; i++) {
  var el = null;
  try { el = document.querySelector(sels[i]); } catch (e) { el = null; }
  if (!el) { out.push(null); continue; }
  if (el === document.documentElement || el === document.body) { out.push('whole'); continue; }
  var r = el.getBoundingClientRect();
  out.push([r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]);
}
return out;
"""


@dataclass(frozen=True)
class Shot:
    """One violating element: its rule, its selector as its finding has it, and its PNG
    (None, with ``reason``, when it has none)."""

    rule: str
    selector: str
    png: bytes | None = None
    reason: str = ""


@dataclass(frozen=True)
class PageEvidence:
    """The screenshots of one page, taken after its personnummer were masked."""

    screenshot: bytes | None
    page_height: int
    cut: bool
    redacted: int
    hidden_frames: int
    shots: tuple[Shot, ...] = ()
    #: Per rule, the violating elements beyond MAX_ELEMENTS_PER_RULE (no screenshot).
    over_limit: Mapping[str, int] = field(default_factory=dict)
    #: What went wrong while capturing (the audit itself stands).
    notes: tuple[str, ...] = ()


def capture(driver: webdriver.Chrome, results: Mapping[str, Any]) -> PageEvidence:
    """Mask the page's personnummer, then screenshot it and the elements of its WCAG
    violations (axe-core's ``results``). A failed screenshot is a note, not an error."""
    try:
        redacted, hidden = redact_live(driver)
    except WebDriverException as exc:
        # Unmasked, nothing may be photographed.
        reason = (exc.msg or type(exc).__name__)[:200]
        notes = (f"no screenshots: masking failed: {reason}",)
        return PageEvidence(None, 0, False, 0, 0, notes=notes)
    found: list[str] = []
    screenshot, height, cut = None, 0, False
    try:
        screenshot, height, cut = _page_shot(driver)
    except WebDriverException as exc:
        found.append(f"page screenshot failed: {(exc.msg or type(exc).__name__)[:200]}")
    wanted, over = _wanted(results)
    shots = _element_shots(driver, wanted, found)
    return PageEvidence(screenshot, height, cut, redacted, hidden, shots, over, tuple(found))


def redact_live(driver: webdriver.Chrome) -> tuple[int, int]:
    """Replace every personnummer in the live page's text by its shape; hide the frames
    that cannot be read. Returns (nodes changed, frames hidden)."""
    texts, hidden = driver.execute_script(COLLECT_SCRIPT)
    pairs = [[i, masked] for i, text in enumerate(texts) if (masked := mask(text)) != text]
    changed = int(driver.execute_script(APPLY_SCRIPT, pairs)) if pairs else 0
    if not pairs:
        driver.execute_script("window.__klarsynRedact = undefined;")
    return changed, int(hidden)


def _page_shot(driver: webdriver.Chrome) -> tuple[bytes, int, bool]:
    """The page from its top, at most MAX_PAGE_HEIGHT × MAX_PAGE_WIDTH CSS px; its full
    height and whether it was cut."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(1, min(math.ceil(size["width"]), MAX_PAGE_WIDTH))
    height = max(1, math.ceil(size["height"]))
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_PAGE_HEIGHT), "scale": 1}
    return _capture(driver, clip), height, height > MAX_PAGE_HEIGHT


def _capture(driver: webdriver.Chrome, clip: Mapping[str, float]) -> bytes:
    data = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": dict(clip)},
    )
    return base64.b64decode(data["data"])


def _wanted(results: Mapping[str, Any]) -> tuple[list[tuple[str, Sequence[Any]]], dict[str, int]]:
    """(rule, axe target) of the first MAX_ELEMENTS_PER_RULE nodes of each WCAG violation,
    and per rule how many nodes were left out."""
    wanted: list[tuple[str, Sequence[Any]]] = []
    over: dict[str, int] = {}
    for rule in results.get("violations") or ():
        tags = rule.get("tags") or ()
        if is_best_practice(tags) or not any(str(t).startswith("wcag") for t in tags):
            continue
        nodes = rule.get("nodes") or ()
        for node in nodes[:MAX_ELEMENTS_PER_RULE]:
            wanted.append((str(rule["id"]), node.get("target") or ()))
        if len(nodes) > MAX_ELEMENTS_PER_RULE:
            over[str(rule["id"])] = len(nodes) - MAX_ELEMENTS_PER_RULE
    return wanted, over


def _element_shots(
    driver: webdriver.Chrome, wanted: Sequence[tuple[str, Sequence[Any]]], notes: list[str]
) -> tuple[Shot, ...]:
    shots: list[Shot] = []
    plain: list[tuple[str, str, str]] = []  # rule, selector text, CSS selector
    for rule, target in wanted:
        text = target_text(target)
        if len(target) != 1:
            shots.append(Shot(rule, text, reason=SKIP_FRAME))
        elif isinstance(target[0], list):
            shots.append(Shot(rule, text, reason=SKIP_SHADOW))
        else:
            plain.append((rule, text, str(target[0])))
    if not plain:
        return tuple(shots)
    try:
        rects = driver.execute_script(RECTS_SCRIPT, [css for _, _, css in plain])
    except WebDriverException as exc:
        notes.append(f"element positions unreadable: {(exc.msg or type(exc).__name__)[:200]}")
        return tuple(shots) + tuple(Shot(r, t, reason=SKIP_ERROR) for r, t, _ in plain)
    for (rule, text, _), rect in zip(plain, rects, strict=True):
        shots.append(_element_shot(driver, rule, text, rect))
    return tuple(shots)


def _element_shot(driver: webdriver.Chrome, rule: str, text: str, rect: Any) -> Shot:
    if rect is None:
        return Shot(rule, text, reason=SKIP_NOT_FOUND)
    if rect == "whole":
        return Shot(rule, text, reason=SKIP_WHOLE_PAGE)
    x, y, width, height = (float(v) for v in rect)
    if width < 1 or height < 1:
        return Shot(rule, text, reason=SKIP_NO_BOX)
    left, top = max(0.0, x - ELEMENT_MARGIN), max(0.0, y - ELEMENT_MARGIN)
    clip = {
        "x": left,
        "y": top,
        "width": min(x + width + ELEMENT_MARGIN - left, MAX_PAGE_WIDTH),
        "height": min(y + height + ELEMENT_MARGIN - top, MAX_ELEMENT_HEIGHT),
        "scale": 1,
    }
    try:
        return Shot(rule, text, _capture(driver, clip))
    except WebDriverException:
        return Shot(rule, text, reason=SKIP_ERROR)

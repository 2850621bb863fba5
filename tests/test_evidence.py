"""The evidence pack (``klarsyn audit --evidence``) and ``klarsyn verify``.

The browser tests crawl a small local site in real Chromium: two pages that are the same
but for a personnummer (in text, in a form value, in a same-origin frame) on one and its
masked shape on the other. Masked in the live page before the screenshots, the two must
give the same pixels; a personnummer that survived would not.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from audits.personal_data import find_numbers
from crawler.localserver import Files, SiteServer
from reports.evidence import (
    MAX_ELEMENTS_PER_RULE,
    PageRecord,
    page_key,
    run_folder,
)
from reports.manifest import EvidenceError, RunFacts, verify_pack, write_manifest
from tests.conftest import HTML, REPO, Run, html_page
from tests.htmlfiles import read_all
from tests.test_interrupt import SlowSite

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NUMBERS = ("19121212-1212", "121212-1212", "1912121212", "191212121212")


def _page(number_long: str, number_short: str) -> bytes:
    """A page with five images without alt (image-alt), grey text (color-contrast) that
    holds a number, a form value and a same-origin frame with another."""
    images = "".join("<img src='/bild.svg' width='40' height='30'>" for _ in range(5))
    frame = f"<p>Ärende {number_short}</p>".replace("'", "&#39;")
    body = (
        f"<p style='color:#bbb'>Sökande: Tolvan Tolvansson, {number_long}.</p>"
        f"<p>{images}</p>"
        f"<p><label>Ditt nummer <input type='text' value='{number_long}'></label></p>"
        f"<iframe title='Ärende' srcdoc='{frame}' width='300' height='80'></iframe>"
    )
    return html_page("Ansökan", body)


def _site() -> Files:
    svg = (
        b"<svg xmlns='http://www.w3.org/2000/svg' width='40' height='30'>"
        b"<rect width='40' height='30' fill='#246'/></svg>"
    )
    start = html_page(
        "Start",
        "<ul><li><a href='/med-nummer/'>Med nummer</a></li>"
        "<li><a href='/maskerad/'>Maskerad</a></li></ul>",
    )
    return {
        "/": (start, HTML),
        "/med-nummer/": (_page("19121212-1212", "121212-1212"), HTML),
        "/maskerad/": (_page("ÅÅÅÅMMDD-NNNN", "ÅÅMMDD-NNNN"), HTML),
        "/bild.svg": (svg, "image/svg+xml"),
    }


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _verify(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "klarsyn", "verify", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def evidence_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Run, SiteServer, Path]]:
    """One real audit with --evidence of the local site, shared by this module's tests."""
    site = SiteServer(_site()).start()
    out = tmp_path_factory.mktemp("evidence") / "out"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "klarsyn", "audit", site.base_url + "/", "--evidence",
             "--loopback-only", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=out.parent,
            check=False,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        run = Run(done.returncode, done.stderr, out)
        assert run.code == 2, run.stderr  # the pages have WCAG violations
        yield run, site, run_folder(out, 1)
    finally:
        site.stop()


@pytest.mark.browser
@pytest.mark.slow
def test_an_audit_with_evidence_keeps_each_page_and_its_violations(
    evidence_run: tuple[Run, SiteServer, Path],
) -> None:
    _, site, folder = evidence_run
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "klarsyn-evidence/1"
    assert manifest["run_id"] == 1
    assert manifest["partial"] is False
    assert manifest["started"]
    assert manifest["finished"]
    assert manifest["versions"]["axe-core"].startswith("4.")
    assert manifest["versions"]["chromium"]
    assert manifest["settings"]["evidence"] is True
    assert manifest["bounds"]["max_elements_per_rule_and_page"] == MAX_ELEMENTS_PER_RULE
    pages = {p["url"]: p["folder"] for p in manifest["pages"]}
    assert set(pages) == {site.base_url + p for p in ("/", "/med-nummer/", "/maskerad/")}

    # Every file on disk is listed, with its right hash.
    on_disk = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    assert sorted(manifest["files"]) == on_disk
    for name, entry in manifest["files"].items():
        data = (folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert entry["bytes"] == len(data)

    url = site.base_url + "/maskerad/"
    page = folder / page_key(url)
    assert pages[url] == page.name
    record = PageRecord.from_json(json.loads((page / "page.json").read_text(encoding="utf-8")))
    assert "Sökande: Tolvan Tolvansson" in (page / "page.html").read_text(encoding="utf-8")
    width, height = _png_size((page / "page.png").read_bytes())
    assert 1000 <= width <= 1280
    assert height >= 300
    # Five images without alt: three screenshots, the other two counted.
    shots = [e for e in record.elements if e.rule == "image-alt"]
    assert len(shots) == MAX_ELEMENTS_PER_RULE
    assert record.over_limit == {"image-alt": 5 - MAX_ELEMENTS_PER_RULE}
    for shot in shots:
        w, h = _png_size((page / shot.file).read_bytes())
        # 40 × 30 px and 8 px of context on each side (less at the page's edge).
        assert 40 <= w <= 56, (shot, w)
        assert 30 <= h <= 46, (shot, h)
    contrast = [e for e in record.elements if e.rule == "color-contrast"]
    assert contrast
    assert contrast[0].file
    w, h = _png_size((page / contrast[0].file).read_bytes())
    assert 200 < w <= 1280
    assert 16 < h < 100


@pytest.mark.browser
@pytest.mark.slow
def test_no_personnummer_survives_in_any_evidence_file(
    evidence_run: tuple[Run, SiteServer, Path],
) -> None:
    _, site, folder = evidence_run
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".json"):
            text = path.read_text(encoding="utf-8")
            assert find_numbers(text) == [], path
            assert not any(n in text for n in NUMBERS), path
    with_number = folder / page_key(site.base_url + "/med-nummer/")
    masked = folder / page_key(site.base_url + "/maskerad/")
    # Masked in the live page, the page with numbers looks exactly like the page that
    # carries their shapes: same pixels in the page and in the grey paragraph's shot.
    assert (with_number / "page.png").read_bytes() == (masked / "page.png").read_bytes()
    shot = "elements/color-contrast-1.png"
    assert (with_number / shot).read_bytes() == (masked / shot).read_bytes()
    record = json.loads((with_number / "page.json").read_text(encoding="utf-8"))
    # The text node, the input's value (property and attribute) and the frame's text.
    assert record["redacted"] >= 3
    assert "ÅÅÅÅMMDD-NNNN" in (with_number / "page.html").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.slow
def test_the_report_links_to_existing_evidence(
    evidence_run: tuple[Run, SiteServer, Path],
) -> None:
    run, _, _ = evidence_run
    # report.html links the rules' examples; the page files of sidor/ (one folder down)
    # each page's screenshot, HTML and elements.
    links: set[Path] = set()
    for path in (run.out / "report.html", *(run.out / "sidor").glob("*.html")):
        for link in re.findall(r'href="((?:\.\./)?evidence/[^"]+)"', path.read_text("utf-8")):
            target = (path.parent / unquote(link)).resolve()
            assert target.is_file(), (path.name, link)
            links.add(target)
    assert any(link.name == "page.png" for link in links)
    assert any(link.name == "page.html" for link in links)
    assert any(link.name.startswith("image-alt-") for link in links)
    html = read_all(run.out)
    assert "Skärmbild av elementet" in html
    assert "Skärmbild av sidan" in html


@pytest.mark.browser
@pytest.mark.slow
def test_verify_finds_a_changed_byte_a_missing_file_and_an_added_one(
    evidence_run: tuple[Run, SiteServer, Path],
) -> None:
    run, site, folder = evidence_run
    ok = _verify(folder)
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stderr

    page = folder / page_key(site.base_url + "/maskerad/")
    shot = page / "elements" / "image-alt-1.png"
    original = shot.read_bytes()
    shot.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    changed = _verify(folder)
    assert changed.returncode == 2
    assert f"changed: {page.name}/elements/image-alt-1.png" in changed.stderr
    shot.write_bytes(original)

    html = (page / "page.html").read_bytes()
    (page / "page.html").unlink()
    missing = _verify(folder)
    assert missing.returncode == 2
    assert f"missing: {page.name}/page.html" in missing.stderr
    (page / "page.html").write_bytes(html)

    (page / "extra.png").write_bytes(b"not evidence")
    added = _verify(folder)
    assert added.returncode == 2
    assert f"not in the manifest: {page.name}/extra.png" in added.stderr
    (page / "extra.png").unlink()
    assert _verify(folder).returncode == 0

    # Not a pack: one sentence, exit 1, and a hint to the run folders.
    bad = _verify(run.out)
    assert bad.returncode == 1
    assert "no manifest.json" in bad.stderr
    assert "run-1" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_ctrl_c_leaves_a_partial_pack_that_verifies(tmp_path: Path) -> None:
    site = SlowSite(0.3)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "klarsyn", "audit", site.base + "/", "--evidence",
         "--browsers", "1", "--loopback-only", "--out", str(out)],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while _audited(out) < 3:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the crawl never got there"
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=180)
    finally:
        site.shutdown()
        site.server_close()
    assert process.returncode == 130, stderr
    folder = run_folder(out, 1)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["partial"] is True
    assert 3 <= len(manifest["pages"]) < len(site.files)
    assert _verify(folder).returncode == 0


def _audited(out: Path) -> int:
    try:
        with sqlite3.connect(out / "klarsyn.sqlite") as db:
            return int(
                db.execute("SELECT count(*) FROM pages WHERE status = 'audited'").fetchone()[0]
            )
    except sqlite3.Error:
        return 0


# -- the manifest without a browser -----------------------------------------------------


def _pack(folder: Path) -> Path:
    (folder / "abc" / "elements").mkdir(parents=True)
    (folder / "abc" / "page.html").write_text("<p>sida</p>", encoding="utf-8")
    (folder / "abc" / "elements" / "image-alt-1.png").write_bytes(PNG_MAGIC + b"x" * 20)
    (folder / "abc" / ".page.html.0123.tmp").write_bytes(b"left by a kill")
    facts = RunFacts(7, False, "2026-01-01T10:00:00+01:00", "", {"klarsyn": "0.1.0"}, {})
    write_manifest(folder, facts)
    return folder


def test_a_manifest_lists_every_file_and_drops_leftover_temporary_files(
    tmp_path: Path,
) -> None:
    folder = _pack(tmp_path / "run-7")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["abc/elements/image-alt-1.png", "abc/page.html"]
    assert not list(folder.rglob("*.tmp"))
    verdict = verify_pack(folder)
    assert verdict.intact
    assert verdict.checked == 2


def test_verify_names_changed_missing_and_unlisted_files(tmp_path: Path) -> None:
    folder = _pack(tmp_path / "run-7")
    (folder / "abc" / "page.html").write_text("<p>sidA</p>", encoding="utf-8")
    (folder / "abc" / "elements" / "image-alt-1.png").unlink()
    (folder / "abc" / "ny.png").write_bytes(b"")
    verdict = verify_pack(folder)
    assert not verdict.intact
    assert verdict.changed == ("abc/page.html",)
    assert verdict.missing == ("abc/elements/image-alt-1.png",)
    assert verdict.unlisted == ("abc/ny.png",)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "there is no manifest.json"),
        ("{not json", "not readable JSON"),
        ('{"format": "other"}', "not a klarsyn evidence manifest"),
        ('{"format": "klarsyn-evidence/1", "files": []}', "no valid list of files"),
        (
            '{"format": "klarsyn-evidence/1", "files": {"../x": {"sha256": "0"}}}',
            "outside its folder",
        ),
    ],
)
def test_a_folder_without_a_readable_manifest_is_bad_input(
    tmp_path: Path, manifest: str | None, message: str
) -> None:
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(EvidenceError, match=message):
        verify_pack(tmp_path)
    done = _verify(tmp_path)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr

"""Fast checks of the bundled demo site and its fault manifest (no browser, no server).

The manifest itself was verified against axe-core 4.14.1 in headless Chromium; these
tests keep the site and the manifest consistent with each other: every page listed
exists and vice versa, links resolve, robots.txt and the sitemaps agree, and the
planted faults are where the manifest says. The manifest's ``policy`` list names the
planted instances of the policy checks (audits/policy.py), each with a clean twin;
here a plain reading of the HTML and the PDFs finds each planted fault exactly where
it is listed, and on none of the twins.

Two views of a page: ``served`` is the HTML the server sends, ``soups`` the page as
klarsyn audits it, i.e. as the browser renders it. They differ only on the pages
with ``script_content`` in the manifest, whose script (under files/js/) puts markup
in place of a placeholder after load: ``rendered`` does the same here without a
browser, from the script's ``CONTENT``. Text, policy and link checks read the
rendered view; the page marked ``found_by: browser`` is linked only from such
markup, so a crawl of the served HTML never reaches it.
"""

from __future__ import annotations

import copy
import gzip
import io
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from audits.draft import check_draft
from audits.extract import extract_page
from audits.plain_language import DEFAULT_MIN_WORDS
from audits.policy import RULES
from audits.targets import DEFAULT_AUDIENCES, audience_for
from crawler.demo import SITE_NAME, build_site, load_manifest

BASE = "http://127.0.0.1:8123"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HTML_TYPE = "text/html; charset=utf-8"
BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd", "caption"]
MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
PERSONAL_NUMBER = re.compile(r"\b(\d{2})?\d{6}[-+]\d{4}\b")
VAGUE_LINK = re.compile(r"(?i)läs mer|klicka här")
STATEMENT = "/tillganglighetsredogorelse/"
# The markup a demo script puts in its page: one template literal, without interpolation.
SCRIPT_CONTENT = re.compile(r"^const CONTENT = `([^`$]*)`;$", re.MULTILINE)
TIMERS = re.compile(r"\b(setTimeout|setInterval|requestAnimationFrame|requestIdleCallback)\b")


@pytest.fixture(scope="module")
def site() -> dict[str, tuple[bytes, str]]:
    return build_site(BASE)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return load_manifest()


@pytest.fixture(scope="module")
def served(site) -> dict[str, BeautifulSoup]:
    """Every HTML page as the server sends it."""
    return {
        path: BeautifulSoup(body, "lxml")
        for path, (body, kind) in site.items()
        if kind.startswith("text/html")
    }


@pytest.fixture(scope="module")
def soups(site, served, manifest) -> dict[str, BeautifulSoup]:
    """Every HTML page as klarsyn audits it: rendered, with its script-made content in place."""
    scripted = {p["path"]: p["script_content"] for p in manifest["pages"] if "script_content" in p}
    assert scripted
    return {
        path: rendered(site, soup, scripted[path]) if path in scripted else soup
        for path, soup in served.items()
    }


def script_markup(site: dict, script: str) -> str:
    """The markup a demo script inserts: the one ``CONTENT`` template literal in it."""
    found = SCRIPT_CONTENT.findall(site[script][0].decode())
    assert len(found) == 1, script
    return found[0]


def rendered(site: dict, soup: BeautifulSoup, content: dict) -> BeautifulSoup:
    """The page once its script has run, as files/js/evenemang.js does it: the script's
    markup replaces what its target element held (the placeholder)."""
    view = copy.copy(soup)
    target = view.select_one(content["target"])
    target.clear()
    target.append(BeautifulSoup(script_markup(site, content["script"]), "html.parser"))
    return view


def local_targets(page: str, soup: BeautifulSoup) -> set[str]:
    """Paths of the same-site resources a page refers to (links, frames, images, styles)."""
    refs = [a["href"] for a in soup.select("a[href], link[href]")]
    refs += [e["src"] for e in soup.select("iframe[src], img[src]")]
    urls = (urljoin(BASE + page, ref) for ref in refs)
    return {urlsplit(u).path for u in urls if u.startswith(BASE + "/")}


def sitemap_locs(site: dict, path: str) -> list[str]:
    body, _ = site[path]
    root = etree.fromstring(gzip.decompress(body) if path.endswith(".gz") else body)
    return [loc.text for loc in root.iter(SM + "loc")]


def lix(soup: BeautifulSoup) -> tuple[int, float]:
    """Words and LIX of the main content; every block element ends a sentence."""
    main = soup.find("main")
    words = sentences = long_words = 0
    for block in main.find_all(BLOCKS):
        text = " ".join(s for s in block.find_all(string=True) if s.find_parent(BLOCKS) is block)
        tokens = [t for t in text.split() if re.search(r"[^\W\d_]", t) and "@" not in t]
        if not tokens:
            continue
        sentences += 1 + len(re.findall(r"[.!?:]\s+(?=[A-ZÅÄÖ])", text))
        words += len(tokens)
        long_words += sum(len(re.sub(r"\W", "", t)) > 6 for t in tokens)
    return words, words / sentences + 100 * long_words / words


def planted(manifest: dict, rule: str) -> set[str]:
    """The pages (or documents) the manifest plants an instance of a policy rule on."""
    return {entry["page"] for entry in manifest["policy"] if entry["rule"] == rule}


def luhn(digits: str) -> bool:
    """The personnummer check digit: Luhn over the last ten digits."""
    total = 0
    for i, digit in enumerate(digits[-10:]):
        value = int(digit) * (2 if i % 2 == 0 else 1)
        total += value // 10 + value % 10
    return total % 10 == 0


def link_texts(soup: BeautifulSoup) -> list[str]:
    return [" ".join(a.get_text().split()) for a in soup.find_all("a")]


def unmarked_english(soup: BeautifulSoup, *, marked: bool = False) -> list[str]:
    """Paragraphs of 20 words or more in English, without (``marked``: with) a lang of their own."""
    found = []
    for p in soup.main.find_all("p"):
        words = p.get_text().lower().split()
        english = sum(w in ("the", "and", "is", "are", "of", "you") for w in words) >= 3
        own_lang = p.find_parent(lang=True) is not soup.html or p.has_attr("lang")
        if len(words) >= 20 and english and own_lang == marked:
            found.append(p.get_text())
    return found


def test_build_is_deterministic_and_base_url_only_touches_robots_and_sitemaps(site):
    assert build_site(BASE) == site
    other = build_site("http://127.0.0.1:9999")
    changed = {path for path in site if site[path] != other[path]}
    assert changed == {
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-sidor.xml",
        "/sitemap-nyheter.xml.gz",
    }


def test_site_is_big_enough(site, manifest):
    pages = manifest["pages"]
    assert len(pages) >= 40
    assert all(site[p["path"]][1] == HTML_TYPE for p in pages)
    sections = {p["section"] for p in pages} - {None}
    assert sections == set(manifest["sections"])
    assert len(sections) >= 5
    for key, section in manifest["sections"].items():
        assert section["owner"].endswith("förvaltningen")
        assert section["path"] == f"/{key}/"
        assert section["path"] in site
        assert sum(p["section"] == key for p in pages) >= 5


def test_manifest_pages_are_exactly_the_public_html_pages(site, manifest):
    listed = [p["path"] for p in manifest["pages"]]
    assert len(listed) == len(set(listed))
    frames = {f["frame"] for f in manifest["frames"]}
    disallowed = {d["path"] for d in manifest["robots_disallowed"]}
    html = {path for path, (_, kind) in site.items() if kind.startswith("text/html")}
    assert html == set(listed) | frames | disallowed
    assert not (set(listed) & (frames | disallowed))
    assert not {b["to"] for b in manifest["broken_links"]} & set(site)


def test_titles_sections_and_languages(soups, manifest):
    two_h1 = planted(manifest, "policy-h1-count")
    english = planted(manifest, "policy-lang-mismatch")
    assert two_h1
    assert english
    for page in manifest["pages"]:
        soup = soups[page["path"]]
        assert soup.title.string == page["title"]
        first = page["path"].strip("/").split("/")[0]
        assert page["section"] == (first if first in manifest["sections"] else None)
        lang = soup.html.get("lang")
        if "html-has-lang" in page["axe"]:
            assert lang is None
        elif "html-lang-valid" in page["axe"]:
            assert lang not in (None, "sv")
        elif page["path"] in english:
            assert lang == "en"  # valid, so no axe fault: the text is Swedish, though
        else:
            assert lang == "sv"
        assert len(soup.find_all("main")) == 1
        assert len(soup.find_all("h1")) == (2 if page["path"] in two_h1 else 1), page["path"]


def test_local_links_resolve_except_the_known_broken_ones(site, soups, manifest):
    broken = {
        (page, target)
        for page, soup in soups.items()
        for target in local_targets(page, soup)
        if target not in site
    }
    assert broken == {(b["from"], b["to"]) for b in manifest["broken_links"]}


def disallowed_prefixes(site: dict) -> tuple[str, ...]:
    lines = site["/robots.txt"][0].decode().splitlines()
    return tuple(line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:"))


def crawl(site: dict, views: dict[str, BeautifulSoup]) -> set[str]:
    """The HTML pages a crawl from the start page and the sitemaps reaches, following the
    links of ``views`` (served or rendered pages) and obeying robots.txt."""
    disallowed = disallowed_prefixes(site)
    queue, reached = deque(["/", *sorted(sitemap_paths(site))]), set()
    while queue:
        path = queue.popleft()
        if path in reached or path.startswith(disallowed) or path not in views:
            continue
        reached.add(path)
        queue.extend(
            urlsplit(urljoin(BASE + path, a["href"])).path
            for a in views[path].select("a[href]")
            if urljoin(BASE + path, a["href"]).startswith(BASE + "/")
        )
    return reached


def sitemap_paths(site: dict) -> set[str]:
    return {
        urlsplit(u).path
        for child in ("/sitemap-sidor.xml", "/sitemap-nyheter.xml.gz")
        for u in sitemap_locs(site, child)
    }


def test_crawl_from_start_and_sitemaps_reaches_exactly_the_manifest_pages(
    site, served, soups, manifest
):
    """The rendered pages lead to every manifest page; the served HTML to all but the
    pages only a script's link leads to."""
    pages = {p["path"] for p in manifest["pages"]}
    by_browser = {p["path"] for p in manifest["pages"] if p.get("found_by") == "browser"}
    assert {p.get("found_by") for p in manifest["pages"]} == {None, "browser"}
    assert crawl(site, soups) == pages
    assert crawl(site, served) == pages - by_browser
    link_only = {p["path"] for p in manifest["pages"] if not p["in_sitemap"]} - by_browser
    assert 1 <= len(link_only) <= 2
    assert not (link_only | by_browser) & sitemap_paths(site)


def test_robots_txt(site, soups, manifest):
    robots = site["/robots.txt"][0].decode()
    assert site["/robots.txt"][1].startswith("text/plain")
    assert f"Sitemap: {BASE}/sitemap.xml" in robots.splitlines()
    assert manifest["robots_disallowed"]
    for entry in manifest["robots_disallowed"]:
        assert entry["path"].startswith(disallowed_prefixes(site))
        assert entry["path"] in site
        assert entry["path"] in local_targets(entry["linked_from"], soups[entry["linked_from"]])


def test_sitemap_index_and_children(site, manifest):
    assert site["/sitemap.xml"][1] == "application/xml"
    index = etree.fromstring(site["/sitemap.xml"][0])
    assert index.tag == SM + "sitemapindex"
    children = [urlsplit(u).path for u in sitemap_locs(site, "/sitemap.xml")]
    assert children == ["/sitemap-sidor.xml", "/sitemap-nyheter.xml.gz"]
    assert site["/sitemap-nyheter.xml.gz"][1] in ("application/gzip", "application/x-gzip")
    assert site["/sitemap-nyheter.xml.gz"][0][:2] == b"\x1f\x8b"
    listed: list[str] = []
    for child in children:
        locs = sitemap_locs(site, child)
        assert locs
        assert all(u.startswith(BASE + "/") for u in locs)
        listed += [urlsplit(u).path for u in locs]
    assert len(listed) == len(set(listed))
    assert set(listed) == {p["path"] for p in manifest["pages"] if p["in_sitemap"]}


def test_fault_rules(manifest):
    template = {t["rule"] for t in manifest["template_faults"]}
    content = {rule for p in manifest["pages"] for rule in p["axe"]}
    content |= {rule for f in manifest["frames"] for rule in f["axe"]}
    assert len(content) >= 10
    assert template
    assert not template & content
    assert "heading-order" in {rule for p in manifest["pages"] for rule in p["best_practice"]}
    frame_pages = {f["page"] for f in manifest["frames"] if f["axe"] or f["best_practice"]}
    for page in manifest["pages"]:
        faulty = bool(page["axe"] or page["best_practice"] or page["path"] in frame_pages)
        assert page["clean"] is not faulty, page["path"]
        assert not template & set(page["axe"])
    assert sum(p["clean"] for p in manifest["pages"]) > len(manifest["pages"]) / 2


def test_template_fault_is_on_every_page(soups, manifest):
    for fault in manifest["template_faults"]:
        for page in manifest["pages"]:
            found = soups[page["path"]].select(fault["selector"])
            assert len(found) == 1, page["path"]
            assert found[0].find_parent(fault["region"]), page["path"]
            if fault["rule"] == "list":
                assert {child.name for child in found[0].find_all(recursive=False)} - {"li"}
                # Not the page's only list, or axe would name it just "ul".
                assert len(soups[page["path"]].find_all("ul")) > 1, page["path"]


def test_frames(site, soups, manifest):
    for frame in manifest["frames"]:
        srcs = [f.get("src") for f in soups[frame["page"]].find_all("iframe")]
        assert srcs == [frame["frame"]]
        assert site[frame["frame"]][1] == HTML_TYPE
    untitled = [p["path"] for p in manifest["pages"] if "frame-title" in p["axe"]]
    assert untitled
    assert all(not soups[p].iframe.get("title") for p in untitled)


def test_documents(site, soups, manifest):
    assert len(manifest["documents"]) >= 2
    for document in manifest["documents"]:
        body, kind = site[document["path"]]
        assert kind == document["content_type"] == "application/pdf"
        assert body.startswith(b"%PDF-")
        assert body.rstrip().endswith(b"%%EOF")
        assert (b"BT" in body) == document["has_text"]
        for page in document["linked_from"]:
            assert document["path"] in local_targets(page, soups[page])
    assert any(d["has_text"] for d in manifest["documents"])


def test_hard_and_easy_text(soups, manifest):
    kinds = {p["text"] for p in manifest["pages"]}
    assert {"hard", "easy"} <= kinds <= {"hard", "easy", None}
    for page in manifest["pages"]:
        words, score = lix(soups[page["path"]])
        if page["text"] == "hard":
            assert words >= 150, page["path"]
            assert score >= 55, (page["path"], score)
        elif page["text"] == "easy":
            assert words >= 150, page["path"]
            assert score <= 30, (page["path"], score)
        else:
            assert score < 50, (page["path"], score)


def test_content_pages_show_a_swedish_update_date(soups, manifest):
    stale = planted(manifest, "policy-stale-page")
    assert stale
    for page in manifest["pages"]:
        if page["path"] not in ("/", "/nyheter/"):
            text = soups[page["path"]].main.get_text(" ")
            year = 2024 if page["path"] in stale else 2026
            assert re.search(rf"Senast uppdaterad: \d{{1,2}} ({MONTHS}) {year}", text), page["path"]


def test_pages_avoid_vague_link_texts_bare_urls_and_personal_numbers(soups, manifest):
    """Except the planted ones: "Läs mer" and "Klicka här" (but "Läs mer om bygglov" is
    fine), and a Luhn-valid personnummer."""
    vague_pages = planted(manifest, "policy-link-text")
    number_pages = planted(manifest, "policy-personal-data")
    assert vague_pages
    assert number_pages
    planted_texts: set[str] = set()
    for page in manifest["pages"]:
        soup = soups[page["path"]]
        texts = link_texts(soup)
        assert not [t for t in texts if re.search(r"https?://|www\.", t)], page["path"]
        vague = {t.lower() for t in texts if VAGUE_LINK.fullmatch(t)}
        assert bool(vague) == (page["path"] in vague_pages), page["path"]
        planted_texts |= vague
        numbers = [m.group(0) for m in PERSONAL_NUMBER.finditer(soup.get_text(" "))]
        if page["path"] in number_pages:
            assert numbers, page["path"]
            assert all(luhn(re.sub(r"\D", "", n)) for n in numbers), page["path"]
        else:
            assert not numbers, page["path"]
    assert planted_texts == {"läs mer", "klicka här"}


def test_policy_manifest(site, manifest):
    """Every policy rule is planted (with an owner at least once) or listed as absent;
    entries name real pages and documents, their section's owner and a twin of the same kind."""
    entries = manifest["policy"]
    rules = {entry["rule"] for entry in entries}
    absent = set(manifest["policy_absent"])
    assert rules | absent == set(RULES)
    assert not rules & absent
    pages = {p["path"] for p in manifest["pages"]}
    documents = {d["path"] for d in manifest["documents"]}
    owners = {s["path"]: s["owner"] for s in manifest["sections"].values()}
    for entry in entries:
        kind = pages if entry["page"] in pages else documents
        assert entry["page"] in kind, entry
        assert entry["twin"] in kind, entry
        assert entry["twin"] != entry["page"], entry
        owner = next((o for path, o in owners.items() if entry["page"].startswith(path)), None)
        assert entry["owner"] == owner, entry
    assert len({(e["rule"], e["page"]) for e in entries}) == len(entries)
    twins = {(e["rule"], e["twin"]) for e in entries}
    assert not twins & {(e["rule"], e["page"]) for e in entries}
    for rule in rules:
        assert any(e["owner"] for e in entries if e["rule"] == rule), rule
    assert planted(manifest, "policy-broken-link") == {b["from"] for b in manifest["broken_links"]}
    assert {b["to"] for b in manifest["broken_links"]} & {"/dokument/gammal-taxa-2019.pdf"}


def has_vague_link(path: str, soup: BeautifulSoup) -> bool:
    return any(VAGUE_LINK.fullmatch(t) for t in link_texts(soup))


def over_lix_target(path: str, soup: BeautifulSoup) -> bool:
    """Whether the page's text is harder than its audience's LIX target, as klarsyn scores
    it (a text of fewer than DEFAULT_MIN_WORDS words is not scored: its LIX is None)."""
    lix = check_draft(str(soup), DEFAULT_MIN_WORDS)[0].lix
    return audience_for(BASE + path, DEFAULT_AUDIENCES).exceeded_by(lix)


#: What a plain reading of a page finds of the policy rules a script's content may plant.
SCRIPT_POLICY_CHECKS = {
    "policy-link-text": has_vague_link,
    "policy-lix-over-target": over_lix_target,
}


def ambiguous(path: str, soup: BeautifulSoup) -> bool:
    """Whether two links with the same text go to different pages."""
    targets: dict[str, set[str]] = {}
    for a in soup.find_all("a", href=True):
        url = urlsplit(urljoin(BASE + path, a["href"]))
        targets.setdefault(" ".join(a.get_text().split()).lower(), set()).add(url.path)
    return any(len(t) > 1 for t in targets.values())


def test_page_policy_faults_are_exactly_where_planted(soups, manifest):
    """A plain reading of each page finds each planted policy fault on its pages only."""
    titles = Counter(soups[p["path"]].title.string for p in manifest["pages"])
    checks = {
        "policy-h1-count": lambda path, soup: len(soup.find_all("h1")) != 1,
        "policy-title-duplicate": lambda path, soup: titles[soup.title.string] > 1,
        "policy-title-pattern": lambda path, soup: (
            not soup.title.string.endswith(f" – {SITE_NAME}")
        ),
        "policy-lang-mismatch": lambda path, soup: soup.html.get("lang") == "en",
        "policy-template-inconsistent": lambda path, soup: not soup.find("nav"),
        "policy-stale-page": lambda path, soup: bool(
            re.search(r"Senast uppdaterad: .* 20(1\d|2[0-4])\b", soup.main.get_text(" "))
        ),
        "policy-statement-unreachable": lambda path, soup: (
            path != STATEMENT and not soup.find("a", href=STATEMENT)
        ),
        "policy-link-text": has_vague_link,
        "policy-link-text-ambiguous": ambiguous,
        "policy-foreign-passage": lambda path, soup: bool(unmarked_english(soup)),
        "policy-personal-data": lambda path, soup: bool(PERSONAL_NUMBER.search(soup.get_text())),
    }
    for rule, check in checks.items():
        found = {p["path"] for p in manifest["pages"] if check(p["path"], soups[p["path"]])}
        assert found == planted(manifest, rule), rule
    # the twins of these are like their planted page, without the fault
    assert soups["/barn-och-utbildning/lovskola/"].main.find("h2", string=re.compile("Anmälan"))
    assert "Läs mer om bygglov" in link_texts(soups["/bygga-och-bo/attefallsatgarder/"])
    for entry in manifest["policy"]:
        if entry["rule"] == "policy-foreign-passage":
            assert unmarked_english(soups[entry["twin"]], marked=True), entry
        if entry["rule"] == "policy-personal-data":
            text = soups[entry["twin"]].main.get_text(" ")
            assert re.search(r"Dnr [A-ZÅÄÖ]+ \d{4}/\d+", text)
            assert "telefon 0999" in text


def test_start_page_leads_to_lattlast_and_other_languages(soups, manifest):
    start = {urlsplit(a["href"]).path for a in soups["/"].select("main a[href]")}
    assert {"/lattlast/", "/other-languages/"} <= start
    languages = soups["/other-languages/"]
    assert languages.html["lang"] == "sv"
    passages = {p["lang"] for p in languages.main.select("p[lang]")}
    assert passages == {"en", "fi", "fit", "se", "ar", "so"}
    assert all(p.get("dir") == "rtl" for p in languages.main.select("[lang=ar]"))
    statement = soups[STATEMENT].main.get_text(" ")
    for required in ("delvis förenlig", "Senaste bedömningen gjordes den", "Anmäl bristande"):
        assert required in statement
    assert re.search(rf"uppdaterades senast den \d{{1,2}} ({MONTHS}) 2026", statement)


def test_documents_declare_what_the_manifest_says(site, manifest):
    """Title, language, tags, text and date as the manifest says, read with pypdf, and the
    planted document faults exactly where listed."""
    pypdf = pytest.importorskip("pypdf")
    facts = {}
    for document in manifest["documents"]:
        reader = pypdf.PdfReader(io.BytesIO(site[document["path"]][0]), strict=True)
        root = reader.trailer["/Root"]
        info = reader.metadata
        tagged = bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root
        text = reader.pages[0].extract_text().strip()
        facts[document["path"]] = {
            "tagged": tagged,
            "title": info.title,
            "lang": root.get("/Lang"),
            "modified": info.modification_date.date().isoformat(),
            "has_text": bool(text),
        }
        assert info.creation_date == info.modification_date
        assert facts[document["path"]] == {k: document[k] for k in facts[document["path"]]}
        if tagged:
            assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
            tree = root["/StructTreeRoot"].get_object()
            paragraphs = tree["/K"].get_object()["/K"]
            assert tree["/K"].get_object()["/S"] == "/Document"
            assert [p.get_object()["/K"] for p in paragraphs] == list(range(len(paragraphs)))
            content = reader.pages[0].get_contents().get_data()
            assert content.count(b"BDC") == content.count(b"EMC") == len(paragraphs)
    checks = {
        "policy-pdf-untagged": lambda f: not f["tagged"],
        "policy-pdf-no-title": lambda f: not f["title"],
        "policy-pdf-no-lang": lambda f: not f["lang"],
        "policy-pdf-scanned": lambda f: not f["has_text"],
        "policy-stale-document": lambda f: f["modified"] < "2025",
    }
    for rule, check in checks.items():
        assert {path for path, f in facts.items() if check(f)} == planted(manifest, rule), rule


def scripted_pages(manifest: dict) -> list[dict]:
    """The manifest entries of the pages whose content a script makes."""
    pages = [p for p in manifest["pages"] if "script_content" in p]
    assert pages
    return pages


def flags(findings, expected: dict) -> list:
    """The klarspråk findings that match a manifest entry: its rule, and the word its
    message quotes ("word") or the sentence its snippet starts with ("sentence")."""
    return [
        f
        for f in findings
        if f.rule == expected["rule"]
        and (
            f"'{expected['word']}'" in f.message
            if "word" in expected
            else f.snippet.startswith(expected["sentence"])
        )
    ]


def test_script_made_content_is_only_in_the_rendered_view(site, served, soups, manifest):
    """The served page holds a heading and a placeholder; its script (loaded with defer,
    filling the page without a timer, as klarsyn cancels timers after load) makes the
    text, links and faults that the manifest's script_content lists."""
    for page in scripted_pages(manifest):
        path, content = page["path"], page["script_content"]
        assert site[content["script"]][1] == "text/javascript; charset=utf-8"
        assert not TIMERS.search(site[content["script"]][0].decode())
        before, after = served[path], soups[path]
        assert before.head.find("script", src=content["script"], defer=True), path
        # The served main: the heading, the placeholder and the layout's page info only.
        blocks = [
            " ".join(b.get_text().split())
            for b in before.main.find_all(BLOCKS)
            if not b.find_parent(class_="sidinfo")
        ]
        assert blocks == [page["title"].split(" – ")[0], content["placeholder"]], path
        assert not before.main.select("a[href]"), path
        assert content["placeholder"] not in after.get_text(), path

        links = [
            {"text": " ".join(a.get_text().split()), "to": a["href"]}
            for a in after.select_one(content["target"]).select("a[href]")
        ]
        assert links == content["links"], path

        served_text, served_findings = check_draft(str(before), DEFAULT_MIN_WORDS)
        text, findings = check_draft(str(after), DEFAULT_MIN_WORDS)
        assert served_text.words < DEFAULT_MIN_WORDS <= text.words, path
        for expected in content["klarsprak"]:
            assert flags(findings, expected), (path, expected)
            assert not flags(served_findings, expected), (path, expected)

        assert set(content["policy"]) <= set(SCRIPT_POLICY_CHECKS)
        for rule in content["policy"]:
            check = SCRIPT_POLICY_CHECKS[rule]
            assert path in planted(manifest, rule), (path, rule)
            assert check(path, after), (path, rule)
            assert not check(path, before), (path, rule)


def test_browser_only_pages_are_linked_from_script_made_content_alone(served, soups, manifest):
    """A page found by the browser is in no sitemap and linked from no served HTML, only
    from what a script puts in a page."""
    by_browser = {p["path"] for p in manifest["pages"] if p.get("found_by") == "browser"}
    assert by_browser
    script_links = {
        link["to"] for page in scripted_pages(manifest) for link in page["script_content"]["links"]
    }
    assert by_browser <= script_links
    scripted = {p["path"] for p in scripted_pages(manifest)}
    for path in by_browser:
        assert not next(p for p in manifest["pages"] if p["path"] == path)["in_sitemap"]
        # Its own breadcrumbs link to itself; no other page does.
        served_from = {page for page, soup in served.items() if path in local_targets(page, soup)}
        assert served_from == {path}
        rendered_from = {page for page, soup in soups.items() if path in local_targets(page, soup)}
        assert rendered_from - {path} <= scripted
        assert rendered_from - {path}


# --- text structure: what the klarspråk rules must not read ------------------------------


def structured_pages(manifest: dict) -> list[dict]:
    """The manifest entries of the pages with a ``text_structure``."""
    pages = [p for p in manifest["pages"] if "text_structure" in p]
    assert pages
    return pages


def framed(site: dict, soup: BeautifulSoup) -> BeautifulSoup:
    """The page with each same-origin frame's body in place of its ``<iframe>``, as the
    browser stage serialises it (crawler/browser/scripts.py: ``<div data-klarsyn-frame>``
    with the frame document's lang)."""
    view = copy.copy(soup)
    for iframe in view.find_all("iframe"):
        frame = BeautifulSoup(site[iframe["src"]][0], "lxml")
        div = view.new_tag("div", attrs={"data-klarsyn-frame": BASE + iframe["src"]})
        if frame.html.has_attr("lang"):
            div["lang"] = frame.html["lang"]
        div.extend(list(frame.body.contents))
        iframe.replace_with(div)
    return view


def structure_of(entry: dict) -> str:
    """What keeps a listed block from the rules: its kind, its frame or its language."""
    if "frame" in entry:
        return "frame"
    return entry["kind"] if entry["kind"] in ("toc", "control") else f"lang={entry['lang']}"


def without(soup: BeautifulSoup, structure: str) -> BeautifulSoup:
    """``soup`` with one structure taken away: links within the page made links to another
    page, form controls made spans, a frame's or a passage's language undeclared."""
    view = copy.copy(soup)
    main = view.main
    if structure == "toc":
        for link in main.select('a[href^="#"]'):
            link["href"] = "/annan-sida/" + link["href"]
    elif structure == "control":
        for tag in main.select("label, legend, button, option"):
            tag.name = "span"
    elif structure == "frame":
        for div in main.select("[data-klarsyn-frame]"):
            del div["lang"]
    else:
        for tag in main.find_all(lang=structure.removeprefix("lang=")):
            if not tag.has_attr("data-klarsyn-frame"):
                del tag["lang"]
    return view


def quoting(findings, text: str) -> list:
    """The findings that quote ``text``: their snippet is in it (or it in their snippet),
    or their message quotes one of its words."""
    words = {f"'{word.strip('.,:;()')}'" for word in text.split()}
    return [
        f
        for f in findings
        if f.snippet in text or text in f.snippet or any(w in f.message for w in words)
    ]


def test_text_structure_keeps_its_blocks_from_the_klarsprak_rules(site, soups, manifest):
    """The page's Swedish faults are flagged and none of its listed blocks is quoted; take
    one structure away (a table of contents, form controls, a passage's or a frame's
    declared language) and its blocks are flagged as Swedish prose: each one matters."""
    for page in structured_pages(manifest):
        path, structure = page["path"], page["text_structure"]
        view = framed(site, soups[path])
        blocks = extract_page(str(view)).blocks
        listed = {}
        for entry in structure["not_prose"]:
            (block,) = [b for b in blocks if b.text.startswith(entry["text"])]
            assert (block.kind, block.lang) == (entry["kind"], entry["lang"]), entry
            listed.setdefault(structure_of(entry), []).append(block.text)
        assert set(listed) >= {"toc", "control", "frame", "lang=en", "lang=fi", "lang=ar"}

        _, findings = check_draft(str(view), DEFAULT_MIN_WORDS)
        for expected in structure["klarsprak"]:
            assert flags(findings, expected), (path, expected)
        for texts in listed.values():
            for text in texts:
                assert not quoting(findings, text), (path, text)

        for kind, texts in listed.items():
            _, bare = check_draft(str(without(view, kind)), DEFAULT_MIN_WORDS)
            assert any(quoting(bare, text) for text in texts), (path, kind)

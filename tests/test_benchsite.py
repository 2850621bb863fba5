"""The bench's generated site (bench/benchsite.py): the light site as it always was, and the
real-weight site as issue 14 describes it (long Swedish text with a large vocabulary,
tables, a heavy DOM on every 50th page). Shapes, not timings."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

import pytest

from bench.benchsite import HEAVY_AT, HEAVY_EVERY, add_meta_files, build_site

#: build_site(300) with add_meta_files for "http://127.0.0.1:1", as of commit 3595054: the
#: bench's figures of the light site stay comparable with every earlier run.
LIGHT_300 = "cff113eef0adc8297f715fd2d10151ebd1324507af20501cc9512820e981abb4"


class _Page(HTMLParser):
    """Counts a page's elements and tables and collects the prose of <main> (p and li,
    outside tables)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements, self.open, self.prose = 0, [], []
        self.table_rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.elements += 1
        self.open.append(tag)
        if tag == "table":
            self.table_rows.append(0)
        elif tag == "tr" and "tbody" in self.open:
            self.table_rows[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        inside = set(self.open)
        in_prose = self.open and self.open[-1] in ("p", "li")
        if in_prose and "main" in inside and "table" not in inside:
            self.prose.append(data)


def _pages(site: dict[str, tuple[bytes, str]]) -> dict[int, _Page]:
    """The leaf pages by their number."""
    parsed = {}
    for path, (body, _) in site.items():
        if "/sida-" in path:
            page = _Page()
            page.feed(body.decode("utf-8"))
            parsed[int(path.rsplit("-", 1)[1].rstrip("/"))] = page
    return parsed


def test_the_light_site_is_byte_identical_to_earlier_runs() -> None:
    site = build_site(300)
    add_meta_files(site, "http://127.0.0.1:1")
    assert hashlib.sha256(repr(sorted(site.items())).encode()).hexdigest() == LIGHT_300
    assert build_site(300, weight="light") == build_site(300)


def test_real_weight_pages_carry_long_text_tables_and_a_few_heavy_doms() -> None:
    site = build_site(160, weight="real")
    pages = _pages(site)
    vocabulary: set[str] = set()
    for number, page in pages.items():
        words = " ".join(page.prose).split()
        vocabulary.update(word.strip(".,").lower() for word in words)
        assert 800 <= len(words) <= 2_500, (number, len(words))
        if number % HEAVY_EVERY == HEAVY_AT:
            assert 5_000 <= page.elements <= 8_000, (number, page.elements)
            continue
        assert 1 <= len(page.table_rows) <= 3, number
        assert all(10 <= rows <= 50 for rows in page.table_rows), (number, page.table_rows)
        assert page.elements < 1_500, number
    assert sum(n % HEAVY_EVERY == HEAVY_AT for n in pages) == 3
    assert len(vocabulary) >= 5_000
    # The same site and the same planted faults as the light one, only heavier.
    light = build_site(160)
    assert site.keys() == light.keys()
    for fault in ('<button type="button"></button>', '<img src="/bild.png"'):
        assert sum(fault.encode() in body for body, _ in site.values()) == sum(
            fault.encode() in body for body, _ in light.values()
        )


def test_an_unknown_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="weight"):
        build_site(30, weight="heavy")  # type: ignore[arg-type]

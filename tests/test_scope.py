"""URL normalisation and scope rules."""

from __future__ import annotations

import pytest

from audits.model import Reason
from crawler.scope import Scope, host_of


@pytest.fixture
def scope() -> Scope:
    return Scope.build(("https://www.alvbyn.se/",), exclude=(r"/sok\?",))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.alvbyn.se/om/#kontakt", "https://www.alvbyn.se/om/"),
        ("HTTPS://WWW.Alvbyn.se:443/om/", "https://www.alvbyn.se/om/"),
        ("https://www.alvbyn.se", "https://www.alvbyn.se/"),
        ("https://www.alvbyn.se/?b=2&a=1", "https://www.alvbyn.se/?a=1&b=2"),
        ("https://www.alvbyn.se/?utm_source=x&id=4&fbclid=y", "https://www.alvbyn.se/?id=4"),
        ("https://anna:hemligt@www.alvbyn.se/", "https://www.alvbyn.se/"),
        ("https://www.alvbyn.se/förskola/", "https://www.alvbyn.se/f%C3%B6rskola/"),
        ("mailto:info@alvbyn.se", None),
        ("javascript:alert(1)", None),
        ("tel:+46123", None),
    ],
)
def test_normalise(scope: Scope, raw: str, expected: str | None) -> None:
    assert scope.normalise(raw) == expected


def test_query_drop_policy() -> None:
    scope = Scope.build(("https://www.alvbyn.se/",), query="drop")
    assert scope.normalise("https://www.alvbyn.se/kalender/?month=2026-12") == (
        "https://www.alvbyn.se/kalender/"
    )


def test_hosts_include_the_port(scope: Scope) -> None:
    assert host_of("http://127.0.0.1:8000/a") == "127.0.0.1:8000"
    assert host_of("http://Example.se:80/") == "example.se"
    local = Scope.build(("http://127.0.0.1:8000/",))
    assert local.verdict("http://127.0.0.1:8000/x") is None
    assert local.verdict("http://127.0.0.1:9000/x") is Reason.OUT_OF_SCOPE


def test_verdicts(scope: Scope) -> None:
    assert scope.verdict("https://www.alvbyn.se/om/") is None
    assert scope.verdict("https://alvbyn.se/om/") is Reason.OUT_OF_SCOPE
    assert scope.verdict("https://www.alvbyn.se/sok?q=skola") is Reason.EXCLUDED
    more = Scope.build(
        ("https://www.alvbyn.se/",),
        extra_hosts=("e.alvbyn.se",),
        include=(r"/barn-och-utbildning/",),
    )
    assert more.verdict("https://e.alvbyn.se/barn-och-utbildning/") is None
    assert more.verdict("https://www.alvbyn.se/kultur/") is Reason.EXCLUDED

"""The CI gate: its rules one by one on ledger rows in memory, then as CI meets it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from audits.exceptions import AcceptedException
from audits.model import Finding, Outcome, PageResult, PageStatus, RunInfo, Source
from crawler.localserver import Files, SiteServer
from reports.gate import (
    GATE_FINDINGS,
    GATE_PASS,
    GATE_TECHNICAL,
    FailOn,
    GatePolicy,
    evaluate_gate,
    new_fingerprints,
)
from reports.history import Fault, RunDiff
from tests.conftest import HTML, Run, html_page
from tests.test_browser import SlowFiles

TODAY = date(2026, 11, 26)


def _violation(
    rule: str = "image-alt", impact: str = "critical", fingerprint: str = "", selector: str = "img"
) -> Finding:
    return Finding(
        rule, Source.AXE, Outcome.VIOLATION, impact, ("wcag111",), selector, fingerprint=fingerprint
    )


def _page(url: str, *findings: Finding) -> PageResult:
    return PageResult(url, PageStatus.AUDITED, findings=findings)


def _policy(**kw: object) -> GatePolicy:
    kw.setdefault("today", TODAY)
    return GatePolicy(**kw)  # type: ignore[arg-type]


CLEAN = _page("https://k.se/")
FAULTY = _page(
    "https://k.se/a/",
    _violation("image-alt", "critical", "fp-img"),
    _violation("color-contrast", "serious", "fp-contrast", selector=".hero p"),
)


def test_a_clean_run_passes() -> None:
    result = evaluate_gate([CLEAN], _policy(), None)
    assert (result.code, result.reasons) == (GATE_PASS, [])
    assert result.passed


def test_fail_on_any_is_the_default_and_names_the_rules() -> None:
    result = evaluate_gate([CLEAN, FAULTY], GatePolicy(), None)
    assert result.code == GATE_FINDINGS
    assert result.reasons == [
        "2 WCAG violation(s) remain on 1 page(s) (image-alt, color-contrast; --fail-on any)"
    ]


@pytest.mark.parametrize(
    "finding",
    [
        Finding("region", Source.AXE, Outcome.VIOLATION, "moderate", (), "div", best_practice=True),
        Finding("image-alt", Source.AXE, Outcome.NEEDS_REVIEW, "critical", ("wcag111",), "img"),
        Finding("policy-link-text", Source.KLARSYN, Outcome.VIOLATION, "serious", ("wcag244",)),
        Finding("klarsprak-passive", Source.KLARSYN, Outcome.VIOLATION, "minor"),
    ],
)
def test_only_axe_wcag_violations_count(finding: Finding) -> None:
    page = _page("https://k.se/", finding)
    assert evaluate_gate([page], _policy(), None).code == GATE_PASS
    assert evaluate_gate([page], _policy(max_impact={"minor": 0}), None).code == GATE_PASS


def test_fail_on_none_never_fails_on_findings() -> None:
    assert evaluate_gate([FAULTY], _policy(fail_on=FailOn.NONE), None).code == GATE_PASS


def test_fail_on_new_without_a_previous_run_finds_everything_new() -> None:
    result = evaluate_gate([FAULTY], _policy(fail_on=FailOn.NEW), None)
    assert result.code == GATE_FINDINGS
    assert result.reasons == [
        "2 new WCAG violation(s) on 1 page(s) (image-alt, color-contrast;"
        " no earlier run to compare with; --fail-on new)"
    ]


def test_fail_on_new_passes_when_nothing_is_new() -> None:
    assert evaluate_gate([FAULTY], _policy(fail_on=FailOn.NEW), set()).code == GATE_PASS


def test_fail_on_new_fails_on_a_new_or_reappeared_fingerprint() -> None:
    result = evaluate_gate([FAULTY], _policy(fail_on=FailOn.NEW), {"fp-contrast"})
    assert result.code == GATE_FINDINGS
    assert result.reasons == [
        "1 new WCAG violation(s) on 1 page(s) (color-contrast; new or back; --fail-on new)"
    ]


def test_fail_on_new_counts_a_violation_without_fingerprint_as_new() -> None:
    page = _page("https://k.se/", _violation(fingerprint=""))
    assert evaluate_gate([page], _policy(fail_on=FailOn.NEW), set()).code == GATE_FINDINGS


def test_a_threshold_fails_only_above_its_limit() -> None:
    two_serious = _page(
        "https://k.se/",
        _violation("color-contrast", "serious", selector="p"),
        _violation("color-contrast", "serious", selector="a"),
    )
    at_limit = _policy(fail_on=FailOn.NONE, max_impact={"serious": 2})
    assert evaluate_gate([two_serious], at_limit, None).code == GATE_PASS
    over = _policy(fail_on=FailOn.NONE, max_impact={"serious": 1})
    result = evaluate_gate([two_serious], over, None)
    assert result.code == GATE_FINDINGS
    assert result.reasons == ["2 serious WCAG violation(s) remain, more than --max-serious 1"]


def test_an_absent_threshold_is_not_checked() -> None:
    policy = _policy(fail_on=FailOn.NONE, max_impact={"minor": 0, "moderate": 0})
    assert evaluate_gate([FAULTY], policy, None).code == GATE_PASS


def test_every_impact_has_its_threshold() -> None:
    page = _page(
        "https://k.se/",
        *(_violation("r", impact, selector=impact) for impact in ("critical", "serious")),
        *(_violation("r", impact, selector=impact) for impact in ("moderate", "minor")),
    )
    limits = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    result = evaluate_gate([page], _policy(fail_on=FailOn.NONE, max_impact=limits), None)
    assert [reason.split(",")[1] for reason in result.reasons] == [
        " more than --max-critical 0",
        " more than --max-serious 0",
        " more than --max-moderate 0",
        " more than --max-minor 0",
    ]


def test_thresholds_apply_on_top_of_fail_on_new_and_count_all_remaining() -> None:
    policy = _policy(fail_on=FailOn.NEW, max_impact={"critical": 0})
    result = evaluate_gate([FAULTY], policy, set())
    assert result.code == GATE_FINDINGS
    assert result.reasons == ["1 critical WCAG violation(s) remain, more than --max-critical 0"]


def test_thresholds_and_fail_on_each_give_a_reason() -> None:
    result = evaluate_gate([FAULTY], _policy(max_impact={"critical": 0}), None)
    assert len(result.reasons) == 2
    assert result.code == GATE_FINDINGS


def test_a_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="no impact called severe"):
        GatePolicy(max_impact={"severe": 1})
    with pytest.raises(ValueError, match="0 or more"):
        GatePolicy(max_impact={"minor": -1})


def test_accepted_exceptions_never_count() -> None:
    accept = (
        AcceptedException("image-alt", "Byts ut", "Anna", date(2027, 3, 1)),
        AcceptedException(
            "color-contrast", "Leverantörens modul", "Anna", date(2027, 3, 1), selector=".hero p"
        ),
    )
    policy = _policy(exceptions=accept, max_impact={"critical": 0})
    result = evaluate_gate([FAULTY], policy, None)
    assert (result.code, result.reasons, result.accepted) == (GATE_PASS, [], 2)
    new = evaluate_gate([FAULTY], _policy(fail_on=FailOn.NEW, exceptions=accept), None)
    assert new.code == GATE_PASS


def test_an_expired_exception_counts_again() -> None:
    lapsed = (AcceptedException("image-alt", "Byts ut", "Anna", date(2026, 1, 1)),)
    result = evaluate_gate([FAULTY], _policy(exceptions=lapsed), None)
    assert (result.code, result.accepted) == (GATE_FINDINGS, 0)


@pytest.mark.parametrize(
    "reason", ["browser_timeout", "browser_error", "timeout", "connection", "http_500"]
)
def test_an_unscanned_page_is_a_technical_failure(reason: str) -> None:
    failed = PageResult("https://k.se/seg/", PageStatus.FAILED, reason=reason)
    result = evaluate_gate([CLEAN, failed], _policy(), None)
    assert result.code == GATE_TECHNICAL
    assert result.reasons == [
        f"1 page(s) could not be scanned: https://k.se/seg/ ({reason}) (see the ledger;"
        " --allow-unscanned lets the gate pass without them)"
    ]
    assert evaluate_gate([CLEAN, failed], _policy(allow_unscanned=True), None).code == GATE_PASS


def test_an_unscanned_page_fails_even_under_fail_on_none() -> None:
    failed = PageResult("https://k.se/seg/", PageStatus.FAILED, reason="browser_timeout")
    assert evaluate_gate([failed], _policy(fail_on=FailOn.NONE), None).code == GATE_TECHNICAL


def test_a_broken_link_is_not_an_unscanned_page() -> None:
    broken = PageResult("https://k.se/borta", PageStatus.FAILED, reason="http_404")
    skipped = PageResult("https://k.se/a.pdf", PageStatus.SKIPPED, reason="not_html")
    assert evaluate_gate([CLEAN, broken, skipped], _policy(), None).code == GATE_PASS


def test_findings_win_over_unscanned_pages_and_both_are_told() -> None:
    failed = PageResult("https://k.se/seg/", PageStatus.FAILED, reason="browser_timeout")
    result = evaluate_gate([FAULTY, failed], _policy(), None)
    assert result.code == GATE_FINDINGS
    assert len(result.reasons) == 2
    assert "could not be scanned" in result.reasons[1]


def test_many_unscanned_pages_are_named_in_short() -> None:
    failed = [
        PageResult(f"https://k.se/{n}/", PageStatus.FAILED, reason="timeout") for n in range(5)
    ]
    (reason,) = evaluate_gate(failed, _policy(), None).reasons
    assert reason.startswith("5 page(s) could not be scanned: https://k.se/0/ (timeout),")
    assert "2 more" in reason


def test_new_fingerprints_are_the_diffs_new_and_reappeared_violations() -> None:
    run = RunInfo(1, "https://k.se/", "2026-11-26T10:00:00", None, "0.1.0", "4.14.1", "156")

    def fault(fingerprint: str, status: str) -> Fault:
        return Fault(
            fingerprint, status, "image-alt", "axe", "critical", False, "https://k.se/",
            "img", "<img>", "ingen ägare", False,
        )  # fmt: skip

    diff = RunDiff(
        run,
        run,
        tuple(fault(s, s) for s in ("new", "reappeared", "persisting", "fixed", "unverified")),
        (fault("review", "new"),),
    )
    assert new_fingerprints(diff) == {"new", "reappeared"}


# -- the gate as CI meets it: `klarsyn audit` and `klarsyn report` ------------------------


def _audit(site: SiteServer) -> tuple[str, ...]:
    """`klarsyn audit` of a local site with one browser (enough, and quicker to start)."""
    return ("audit", site.base_url + "/", "--loopback-only", "--browsers", "1")


def _exceptions_file(path: Path, expires: str) -> Path:
    path.write_text(
        "[[exception]]\n"
        'rule = "image-alt"\n'
        'selector = "re:^img"\n'
        'url = "/$"\n'
        'reason = "Bilden byts ut mot en med alt-text"\n'
        'decided_by = "Anna Andersson, webbredaktör"\n'
        f"expires = {expires}\n",
        encoding="utf-8",
    )
    return path


def test_a_bad_exceptions_file_fails_before_crawling(
    klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    bad = tmp_path / "undantag.toml"
    bad.write_text("[[exception]]\nrule = 'image-alt'\nexpires = 2027-03-01\n")
    run = klarsyn("audit", "http://127.0.0.1:1/", "--exceptions", str(bad))
    assert run.code == 1, run.stderr
    assert "exception 1: 'reason' is missing" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (run.out / "klarsyn.sqlite").exists()


def test_a_bad_threshold_is_bad_input(klarsyn: Callable[..., Run]) -> None:
    run = klarsyn("audit", "http://127.0.0.1:1/", "--max-serious", "-1")
    assert run.code == 1, run.stderr
    assert "'-1' is not a whole number of 0 or more" in run.stderr


FIRST = {
    "/": (html_page("Start", "<img src='/a.png'><a href='/om/'>Om kommunen</a>"), HTML),
    "/om/": (html_page("Om kommunen", "<p>Kommunen ligger vid sjön.</p>"), HTML),
}
#: The same site with one fault more: a text field without a label.
SECOND = {
    **FIRST,
    "/om/": (html_page("Om kommunen", "<p>Kommunen.</p><input type='text' name='q'>"), HTML),
}


@pytest.mark.browser
def test_fail_on_new_across_audits_into_one_store(
    klarsyn: Callable[..., Run], serve: Callable[[Files], SiteServer]
) -> None:
    site = serve(dict(FIRST))
    audit = (*_audit(site), "--fail-on", "new")
    first = klarsyn(*audit)
    assert first.code == 2, first.stderr  # nothing to compare with: every violation is new
    assert "no earlier run to compare with; --fail-on new" in first.stderr

    unchanged = klarsyn(*audit)
    assert unchanged.code == 0, unchanged.stderr

    site.files = dict(SECOND)  # the same URLs, a second version of the site
    changed = klarsyn(*audit)
    assert changed.code == 2, changed.stderr
    assert "1 new WCAG violation(s) on 1 page(s) (label; new or back" in changed.stderr
    # The old fault is still there, so the default gate fails on it too.
    store = str(changed.out / "klarsyn.sqlite")
    assert klarsyn("report", store, "--fail-on", "any").code == 2
    assert klarsyn("report", store, "--fail-on", "none").code == 0
    # CI can judge an earlier run again: run 2 added nothing.
    assert klarsyn("report", store, "--run", "2", "--fail-on", "new").code == 0


@pytest.mark.browser
def test_an_unscanned_page_fails_the_gate_unless_allowed(
    klarsyn: Callable[..., Run], serve: Callable[[Files], SiteServer], tmp_path: Path
) -> None:
    files = SlowFiles(
        {
            "/": (html_page("Start", "<a href='/seg/'>Seg</a>"), HTML),
            "/seg/": (html_page("Seg", "<img src='/seg.png' alt='Seg bild'>"), HTML),
            "/seg.png": (b"", "image/png"),
        },
        slow={"/seg.png"},
        delay=6,  # longer than the page timeout, short enough not to hold the test up
    )
    site = serve(files)
    audit = (*_audit(site), "--page-timeout", "2")
    strict = klarsyn(*audit, out=tmp_path / "strikt")
    assert strict.code == 1, strict.stderr
    assert (
        f"klarsyn: 1 page(s) could not be scanned: {site.base_url}/seg/ (browser_timeout)"
        in strict.stderr
    )
    allowed = klarsyn(*audit, "--allow-unscanned", out=tmp_path / "tillåtet")
    files.release.set()
    assert allowed.code == 0, allowed.stderr
    assert "could not be scanned" not in allowed.stderr
    store = str(strict.out / "klarsyn.sqlite")
    assert klarsyn("report", store, "--allow-unscanned").code == 0
    assert klarsyn("report", store).code == 1


@pytest.mark.browser
def test_an_accepted_exception_passes_until_it_expires(
    klarsyn: Callable[..., Run], serve: Callable[[Files], SiteServer], tmp_path: Path
) -> None:
    site = serve(dict(FIRST))
    exceptions = _exceptions_file(tmp_path / "undantag.toml", "2099-12-31")
    config = tmp_path / "klarsyn.toml"
    config.write_text('[audit]\nexceptions = "undantag.toml"\n', encoding="utf-8")

    run = klarsyn(*_audit(site), "--config", str(config), "--fail-on", "any")
    assert run.code == 0, run.stderr
    assert "1 WCAG violation(s) accepted by the exceptions file do not count" in run.stderr
    assert "image-alt" in (run.out / "report.json").read_text(encoding="utf-8")

    # The decision lapses: `klarsyn report` reads the run's exceptions file again.
    _exceptions_file(exceptions, "2020-01-01")
    store = str(run.out / "klarsyn.sqlite")
    lapsed = klarsyn("report", store, "--fail-on", "any")
    assert lapsed.code == 2, lapsed.stderr
    assert "expired on 2020-01-01: its findings count again" in lapsed.stderr
    assert "1 WCAG violation(s) remain on 1 page(s) (image-alt; --fail-on any)" in lapsed.stderr

    renewed = _exceptions_file(tmp_path / "nytt-beslut.toml", "2099-12-31")
    assert klarsyn("report", store, "--exceptions", str(renewed)).code == 0
    past = klarsyn(*_audit(site), "--exceptions", str(exceptions), out=tmp_path / "igen")
    assert past.code == 2, past.stderr

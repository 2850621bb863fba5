"""The application layer (klarsyn/): the work of the commands returned as data, never printed."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from crawler.config import ConfigError
from klarsyn.audit import AuditRequest, resume_audit, start_audit
from klarsyn.errors import UsageError
from klarsyn.render import ReportRequest, render_report
from klarsyn.runs import compare_runs, list_runs
from reports.gate import GATE_FINDINGS, GATE_PASS, FailOn, GatePolicy
from reports.store import Store
from tests.test_history import ALT, LABEL, add_run, page


@pytest.fixture
def two_runs(tmp_path: Path) -> Path:
    """A store whose second run keeps one violation of the first and adds another."""
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/", LABEL), page("/skola/")])
        add_run(store, [page("/", LABEL), page("/skola/", ALT)])
        return store.path


def _request(store: Path, **changes: Any) -> ReportRequest:
    """``klarsyn report DB --format json,csv``, with ``changes``."""
    request = ReportRequest(store, None, ("json", "csv"), None, None, GatePolicy(), None)
    return dataclasses.replace(request, **changes)


def test_a_rendered_run_is_data_and_nothing_is_printed(
    two_runs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rendered = render_report(_request(two_runs))
    assert capsys.readouterr() == ("", "")
    assert rendered.run_id == 2
    assert rendered.previous == 1
    assert not rendered.partial
    assert [p.name for p in rendered.written] == ["report.json", "pages.jsonl", "findings.csv"]
    assert all(p.parent == two_runs.parent and p.is_file() for p in rendered.written)
    assert rendered.audited == 2
    assert rendered.gate.code == GATE_FINDINGS
    assert rendered.expired == ()


def test_fail_on_new_judges_only_what_the_previous_run_did_not_have(two_runs: Path) -> None:
    first = render_report(_request(two_runs, run_id=1, gate=GatePolicy(fail_on=FailOn.NEW)))
    assert first.previous is None  # no previous run: every violation is new
    assert first.gate.code == GATE_FINDINGS
    new = render_report(_request(two_runs, gate=GatePolicy(fail_on=FailOn.NEW)))
    assert new.gate.code == GATE_FINDINGS
    assert len(new.gate.reasons) == 1
    none = render_report(_request(two_runs, gate=GatePolicy(fail_on=FailOn.NONE)))
    assert none.gate.code == GATE_PASS


def test_one_owner_s_rows_and_an_unknown_owner_writes_nothing(
    two_runs: Path, tmp_path: Path
) -> None:
    rendered = render_report(_request(two_runs, owner="Barn- och utbildningsförvaltningen"))
    assert [p.url.rsplit("/", 2)[-2] for p in rendered.pages] == ["skola"]
    out = tmp_path / "annan"
    with pytest.raises(UsageError, match="Tekniska"):
        render_report(_request(two_runs, out=out, owner="Tekniska"))
    assert list(out.iterdir()) == []


def test_the_runs_of_a_store_and_their_differences(two_runs: Path) -> None:
    assert [run.id for run in list_runs(two_runs)] == [1, 2]
    assert compare_runs(two_runs, 1, 2).totals()["new"] == 1


def test_resume_refuses_before_crawling(
    two_runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def never(event: object) -> None:
        raise AssertionError(f"announced {event}")

    with pytest.raises(UsageError, match="needs --out"):
        resume_audit(AuditRequest(), never)
    with pytest.raises(UsageError, match="no klarsyn store"):
        resume_audit(AuditRequest(out=tmp_path / "tom"), never)
    with pytest.raises(UsageError, match="nothing to resume"):
        resume_audit(AuditRequest(out=two_runs.parent), never)
    with pytest.raises(ConfigError, match="not an http or https URL"):
        start_audit(AuditRequest(urls=("inte-en-url",), out=tmp_path / "ut"), never)
    assert capsys.readouterr() == ("", "")


def test_a_partial_run_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "klarsyn.sqlite") as store:
        run = store.start_run("https://www.alvbyn.se/", "2026-11-01T10:00:00+01:00", "0.1.0", {})
        store.add_page(run, page("/"))
        store.finish_run(run, "2026-11-01T10:01:00+01:00", partial=True, axe_version="4.14.1",
                         browser_version="156")  # fmt: skip
        path = store.path
    rendered = render_report(_request(path))
    assert rendered.partial
    assert rendered.gate.code == GATE_PASS

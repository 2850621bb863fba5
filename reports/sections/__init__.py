"""The report's sections: one builder module per section, from the prepared input.

Each module turns rows of a ``reports.prepare.ReportInput`` into the view dataclasses of
``reports.viewmodel`` and states its counting rules: ``accessibility`` (axe-core's results,
the rules, the worst pages), ``pages`` (one page), ``readability`` (LIX and klarspråk),
``policy`` (the communication-policy scorecard), ``changes`` (since the previous run),
``templatefaults``, ``accepted`` (accepted exceptions), ``thirdparty`` (other websites),
``trends`` (the charts), ``ledger`` (coverage) and ``method``. ``reports.view`` assembles
them into the whole report.
"""

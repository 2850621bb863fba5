"""Reporting: the findings store, the report view model and the report files.

Imports run one way: this package uses ``audits`` (the data model) and never ``crawler``.
``reports.view.build_view`` does all counting and grouping; ``reports.render`` writes
report.html, report.json and findings.csv from it.
"""

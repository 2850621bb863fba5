"""Reporting: the findings store, the report view model and the report files.

Imports run one way: this package uses ``audits`` (the data model) and never ``crawler``.
``reports.view.build_view`` does all counting and grouping (readability in
``reports.textview``, the communication-policy scorecard in ``reports.scorecard``);
``reports.render`` writes report.html, report.json and findings.csv from it, for the whole
site or for one owner. Follow-up over time: ``reports.history`` diffs two runs,
``reports.changes`` shows the diff, ``reports.trends`` builds the trend points and charts,
``reports.followup`` groups template faults and lists accepted exceptions.
"""

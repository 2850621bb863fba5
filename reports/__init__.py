"""Reporting: the findings store, the follow-up over runs, and the report files.

Imports run one way: this package uses ``audits`` (the data model) and never ``crawler``.

- ``store``: the SQLite findings store (all SQL); ``runsettings``: a run's settings, typed.
- ``history``: what changed between two runs (``diff_runs``, ``template_keys``);
  ``trends``: one point per run (``trend_points``); ``gate``: the CI gate.
- ``labels``: every Swedish word for one of the model's codes; ``ruletexts``: the rules'
  texts with their one fallback.
- ``prepare``: one report's input, built once (fingerprints, the owner's rows, template
  keys, the narrowed diff, markers).
- ``viewmodel``: the view dataclasses; ``sections``: one builder per report section;
  ``view``: the whole ``ReportView`` from them.
- ``reporters``: one module per output format (html, json, csv, terminal text) and
  ``reporters.files``, which writes the report files (``write_reports``).
"""

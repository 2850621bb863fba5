"""The report's view model: frozen dataclasses that hold every figure a report shows.

Templates only display them (the coverage.py pattern): no counting, sorting or filtering
happens in Jinja. The builders are in ``reports.sections`` and ``reports.view``; nothing
here imports them. Modules: ``parts`` (links, counts, WCAG), ``pages`` (one page: its
summary and its findings), ``sections`` (readability, the policy scorecard, other
websites, trends, changes, template faults, accepted exceptions) and ``report`` (the
summary, the ledger, the method and the whole ``ReportView``).
"""

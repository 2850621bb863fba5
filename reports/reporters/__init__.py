"""One reporter module per output format; each only formats what it is given.

``htmlreport`` (report.html, from the report view), ``jsonreport`` (report.json and
``klarsyn text --json``), ``csvreport`` (findings.csv), ``pdfreport`` (report.pdf:
report.html handed to a ``Printer`` the application gives), ``earlreport``
(report.earl.jsonld, W3C EARL), ``textreport`` (what the terminal commands print);
``files`` holds the format registry and writes a report's files
atomically from one prepared input (``reports.prepare``).
"""

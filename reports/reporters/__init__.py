"""One reporter module per output format; each only formats what it is given.

``htmlreport`` (report.html and the files of sidor/ beside it, from the report view;
``layout`` names those files and links between them), ``jsonreport`` (report.json,
pages.jsonl and ``klarsyn text --json``), ``csvreport`` (findings.csv), ``pdfreport``
(report.pdf: report.html handed to a ``Printer`` the application gives), ``earlreport``
(report.earl.jsonld, W3C EARL), ``textreport`` (what the terminal commands print);
``files`` holds the format registry and writes a report's files
atomically from one prepared input (``reports.prepare``).
"""

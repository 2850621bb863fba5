"""The exit codes of the ``klarsyn`` command (documented in README.md; the gate's rules are
in reports/gate.py):

- 0: the CI gate passed (by default: every page was audited and no WCAG
  violation remains that an accepted exception does not cover); never for a
  partial run
- 2: the gate failed on findings (``--fail-on``, ``--max-<impact>``)
- 1: a technical failure: bad input (URL, config, owner map, exceptions file,
  output folder, ``--resume`` without an unfinished run), nothing could be
  audited, a page that could not be scanned (a timeout, a browser error, a
  server error: never counted as a pass, unless ``--allow-unscanned``), a
  store that could not be written during the crawl (a full disk), a report
  format that could not be made (``--format pdf`` when Chromium cannot print;
  the other formats are still written), or an internal error
- 130: interrupted (Ctrl-C, SIGTERM; a second signal forces the stop): the
  reports of what was done are written and marked partial, URLs not finished
  are ledger rows ``interrupted``, and ``--resume`` continues the run.
  ``klarsyn report`` of a partial run exits 130 too.

A job of several sites (``klarsyn audit --sites``, ``klarsyn report --portfolio``) exits
with its worst site's code: 130, then 1, then 2, then 0 (klarsyn/cli/portfolio.py).

``klarsyn verify DIR`` (an evidence pack, klarsyn/cli/verify.py) uses the same numbers:
0 every file matches its SHA-256 in manifest.json; 2 a file changed, is missing, or is
in the folder but not in the manifest (each named); 1 no readable manifest.json in DIR.

``klarsyn worker URL`` (klarsyn/cli/worker.py): 0 when the run it joined ended (or no run
came within ``--wait``); 1 when the queue cannot be used (bad URL, unreachable, a refused
password, a run of another store schema version) or an internal error.

``klarsyn digest DB`` (klarsyn/cli/digest.py): 0 the digest was written (and, with
``[mail]``, every message delivered; a site's first run has none); 1 bad input (the store,
the config's ``[digest]``/``[mail]``, an unset password variable) or a message that could
not be delivered (the others are still sent). ``klarsyn audit --digest`` exits with the
gate's code whatever became of the messages.

The gate's own codes (reports/gate.py) are the same numbers, so its verdict is the exit
code as it is.
"""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FAILURE = 1
EXIT_VIOLATIONS = 2
EXIT_INTERRUPTED = 130

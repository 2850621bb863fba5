"""klarsyn's command line and the application layer under it: the top of the layering
(audits ← reports ← crawler ← klarsyn); nothing else imports this package.

The application layer does the work and returns what came of it as data; it prints
nothing:

- ``audit``: start an audit, resume an unfinished one, finish it (the ledger, the passes
  over the whole run, the reports, the gate)
- ``render``: render a stored run's reports and judge it with the CI gate
- ``runs``: the runs a store holds and what changed between two of them
- ``outfolder``: the output folder, proven writable before any work
- ``errors``: ``UsageError``, bad input from the user

``cli/`` is the ``klarsyn`` command: one module per subcommand, the options they share,
the messages and the exit codes. ``python -m klarsyn`` runs it.
"""

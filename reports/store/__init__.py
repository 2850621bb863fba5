"""The findings store: one SQLite file per output folder. All SQL lives here.

Like coverage.py's data file, the store is the only channel between measuring
(the crawler) and reporting: a schema version in ``meta``, one row per run with
the metadata an auditor needs to repeat it, and one row per URL met (the
coverage ledger) with its findings and readability. Each page is committed on
its own, so a crash loses at most the pages in flight.

Nothing is ever overwritten: each audit is a new run, so one store holds the
history of a site. Every finding has a fingerprint (audits/fingerprint.py), its
identity across runs, computed here when a finding is stored without one; each run
has ``settings_hash``, the sha256 of its settings JSON, to tell runs made with the
same settings apart from the rest.

Schema versions: 1 had no fingerprints and no settings hashes; 2 had no declared
language of a text block (``texts.lang``); 3 had nothing for incremental re-audits. An
older store is migrated in place when it is opened (one transaction: 1 → 2 adds the
columns and computes every finding's fingerprint from its stored fields and page URL;
2 → 3 adds ``texts.lang``, "" for the blocks stored before; 3 → 4 adds
``runs.result_digest`` and the tables an incremental run reads, reports/store/reuse.py).
A store of a newer version than this klarsyn knows is refused, never touched.

The package: ``schema`` (the tables, opening and upgrading a file), ``database`` (the
``Store`` and its operations) and ``reuse`` (what incremental runs keep and copy). What
other modules use is imported here.
"""

from reports.store.database import STORE_NAME, LedgerEntry, RunSummary, Store
from reports.store.reuse import AssetRecord, CopiedRow, PageCache, ReusablePage
from reports.store.schema import SCHEMA_VERSION, StoreError, settings_hash

__all__ = [
    "SCHEMA_VERSION",
    "STORE_NAME",
    "AssetRecord",
    "CopiedRow",
    "LedgerEntry",
    "PageCache",
    "ReusablePage",
    "RunSummary",
    "Store",
    "StoreError",
    "settings_hash",
]

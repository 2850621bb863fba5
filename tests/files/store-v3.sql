-- A klarsyn store of schema version 3, for tests/test_store.py's migration tests.
-- Written by the Store of commit 4b6709e (schema 3: no result digests, no page cache):
-- tests/files/store-v2.sql opened (so migrated to 3) by that Store, then dumped with
-- sqlite3's Connection.iterdump(). Do not edit by hand.
BEGIN TRANSACTION;
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    impact TEXT,
    wcag TEXT NOT NULL DEFAULT '',
    selector TEXT NOT NULL DEFAULT '',
    snippet TEXT NOT NULL DEFAULT '',
    best_practice INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT ''
);
INSERT INTO "findings" VALUES(1,1,'klarsprak-capitals','klarsyn','violation','minor','','','ANSÖKAN SKA VARA INNE',1,'Skriv med vanliga bokstäver.','2954613f909299a1');
CREATE TABLE links (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, position)
);
INSERT INTO "links" VALUES(1,0,'https://www.alvbyn.se/skola/','Skola');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO "meta" VALUES('schema_version','3');
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    final_url TEXT NOT NULL DEFAULT '',
    http_status INTEGER,
    content_type TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT '',
    depth INTEGER NOT NULL DEFAULT 0,
    referrer TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '{}',
    UNIQUE (run_id, url)
);
INSERT INTO "pages" VALUES(1,1,'https://www.alvbyn.se/','audited','','https://www.alvbyn.se/',200,'text/html','Startsida – Älvbyns kommun','sv',0,'','','{}');
INSERT INTO "pages" VALUES(2,1,'https://www.alvbyn.se/taxa.pdf','skipped','not_html','',200,'application/pdf','','',1,'https://www.alvbyn.se/','','{}');
CREATE TABLE readability (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    words INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    long_words INTEGER NOT NULL,
    lix REAL,
    band TEXT,
    ovix REAL,
    mean_sentence_length REAL,
    long_sentence_share REAL,
    long_word_share REAL,
    nominal_ratio REAL
);
INSERT INTO "readability" VALUES(1,60,6,12,30.0,'very_easy',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE rules (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    help TEXT NOT NULL,
    description TEXT NOT NULL,
    help_url TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, id)
);
INSERT INTO "rules" VALUES(1,'klarsprak-capitals','klarsyn','Skriv inte med versaler','Text i versaler är svår att läsa.','','klarsprak');
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    tool_version TEXT NOT NULL,
    axe_version TEXT NOT NULL DEFAULT '',
    browser_version TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    partial INTEGER NOT NULL DEFAULT 0,
    settings_hash TEXT NOT NULL DEFAULT ''
);
INSERT INTO "runs" VALUES(1,'https://www.alvbyn.se/','2026-11-01T09:00:00+01:00','2026-11-01T09:04:00+01:00','0.1.0','4.14.1','156.0.7000.0','{"max_pages": 50}',0,'4a7b1c01b410dbfdbe760bf55b29dcce2a80f99217b157dede318f2eae588561');
CREATE TABLE texts (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    template INTEGER NOT NULL DEFAULT 0, lang TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, position)
);
INSERT INTO "texts" VALUES(1,0,'h1','Startsida',0,'');
INSERT INTO "texts" VALUES(1,1,'p','Välkommen till Älvbyn.',0,'');
INSERT INTO "texts" VALUES(1,2,'p','Information in English: call us.',0,'');
INSERT INTO "texts" VALUES(1,3,'p','Sidansvarig: Kommunstyrelseförvaltningen',1,'');
CREATE INDEX findings_page ON findings(page_id);
CREATE INDEX findings_fingerprint ON findings(fingerprint);
COMMIT;

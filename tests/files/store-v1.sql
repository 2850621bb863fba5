-- A klarsyn store of schema version 1, for tests/test_store.py's migration tests.
-- Written with reports/store.py as of commit 9452170 (git show 9452170:reports/store.py,
-- the v1 _SCHEMA): two runs of one site with pages, findings, texts, links and rules;
-- then dumped with sqlite3's Connection.iterdump(). Do not edit by hand.
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
    message TEXT NOT NULL DEFAULT ''
);
INSERT INTO "findings" VALUES(1,1,'image-alt','axe','violation','critical','wcag2a wcag111','main > img:nth-child(2)','<img src="/bild.png?v=1" class="css-1x2y3z">',0,'');
INSERT INTO "findings" VALUES(2,1,'region','axe','needs_review','moderate','','#main > p','<p class="x">Välkommen</p>',1,'');
INSERT INTO "findings" VALUES(3,2,'link-name','axe','violation','serious','wcag2a wcag244','.nav > li:nth-child(1) > a','<a href="/skola/anmalan" class="sc-bdVaJa"><svg aria-hidden="true"></svg></a>',0,'');
INSERT INTO "findings" VALUES(4,2,'link-name','axe','violation','serious','wcag2a wcag244','.nav > li:nth-child(4) > a','<a href="/skola/anmalan" class="sc-bdVaJa"><svg aria-hidden="true"></svg></a>',0,'');
INSERT INTO "findings" VALUES(5,2,'policy-h1-count','klarsyn','violation','moderate','','body','',1,'Sidan har ingen huvudrubrik (h1). Skriv en h1 som säger vad sidan handlar om.');
INSERT INTO "findings" VALUES(6,2,'klarsprak-long-sentence','klarsyn','violation','minor','','','Den som vill ansöka om plats i förskolan ska göra det senast 2026-11-30 i e-tjänsten.',1,'Meningen har 31 ord. Dela den i två.');
INSERT INTO "findings" VALUES(7,3,'policy-pdf-untagged','klarsyn','violation','serious','wcag2a','','taxa.pdf (3 sidor)',1,'Dokumentet har inga taggar.');
INSERT INTO "findings" VALUES(8,5,'color-contrast','axe','violation','serious','wcag2aa wcag143','footer > p','<p style="color: #999">Älvbyns kommun</p>',0,'');
INSERT INTO "findings" VALUES(9,6,'link-name','axe','violation','serious','wcag2a wcag244','.nav > li:nth-child(2) > a','<a href="/skola/anmalan" class="sc-kGfCqs"><svg aria-hidden="true"></svg></a>',0,'');
CREATE TABLE links (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, position)
);
INSERT INTO "links" VALUES(1,0,'https://www.alvbyn.se/skola/','Skola');
INSERT INTO "links" VALUES(1,1,'https://www.alvbyn.se/taxa.pdf','Taxa');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO "meta" VALUES('schema_version','1');
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
INSERT INTO "pages" VALUES(2,1,'https://www.alvbyn.se/skola/','audited','','https://www.alvbyn.se/skola/',200,'text/html','Skola – Älvbyns kommun','sv',1,'https://www.alvbyn.se/','','{}');
INSERT INTO "pages" VALUES(3,1,'https://www.alvbyn.se/taxa.pdf','skipped','not_html','',200,'application/pdf','','',1,'https://www.alvbyn.se/','','{}');
INSERT INTO "pages" VALUES(4,1,'https://www.alvbyn.se/gammal/','failed','http_404','',404,'text/html','','',1,'https://www.alvbyn.se/','','{}');
INSERT INTO "pages" VALUES(5,2,'https://www.alvbyn.se/','audited','','https://www.alvbyn.se/',200,'text/html','Startsida – Älvbyns kommun','sv',0,'','','{}');
INSERT INTO "pages" VALUES(6,2,'https://www.alvbyn.se/skola/','audited','','https://www.alvbyn.se/skola/',200,'text/html','Skola – Älvbyns kommun','sv',1,'https://www.alvbyn.se/','','{}');
INSERT INTO "pages" VALUES(7,2,'https://www.alvbyn.se/taxa.pdf','failed','timeout','',NULL,'','','',1,'https://www.alvbyn.se/','','{}');
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
INSERT INTO "readability" VALUES(1,120,10,30,37.0,'easy',NULL,NULL,NULL,NULL,NULL);
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
INSERT INTO "rules" VALUES(1,'image-alt','axe','Bilder måste ha alternativ text','Kontrollerar bilder.','','wcag2a wcag111');
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    tool_version TEXT NOT NULL,
    axe_version TEXT NOT NULL DEFAULT '',
    browser_version TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    partial INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "runs" VALUES(1,'https://www.alvbyn.se/','2026-10-01T09:00:00+02:00','2026-10-01T09:05:00+02:00','0.1.0','4.14.1','156.0.7000.0','{"max_pages": 50, "owners": [{"contact": "", "name": "Barn- och utbildningsf\u00f6rvaltningen", "patterns": ["/skola/"]}]}',0);
INSERT INTO "runs" VALUES(2,'https://www.alvbyn.se/','2026-11-01T09:00:00+01:00','2026-11-01T09:04:00+01:00','0.1.0','4.14.1','156.0.7000.0','{"max_pages": 50, "owners": [{"contact": "", "name": "Barn- och utbildningsf\u00f6rvaltningen", "patterns": ["/skola/"]}]}',1);
CREATE TABLE texts (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    template INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (page_id, position)
);
INSERT INTO "texts" VALUES(1,0,'h1','Startsida',0);
INSERT INTO "texts" VALUES(1,1,'p','Välkommen till Älvbyn.',0);
CREATE INDEX findings_page ON findings(page_id);
COMMIT;

-- Full-text search over public content (issue 11): one row per published
-- project, notice, supplier and contract, written by the search hook in the
-- transaction of the object's public event (search.go). Derived from the
-- log: rebuilt from the public events, never edited. The text is indexed as
-- tokens made in Go (overlapping bigrams of Han text, lower-cased words of
-- the rest), so Chinese without spaces is searchable; search_fts holds them
-- under the document's id.
CREATE TABLE search_docs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,   -- project, notice, supplier, contract
    object_id       BIGINT NOT NULL,
    title           TEXT NOT NULL,
    code            TEXT NOT NULL,
    region          TEXT NOT NULL,
    catalog_code    TEXT NOT NULL,
    method          TEXT NOT NULL,
    stage           TEXT NOT NULL,
    amount          BIGINT,          -- fen; NULL when the object has none
    date            TEXT NOT NULL,   -- YYYY-MM-DD in China
    supplier_org_id BIGINT,
    log_index       BIGINT NOT NULL REFERENCES events (id),
    UNIQUE (kind, object_id)
);
CREATE INDEX search_docs_date ON search_docs (date, id);
CREATE INDEX search_docs_region ON search_docs (region, date, id);
CREATE INDEX search_docs_kind ON search_docs (kind, date, id);
CREATE INDEX search_docs_supplier ON search_docs (supplier_org_id, date, id);
CREATE VIRTUAL TABLE search_fts USING fts5 (tokens, tokenize = 'unicode61');

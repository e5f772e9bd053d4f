-- The policy library (issue 13 item 5, policy.go): documents with their
-- description and status, every version of their text (a new version keeps
-- the old ones), and which document supersedes which. policy_fts is derived
-- in the same transaction as each write (policies.go): the document's title,
-- number, authority and current text cut into tokens in Go (search.go's
-- bigrams of Han text), indexed under the document's id.
CREATE TABLE policy_docs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    number        TEXT NOT NULL,
    authority     TEXT NOT NULL,
    region        TEXT NOT NULL REFERENCES regions (code),
    issued_on     TEXT NOT NULL,   -- YYYY-MM-DD
    effective_on  TEXT NOT NULL,   -- YYYY-MM-DD or ''
    status        TEXT NOT NULL,   -- in_force, superseded, repealed
    supersedes_id BIGINT REFERENCES policy_docs (id),
    source_url    TEXT NOT NULL,
    licence       TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_by    BIGINT REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (number, region)
);
CREATE INDEX policy_docs_issued ON policy_docs (issued_on, id);
CREATE INDEX policy_docs_region ON policy_docs (region, issued_on, id);
CREATE INDEX policy_docs_status ON policy_docs (status, issued_on, id);
CREATE INDEX policy_docs_authority ON policy_docs (authority, issued_on, id);
CREATE INDEX policy_docs_supersedes ON policy_docs (supersedes_id, id);
CREATE TABLE policy_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id       BIGINT NOT NULL REFERENCES policy_docs (id),
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    note         TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    created_by   BIGINT REFERENCES users (id),
    created_at   TEXT NOT NULL,
    UNIQUE (doc_id, version)
);
CREATE VIRTUAL TABLE policy_fts USING fts5 (tokens, tokenize = 'unicode61');

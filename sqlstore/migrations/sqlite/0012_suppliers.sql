-- Suppliers (issue 8 item 8, item 9's keys): uploaded files by content, the
-- supplier's profile (ENG-A6), its evidence items (ENG-A3, GPL-IR Art. 17),
-- credit lists and bans imported by finance departments (ENG-A4, ENG-A5),
-- the record of every check, and signature verification keys (REQ-C6, C7).

-- Uploaded files, once each, by the SHA-256 of their content. The content is
-- not in the log (events record the row without it); the key is its digest.
CREATE TABLE files (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    created_at   TEXT NOT NULL
);

-- One profile per supplier; each edit raises version (its events are the history).
-- shareholder and controller are JSON parties; managed_by a JSON array of them.
CREATE TABLE supplier_profiles (
    org_id      INTEGER PRIMARY KEY REFERENCES orgs (id),
    head_name   TEXT NOT NULL,
    head_digest TEXT NOT NULL CHECK (length(head_digest) = 64),
    shareholder TEXT NOT NULL,
    controller  TEXT NOT NULL,
    managed_by  TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version > 0),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users (id)
);
CREATE INDEX supplier_profiles_head ON supplier_profiles (head_digest);

-- Evidence versions: a new one supersedes the current one; none is deleted.
CREATE TABLE supplier_evidence (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('licence', 'financial', 'tax_social', 'capability', 'declaration', 'other')),
    title         TEXT NOT NULL,
    file_sha256   TEXT NOT NULL REFERENCES files (sha256),
    file_name     TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_until   TEXT,
    declared_on   TEXT,
    supersedes    INTEGER REFERENCES supplier_evidence (id),
    superseded_by INTEGER REFERENCES supplier_evidence (id),
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    CHECK ((kind = 'declaration') = (declared_on IS NOT NULL))
);
CREATE INDEX supplier_evidence_org ON supplier_evidence (org_id, id);

-- One imported version of one list from one finance department; the next
-- import of the same list by the same department supersedes it.
CREATE TABLE credit_lists (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('dishonest_debtor', 'tax_violation', 'procurement_blacklist', 'ban', 'major_violation')),
    source_org_id INTEGER NOT NULL REFERENCES orgs (id),
    region        TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    source        TEXT NOT NULL,
    file_sha256   TEXT NOT NULL REFERENCES files (sha256),
    entries       INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   INTEGER REFERENCES users (id),
    superseded_by INTEGER REFERENCES credit_lists (id),
    UNIQUE (kind, source_org_id, version)
);
CREATE INDEX credit_lists_current ON credit_lists (kind, id) WHERE superseded_by IS NULL;
CREATE INDEX credit_lists_kind ON credit_lists (kind, id);
CREATE INDEX credit_lists_source ON credit_lists (source_org_id, kind, id);

CREATE TABLE credit_list_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id     INTEGER NOT NULL REFERENCES credit_lists (id),
    row_no      INTEGER NOT NULL,
    credit_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    authority   TEXT NOT NULL,
    doc_no      TEXT NOT NULL,
    starts_on   TEXT,
    ends_on     TEXT,
    decided_on  TEXT,
    penalty     TEXT NOT NULL CHECK (penalty IN ('', 'criminal', 'suspension', 'revocation', 'large_fine')),
    reason      TEXT NOT NULL
);
CREATE INDEX credit_list_entries_code ON credit_list_entries (credit_code, list_id);
CREATE INDEX credit_list_entries_name ON credit_list_entries (name, list_id);
CREATE INDEX credit_list_entries_list ON credit_list_entries (list_id, id);

-- Every check of a supplier, with the list and evidence versions it used (JSON).
CREATE TABLE supplier_checks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    ref        TEXT NOT NULL,
    at         TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    checked_by INTEGER REFERENCES users (id),
    result     TEXT NOT NULL CHECK (result IN ('passed', 'refused')),
    rule       TEXT NOT NULL,
    lists      TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    hits       TEXT NOT NULL,
    warnings   TEXT NOT NULL
);
CREATE INDEX supplier_checks_org ON supplier_checks (org_id, id);
CREATE INDEX supplier_checks_ref ON supplier_checks (ref, id);
CREATE INDEX supplier_checks_result ON supplier_checks (result, id);

-- Signature verification keys, by fingerprint (SHA-256 of the SubjectPublicKeyInfo).
-- A key is one signer's (电子签名法 Art. 13): registered once, never by two organisations.
CREATE TABLE signing_keys (
    id         TEXT PRIMARY KEY CHECK (length(id) = 64),
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    algorithm  TEXT NOT NULL CHECK (algorithm IN ('ed25519', 'sm2')),
    public_key TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES users (id)
);
CREATE INDEX signing_keys_org ON signing_keys (org_id, created_at);

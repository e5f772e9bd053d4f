-- Performance evaluation (绩效评价, issue 10 item 5; ENG-J1, ENG-J2).
-- performance_templates: a region's dated indicator system for a catalogue
-- category (code prefix, '' for all); performance_evaluations: a contract's
-- self- and third-party evaluations, indicators with weights, scores and
-- evidence as JSON, the weighted result in hundredths of a point once
-- published; survey_codes: the one-time codes of the satisfaction survey,
-- only their keyed hashes; survey_responses: one answer per code, stored
-- pseudonymised (REQ-W19: no name or telephone), flagged answers reviewed by
-- the purchaser (excluded = 1: not counted).
CREATE TABLE performance_templates (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region             TEXT NOT NULL REFERENCES regions (code),
    catalog_code       TEXT NOT NULL,
    effective_from     TEXT NOT NULL,
    indicators         TEXT NOT NULL,
    min_output_benefit INTEGER NOT NULL CHECK (min_output_benefit BETWEEN 0 AND 100),
    note               TEXT NOT NULL,
    created_by         INTEGER,
    created_at         TEXT NOT NULL,
    UNIQUE (region, catalog_code, effective_from)
);
CREATE TABLE performance_evaluations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id      INTEGER NOT NULL REFERENCES contracts (id),
    project_id       INTEGER NOT NULL,
    region           TEXT NOT NULL,
    catalog_code     TEXT NOT NULL,
    supplier_org_id  INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('self', 'third_party')),
    evaluator_org_id INTEGER NOT NULL REFERENCES orgs (id),
    indicators       TEXT NOT NULL,
    summary          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    score            INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10000),
    grade            TEXT NOT NULL,
    published_at     TEXT,
    version          INTEGER NOT NULL,
    created_by       INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX performance_evaluations_contract ON performance_evaluations (contract_id, id);
CREATE INDEX performance_evaluations_region ON performance_evaluations (region, status, id);
CREATE TABLE survey_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    code_hash   TEXT NOT NULL UNIQUE,
    issued_by   INTEGER,
    issued_at   TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX survey_codes_contract ON survey_codes (contract_id, id);
CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    pseudonym    TEXT NOT NULL UNIQUE,
    ratings      TEXT NOT NULL,
    comment      TEXT NOT NULL,
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 0 AND 100),
    submitted_at TEXT NOT NULL,
    excluded     INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
    reviewed_by  INTEGER,
    reviewed_at  TEXT,
    review_note  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_responses_contract ON survey_responses (contract_id, id);
CREATE INDEX performance_evaluations_project ON performance_evaluations (project_id, id);

-- The guidance catalogue (指导性目录, O102 Arts. 11–13): versions per tier
-- (central 100000 or a province) and per department within its tier, their
-- items, the review trail (REQ-C2), and public suggestions (倾听群众呼声).

CREATE TABLE catalog_versions (
    id              INTEGER PRIMARY KEY,
    region          TEXT NOT NULL REFERENCES regions (code),
    dept_org_id     INTEGER REFERENCES orgs (id),         -- NULL for the tier's own catalogue
    number          INTEGER NOT NULL CHECK (number >= 1),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    status          TEXT NOT NULL CHECK (status IN ('draft','in_review','published','superseded')),
    effective_from  TEXT NOT NULL,
    effective_to    TEXT,
    based_on        INTEGER REFERENCES catalog_versions (id),
    tier_version_id INTEGER REFERENCES catalog_versions (id), -- a department version: the tier version it was checked against
    note            TEXT NOT NULL DEFAULT '',
    items_sha256    TEXT NOT NULL DEFAULT '',             -- digest of the items, fixed at submission
    item_count      INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_versions_number ON catalog_versions (region, COALESCE(dept_org_id, 0), number);
-- One version at a time in preparation per tier or department.
CREATE UNIQUE INDEX catalog_versions_one_open ON catalog_versions (region, COALESCE(dept_org_id, 0)) WHERE status IN ('draft','in_review');
CREATE INDEX catalog_versions_force ON catalog_versions (region, dept_org_id, status, effective_from);
CREATE INDEX catalog_versions_dept ON catalog_versions (dept_org_id, status, effective_from);

CREATE TABLE catalog_items (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id),
    code       TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 9),
    parent     TEXT NOT NULL DEFAULT '',
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    class      TEXT NOT NULL CHECK (class IN ('public_service','auxiliary_service')),
    item_code  TEXT NOT NULL DEFAULT '',
    negative   TEXT NOT NULL DEFAULT '',                  -- comma-separated NegativeFlag values
    note       TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, code)
);
CREATE INDEX catalog_items_parent ON catalog_items (version_id, parent);

CREATE TABLE catalog_reviews (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id),
    action     TEXT NOT NULL CHECK (action IN ('create','submit','return','publish')),
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    org_name   TEXT NOT NULL,
    opinion    TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX catalog_reviews_version ON catalog_reviews (version_id, id);

CREATE TABLE catalog_suggestions (
    id          INTEGER PRIMARY KEY,
    region      TEXT NOT NULL REFERENCES regions (code),
    item_code   TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    submitter   TEXT NOT NULL CHECK (length(submitter) BETWEEN 1 AND 50),
    status      TEXT NOT NULL CHECK (status IN ('open','answered')),
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX catalog_suggestions_region ON catalog_suggestions (region, status, id);

-- Contact details of a suggestion's author: never public (audited as a secret).
CREATE TABLE catalog_suggestion_contacts (
    suggestion_id INTEGER PRIMARY KEY REFERENCES catalog_suggestions (id),
    contact       TEXT NOT NULL
);

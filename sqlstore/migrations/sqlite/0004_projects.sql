-- goumai projects (issue 4): 项目申报 application and 项目评审 review.
-- Structured parts of a project (performance targets, consultation record,
-- grounds for a long contract, the review chain fixed at submission, 两头占
-- findings) are canonical JSON in TEXT columns: they are read and written whole.
-- Money is integer fen; times TEXT in the one UTC format.

CREATE TABLE projects (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    purchaser_org_id     INTEGER NOT NULL REFERENCES orgs (id),
    region               TEXT NOT NULL REFERENCES regions (code),
    title                TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
    catalog_code         TEXT NOT NULL DEFAULT '' CHECK (length(catalog_code) <= 40),
    filing_ref           TEXT NOT NULL DEFAULT '' CHECK (length(filing_ref) <= 100),
    class                TEXT NOT NULL DEFAULT '' CHECK (class IN ('', 'public_service', 'auxiliary_service')),
    budget_line_id       INTEGER REFERENCES budget_lines (id),
    amount               INTEGER NOT NULL DEFAULT 0 CHECK (amount BETWEEN 0 AND 100000000000000),
    content              TEXT NOT NULL DEFAULT '',
    quantity             INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    quantity_unit        TEXT NOT NULL DEFAULT '',
    quality_standards    TEXT NOT NULL DEFAULT '',
    targets              TEXT NOT NULL DEFAULT '[]',
    ex_ante              TEXT NOT NULL DEFAULT '',
    supplier_conditions  TEXT NOT NULL DEFAULT '',
    evaluation_standards TEXT NOT NULL DEFAULT '',
    method               TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'open_tender', 'invited_tender', 'competitive_negotiation', 'competitive_consultation', 'single_source')),
    term_months          INTEGER NOT NULL DEFAULT 0 CHECK (term_months BETWEEN 0 AND 120),
    long_term            TEXT,
    beneficiaries        TEXT NOT NULL DEFAULT '',
    consultation         TEXT,
    expected_start       TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected')),
    step                 INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
    chain                TEXT NOT NULL DEFAULT '[]',
    double_funded        TEXT NOT NULL DEFAULT '[]',
    version              INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by           INTEGER REFERENCES users (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    submitted_at         TEXT,
    decided_at           TEXT
);
CREATE INDEX projects_region ON projects (region, status, id);
CREATE INDEX projects_org ON projects (purchaser_org_id, status, id);
CREATE INDEX projects_catalog ON projects (catalog_code, status, id);

-- Project codes GM-<region>-<year>-<n>: one counter per region and year, taken
-- under the row's lock so that concurrent applications never share a number.
CREATE TABLE project_counters (
    scope TEXT PRIMARY KEY CHECK (length(scope) = 11),
    last  INTEGER NOT NULL CHECK (last >= 1)
);

-- The approval trail (REQ-C2): one row per step taken.
CREATE TABLE project_reviews (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    step           INTEGER NOT NULL CHECK (step >= 0),
    step_name      TEXT NOT NULL DEFAULT '',
    actor_user_id  INTEGER REFERENCES users (id),
    actor_name     TEXT NOT NULL,
    org_id         INTEGER REFERENCES orgs (id),
    action         TEXT NOT NULL CHECK (action IN ('submit', 'withdraw', 'approve', 'return', 'reject')),
    opinion        TEXT NOT NULL DEFAULT '',
    field_comments TEXT NOT NULL DEFAULT '{}',
    at             TEXT NOT NULL
);
CREATE INDEX project_reviews_project ON project_reviews (project_id, id);
CREATE INDEX project_reviews_actor ON project_reviews (actor_user_id, id);

-- Review chains per region subtree and amount (REQ-C3).
CREATE TABLE review_chains (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL REFERENCES regions (code),
    min_amount INTEGER NOT NULL CHECK (min_amount BETWEEN 0 AND 100000000000000),
    steps      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (region, min_amount)
);

-- Unit-cost ceilings per region subtree and catalogue item, effective-dated (豪华购买).
CREATE TABLE unit_cost_standards (
    id             INTEGER PRIMARY KEY,
    region         TEXT NOT NULL REFERENCES regions (code),
    catalog_code   TEXT NOT NULL CHECK (length(catalog_code) BETWEEN 1 AND 40),
    max_unit_cost  INTEGER NOT NULL CHECK (max_unit_cost BETWEEN 1 AND 100000000000000),
    unit           TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    note           TEXT NOT NULL DEFAULT '',
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX unit_cost_standards_region ON unit_cost_standards (region, catalog_code, effective_from);

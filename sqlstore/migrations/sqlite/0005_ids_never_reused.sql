-- goumai: foreign_keys off
-- Ids are never reused (the log names objects by id forever). A SQLite table
-- whose key is a bare INTEGER PRIMARY KEY gives a deleted highest id to the next
-- row; AUTOINCREMENT never does. Every table whose id SQLite assigns is rebuilt
-- with AUTOINCREMENT by the twelve-step procedure of
-- https://www.sqlite.org/lang_altertable.html#otheralter (the marker above makes
-- the runner turn foreign keys off outside this transaction and run
-- PRAGMA foreign_key_check before it commits), keeping every column, CHECK,
-- foreign key and index exactly. Tables keyed by another table's id (credentials,
-- budget_balances, catalog_suggestion_contacts), by a natural key, or by the log
-- (events, log_head, log_checkpoints, log_key) never have an id assigned by SQLite.
--
-- Events also learn whether they created their object (see goumai.Event.Created),
-- so that `goumai log verify` refuses an object created twice.

ALTER TABLE events ADD COLUMN created INTEGER NOT NULL DEFAULT 0 CHECK (created IN (0, 1));

-- orgs
CREATE TABLE new_orgs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind         TEXT NOT NULL CHECK (kind IN ('state_organ','party_organ','institution','social_org','enterprise','mass_org','rural_collective','grassroots','individual')),
    class        TEXT NOT NULL DEFAULT '' CHECK (class IN ('','public_welfare_1','public_welfare_2','business','civil_service')),
    staffing     TEXT NOT NULL DEFAULT '' CHECK (staffing IN ('','administrative','institution_funded','self_funded')),
    credit_code  TEXT UNIQUE CHECK (credit_code IS NULL OR length(credit_code) = 18),
    region       TEXT NOT NULL REFERENCES regions (code),
    parent_id    INTEGER REFERENCES orgs (id),
    finance_dept INTEGER NOT NULL DEFAULT 0 CHECK (finance_dept IN (0, 1)),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL
);
INSERT INTO new_orgs (id, name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at)
    SELECT id, name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at FROM orgs;
DROP TABLE orgs;
ALTER TABLE new_orgs RENAME TO orgs;
CREATE INDEX orgs_region ON orgs (region, id);
CREATE UNIQUE INDEX orgs_one_finance_dept ON orgs (region) WHERE finance_dept = 1;

-- users
CREATE TABLE new_users (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL
);
INSERT INTO new_users (id, username, display_name, active, created_at)
    SELECT id, username, display_name, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE new_users RENAME TO users;

-- memberships
CREATE TABLE new_memberships (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id  INTEGER NOT NULL REFERENCES orgs (id),
    role    TEXT NOT NULL CHECK (role IN ('purchaser_staff','purchaser_approver','finance_reviewer','finance_approver','supplier','expert','auditor','admin')),
    UNIQUE (user_id, org_id, role)
);
INSERT INTO new_memberships (id, user_id, org_id, role)
    SELECT id, user_id, org_id, role FROM memberships;
DROP TABLE memberships;
ALTER TABLE new_memberships RENAME TO memberships;
CREATE INDEX memberships_org ON memberships (org_id);

-- catalog_versions
CREATE TABLE new_catalog_versions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_catalog_versions (id, region, dept_org_id, number, title, status, effective_from, effective_to, based_on, tier_version_id, note, items_sha256, item_count, created_at)
    SELECT id, region, dept_org_id, number, title, status, effective_from, effective_to, based_on, tier_version_id, note, items_sha256, item_count, created_at FROM catalog_versions;
DROP TABLE catalog_versions;
ALTER TABLE new_catalog_versions RENAME TO catalog_versions;
CREATE UNIQUE INDEX catalog_versions_number ON catalog_versions (region, COALESCE(dept_org_id, 0), number);
CREATE UNIQUE INDEX catalog_versions_one_open ON catalog_versions (region, COALESCE(dept_org_id, 0)) WHERE status IN ('draft','in_review');
CREATE INDEX catalog_versions_force ON catalog_versions (region, dept_org_id, status, effective_from);
CREATE INDEX catalog_versions_dept ON catalog_versions (dept_org_id, status, effective_from);

-- catalog_items
CREATE TABLE new_catalog_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_catalog_items (id, version_id, code, parent, level, name, class, item_code, negative, note)
    SELECT id, version_id, code, parent, level, name, class, item_code, negative, note FROM catalog_items;
DROP TABLE catalog_items;
ALTER TABLE new_catalog_items RENAME TO catalog_items;
CREATE INDEX catalog_items_parent ON catalog_items (version_id, parent);

-- catalog_reviews
CREATE TABLE new_catalog_reviews (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id),
    action     TEXT NOT NULL CHECK (action IN ('create','submit','return','publish')),
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    org_name   TEXT NOT NULL,
    opinion    TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
INSERT INTO new_catalog_reviews (id, version_id, action, actor, actor_name, org_name, opinion, at)
    SELECT id, version_id, action, actor, actor_name, org_name, opinion, at FROM catalog_reviews;
DROP TABLE catalog_reviews;
ALTER TABLE new_catalog_reviews RENAME TO catalog_reviews;
CREATE INDEX catalog_reviews_version ON catalog_reviews (version_id, id);

-- catalog_suggestions
CREATE TABLE new_catalog_suggestions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_catalog_suggestions (id, region, item_code, title, body, submitter, status, answer, answered_by, created_at, answered_at)
    SELECT id, region, item_code, title, body, submitter, status, answer, answered_by, created_at, answered_at FROM catalog_suggestions;
DROP TABLE catalog_suggestions;
ALTER TABLE new_catalog_suggestions RENAME TO catalog_suggestions;
CREATE INDEX catalog_suggestions_region ON catalog_suggestions (region, status, id);

-- budget_lines
CREATE TABLE new_budget_lines (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES orgs (id),
    region           TEXT NOT NULL REFERENCES regions (code),
    fiscal_year      INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    funding_source   TEXT NOT NULL DEFAULT '',
    catalog_code     TEXT NOT NULL DEFAULT '',
    mof_div_code     TEXT NOT NULL DEFAULT '',
    agency_code      TEXT NOT NULL DEFAULT '',
    dept_code        TEXT NOT NULL DEFAULT '',
    pro_code         TEXT NOT NULL DEFAULT '',
    exp_func_code    TEXT NOT NULL DEFAULT '',
    gov_bgt_eco_code TEXT NOT NULL DEFAULT '',
    dep_bgt_eco_code TEXT NOT NULL DEFAULT '',
    fund_type_code   TEXT NOT NULL DEFAULT '',
    bgt_id           TEXT NOT NULL DEFAULT '',
    doc_no           TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL
);
INSERT INTO new_budget_lines (id, org_id, region, fiscal_year, name, funding_source, catalog_code, mof_div_code, agency_code, dept_code, pro_code, exp_func_code, gov_bgt_eco_code, dep_bgt_eco_code, fund_type_code, bgt_id, doc_no, created_at)
    SELECT id, org_id, region, fiscal_year, name, funding_source, catalog_code, mof_div_code, agency_code, dept_code, pro_code, exp_func_code, gov_bgt_eco_code, dep_bgt_eco_code, fund_type_code, bgt_id, doc_no, created_at FROM budget_lines;
DROP TABLE budget_lines;
ALTER TABLE new_budget_lines RENAME TO budget_lines;
CREATE INDEX budget_lines_region ON budget_lines (region, fiscal_year, id);
CREATE INDEX budget_lines_org ON budget_lines (org_id, fiscal_year, id);
CREATE UNIQUE INDEX budget_lines_bgt_id ON budget_lines (mof_div_code, fiscal_year, bgt_id) WHERE bgt_id <> '';

-- budget_transfers
CREATE TABLE new_budget_transfers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    from_line   INTEGER NOT NULL REFERENCES budget_lines (id),
    to_line     INTEGER NOT NULL REFERENCES budget_lines (id),
    amount      INTEGER NOT NULL CHECK (amount > 0 AND amount <= 100000000000000),
    function_id INTEGER,
    memo        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    CHECK (from_line <> to_line)
);
INSERT INTO new_budget_transfers (id, from_line, to_line, amount, function_id, memo, at)
    SELECT id, from_line, to_line, amount, function_id, memo, at FROM budget_transfers;
DROP TABLE budget_transfers;
ALTER TABLE new_budget_transfers RENAME TO budget_transfers;
CREATE INDEX budget_transfers_from ON budget_transfers (from_line, id);
CREATE INDEX budget_transfers_to ON budget_transfers (to_line, id);

-- ledger_entries
CREATE TABLE new_ledger_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    line_id     INTEGER NOT NULL REFERENCES budget_lines (id),
    kind        TEXT NOT NULL CHECK (kind IN ('appropriate','commit','release','obligate','pay','transfer_out','transfer_in')),
    amount      INTEGER NOT NULL CHECK (amount > 0 AND amount <= 100000000000000),
    project_id  INTEGER,
    transfer_id INTEGER REFERENCES budget_transfers (id),
    memo        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
);
INSERT INTO new_ledger_entries (id, line_id, kind, amount, project_id, transfer_id, memo, actor, at)
    SELECT id, line_id, kind, amount, project_id, transfer_id, memo, actor, at FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE new_ledger_entries RENAME TO ledger_entries;
CREATE INDEX ledger_entries_line ON ledger_entries (line_id, id);
CREATE INDEX ledger_entries_project ON ledger_entries (project_id) WHERE project_id IS NOT NULL;

-- reform_functions
CREATE TABLE new_reform_functions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    region       TEXT NOT NULL REFERENCES regions (code),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    catalog_code TEXT NOT NULL CHECK (length(catalog_code) BETWEEN 1 AND 40),
    funded_posts INTEGER NOT NULL DEFAULT 0 CHECK (funded_posts BETWEEN 0 AND 100000),
    annual_cost  INTEGER NOT NULL DEFAULT 0 CHECK (annual_cost BETWEEN 0 AND 100000000000000),
    transferred  INTEGER NOT NULL DEFAULT 0 CHECK (transferred IN (0, 1)),
    transfer_id  INTEGER REFERENCES budget_transfers (id),
    created_at   TEXT NOT NULL
);
INSERT INTO new_reform_functions (id, org_id, region, name, catalog_code, funded_posts, annual_cost, transferred, transfer_id, created_at)
    SELECT id, org_id, region, name, catalog_code, funded_posts, annual_cost, transferred, transfer_id, created_at FROM reform_functions;
DROP TABLE reform_functions;
ALTER TABLE new_reform_functions RENAME TO reform_functions;
CREATE INDEX reform_functions_org ON reform_functions (org_id, id);
CREATE INDEX reform_functions_catalog ON reform_functions (catalog_code, transferred);

-- projects
CREATE TABLE new_projects (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_projects (id, code, purchaser_org_id, region, title, catalog_code, filing_ref, class, budget_line_id, amount, content, quantity, quantity_unit, quality_standards, targets, ex_ante, supplier_conditions, evaluation_standards, method, term_months, long_term, beneficiaries, consultation, expected_start, status, step, chain, double_funded, version, created_by, created_at, updated_at, submitted_at, decided_at)
    SELECT id, code, purchaser_org_id, region, title, catalog_code, filing_ref, class, budget_line_id, amount, content, quantity, quantity_unit, quality_standards, targets, ex_ante, supplier_conditions, evaluation_standards, method, term_months, long_term, beneficiaries, consultation, expected_start, status, step, chain, double_funded, version, created_by, created_at, updated_at, submitted_at, decided_at FROM projects;
DROP TABLE projects;
ALTER TABLE new_projects RENAME TO projects;
CREATE INDEX projects_region ON projects (region, status, id);
CREATE INDEX projects_org ON projects (purchaser_org_id, status, id);
CREATE INDEX projects_catalog ON projects (catalog_code, status, id);

-- project_reviews
CREATE TABLE new_project_reviews (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_project_reviews (id, project_id, step, step_name, actor_user_id, actor_name, org_id, action, opinion, field_comments, at)
    SELECT id, project_id, step, step_name, actor_user_id, actor_name, org_id, action, opinion, field_comments, at FROM project_reviews;
DROP TABLE project_reviews;
ALTER TABLE new_project_reviews RENAME TO project_reviews;
CREATE INDEX project_reviews_project ON project_reviews (project_id, id);
CREATE INDEX project_reviews_actor ON project_reviews (actor_user_id, id);

-- review_chains
CREATE TABLE new_review_chains (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    region     TEXT NOT NULL REFERENCES regions (code),
    min_amount INTEGER NOT NULL CHECK (min_amount BETWEEN 0 AND 100000000000000),
    steps      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (region, min_amount)
);
INSERT INTO new_review_chains (id, region, min_amount, steps, updated_at)
    SELECT id, region, min_amount, steps, updated_at FROM review_chains;
DROP TABLE review_chains;
ALTER TABLE new_review_chains RENAME TO review_chains;

-- unit_cost_standards
CREATE TABLE new_unit_cost_standards (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region         TEXT NOT NULL REFERENCES regions (code),
    catalog_code   TEXT NOT NULL CHECK (length(catalog_code) BETWEEN 1 AND 40),
    max_unit_cost  INTEGER NOT NULL CHECK (max_unit_cost BETWEEN 1 AND 100000000000000),
    unit           TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    note           TEXT NOT NULL DEFAULT '',
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
INSERT INTO new_unit_cost_standards (id, region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note)
    SELECT id, region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note FROM unit_cost_standards;
DROP TABLE unit_cost_standards;
ALTER TABLE new_unit_cost_standards RENAME TO unit_cost_standards;
CREATE INDEX unit_cost_standards_region ON unit_cost_standards (region, catalog_code, effective_from);

-- Seed each sequence above every id the table or the log has ever named.
DELETE FROM sqlite_sequence WHERE name IN (
    'orgs', 'users', 'memberships', 'catalog_versions', 'catalog_items',
    'catalog_reviews', 'catalog_suggestions', 'budget_lines', 'budget_transfers', 'ledger_entries',
    'reform_functions', 'projects', 'project_reviews', 'review_chains', 'unit_cost_standards');
INSERT INTO sqlite_sequence (name, seq) SELECT 'orgs', max(
    (SELECT coalesce(max(id), 0) FROM orgs),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'orgs'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'users', max(
    (SELECT coalesce(max(id), 0) FROM users),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'users'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'memberships', max(
    (SELECT coalesce(max(id), 0) FROM memberships),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'memberships'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'catalog_versions', max(
    (SELECT coalesce(max(id), 0) FROM catalog_versions),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'catalog_versions'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'catalog_items', max(
    (SELECT coalesce(max(id), 0) FROM catalog_items),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'catalog_items'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'catalog_reviews', max(
    (SELECT coalesce(max(id), 0) FROM catalog_reviews),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'catalog_reviews'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'catalog_suggestions', max(
    (SELECT coalesce(max(id), 0) FROM catalog_suggestions),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'catalog_suggestions'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'budget_lines', max(
    (SELECT coalesce(max(id), 0) FROM budget_lines),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'budget_lines'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'budget_transfers', max(
    (SELECT coalesce(max(id), 0) FROM budget_transfers),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'budget_transfers'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'ledger_entries', max(
    (SELECT coalesce(max(id), 0) FROM ledger_entries),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'ledger_entries'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'reform_functions', max(
    (SELECT coalesce(max(id), 0) FROM reform_functions),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'reform_functions'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'projects', max(
    (SELECT coalesce(max(id), 0) FROM projects),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'projects'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'project_reviews', max(
    (SELECT coalesce(max(id), 0) FROM project_reviews),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'project_reviews'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'review_chains', max(
    (SELECT coalesce(max(id), 0) FROM review_chains),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'review_chains'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'unit_cost_standards', max(
    (SELECT coalesce(max(id), 0) FROM unit_cost_standards),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'unit_cost_standards'));

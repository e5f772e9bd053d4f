-- goumai budget (issue 4): budget lines with the keys of the integrated budget
-- system (预算管理一体化, REQ-C13), the append-only ledger, one balance row per line
-- kept in the same transaction as each entry, and public-institution reform
-- (functions, 费随事转 transfers). Money is integer fen.

CREATE TABLE budget_lines (
    id               INTEGER PRIMARY KEY,
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
CREATE INDEX budget_lines_region ON budget_lines (region, fiscal_year, id);
CREATE INDEX budget_lines_org ON budget_lines (org_id, fiscal_year, id);
-- A 指标 (BGT_ID) appears once per budget region and year, so re-importing the
-- same export is refused rather than doubling the budget.
CREATE UNIQUE INDEX budget_lines_bgt_id ON budget_lines (mof_div_code, fiscal_year, bgt_id) WHERE bgt_id <> '';

-- One row per line: the position derived from its ledger, updated in the same
-- transaction as each entry. The CHECKs make an overdraw impossible even if a
-- statement forgot its guard.
CREATE TABLE budget_balances (
    line_id      INTEGER PRIMARY KEY REFERENCES budget_lines (id),
    appropriated INTEGER NOT NULL DEFAULT 0 CHECK (appropriated BETWEEN 0 AND 100000000000000),
    committed    INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0),
    obligated    INTEGER NOT NULL DEFAULT 0 CHECK (obligated >= 0),
    paid         INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
    entries      INTEGER NOT NULL DEFAULT 0 CHECK (entries >= 0),
    CHECK (appropriated - committed - obligated - paid >= 0)
);

-- Transfers between lines (费随事转 and others): each pairs a transfer_out and a transfer_in entry.
CREATE TABLE budget_transfers (
    id          INTEGER PRIMARY KEY,
    from_line   INTEGER NOT NULL REFERENCES budget_lines (id),
    to_line     INTEGER NOT NULL REFERENCES budget_lines (id),
    amount      INTEGER NOT NULL CHECK (amount > 0 AND amount <= 100000000000000),
    function_id INTEGER,
    memo        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    CHECK (from_line <> to_line)
);
CREATE INDEX budget_transfers_from ON budget_transfers (from_line, id);
CREATE INDEX budget_transfers_to ON budget_transfers (to_line, id);

-- The append-only ledger. Rows are only ever inserted.
CREATE TABLE ledger_entries (
    id          INTEGER PRIMARY KEY,
    line_id     INTEGER NOT NULL REFERENCES budget_lines (id),
    kind        TEXT NOT NULL CHECK (kind IN ('appropriate','commit','release','obligate','pay','transfer_out','transfer_in')),
    amount      INTEGER NOT NULL CHECK (amount > 0 AND amount <= 100000000000000),
    project_id  INTEGER,
    transfer_id INTEGER REFERENCES budget_transfers (id),
    memo        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX ledger_entries_line ON ledger_entries (line_id, id);
CREATE INDEX ledger_entries_project ON ledger_entries (project_id) WHERE project_id IS NOT NULL;

-- Functions (职能) of public institutions (事业单位) and their funded posts.
CREATE TABLE reform_functions (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX reform_functions_org ON reform_functions (org_id, id);
CREATE INDEX reform_functions_catalog ON reform_functions (catalog_code, transferred);

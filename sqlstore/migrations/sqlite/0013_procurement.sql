-- Procurement part 1 (组织采购, issue 8): procedures with their lots, the agency
-- agreements that entrust them, method decisions (the approval of a non-tender
-- method, GPL-IR Art. 23), notices and single-source objections. Documents and
-- the invited suppliers are canonical JSON in TEXT columns, read and written whole.
-- Money is integer fen; times TEXT in the one UTC format.

-- A purchaser entrusts a purchasing agency (代理机构) with a project's procurement
-- (GPL Art. 20: a written agreement). Ended, never deleted.
CREATE TABLE agency_agreements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    purchaser_org_id INTEGER NOT NULL REFERENCES orgs (id),
    agency_org_id    INTEGER NOT NULL REFERENCES orgs (id),
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    reference        TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 100), -- the agreement's number
    scope            TEXT NOT NULL DEFAULT '',
    signed_on        TEXT NOT NULL,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    ended_at         TEXT,
    CHECK (purchaser_org_id <> agency_org_id)
);
CREATE INDEX agency_agreements_project ON agency_agreements (project_id, id);
CREATE INDEX agency_agreements_agency ON agency_agreements (agency_org_id, id);

CREATE TABLE procurements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    purchaser_org_id INTEGER NOT NULL REFERENCES orgs (id),
    agency_org_id    INTEGER REFERENCES orgs (id),
    region           TEXT NOT NULL REFERENCES regions (code),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category         TEXT NOT NULL CHECK (category IN ('goods', 'works', 'services')),
    amount           INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000000000),
    method           TEXT NOT NULL CHECK (method IN ('open_tender', 'invited_tender', 'competitive_negotiation', 'competitive_consultation', 'single_source')),
    reason           TEXT NOT NULL DEFAULT '',
    reason_detail    TEXT NOT NULL DEFAULT '',
    method_approved  INTEGER NOT NULL DEFAULT 0 CHECK (method_approved IN (0, 1)),
    sole_supplier_id INTEGER REFERENCES orgs (id),
    invited          TEXT NOT NULL DEFAULT '[]',
    documents        TEXT NOT NULL DEFAULT '{}',
    docs_from        TEXT,
    docs_until       TEXT,
    bid_deadline     TEXT,
    params_from      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'method_approval', 'publicity', 'tendering', 'closed', 'terminated')),
    next_due         TEXT,
    published_at     TEXT, -- its first notice: from then on the procedure is public
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- One open procedure per project; a terminated one may be followed by another.
CREATE UNIQUE INDEX procurements_one_open ON procurements (project_id) WHERE status <> 'terminated';
-- The scheduler asks only for what is due (never a scan of the open procedures).
CREATE INDEX procurements_project ON procurements (project_id, id);
CREATE INDEX procurements_due ON procurements (next_due, id) WHERE next_due IS NOT NULL;
CREATE INDEX procurements_status ON procurements (status, id);
CREATE INDEX procurements_region ON procurements (region, id);
CREATE INDEX procurements_public ON procurements (id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_public_region ON procurements (region, id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_purchaser ON procurements (purchaser_org_id, id);
CREATE INDEX procurements_agency ON procurements (agency_org_id, id);

CREATE TABLE procurement_counters (
    scope TEXT PRIMARY KEY CHECK (length(scope) = 11),
    last  INTEGER NOT NULL
);

CREATE TABLE procurement_lots (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    number         INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    budget         INTEGER NOT NULL CHECK (budget BETWEEN 0 AND 100000000000000),
    ceiling        INTEGER NOT NULL DEFAULT 0 CHECK (ceiling >= 0),
    bid_bond       INTEGER NOT NULL DEFAULT 0 CHECK (bid_bond >= 0),
    requirements   TEXT NOT NULL DEFAULT '',
    sme_reserved   INTEGER NOT NULL DEFAULT 0 CHECK (sme_reserved IN (0, 1)),
    UNIQUE (procurement_id, number)
);

-- The trail of a method decision: requested by the procedure's staff, decided
-- (approved or refused, with an opinion) by a finance department of 设区的市
-- level or above.
CREATE TABLE method_decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id  INTEGER NOT NULL REFERENCES procurements (id),
    method          TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    approver_org_id INTEGER NOT NULL REFERENCES orgs (id),
    requested_by    INTEGER REFERENCES users (id),
    requested_at    TEXT NOT NULL,
    due_at          TEXT NOT NULL, -- the approver's time limit (working days)
    overdue_at      TEXT,          -- when the scheduler found it overdue
    splitting       TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'refused')),
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TEXT,
    opinion         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX method_decisions_procurement ON method_decisions (procurement_id, id);
CREATE INDEX method_decisions_approver ON method_decisions (approver_org_id, status, id);

CREATE TABLE notices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('tender', 'non_tender', 'invitation', 'prequal', 'correction', 'single_source', 'termination')),
    number         INTEGER NOT NULL CHECK (number >= 1),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    UNIQUE (procurement_id, number)
);
CREATE INDEX notices_region ON notices (region, id);

-- Objections to a single-source publicity (GPL-IR Art. 38), and their answers.
CREATE TABLE objections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    org_id         INTEGER REFERENCES orgs (id),
    user_id        INTEGER REFERENCES users (id),
    body           TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    filed_at       TEXT NOT NULL,
    answer         TEXT NOT NULL DEFAULT '',
    answered_by    INTEGER REFERENCES users (id),
    answered_at    TEXT
);
CREATE INDEX objections_procurement ON objections (procurement_id, id);

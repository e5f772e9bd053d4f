-- goumai: foreign_keys off
-- Prequalification (资格预审, GPL-IR Art. 21; ENG-D5): an invited method may
-- first publish a 资格预审公告; suppliers apply during its window of at least
-- 5 working days; the organisers judge each application and invite from the
-- qualified. The procedure gets a state of its own, so SQLite rebuilds
-- procurements by the twelve-step procedure (as in 0005), keeping every
-- column, key and index.

CREATE TABLE new_procurements (
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
    status           TEXT NOT NULL CHECK (status IN ('draft', 'method_approval', 'publicity', 'prequalification', 'tendering', 'closed', 'terminated')),
    next_due         TEXT,
    published_at     TEXT, -- its first notice: from then on the procedure is public
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
INSERT INTO new_procurements (id, code, project_id, purchaser_org_id, agency_org_id, region, title, category, amount, method, reason,
    reason_detail, method_approved, sole_supplier_id, invited, documents, docs_from, docs_until, bid_deadline, params_from, status,
    next_due, published_at, version, created_by, created_at, updated_at)
    SELECT id, code, project_id, purchaser_org_id, agency_org_id, region, title, category, amount, method, reason,
    reason_detail, method_approved, sole_supplier_id, invited, documents, docs_from, docs_until, bid_deadline, params_from, status,
    next_due, published_at, version, created_by, created_at, updated_at FROM procurements;
DROP TABLE procurements;
ALTER TABLE new_procurements RENAME TO procurements;
CREATE UNIQUE INDEX procurements_one_open ON procurements (project_id) WHERE status <> 'terminated';
CREATE INDEX procurements_project ON procurements (project_id, id);
CREATE INDEX procurements_due ON procurements (next_due, id) WHERE next_due IS NOT NULL;
CREATE INDEX procurements_status ON procurements (status, id);
CREATE INDEX procurements_region ON procurements (region, id);
CREATE INDEX procurements_public ON procurements (id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_public_region ON procurements (region, id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_purchaser ON procurements (purchaser_org_id, id);
CREATE INDEX procurements_agency ON procurements (agency_org_id, id);

DELETE FROM sqlite_sequence WHERE name = 'procurements';
INSERT INTO sqlite_sequence (name, seq) SELECT 'procurements', max(
    (SELECT coalesce(max(id), 0) FROM procurements),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'procurements'));

-- A supplier's application to a prequalification, and the organisers' judgement.
CREATE TABLE prequal_applications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    user_id        INTEGER REFERENCES users (id),
    statement      TEXT NOT NULL CHECK (length(statement) BETWEEN 1 AND 4000),
    applied_at     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('applied', 'qualified', 'not_qualified')),
    reason         TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    UNIQUE (procurement_id, org_id)
);

-- goumai: foreign_keys off
-- Supervision and acceptance of contracts in force (issue 10 item 4): the
-- supplier's project ledger (台账, ENG-H8), inspections and rectification
-- orders, public complaints about a service in delivery, and each
-- milestone's acceptance rounds (验收, ENG-H6) with the group's members and
-- opinions as JSON.
CREATE TABLE progress_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    report_on   TEXT NOT NULL,
    content     TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity >= 0),
    unit        TEXT NOT NULL,
    files       TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX progress_reports_contract ON progress_reports (contract_id, id);
CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    inspected_on TEXT NOT NULL,
    findings     TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX inspections_contract ON inspections (contract_id, id);
CREATE TABLE rectifications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id   INTEGER NOT NULL REFERENCES contracts (id),
    inspection_id INTEGER REFERENCES inspections (id),
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    issue         TEXT NOT NULL,
    days          INTEGER NOT NULL CHECK (days >= 1),
    due_at        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed', 'overdue')),
    response      TEXT NOT NULL,
    files         TEXT NOT NULL,
    responded_at  TEXT,
    follow_up     TEXT NOT NULL,
    followed_at   TEXT,
    version       INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX rectifications_contract ON rectifications (contract_id, id);
CREATE TABLE service_complaints (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    body        TEXT NOT NULL,
    answer      TEXT NOT NULL,
    answered_at TEXT,
    answered_by INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX service_complaints_contract ON service_complaints (contract_id, id);
CREATE TABLE acceptances (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    milestone_id   INTEGER NOT NULL REFERENCES contract_milestones (id),
    contract_id    INTEGER NOT NULL REFERENCES contracts (id),
    round          INTEGER NOT NULL CHECK (round >= 1),
    report         TEXT NOT NULL,
    files          TEXT NOT NULL,
    public_service INTEGER NOT NULL,
    members        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('submitted', 'reviewing', 'accepted', 'rejected')),
    reasons        TEXT NOT NULL,
    submitted_by   INTEGER REFERENCES users (id),
    submitted_at   TEXT NOT NULL,
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    notice_id      INTEGER REFERENCES notices (id),
    version        INTEGER NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (milestone_id, round)
);
CREATE INDEX acceptances_contract ON acceptances (contract_id, id);
CREATE INDEX acceptances_status ON acceptances (status, id);
-- Notices gain the 公共服务项目验收结果公告 (REQ-C22). SQLite cannot change a
-- CHECK in place: notices is rebuilt as in 0032, keeping every column, key,
-- index and the id sequence.
CREATE TABLE new_notices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('tender', 'non_tender', 'invitation', 'prequal', 'correction', 'single_source', 'termination', 'opening', 'failure', 'result', 'complaint_decision', 'contract', 'acceptance')),
    number         INTEGER NOT NULL CHECK (number >= 1),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    UNIQUE (procurement_id, number)
);
INSERT INTO new_notices (id, procurement_id, region, kind, number, title, body, published_at)
    SELECT id, procurement_id, region, kind, number, title, body, published_at FROM notices;
DROP TABLE notices;
ALTER TABLE new_notices RENAME TO notices;
CREATE INDEX notices_region ON notices (region, id);
DELETE FROM sqlite_sequence WHERE name = 'notices';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notices', max(
    (SELECT coalesce(max(id), 0) FROM notices),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'notices'));

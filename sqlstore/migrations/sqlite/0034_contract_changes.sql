-- goumai: foreign_keys off
-- Changes to a contract in force (issue 10 items 2 and 3): supplementary
-- contracts (补充合同, ENG-H3) signed by both parties over their own hash,
-- their total at most 10 % of the original amount; termination by agreement
-- or on a recorded legal ground (GPL Art. 50), the unpaid obligation released
-- to the line by the new ledger kind 'deobligate'; subcontracts (ENG-H4),
-- the refused 转包 attempts kept as red flags. A financing guarantee has no
-- column anywhere (ENG-H5).
ALTER TABLE contracts ADD COLUMN amended_amount INTEGER NOT NULL DEFAULT 0 CHECK (amended_amount >= 0);

CREATE TABLE contract_amendments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    region      TEXT NOT NULL REFERENCES regions (code),
    reasons     TEXT NOT NULL CHECK (length(reasons) >= 1),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    terms       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('signing', 'signed', 'withdrawn')),
    hash        TEXT NOT NULL CHECK (length(hash) = 64),
    version     INTEGER NOT NULL,
    notice_id   INTEGER REFERENCES notices (id),
    proposed_by INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    signed_at   TEXT,
    updated_at  TEXT NOT NULL,
    UNIQUE (contract_id, seq)
);
CREATE INDEX contract_amendments_contract ON contract_amendments (contract_id, id);

CREATE TABLE amendment_signatures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    amendment_id INTEGER NOT NULL REFERENCES contract_amendments (id),
    party        TEXT NOT NULL CHECK (party IN ('purchaser', 'supplier')),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    key_id       TEXT NOT NULL REFERENCES signing_keys (id),
    hash         TEXT NOT NULL CHECK (length(hash) = 64),
    signature    TEXT NOT NULL, -- base64
    signed_by    INTEGER REFERENCES users (id),
    signed_at    TEXT NOT NULL,
    UNIQUE (amendment_id, party)
);
CREATE INDEX amendment_signatures_amendment ON amendment_signatures (amendment_id, id);

CREATE TABLE contract_terminations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id      INTEGER NOT NULL REFERENCES contracts (id),
    region           TEXT NOT NULL REFERENCES regions (code),
    ground           TEXT NOT NULL CHECK (ground IN ('agreement', 'breach', 'public_interest', 'force_majeure')),
    reasons          TEXT NOT NULL CHECK (length(reasons) >= 1),
    proposed_party   TEXT NOT NULL CHECK (proposed_party IN ('purchaser', 'supplier')),
    proposed_org_id  INTEGER NOT NULL REFERENCES orgs (id),
    proposed_by      INTEGER REFERENCES users (id),
    proposed_at      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'refused')),
    confirmed_org_id INTEGER REFERENCES orgs (id),
    confirmed_by     INTEGER REFERENCES users (id),
    confirmed_at     TEXT,
    opinion          TEXT NOT NULL DEFAULT '',
    released         INTEGER NOT NULL DEFAULT 0 CHECK (released >= 0),
    notice_id        INTEGER REFERENCES notices (id),
    version          INTEGER NOT NULL
);
CREATE INDEX contract_terminations_contract ON contract_terminations (contract_id, id);

CREATE TABLE subcontracts (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id          INTEGER NOT NULL REFERENCES contracts (id),
    region               TEXT NOT NULL REFERENCES regions (code),
    parent_org_id        INTEGER NOT NULL REFERENCES orgs (id),
    subcontractor_org_id INTEGER NOT NULL REFERENCES orgs (id),
    part                 TEXT NOT NULL,
    amount               INTEGER NOT NULL CHECK (amount >= 0),
    non_core             INTEGER NOT NULL CHECK (non_core IN (0, 1)),
    declared             INTEGER NOT NULL CHECK (declared IN (0, 1)), -- named in the winning bid's subcontracting plan
    status               TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'refused', 'blocked')),
    rule                 TEXT NOT NULL DEFAULT '', -- the rule that blocked an attempt (ENG-H4)
    problem              TEXT NOT NULL DEFAULT '', -- JSON {zh, en}: why it was blocked
    opinion              TEXT NOT NULL DEFAULT '', -- the purchaser's consent or refusal
    proposed_by          INTEGER REFERENCES users (id),
    proposed_at          TEXT NOT NULL,
    decided_by           INTEGER REFERENCES users (id),
    decided_at           TEXT,
    version              INTEGER NOT NULL
);
CREATE INDEX subcontracts_contract ON subcontracts (contract_id, id);
CREATE INDEX subcontracts_blocked ON subcontracts (region, id) WHERE status = 'blocked';

-- ledger_entries gains the kind 'deobligate'. SQLite cannot change a CHECK in
-- place: the table is rebuilt by the twelve-step procedure (as in 0005),
-- keeping every column, index and the id sequence.
CREATE TABLE new_ledger_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    line_id     INTEGER NOT NULL REFERENCES budget_lines (id),
    kind        TEXT NOT NULL CHECK (kind IN ('appropriate','commit','release','obligate','pay','transfer_out','transfer_in','deobligate')),
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
DELETE FROM sqlite_sequence WHERE name = 'ledger_entries';
INSERT INTO sqlite_sequence (name, seq) SELECT 'ledger_entries', max(
    (SELECT coalesce(max(id), 0) FROM ledger_entries),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'ledger_entries'));

-- The red-flag list of blocked attempts (ENG-H4) reads by status, newest first.
CREATE INDEX subcontracts_status ON subcontracts (status, id);

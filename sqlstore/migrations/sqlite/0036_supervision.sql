-- Contract milestones (履约节点 / 付款计划, issue 10 items 4 and 6): each
-- contract's deliverables and payment schedule, set with the contract (part
-- of its signed hash), their amounts summing to the contract's. The supplier
-- submits a milestone for acceptance (验收); an accepted one may be paid
-- (ENG-H7). Contracts drafted before this migration have none.
CREATE TABLE contract_milestones (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    no           INTEGER NOT NULL CHECK (no >= 1),
    title        TEXT NOT NULL,
    deliverables TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'accepted', 'rejected')),
    submitted_at TEXT,
    accepted_at  TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (contract_id, no)
);

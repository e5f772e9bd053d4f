-- goumai: foreign_keys off
-- A method decision requested for a procedure that is terminated before the
-- approver decides is withdrawn (not left "requested" for ever). SQLite cannot
-- change a CHECK in place, so method_decisions is rebuilt by the twelve-step
-- procedure (as in 0005), keeping every column, key and index.

CREATE TABLE new_method_decisions (
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
    status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'refused', 'withdrawn')),
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TEXT,
    opinion         TEXT NOT NULL DEFAULT ''
);
INSERT INTO new_method_decisions (id, procurement_id, method, reason, approver_org_id, requested_by, requested_at, due_at, overdue_at,
    splitting, status, decided_by, decided_at, opinion)
    SELECT id, procurement_id, method, reason, approver_org_id, requested_by, requested_at, due_at, overdue_at,
    splitting, status, decided_by, decided_at, opinion FROM method_decisions;
DROP TABLE method_decisions;
ALTER TABLE new_method_decisions RENAME TO method_decisions;
CREATE INDEX method_decisions_procurement ON method_decisions (procurement_id, id);
CREATE INDEX method_decisions_approver ON method_decisions (approver_org_id, status, id);

-- Seed the sequence above every id the table or the log has ever named.
DELETE FROM sqlite_sequence WHERE name = 'method_decisions';
INSERT INTO sqlite_sequence (name, seq) SELECT 'method_decisions', max(
    (SELECT coalesce(max(id), 0) FROM method_decisions),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'method_decisions'));

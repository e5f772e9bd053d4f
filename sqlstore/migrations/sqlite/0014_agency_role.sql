-- goumai: foreign_keys off
-- A purchasing agency's staff (代理机构经办人, REQ-C4) run the procedures their
-- agency is entrusted with: a role of its own. SQLite cannot change a CHECK in
-- place, so memberships and invitations are rebuilt by the twelve-step
-- procedure (as in 0005), keeping every column, key and index.

CREATE TABLE new_memberships (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id  INTEGER NOT NULL REFERENCES orgs (id),
    role    TEXT NOT NULL CHECK (role IN ('purchaser_staff','purchaser_approver','agency_staff','finance_reviewer','finance_approver','supplier','expert','auditor','admin')),
    UNIQUE (user_id, org_id, role)
);
INSERT INTO new_memberships (id, user_id, org_id, role)
    SELECT id, user_id, org_id, role FROM memberships;
DROP TABLE memberships;
ALTER TABLE new_memberships RENAME TO memberships;
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE new_invitations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    username   TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    user_id    INTEGER REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('purchaser_staff','purchaser_approver','agency_staff','finance_reviewer','finance_approver','supplier','expert','auditor','admin')),
    invited_by INTEGER REFERENCES users (id),              -- NULL: goumai itself
    status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_at TEXT
);
INSERT INTO new_invitations (id, org_id, username, user_id, role, invited_by, status, created_at, expires_at, decided_at)
    SELECT id, org_id, username, user_id, role, invited_by, status, created_at, expires_at, decided_at FROM invitations;
DROP TABLE invitations;
ALTER TABLE new_invitations RENAME TO invitations;
CREATE INDEX invitations_user ON invitations (user_id, status);
CREATE INDEX invitations_org ON invitations (org_id, status);

-- Seed each sequence above every id the table or the log has ever named.
DELETE FROM sqlite_sequence WHERE name IN ('memberships', 'invitations');
INSERT INTO sqlite_sequence (name, seq) SELECT 'memberships', max(
    (SELECT coalesce(max(id), 0) FROM memberships),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'memberships'));
INSERT INTO sqlite_sequence (name, seq) SELECT 'invitations', max(
    (SELECT coalesce(max(id), 0) FROM invitations),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'invitations'));

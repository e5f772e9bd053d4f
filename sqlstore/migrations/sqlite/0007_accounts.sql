-- goumai accounts (issue 7): the login throttle, invitations into an
-- organisation, and security alerts. Times are TEXT in the one UTC format.

-- The throttle replaces login_attempts. It holds counters and back-off times,
-- no business data, and stays out of the log: its rows change on every failed
-- sign-in, and logging them would let anyone grow the log by guessing. Keys:
-- 'pair:<account> <address>', 'account:<account>', 'address:<address>',
-- 'known:<account> <address>' (a pair that signed in successfully),
-- '<limit>:<address>' (registration, suggestions). See workflow/throttle.go.
DROP TABLE login_attempts;

CREATE TABLE throttle (
    key        TEXT PRIMARY KEY CHECK (length(key) <= 200),
    n          INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0), -- failures (or attempts) counted since "since"
    since      TEXT NOT NULL,                              -- start of the count (pair: last attempt; known: last success)
    next_at    TEXT NOT NULL DEFAULT '',                   -- no attempt before this ('' = none)
    hold_until TEXT NOT NULL DEFAULT ''                    -- the scope's limit holds until this ('' = none)
);
CREATE INDEX throttle_since ON throttle (since);

-- Sessions of one user are ended together (password change, reset, deactivation).
CREATE INDEX sessions_user ON sessions (user_id);

-- An invitation of a person into an organisation in a role: only the person's
-- acceptance creates the membership. user_id is the account the typed username
-- named when invited (NULL if none); it is never shown to the inviter, so an
-- invitation does not reveal whether an account exists.
CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    username   TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    user_id    INTEGER REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('purchaser_staff','purchaser_approver','finance_reviewer','finance_approver','supplier','expert','auditor','admin')),
    invited_by INTEGER REFERENCES users (id),              -- NULL: goumai itself
    status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_at TEXT
);
CREATE INDEX invitations_user ON invitations (user_id, status);
CREATE INDEX invitations_org ON invitations (org_id, status);

-- A security alert for the administrators of an account's organisations and of
-- their regions' finance departments (a password-guessing attack on it).
CREATE TABLE security_alerts (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL CHECK (kind IN ('login_attack')),
    failures  INTEGER NOT NULL CHECK (failures >= 0),      -- failed sign-ins counted when raised
    raised_at TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_by INTEGER REFERENCES users (id),
    closed_at TEXT
);
CREATE INDEX security_alerts_open ON security_alerts (status, user_id);

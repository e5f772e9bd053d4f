-- goumai spine: regions, organisations, users, memberships, sessions, the event
-- log and its Merkle tree. Times are TEXT in one UTC format (see sqlstore/time.go).

CREATE TABLE regions (
    code   TEXT PRIMARY KEY CHECK (length(code) = 6),
    name   TEXT NOT NULL,
    level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    parent TEXT REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent);

CREATE TABLE orgs (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX orgs_region ON orgs (region, id);
CREATE UNIQUE INDEX orgs_one_finance_dept ON orgs (region) WHERE finance_dept = 1;

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL
);

CREATE TABLE credentials (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    password_hash TEXT NOT NULL,
    changed_at    TEXT NOT NULL
);

CREATE TABLE memberships (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id  INTEGER NOT NULL REFERENCES orgs (id),
    role    TEXT NOT NULL CHECK (role IN ('purchaser_staff','purchaser_approver','finance_reviewer','finance_approver','supplier','expert','auditor','admin')),
    UNIQUE (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships (org_id);

-- Sessions and API tokens hold no business data and are not in the log.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,          -- SHA-256 of the token, hex
    kind       TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    org_id     INTEGER REFERENCES orgs (id),
    csrf       TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT 'zh',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    failures     INTEGER NOT NULL
);

-- The event log. id is the leaf index in the Merkle tree.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_user_id INTEGER,
    actor         TEXT NOT NULL,
    org_id        INTEGER,
    region        TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    public        INTEGER NOT NULL CHECK (public IN (0, 1)),
    state         TEXT NOT NULL,
    hashes        BLOB NOT NULL   -- the tree hashes this leaf completes (tlog.StoredHashes)
);
CREATE INDEX events_object ON events (object_type, object_id, id);
CREATE INDEX events_region ON events (region, id);

CREATE TABLE log_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL
);
INSERT INTO log_head (id, size) VALUES (1, 0);

-- Events are appended at the head and nowhere else; the head follows them.
CREATE TRIGGER events_append BEFORE INSERT ON events
WHEN NEW.id <> (SELECT size FROM log_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'events must be appended at the log head');
END;
CREATE TRIGGER events_head AFTER INSERT ON events
BEGIN
    UPDATE log_head SET size = NEW.id + 1 WHERE id = 1;
END;

CREATE TABLE log_checkpoints (
    size       INTEGER PRIMARY KEY,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The log's signing key (ed25519, note format). Audited as a secret.
CREATE TABLE log_key (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    origin TEXT NOT NULL,
    vkey   TEXT NOT NULL,
    skey   TEXT NOT NULL
);

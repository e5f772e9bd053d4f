-- The expert pool and the verifiable panel draw (issue 9 item 2; ENG-F1–F4,
-- REQ-C15–C17). experts is private (names stay secret until the result
-- notice); the public log names an expert only by experts.id.
CREATE TABLE experts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL UNIQUE REFERENCES users (id),
    region       TEXT NOT NULL REFERENCES regions (code),
    specialities TEXT NOT NULL DEFAULT '[]',
    unavailable  TEXT NOT NULL DEFAULT '[]',
    relations    TEXT NOT NULL DEFAULT '[]',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL
);
CREATE INDEX experts_region ON experts (region, id);

-- A party's commitment (SHA-256 of a secret it keeps) made before the draw's
-- request; draw_id is set by the request that uses it. One unused
-- commitment per party and procedure.
CREATE TABLE draw_commitments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    party          TEXT NOT NULL CHECK (party IN ('supervisor', 'organizer')),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    hash           TEXT NOT NULL CHECK (length(hash) = 64),
    draw_id        INTEGER,
    committed_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX draw_commitments_unused ON draw_commitments (procurement_id, party) WHERE draw_id IS NULL;
CREATE INDEX draw_commitments_proc ON draw_commitments (procurement_id, id);

-- A draw: its request (pool snapshot, exclusions, size, the commitments),
-- the reveals, and the result. One open request per procedure.
CREATE TABLE panel_draws (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id       INTEGER NOT NULL REFERENCES procurements (id),
    region               TEXT NOT NULL REFERENCES regions (code),
    status               TEXT NOT NULL CHECK (status IN ('requested', 'drawn', 'void')),
    evaluation_at        TEXT NOT NULL,
    speciality           TEXT NOT NULL,
    count                INTEGER NOT NULL CHECK (count >= 1),
    panel_size           INTEGER NOT NULL CHECK (panel_size >= 1),
    replaces_member_id   INTEGER,
    pool                 TEXT NOT NULL,
    exclusions           TEXT NOT NULL,
    supervisor_commit_id INTEGER NOT NULL REFERENCES draw_commitments (id),
    supervisor_hash      TEXT NOT NULL,
    organizer_commit_id  INTEGER NOT NULL REFERENCES draw_commitments (id),
    organizer_hash       TEXT NOT NULL,
    supervisor_secret    TEXT NOT NULL DEFAULT '',
    organizer_secret     TEXT NOT NULL DEFAULT '',
    reveal_by            TEXT NOT NULL,
    seed                 TEXT NOT NULL DEFAULT '',
    checkpoint           INTEGER NOT NULL DEFAULT 0,
    drawn                TEXT NOT NULL DEFAULT '[]',
    requested_by         INTEGER NOT NULL REFERENCES users (id),
    requested_at         TEXT NOT NULL,
    drawn_at             TEXT
);
CREATE UNIQUE INDEX panel_draws_open ON panel_draws (procurement_id) WHERE status = 'requested';
CREATE INDEX panel_draws_proc ON panel_draws (procurement_id, id);

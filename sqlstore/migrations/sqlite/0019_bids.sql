-- goumai: foreign_keys off
-- Sealed bids (投标文件, issue 8 item 9). A bid's content — price, responses,
-- declarations, who submitted it, its lot and even its supplier — is sealed
-- with AES-256-GCM under a key kept outside the database; rows are found
-- again only by keyed tags (HMAC under that key), so a dump taken before
-- opening reveals neither content nor bidders. slot_tag makes one bid per
-- supplier per lot; proc_tag finds a procedure's bids at opening; owner_tag
-- a supplier's own bids. Documents are sealed apart, named by a keyed tag of
-- their digest. Nothing here is readable without the key.

CREATE TABLE bids (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    slot_tag  TEXT NOT NULL UNIQUE CHECK (length(slot_tag) = 64),
    proc_tag  TEXT NOT NULL CHECK (length(proc_tag) = 64),
    owner_tag TEXT NOT NULL CHECK (length(owner_tag) = 64),
    sealed    BLOB NOT NULL
);
CREATE INDEX bids_proc ON bids (proc_tag, id);
CREATE INDEX bids_owner ON bids (owner_tag, id);

CREATE TABLE bid_documents (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    bid_id INTEGER NOT NULL REFERENCES bids (id),
    tag    TEXT NOT NULL CHECK (length(tag) = 64),
    sealed BLOB NOT NULL,
    digest TEXT NOT NULL CHECK (length(digest) = 64), -- hex SHA-256 of sealed: what the log's state covers, not the megabytes
    UNIQUE (bid_id, tag)
);

-- The commitments the log records, one row per submission or withdrawal: a
-- salted SHA-256 that names no supplier, lot or price.
CREATE TABLE bid_commitments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    commitment TEXT NOT NULL CHECK (length(commitment) = 64),
    kind       TEXT NOT NULL CHECK (kind IN ('submit', 'withdraw'))
);

-- An attempt to read sealed bids before opening raises a security alert of
-- its own kind; SQLite rebuilds security_alerts for the wider CHECK by the
-- twelve-step procedure (as in 0005), keeping every column, key and index.
CREATE TABLE new_security_alerts (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL CHECK (kind IN ('login_attack', 'bid_early_read')),
    failures  INTEGER NOT NULL CHECK (failures >= 0),      -- failed sign-ins counted when raised
    raised_at TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_by INTEGER REFERENCES users (id),
    closed_at TEXT
);
INSERT INTO new_security_alerts (id, user_id, kind, failures, raised_at, status, closed_by, closed_at)
    SELECT id, user_id, kind, failures, raised_at, status, closed_by, closed_at FROM security_alerts;
DROP TABLE security_alerts;
ALTER TABLE new_security_alerts RENAME TO security_alerts;
CREATE INDEX security_alerts_open ON security_alerts (status, user_id);
DELETE FROM sqlite_sequence WHERE name = 'security_alerts';
INSERT INTO sqlite_sequence (name, seq) SELECT 'security_alerts', max(
    (SELECT coalesce(max(id), 0) FROM security_alerts),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'security_alerts'));

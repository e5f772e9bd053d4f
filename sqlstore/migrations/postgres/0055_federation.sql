-- Federation over NATS JetStream (issue 12, DESIGN §8).
--
-- The outbox: one row per public event, written in the event's transaction
-- (an append hook, as the OCDS releases are) when the instance federates
-- (serve --nats). A drainer publishes the rows in log order and marks each
-- sent only after JetStream acknowledged it: NATS down never blocks a write.
CREATE TABLE fed_outbox (
    log_index BIGINT PRIMARY KEY REFERENCES events (id),
    region    TEXT NOT NULL,   -- the event's region: the subject's last token
    sent_at   TEXT             -- when JetStream acknowledged it; NULL while pending
);
CREATE INDEX fed_outbox_pending ON fed_outbox (log_index) WHERE sent_at IS NULL;

-- The instances this one trusts, as seen so far: the leaf index of the last
-- event applied (events apply in the publisher's log order, each once) and
-- the largest signed checkpoint seen (a second root for the same size is a
-- forked log and is refused).
CREATE TABLE fed_peers (
    publisher  TEXT PRIMARY KEY,
    applied    BIGINT NOT NULL,           -- -1 before the first
    cp_size    BIGINT NOT NULL,
    cp_root    TEXT NOT NULL,             -- base64
    updated_at TEXT NOT NULL
);

-- The inbox: every verified event received, keyed by publisher and leaf index.
CREATE TABLE fed_inbox (
    publisher   TEXT NOT NULL,
    log_index   BIGINT NOT NULL,
    at          TEXT NOT NULL,
    region      TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    state       TEXT NOT NULL,   -- the event's state, as the publisher's log holds it
    releases    TEXT NOT NULL,   -- its OCDS releases, a JSON array
    received_at TEXT NOT NULL,
    PRIMARY KEY (publisher, log_index)
);
CREATE INDEX fed_inbox_object ON fed_inbox (publisher, object_type, object_id, log_index);

-- Received credit lists and their entries (ENG-A5: a ban is nationwide).
CREATE TABLE fed_credit_lists (
    publisher  TEXT NOT NULL,
    list_id    BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    current    BOOLEAN NOT NULL,
    log_index  BIGINT NOT NULL,
    PRIMARY KEY (publisher, list_id)
);
CREATE TABLE fed_credit_entries (
    publisher   TEXT NOT NULL,
    entry_id    BIGINT NOT NULL,
    list_id     BIGINT NOT NULL,
    log_index   BIGINT NOT NULL,
    credit_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,
    PRIMARY KEY (publisher, entry_id)
);
CREATE INDEX fed_credit_entries_code ON fed_credit_entries (credit_code, publisher, entry_id);

-- National statistics from received events: per publisher, region and
-- action, the number of public events and the sum of their objects' amounts.
CREATE TABLE fed_stats (
    publisher TEXT NOT NULL,
    region    TEXT NOT NULL,
    action    TEXT NOT NULL,
    n         BIGINT NOT NULL,
    amount    BIGINT NOT NULL,
    PRIMARY KEY (publisher, region, action)
);

-- Received performance grades per supplier (cross-region red flags, ENG-J1).
CREATE TABLE fed_grades (
    publisher     TEXT NOT NULL,
    contract_id   TEXT NOT NULL,
    log_index     BIGINT NOT NULL,
    region        TEXT NOT NULL,
    supplier_code TEXT NOT NULL,   -- the supplier's credit code, '' when unknown
    supplier_name TEXT NOT NULL,
    grade         TEXT NOT NULL,
    score         BIGINT NOT NULL,
    PRIMARY KEY (publisher, contract_id)
);
CREATE INDEX fed_grades_supplier ON fed_grades (supplier_code, publisher, contract_id);

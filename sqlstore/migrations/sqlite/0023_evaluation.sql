-- Evaluation (评审, issue 9 item 3): the reviews before scoring, the panel's
-- scores, abnormal-low queries (ENG-G7), final-offer rounds (谈判/磋商,
-- ENG-E1/E3), dissents and the reports (ENG-D6, ENG-G8). None is public: the
-- result notice publishes the outcome.

-- One result per opened bid and stage; revised (the log keeps each version)
-- until the report.
CREATE TABLE eval_reviews (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    opened_bid_id  INTEGER NOT NULL REFERENCES opened_bids (id),
    stage          TEXT NOT NULL CHECK (stage IN ('qualification', 'compliance')),
    pass           INTEGER NOT NULL CHECK (pass IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    user_id        INTEGER NOT NULL REFERENCES users (id),
    at             TEXT NOT NULL,
    UNIQUE (opened_bid_id, stage)
);
CREATE INDEX eval_reviews_proc ON eval_reviews (procurement_id, id);

-- One score per member, bid and item (the item's index in the documents),
-- in ten-thousandths of a point.
CREATE TABLE eval_scores (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    opened_bid_id  INTEGER NOT NULL REFERENCES opened_bids (id),
    member_id      INTEGER NOT NULL REFERENCES panel_members (id),
    item           INTEGER NOT NULL CHECK (item >= 0),
    item_name      TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score >= 0),
    reason         TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    UNIQUE (opened_bid_id, member_id, item)
);
CREATE INDEX eval_scores_proc ON eval_scores (procurement_id, id);

-- Abnormal-low queries: one per opened bid; an open one past its deadline
-- is expired by the scheduler (the partial index reads only those).
CREATE TABLE eval_price_queries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id  INTEGER NOT NULL REFERENCES procurements (id),
    lot_id          INTEGER NOT NULL REFERENCES procurement_lots (id),
    opened_bid_id   INTEGER NOT NULL UNIQUE REFERENCES opened_bids (id),
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    triggers        TEXT NOT NULL DEFAULT '[]',
    reason          TEXT NOT NULL DEFAULT '',
    due_at          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'justified', 'accepted', 'rejected', 'expired')),
    justification   TEXT NOT NULL DEFAULT '',
    justified_at    TEXT,
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_at      TEXT,
    queried_by      INTEGER NOT NULL REFERENCES users (id),
    queried_at      TEXT NOT NULL
);
CREATE INDEX eval_price_queries_proc ON eval_price_queries (procurement_id, id);
CREATE INDEX eval_price_queries_due ON eval_price_queries (due_at, id) WHERE status = 'open';

-- Calls for final offers and the offers.
CREATE TABLE eval_offer_rounds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    round          INTEGER NOT NULL CHECK (round >= 1),
    due_at         TEXT NOT NULL,
    called_by      INTEGER NOT NULL REFERENCES users (id),
    called_at      TEXT NOT NULL,
    UNIQUE (lot_id, round)
);
CREATE INDEX eval_offer_rounds_proc ON eval_offer_rounds (procurement_id, id);
CREATE TABLE eval_offers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL REFERENCES eval_offer_rounds (id),
    opened_bid_id INTEGER NOT NULL REFERENCES opened_bids (id),
    price         INTEGER NOT NULL CHECK (price > 0),
    at            TEXT NOT NULL,
    UNIQUE (round_id, opened_bid_id)
);

-- Dissenting opinions, by member and report round.
CREATE TABLE eval_dissents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    member_id      INTEGER NOT NULL REFERENCES panel_members (id),
    round          INTEGER NOT NULL CHECK (round >= 1),
    text           TEXT NOT NULL,
    at             TEXT NOT NULL,
    UNIQUE (procurement_id, member_id, round)
);

-- The reports: round 1, then one per re-evaluation; the body is the whole
-- report (rankings, reviews, scores, queries, dissents) as JSON.
CREATE TABLE eval_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    round          INTEGER NOT NULL CHECK (round >= 1),
    reason         TEXT NOT NULL DEFAULT '',
    seed           TEXT NOT NULL,
    log_size       INTEGER NOT NULL,
    log_root       TEXT NOT NULL,
    body           TEXT NOT NULL,
    changed        INTEGER NOT NULL DEFAULT 0 CHECK (changed IN (0, 1)),
    late           INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    reported_by    INTEGER NOT NULL REFERENCES users (id),
    reported_at    TEXT NOT NULL,
    region         TEXT NOT NULL REFERENCES regions (code),
    UNIQUE (procurement_id, round)
);
-- A re-evaluation that changed the result is on the to-do list of the
-- region's finance department (ENG-G8).
CREATE INDEX eval_reports_changed ON eval_reports (region, id) WHERE changed;

-- Re-evaluations (ENG-G8): the ground and what it concerns; round is the
-- report round it leads to.
CREATE TABLE eval_reevaluations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    round          INTEGER NOT NULL CHECK (round >= 2),
    reason         TEXT NOT NULL CHECK (reason IN ('sum_error', 'out_of_range', 'objective_differ', 'abnormal_score')),
    detail         TEXT NOT NULL,
    requested_by   INTEGER NOT NULL REFERENCES users (id),
    requested_at   TEXT NOT NULL,
    UNIQUE (procurement_id, round)
);

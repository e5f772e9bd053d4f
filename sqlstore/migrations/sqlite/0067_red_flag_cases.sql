-- Follow-up of red flags (issue 12 item 2): one case per flag, opened by
-- the auditors or the finance department of the flag's region (subtree).
-- The case is sent to the purchaser for an explanation within a number of
-- working days (due_at), or opened as an inspection; the outcome
-- (justified 合理说明, corrected 已整改, referred 移送) and the opinion close
-- it, and a closed case is public. region and purchaser_org_id are the
-- flag's, copied so that the lists of a subtree and of a purchaser are read
-- from their indexes.
CREATE TABLE red_flag_cases (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    flag_id          INTEGER NOT NULL UNIQUE REFERENCES red_flags (id),
    region           TEXT NOT NULL,
    purchaser_org_id INTEGER,  -- the flag's (red_flags.purchaser_org_id)
    org_id           INTEGER NOT NULL REFERENCES orgs (id),
    status           TEXT NOT NULL CHECK (status IN ('sent', 'answered', 'inspecting', 'closed')),
    request          TEXT NOT NULL,
    days             INTEGER NOT NULL CHECK (days >= 0),
    due_at           TEXT,
    sent_at          TEXT,
    answer           TEXT NOT NULL,
    files            TEXT NOT NULL,
    answered_at      TEXT,
    answered_by      INTEGER REFERENCES users (id),
    findings         TEXT NOT NULL,
    inspected_at     TEXT,
    outcome          TEXT NOT NULL CHECK (outcome IN ('', 'justified', 'corrected', 'referred')),
    opinion          TEXT NOT NULL,
    closed_at        TEXT,
    version          INTEGER NOT NULL,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX red_flag_cases_region ON red_flag_cases (region, status, id);
CREATE INDEX red_flag_cases_purchaser ON red_flag_cases (purchaser_org_id, status, id);
CREATE INDEX red_flag_cases_status ON red_flag_cases (status, flag_id);

-- Challenges (质疑) of a procedure's published notices and the organisers'
-- answers, and complaints (投诉) to the finance department with its
-- decisions (ENG-D8, issue 9 item 6). Both are public but for the facts and
-- evidence, kept apart in challenge_facts, whose events are never public.
-- Times TEXT in the one UTC format.

CREATE TABLE challenges (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id   INTEGER NOT NULL REFERENCES procurements (id),
    number           INTEGER NOT NULL CHECK (number >= 1), -- 1, 2, … within the procedure
    notice_id        INTEGER NOT NULL REFERENCES notices (id),
    organizer_org_id INTEGER NOT NULL REFERENCES orgs (id), -- who must answer: the agency, else the purchaser
    org_id           INTEGER NOT NULL REFERENCES orgs (id),  -- the challenger (its user is in challenge_facts)
    claims           TEXT NOT NULL CHECK (length(claims) BETWEEN 1 AND 4000),
    status           TEXT NOT NULL CHECK (status IN ('filed', 'answered', 'unanswered', 'withdrawn')),
    filed_at         TEXT NOT NULL,
    due_at           TEXT NOT NULL, -- the answer's time limit (7 working days)
    overdue_at       TEXT,
    verdict          TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'upheld', 'partly_upheld', 'dismissed')),
    outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'reevaluate', 'rerank', 'reprocure', 'correct_documents')),
    reasons          TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    answered_by      INTEGER REFERENCES users (id),
    answered_at      TEXT,
    withdrawn_at     TEXT,
    UNIQUE (procurement_id, number),
    CHECK ((status = 'answered') = (answered_at IS NOT NULL)),
    CHECK ((status = 'answered') = (verdict <> '')),
    CHECK (verdict <> 'dismissed' OR outcome = '')
);
-- The scheduler asks only for the unanswered challenges that are due; the
-- organisers' to-do list for their open ones.
CREATE INDEX challenges_due ON challenges (due_at, id) WHERE status = 'filed' AND overdue_at IS NULL;
CREATE INDEX challenges_open ON challenges (organizer_org_id, due_at, id) WHERE status = 'filed';

CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id     INTEGER NOT NULL UNIQUE REFERENCES challenges (id), -- one complaint per challenge
    procurement_id   INTEGER NOT NULL REFERENCES procurements (id),
    region           TEXT NOT NULL REFERENCES regions (code), -- the procedure's: its finance department decides
    org_id           INTEGER NOT NULL REFERENCES orgs (id), -- the complainant (its user is in challenge_facts)
    claims           TEXT NOT NULL CHECK (length(claims) BETWEEN 1 AND 4000),
    status           TEXT NOT NULL CHECK (status IN ('filed', 'suspended', 'decided', 'withdrawn')),
    filed_at         TEXT NOT NULL,
    due_at           TEXT NOT NULL, -- the decision's time limit (30 working days)
    overdue_at       TEXT,
    suspended_at     TEXT,
    suspended_until  TEXT, -- at most 30 days after suspended_at (GPL Art. 57)
    suspend_reason   TEXT NOT NULL DEFAULT '' CHECK (length(suspend_reason) <= 4000),
    verdict          TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('', 'upheld', 'partly_upheld', 'dismissed')),
    outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'reevaluate', 'rerank', 'reprocure', 'correct_documents')),
    reasons          TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    decided_by       INTEGER REFERENCES users (id),
    decided_at       TEXT,
    withdrawn_at     TEXT,
    CHECK ((status = 'decided') = (decided_at IS NOT NULL)),
    CHECK ((status = 'decided') = (verdict <> '')),
    CHECK (verdict <> 'dismissed' OR outcome = ''),
    CHECK (status <> 'suspended' OR suspended_until IS NOT NULL)
);
CREATE INDEX complaints_procurement ON complaints (procurement_id, id);
CREATE INDEX complaints_due ON complaints (due_at, id) WHERE status IN ('filed', 'suspended') AND overdue_at IS NULL;
CREATE INDEX complaints_open ON complaints (region, due_at, id) WHERE status IN ('filed', 'suspended');

-- Who filed a challenge (complaint_id NULL) or its complaint, and the facts
-- and evidence: seen only by the challenger, the procedure's insiders and the
-- finance department, never in a public event.
CREATE TABLE challenge_facts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id INTEGER NOT NULL REFERENCES challenges (id),
    complaint_id INTEGER REFERENCES complaints (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    facts        TEXT NOT NULL CHECK (length(facts) <= 8000),
    UNIQUE (challenge_id, complaint_id)
);

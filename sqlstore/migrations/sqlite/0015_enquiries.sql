-- Enquiries (询问) on a procedure open for bids and their answers (澄清),
-- issue 8 item 7. The question and answer are public once answered; who asked
-- is kept apart in enquiry_askers, whose events are never public, so that the
-- public event of the answer (the enquiry row's state) cannot name the asker.
-- Times TEXT in the one UTC format.

CREATE TABLE enquiries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    number         INTEGER NOT NULL CHECK (number >= 1), -- 1, 2, … within the procedure
    question       TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    asked_at       TEXT NOT NULL,
    due_at         TEXT NOT NULL, -- the answer's time limit (ENG-D8: 3 working days)
    overdue_at     TEXT,          -- when the scheduler found it unanswered past due_at
    answer         TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 4000),
    answered_by    INTEGER REFERENCES users (id),
    answered_at    TEXT,
    notice_id      INTEGER REFERENCES notices (id), -- the 更正公告 of an answer that changed the documents
    UNIQUE (procurement_id, number),
    CHECK ((answered_at IS NULL) = (answer = ''))
);
-- The scheduler asks only for the unanswered enquiries that are due.
CREATE INDEX enquiries_due ON enquiries (due_at, id) WHERE answered_at IS NULL AND overdue_at IS NULL;

-- Who asked: the organisation and its user. One row per enquiry.
CREATE TABLE enquiry_askers (
    enquiry_id INTEGER PRIMARY KEY REFERENCES enquiries (id),
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    user_id    INTEGER NOT NULL REFERENCES users (id)
);

-- Progress reports (工作进展情况报告, issue 13 item 2): a finance department's
-- periodic report on its region to the finance department of the region
-- above (parent), up to the Ministry of Finance. The statistics of the
-- region's subtree are frozen in stats (JSON) when it is filed; reviews is
-- the history of filings and decisions with their 意见 (REQ-C2).
CREATE TABLE work_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region         TEXT NOT NULL,
    parent         TEXT NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    kind           TEXT NOT NULL CHECK (kind IN ('quarter', 'year')),
    period         TEXT NOT NULL,
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'filed', 'returned', 'accepted')),
    new_situations TEXT NOT NULL,
    major_problems TEXT NOT NULL,
    suggestions    TEXT NOT NULL,
    stats          TEXT NOT NULL,
    reviews        TEXT NOT NULL,
    filed_at       TEXT,
    decided_at     TEXT,
    version        INTEGER NOT NULL,
    created_by     INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (region, kind, period)
);
CREATE INDEX work_reports_parent ON work_reports (parent, period_to, id);
CREATE INDEX work_reports_accepted ON work_reports (status, decided_at, id);

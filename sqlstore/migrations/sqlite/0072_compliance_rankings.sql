-- Published compliance rankings (supervision of lower levels, issue 13 item
-- 4): a finance approver of a region publishes the ranking of the regions
-- below it for a period; the ranking is frozen as JSON and public.
CREATE TABLE compliance_rankings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region       TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    ranking      TEXT NOT NULL,
    published_by INTEGER,
    published_at TEXT NOT NULL
);
CREATE INDEX compliance_rankings_region ON compliance_rankings (region, id);

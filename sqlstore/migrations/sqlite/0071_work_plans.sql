-- Work plans and implementation schemes (工作计划和实施方案, issue 13 item
-- 3): a region's plan by a department, with measurable milestones (JSON:
-- title, metric of the statistics, target, due date) whose progress is read
-- from the statistics; drafted, then published (public, frozen).
CREATE TABLE work_plans (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region       TEXT NOT NULL,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    start_month  TEXT NOT NULL,
    milestones   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at TEXT,
    version      INTEGER NOT NULL,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX work_plans_region ON work_plans (region, id);

-- The State Council's holiday arrangements (国务院办公厅关于部分节假日安排的通知), loaded
-- as data by the Ministry of Finance for the years lunar-go does not have (or to correct
-- one): one row per version of a year's arrangement. Loading a year again supersedes its
-- current version, which stays on record with the days that deadlines were counted with.
-- The working-day calendar (sqlstore.Store.Calendar) is lunar-go's table with the
-- current versions over it, each replacing its whole year.
CREATE TABLE calendar_notices (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    year      INTEGER NOT NULL CHECK (year >= 2002),
    notice    TEXT NOT NULL CHECK (notice <> ''),
    issued    TEXT NOT NULL,
    days      TEXT NOT NULL,           -- JSON: [{"date", "holiday", "kind": "off"|"work"}, …]
    reason    TEXT NOT NULL DEFAULT '',
    status    TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'superseded')),
    replaces  INTEGER UNIQUE REFERENCES calendar_notices (id),
    loaded_by INTEGER REFERENCES users (id),  -- NULL when loaded from the command line (goumai.System)
    loaded_at TEXT NOT NULL
);
-- A year has at most one current version.
CREATE UNIQUE INDEX calendar_notices_current ON calendar_notices (year) WHERE status = 'current';
-- A year's versions, newest first.
CREATE INDEX calendar_notices_year ON calendar_notices (year, id);

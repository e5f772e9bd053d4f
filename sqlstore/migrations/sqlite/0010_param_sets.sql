-- Regulation parameters as dated data (RULES.md §14: every numeric limit is a
-- parameter keyed by jurisdiction, category and effective date). A set holds
-- the values of one region (100000 for the national level, a province, or a
-- region below it) and category from its first day; a region without a set
-- inherits the nearest region's above it, and the national defaults live in
-- code (rules.NationalDefaults).
--
-- Sets are never rewritten: a set is ended (effective_to set to a later day,
-- only while that day is still to come) or superseded by a newer set, so the
-- values in force on a past day never change. A set ended on its first day
-- (effective_to = effective_from) was withdrawn before it took effect.
--
-- The values are one JSON object (params, registered as a JSON column): they
-- are always read and written as a whole, never filtered in SQL, checked in Go
-- against the law (rules.Params.Check), and their fields will grow with the
-- procurement rules; plain columns would need a migration on both databases for
-- each new parameter and would repeat the checks that the law's rule already makes.
CREATE TABLE param_sets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region         TEXT NOT NULL REFERENCES regions (code),
    category       TEXT NOT NULL CHECK (category IN ('goods', 'works', 'services')),
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    source         TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
    illustrative   INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    params         TEXT NOT NULL,
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
-- One set per region, category and first day, withdrawn sets aside.
CREATE UNIQUE INDEX param_sets_day ON param_sets (region, category, effective_from)
    WHERE effective_to IS NULL OR effective_to > effective_from;
-- The sets of a region's path, by category and day (resolution and lists).
CREATE INDEX param_sets_region ON param_sets (region, category, effective_from, id);

-- 督办 notices (supervision of lower levels, issue 13 item 4): the finance
-- staff of a region issue a notice to a region directly below, with a
-- deadline in working days; the region below answers; the issuer closes it.
CREATE TABLE duban_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    region     TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    body       TEXT NOT NULL,
    days       INTEGER NOT NULL,
    due_at     TEXT NOT NULL,
    answer     TEXT NOT NULL,
    opinion    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('issued', 'answered', 'closed')),
    issued_by  INTEGER,
    issued_at  TEXT NOT NULL,
    version    INTEGER NOT NULL
);
CREATE INDEX duban_notices_region ON duban_notices (region, id);
CREATE INDEX duban_notices_issuer ON duban_notices (issuer, id);

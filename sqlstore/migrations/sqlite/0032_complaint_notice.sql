-- goumai: foreign_keys off
-- Notices gain the finance department's 投诉处理结果公告 (ENG-D8; 财政部令第94号
-- Art. 33). SQLite cannot change a CHECK in place: notices is rebuilt by the
-- twelve-step procedure (as in 0020), keeping every column, key, index and
-- the id sequence; challenges and award_letters refer to it by name.
-- The kinds also allow 'contract', the 合同公告 of 0030's contracts.
CREATE TABLE new_notices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('tender', 'non_tender', 'invitation', 'prequal', 'correction', 'single_source', 'termination', 'opening', 'failure', 'result', 'complaint_decision', 'contract')),
    number         INTEGER NOT NULL CHECK (number >= 1),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    UNIQUE (procurement_id, number)
);
INSERT INTO new_notices (id, procurement_id, region, kind, number, title, body, published_at)
    SELECT id, procurement_id, region, kind, number, title, body, published_at FROM notices;
DROP TABLE notices;
ALTER TABLE new_notices RENAME TO notices;
CREATE INDEX notices_region ON notices (region, id);
DELETE FROM sqlite_sequence WHERE name = 'notices';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notices', max(
    (SELECT coalesce(max(id), 0) FROM notices),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'notices'));

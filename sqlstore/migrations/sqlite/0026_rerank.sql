-- goumai: foreign_keys off
-- A challenge or complaint upheld with a re-ranking (另行确定, 财政部令第94号
-- Art. 32) names the supplier whose award falls; its bid is set aside
-- (opened_bids.set_aside = 'ENG-D8') and the award goes to the next
-- candidate. The letters already sent for the withdrawn result are void
-- (superseded_at) and new ones follow the new result notice, so a lot and a
-- bidder may have several letters, at most one of them in force. SQLite
-- cannot drop a UNIQUE in place: award_letters is rebuilt by the twelve-step
-- procedure (as in 0017), keeping every column, key and index.
ALTER TABLE challenges ADD COLUMN set_aside_org_id INTEGER REFERENCES orgs (id);
ALTER TABLE complaints ADD COLUMN set_aside_org_id INTEGER REFERENCES orgs (id);

CREATE TABLE new_award_letters (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    kind           TEXT NOT NULL CHECK (kind IN ('award', 'result')),
    notice_id      INTEGER NOT NULL REFERENCES notices (id),
    issued_at      TEXT NOT NULL,
    superseded_at  TEXT
);
INSERT INTO new_award_letters (id, procurement_id, lot_id, org_id, kind, notice_id, issued_at)
    SELECT id, procurement_id, lot_id, org_id, kind, notice_id, issued_at FROM award_letters;
DROP TABLE award_letters;
ALTER TABLE new_award_letters RENAME TO award_letters;
CREATE UNIQUE INDEX award_letters_current ON award_letters (lot_id, org_id) WHERE superseded_at IS NULL;
CREATE INDEX award_letters_org ON award_letters (org_id, id);
CREATE INDEX award_letters_proc ON award_letters (procurement_id, id);

-- Seed the sequence above every id the table or the log has ever named.
DELETE FROM sqlite_sequence WHERE name = 'award_letters';
INSERT INTO sqlite_sequence (name, seq) SELECT 'award_letters', max(
    (SELECT coalesce(max(id), 0) FROM award_letters),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'award_letters'));

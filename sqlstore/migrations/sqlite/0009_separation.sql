-- Separation of duties (不相容岗位相互分离, 财会〔2012〕21号 Art. 12): who drafted
-- an item never decides on it, and a budget transfer is requested by one person
-- and approved by another.

-- Who drafted an item whose drafting spans several objects (a catalogue version
-- and its items): one row per item and person, written when they first edit it.
CREATE TABLE item_drafters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    at          TEXT NOT NULL,
    UNIQUE (object_type, object_id, user_id)
);

-- A transfer is requested, then approved (its entries posted) or refused.
-- Transfers made before this migration were posted at once.
ALTER TABLE budget_transfers ADD COLUMN status TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('requested', 'posted', 'refused'));
ALTER TABLE budget_transfers ADD COLUMN requested_by INTEGER REFERENCES users (id);
ALTER TABLE budget_transfers ADD COLUMN decided_by INTEGER REFERENCES users (id);
ALTER TABLE budget_transfers ADD COLUMN decided_at TEXT;
ALTER TABLE budget_transfers ADD COLUMN opinion TEXT NOT NULL DEFAULT '';
CREATE INDEX budget_transfers_status ON budget_transfers (status, id);

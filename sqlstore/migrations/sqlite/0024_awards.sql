-- The result (issue 9 item 5): each lot's awarded bid as the purchaser
-- confirmed it (or, for 磋商, deemed accepted when its limit passed without
-- objection, ENG-D6); the award and result letters to the bidders; the
-- bid-bond refunds due within 5 working days (ENG-D7).
CREATE TABLE lot_awards (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL UNIQUE REFERENCES procurement_lots (id),
    opened_bid_id  INTEGER NOT NULL REFERENCES opened_bids (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    amount         INTEGER NOT NULL CHECK (amount >= 0),
    deemed         INTEGER NOT NULL CHECK (deemed IN (0, 1)),
    confirmed_by   INTEGER REFERENCES users (id),
    confirmed_at   TEXT NOT NULL
);
CREATE INDEX lot_awards_proc ON lot_awards (procurement_id, id);
CREATE INDEX lot_awards_org ON lot_awards (org_id, id);

CREATE TABLE award_letters (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    kind           TEXT NOT NULL CHECK (kind IN ('award', 'result')),
    notice_id      INTEGER NOT NULL REFERENCES notices (id),
    issued_at      TEXT NOT NULL,
    UNIQUE (lot_id, org_id)
);
CREATE INDEX award_letters_org ON award_letters (org_id, id);
CREATE INDEX award_letters_proc ON award_letters (procurement_id, id);

CREATE TABLE bond_refunds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    due_at         TEXT, -- losers: 5 working days after the award notice; the winner: set when the contract is signed
    refunded_at    TEXT,
    refunded_by    INTEGER REFERENCES users (id),
    UNIQUE (lot_id, org_id)
);
CREATE INDEX bond_refunds_proc ON bond_refunds (procurement_id, id);
CREATE INDEX bond_refunds_due ON bond_refunds (due_at, id) WHERE refunded_at IS NULL AND due_at IS NOT NULL;

-- Qualification of the recommended supplier (资质审核, issue 10 item 1):
-- one row per review of a lot's rank-1 supplier by the purchaser or its
-- agency, before the purchaser confirms the result — the checks it made
-- (ENG-A2–A5, A8) with their bilingual reasons, the reviewer's findings on
-- the documents' conditions, the fresh supplier check it recorded, and the
-- opinion (意见). The latest review of a (lot, opened bid) counts.
CREATE TABLE supplier_qualifications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL,
    opened_bid_id  INTEGER NOT NULL REFERENCES opened_bids (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    check_id       INTEGER NOT NULL REFERENCES supplier_checks (id),
    result         TEXT NOT NULL CHECK (result IN ('qualified', 'not_qualified')),
    rule           TEXT NOT NULL,
    checks         TEXT NOT NULL,
    conditions     TEXT NOT NULL,
    justification  TEXT NOT NULL,
    attested       INTEGER NOT NULL CHECK (attested IN (0, 1)),
    opinion        TEXT NOT NULL,
    decided_by     INTEGER NOT NULL REFERENCES users (id),
    decided_at     TEXT NOT NULL
);
CREATE INDEX supplier_qualifications_procurement ON supplier_qualifications (procurement_id, id);

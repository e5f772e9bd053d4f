-- Contracts (合同签订, issue 10 item 2): one per awarded lot, drawn up from the
-- award and the documents' contract terms, with the mandatory fields of
-- ENG-H2; signed by both parties over the hash of its canonical form
-- (REQ-C6, C7). A financing guarantee can never be recorded (ENG-H5). The notices'
-- kind 'contract' (the 合同公告) is allowed by 0032, which rebuilds notices.
CREATE TABLE contracts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    number              TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    procurement_id      INTEGER NOT NULL REFERENCES procurements (id),
    lot_id              INTEGER NOT NULL UNIQUE REFERENCES procurement_lots (id),
    award_id            INTEGER NOT NULL REFERENCES lot_awards (id),
    purchaser_org_id    INTEGER NOT NULL REFERENCES orgs (id),
    supplier_org_id     INTEGER NOT NULL REFERENCES orgs (id),
    region              TEXT NOT NULL REFERENCES regions (code),
    amount              INTEGER NOT NULL CHECK (amount > 0),
    award_amount        INTEGER NOT NULL CHECK (award_amount >= amount),
    term_months         INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 36),
    long_term           TEXT, -- JSON: the grounds of ENG-H1, when the term exceeds 12 months
    start_on            TEXT NOT NULL,
    end_on              TEXT NOT NULL,
    budget_years        TEXT NOT NULL, -- JSON array of years
    terms               TEXT NOT NULL, -- JSON: the ENG-H2 fields and the place
    financing_guarantee INTEGER NOT NULL DEFAULT 0 CHECK (financing_guarantee = 0),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'signing', 'signed', 'terminated')),
    version             INTEGER NOT NULL,
    revision            INTEGER NOT NULL,
    hash                TEXT NOT NULL CHECK (length(hash) = 64),
    sign_by             TEXT NOT NULL,
    signed_at           TEXT,
    notice_id           INTEGER REFERENCES notices (id),
    notice_due          TEXT,
    stats_due           TEXT,
    stats_entered_at    TEXT, -- the purchaser entered the contract for statistics (REQ-C24)
    created_by          INTEGER REFERENCES users (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX contracts_proc ON contracts (procurement_id, id);
CREATE INDEX contracts_supplier ON contracts (supplier_org_id, id);

-- Each party's signature of one revision's hash; a change of the contract
-- voids those made before it (kept, with voided_at).
CREATE TABLE contract_signatures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    party       TEXT NOT NULL CHECK (party IN ('purchaser', 'supplier')),
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    key_id      TEXT NOT NULL REFERENCES signing_keys (id),
    hash        TEXT NOT NULL CHECK (length(hash) = 64),
    signature   TEXT NOT NULL, -- base64
    signed_by   INTEGER REFERENCES users (id),
    signed_at   TEXT NOT NULL,
    voided_at   TEXT,
    UNIQUE (contract_id, party, hash)
);
CREATE INDEX contract_signatures_contract ON contract_signatures (contract_id, id);

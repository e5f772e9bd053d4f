-- Payment requests (经费兑付, issue 10 item 6): the supplier asks for payment
-- of an accepted milestone (ENG-H7); the purchaser approves with its 意见, the
-- finance department too at or above the region's threshold; paying posts
-- the ledger's pay entry in the same transaction. The final payment carries
-- its deduction by the contract's published grade. The due date is the
-- acceptance date plus the contract's payment term, at most 60 days
-- (REQ-C25); the 一体化 keys of the budget line are kept (REQ-C13).
CREATE TABLE payment_requests (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id       INTEGER NOT NULL REFERENCES contracts (id),
    project_id        INTEGER NOT NULL,
    milestone_id      INTEGER NOT NULL REFERENCES contract_milestones (id),
    milestone_no      INTEGER NOT NULL,
    region            TEXT NOT NULL,
    supplier_org_id   INTEGER NOT NULL,
    purchaser_org_id  INTEGER NOT NULL,
    line_id           INTEGER NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount > 0),
    deduction         INTEGER NOT NULL CHECK (deduction >= 0 AND deduction <= amount),
    final             INTEGER NOT NULL CHECK (final IN (0, 1)),
    grade             TEXT NOT NULL,
    note              TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('requested', 'approved_by_purchaser', 'approved_by_finance', 'paid', 'rejected')),
    needs_finance     INTEGER NOT NULL CHECK (needs_finance IN (0, 1)),
    accepted_on       TEXT NOT NULL,
    term_days         INTEGER NOT NULL CHECK (term_days BETWEEN 0 AND 60),
    due_on            TEXT NOT NULL,
    interest_rate     INTEGER NOT NULL,
    mof_div_code      TEXT NOT NULL,
    agency_code       TEXT NOT NULL,
    pro_code          TEXT NOT NULL,
    bgt_id            TEXT NOT NULL,
    requested_by      INTEGER,
    purchaser_by      INTEGER,
    purchaser_opinion TEXT NOT NULL,
    purchaser_at      TEXT,
    finance_by        INTEGER,
    finance_opinion   TEXT NOT NULL,
    finance_at        TEXT,
    reject_opinion    TEXT NOT NULL,
    rejected_at       TEXT,
    paid_at           TEXT,
    ledger_entry_id   INTEGER,
    version           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX payment_requests_contract ON payment_requests (contract_id, id);
CREATE INDEX payment_requests_project ON payment_requests (project_id, id);
CREATE INDEX payment_requests_supplier ON payment_requests (supplier_org_id, id);
CREATE INDEX payment_requests_purchaser ON payment_requests (purchaser_org_id, id) WHERE status = 'requested';
CREATE INDEX payment_requests_open ON payment_requests (region, due_on, id) WHERE status IN ('requested', 'approved_by_purchaser', 'approved_by_finance');

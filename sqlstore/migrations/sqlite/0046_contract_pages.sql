-- The contract pages and project closure (issue 10 items 2, 7 and 9).
-- The staff's contract list reads a region's, a purchaser's or a supplier's
-- contracts newest first (sqlstore.FindContracts).
CREATE INDEX contracts_region ON contracts (region, id);
CREATE INDEX contracts_purchaser ON contracts (purchaser_org_id, id);

-- A project's closure (ENG-I2): one row when it closes, never deleted; the
-- project reads as 'closed' from then on and its records are read-only.
CREATE TABLE project_closures (
    project_id  INTEGER PRIMARY KEY REFERENCES projects (id),
    closed_by   INTEGER REFERENCES users (id),
    automatic   INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    contracts   INTEGER NOT NULL CHECK (contracts >= 0),
    total       INTEGER NOT NULL CHECK (total >= 0),
    paid        INTEGER NOT NULL CHECK (paid >= 0),
    closed_at   TEXT NOT NULL
);

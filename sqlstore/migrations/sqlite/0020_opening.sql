-- goumai: foreign_keys off
-- Procurement part 2 (issue 9): the procedure goes on from the deadline
-- through opening, evaluation, the purchaser's confirmation and the result
-- (or fails, 废标). SQLite rebuilds procurements for the wider state CHECK by
-- the twelve-step procedure (as in 0018), keeping every column, key and
-- index; a failed procedure no longer holds its project, which may be
-- re-tendered.

CREATE TABLE new_procurements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    purchaser_org_id INTEGER NOT NULL REFERENCES orgs (id),
    agency_org_id    INTEGER REFERENCES orgs (id),
    region           TEXT NOT NULL REFERENCES regions (code),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category         TEXT NOT NULL CHECK (category IN ('goods', 'works', 'services')),
    amount           INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000000000),
    method           TEXT NOT NULL CHECK (method IN ('open_tender', 'invited_tender', 'competitive_negotiation', 'competitive_consultation', 'single_source')),
    reason           TEXT NOT NULL DEFAULT '',
    reason_detail    TEXT NOT NULL DEFAULT '',
    method_approved  INTEGER NOT NULL DEFAULT 0 CHECK (method_approved IN (0, 1)),
    sole_supplier_id INTEGER REFERENCES orgs (id),
    invited          TEXT NOT NULL DEFAULT '[]',
    documents        TEXT NOT NULL DEFAULT '{}',
    docs_from        TEXT,
    docs_until       TEXT,
    bid_deadline     TEXT,
    params_from      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'method_approval', 'publicity', 'prequalification', 'tendering', 'closed', 'evaluation', 'confirmation', 'confirmed', 'awarded', 'failed', 'terminated')),
    next_due         TEXT,
    published_at     TEXT, -- its first notice: from then on the procedure is public
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
INSERT INTO new_procurements (id, code, project_id, purchaser_org_id, agency_org_id, region, title, category, amount, method, reason,
    reason_detail, method_approved, sole_supplier_id, invited, documents, docs_from, docs_until, bid_deadline, params_from, status,
    next_due, published_at, version, created_by, created_at, updated_at)
    SELECT id, code, project_id, purchaser_org_id, agency_org_id, region, title, category, amount, method, reason,
    reason_detail, method_approved, sole_supplier_id, invited, documents, docs_from, docs_until, bid_deadline, params_from, status,
    next_due, published_at, version, created_by, created_at, updated_at FROM procurements;
DROP TABLE procurements;
ALTER TABLE new_procurements RENAME TO procurements;
CREATE UNIQUE INDEX procurements_one_open ON procurements (project_id) WHERE status NOT IN ('terminated', 'failed');
CREATE INDEX procurements_project ON procurements (project_id, id);
CREATE INDEX procurements_due ON procurements (next_due, id) WHERE next_due IS NOT NULL;
CREATE INDEX procurements_status ON procurements (status, id);
CREATE INDEX procurements_region ON procurements (region, id);
CREATE INDEX procurements_public ON procurements (id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_public_region ON procurements (region, id) WHERE published_at IS NOT NULL;
CREATE INDEX procurements_purchaser ON procurements (purchaser_org_id, id);
CREATE INDEX procurements_agency ON procurements (agency_org_id, id);

DELETE FROM sqlite_sequence WHERE name = 'procurements';
INSERT INTO sqlite_sequence (name, seq) SELECT 'procurements', max(
    (SELECT coalesce(max(id), 0) FROM procurements),
    (SELECT coalesce(max(CAST(object_id AS INTEGER)), 0) FROM events WHERE object_type = 'procurements'));


-- The opening (开标, issue 9 item 1): one row per bid opened at the deadline,
-- public from then on (bidder, lot, price, the commitment logged at
-- submission and what it was computed from, so that anyone can recompute it
-- from the log alone). matches is false for a bid whose sealed content does
-- not hash to its logged commitment; set_aside names the rule that sets a bid
-- aside at opening (refused at the deadline check, content not matching).
CREATE TABLE opened_bids (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    lot_id         INTEGER NOT NULL REFERENCES procurement_lots (id),
    bid_id         INTEGER NOT NULL REFERENCES bids (id),
    org_id         INTEGER NOT NULL REFERENCES orgs (id),
    supplier       TEXT NOT NULL,
    price          INTEGER NOT NULL CHECK (price >= 0),
    sme_size       TEXT NOT NULL DEFAULT '' CHECK (sme_size IN ('', 'medium', 'small', 'micro')),
    content_digest TEXT NOT NULL CHECK (length(content_digest) = 64),
    salt           TEXT NOT NULL,
    commitment     TEXT NOT NULL CHECK (length(commitment) = 64),
    commitment_id  INTEGER NOT NULL REFERENCES bid_commitments (id),
    matches        INTEGER NOT NULL CHECK (matches IN (0, 1)),
    set_aside      TEXT NOT NULL DEFAULT '',
    opened_at      TEXT NOT NULL,
    UNIQUE (procurement_id, lot_id, org_id),
    UNIQUE (bid_id)
);
CREATE INDEX opened_bids_lot ON opened_bids (procurement_id, lot_id, id);

-- The opened bid's whole content (responses, declarations, documents by
-- digest): for the organiser and the panel, never public.
CREATE TABLE opened_bid_contents (
    opened_bid_id INTEGER PRIMARY KEY REFERENCES opened_bids (id),
    content       TEXT NOT NULL
);

-- The panel (评标委员会 / 谈判小组 / 磋商小组, ENG-F1–F4): its members, drawn at
-- random from the expert pool or (the purchaser's representative, an
-- expert self-selected under ENG-F3) named; a member recused after the draw
-- leaves (status recused) and a replacement is drawn the same way.
CREATE TABLE panel_members (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL CHECK (kind IN ('expert', 'purchaser_rep')),
    self_selected  INTEGER NOT NULL DEFAULT 0 CHECK (self_selected IN (0, 1)),
    draw_id        INTEGER,
    status         TEXT NOT NULL CHECK (status IN ('active', 'recused')),
    joined_at      TEXT NOT NULL,
    left_at        TEXT,
    left_reason    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX panel_members_one ON panel_members (procurement_id, user_id) WHERE status = 'active';
CREATE INDEX panel_members_user ON panel_members (user_id, id);
CREATE INDEX panel_members_proc ON panel_members (procurement_id, id);

-- A failed procedure's next step (ENG-E2/E3): the procedure that follows it
-- (re-tender, or an approved switch to 竞争性谈判 with the remaining two).
CREATE TABLE procurement_followups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    failed_id   INTEGER NOT NULL UNIQUE REFERENCES procurements (id),
    next_id     INTEGER NOT NULL UNIQUE REFERENCES procurements (id),
    kind        TEXT NOT NULL CHECK (kind IN ('retender', 'negotiate')),
    created_at  TEXT NOT NULL
);

-- Notices gain the opening record, the 废标公告 and the result notice.
CREATE TABLE new_notices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id),
    region         TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('tender', 'non_tender', 'invitation', 'prequal', 'correction', 'single_source', 'termination', 'opening', 'failure', 'result')),
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

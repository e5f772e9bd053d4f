-- Red flags on live data (issue 12 item 1): the indicators of package
-- redflag run on goumai's own OCDS releases in the transaction that writes
-- them (redflags.go). Derived from the releases and the regulation
-- parameters: a full recompute from the releases gives the same active flags.
--
-- red_flag_processes holds, per contracting process, the facts the
-- indicators read from its compiled record (the merge of its releases) and
-- the releases behind them; red_flag_groups lists the groups a process
-- belongs to (a purchaser's non-tender purchases of one budget item, category
-- and year; a purchaser's winners; a supplier's grades), so that a new
-- release re-reads only the processes of the groups it touches.
CREATE TABLE red_flag_processes (
    ocid      TEXT PRIMARY KEY,
    region    TEXT NOT NULL,
    facts     TEXT NOT NULL,    -- JSON: redflag.Facts
    log_index BIGINT NOT NULL   -- the latest release merged
);

CREATE TABLE red_flag_groups (
    group_key TEXT NOT NULL,    -- rule code, then the group's parts, '|'-separated
    ocid      TEXT NOT NULL REFERENCES red_flag_processes (ocid),
    PRIMARY KEY (group_key, ocid)
);
CREATE INDEX red_flag_groups_ocid ON red_flag_groups (ocid, group_key);

-- One row per indicator raised on a process (and group, for a group rule):
-- kept when it no longer holds (state cleared), so its history stays.
CREATE TABLE red_flags (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator        TEXT NOT NULL,
    ocid             TEXT NOT NULL,
    subject          TEXT NOT NULL,   -- the group's key; '' for a flag on the process alone
    region           TEXT NOT NULL,
    buyer_id         TEXT NOT NULL,   -- party id in the releases
    purchaser_org_id BIGINT,          -- goumai's organisation, NULL when not ours
    supplier_id      TEXT NOT NULL,   -- party id; '' when the flag is about no supplier
    supplier_org_id  BIGINT,
    value            REAL NOT NULL,
    legal_basis      TEXT NOT NULL,
    evidence         TEXT NOT NULL,   -- JSON: goumai.RedFlagEvidence
    params_version   TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('active', 'cleared')),
    first_raised_at  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    log_index        BIGINT NOT NULL, -- the release that last changed the flag
    UNIQUE (indicator, ocid, subject)
);
CREATE INDEX red_flags_region ON red_flags (region, id);
CREATE INDEX red_flags_region_state ON red_flags (region, state, id);
CREATE INDEX red_flags_indicator ON red_flags (indicator, region, id);
CREATE INDEX red_flags_purchaser ON red_flags (purchaser_org_id, id);
CREATE INDEX red_flags_ocid ON red_flags (ocid, id);

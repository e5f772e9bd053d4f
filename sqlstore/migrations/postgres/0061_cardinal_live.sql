-- Cardinal's indicators on live data (issue 12 item 1). Each process's
-- compiled release is kept, updated in the transaction of each release
-- (what the population indicators' statistics are computed from, without
-- recompiling), and the indicators' values: those of the process indicators
-- under the process that set them, re-decided with each of its releases;
-- those of the population indicators under '', re-decided together in one
-- pass over the kept compiled releases.
CREATE TABLE cardinal_processes (
    ocid      TEXT PRIMARY KEY,
    region    TEXT NOT NULL,
    compiled  TEXT NOT NULL,
    log_index BIGINT NOT NULL   -- the latest release compiled
);
CREATE INDEX cardinal_processes_log ON cardinal_processes (log_index);

CREATE TABLE cardinal_values (
    source    TEXT NOT NULL,     -- the process whose release set it; '' for the population indicators
    grp       TEXT NOT NULL,     -- OCID, Tenderer, Buyer or ProcuringEntity
    id        TEXT NOT NULL,     -- the ocid or the organisation's id
    code      TEXT NOT NULL,     -- the indicator, e.g. R018
    value     DOUBLE PRECISION NOT NULL,
    log_index BIGINT NOT NULL,   -- the release (leaf) that decided it: the source's latest, or the population's latest
    PRIMARY KEY (source, grp, id, code)
);
CREATE INDEX cardinal_values_code ON cardinal_values (code, grp, id);

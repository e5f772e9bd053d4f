-- Notices to staff (通知, issue 13 item 5): a finance department publishes a
-- notice to the staff of its region subtree; each reader's receipt is a row
-- of staff_notice_reads (staffnotices.go).
CREATE TABLE staff_notices (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    region       TEXT NOT NULL REFERENCES regions (code),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_by   BIGINT REFERENCES users (id),
    published_at TEXT NOT NULL
);
CREATE INDEX staff_notices_region ON staff_notices (region, id);
CREATE INDEX staff_notices_org ON staff_notices (org_id, id);
CREATE TABLE staff_notice_reads (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id BIGINT NOT NULL REFERENCES staff_notices (id),
    user_id   BIGINT NOT NULL REFERENCES users (id),
    read_at   TEXT NOT NULL,
    UNIQUE (notice_id, user_id)
);
CREATE INDEX staff_notice_reads_user ON staff_notice_reads (user_id, notice_id);

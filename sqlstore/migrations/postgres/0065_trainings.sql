-- Training sessions (培训, issue 13 item 5): a finance department's session
-- for the staff of its region subtree, with registrations (capacity kept by
-- the registered count, one registration per person) and attendance.
CREATE TABLE trainings (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    region     TEXT NOT NULL REFERENCES regions (code),
    title      TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    place      TEXT NOT NULL,
    online     BOOLEAN NOT NULL,
    capacity   INTEGER NOT NULL,
    deadline   TEXT NOT NULL,
    materials  TEXT NOT NULL,   -- JSON list of files
    registered INTEGER NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX trainings_region ON trainings (region, id);
CREATE TABLE training_registrations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    training_id   BIGINT NOT NULL REFERENCES trainings (id),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    registered_at TEXT NOT NULL,
    attended      BOOLEAN NOT NULL,
    UNIQUE (training_id, user_id)
);

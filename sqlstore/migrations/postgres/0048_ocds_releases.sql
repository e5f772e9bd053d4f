-- goumai's own OCDS releases (issue 11): one per public event that changes
-- what OCDS describes, written in the event's transaction and keyed by the
-- event's leaf index, so that a feed position is a log index. Derived from
-- the log: rebuilt from the events, never edited.
CREATE TABLE ocds_releases (
    log_index  BIGINT PRIMARY KEY REFERENCES events (id),
    ocid       TEXT NOT NULL,
    release_id TEXT NOT NULL,
    date       TEXT NOT NULL,  -- RFC 3339 with +08:00
    tags       TEXT NOT NULL,  -- releaseTag codes, space-separated
    region     TEXT NOT NULL,
    year       INTEGER NOT NULL, -- of date, in China
    body       TEXT NOT NULL   -- the release's JSON
);
CREATE INDEX ocds_releases_ocid ON ocds_releases (ocid, log_index);
CREATE INDEX ocds_releases_region ON ocds_releases (region, log_index);
CREATE INDEX ocds_releases_year ON ocds_releases (year, log_index);

-- The instance's ocid prefix, fixed at the first start (serve --ocid-prefix),
-- as the log's origin is: every release's ocid begins with it.
CREATE TABLE ocds_publisher (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    ocid_prefix TEXT NOT NULL
);

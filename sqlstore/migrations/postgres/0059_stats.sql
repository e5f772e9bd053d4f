-- Statistics for every region subtree (issue 13, item 1): one row per
-- region (at every level of the tree, the country included), month (in
-- China, YYYY-MM), dimension and key, with a count and an amount in fen.
-- Written by the statistics hook in the transaction of the event that
-- changes a source object (stats.go): each event subtracts what the object's
-- previous state contributed and adds what its new state contributes. Derived
-- from the log: `goumai stats rebuild` recomputes it, `--check` compares.
-- The key leads with the region, so a page reads one row per key and month.
CREATE TABLE stat_cells (
    region TEXT NOT NULL,
    month  TEXT NOT NULL,
    dim    TEXT NOT NULL,
    key    TEXT NOT NULL,
    n      BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (region, month, dim, key)
);

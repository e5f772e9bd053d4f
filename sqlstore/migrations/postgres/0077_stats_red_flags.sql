-- Two more dimensions of the statistics (issue 13 items 1 and 4): red flags
-- (raised, still active, cleared, by indicator; follow-up cases closed by
-- outcome and within their deadline) and whether the rules allowed each
-- procedure's method (method_rule). No table changes: the store rebuilds
-- every cell from the log and the flags when this migration is applied
-- (sqlstore/migrate.go), so a database whose history predates them counts them.
DELETE FROM stat_cells WHERE dim IN ('red_flag', 'method_rule');

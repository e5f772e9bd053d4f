-- A draw request records how many of the panel's seats are the purchaser's
-- representatives (采购人代表, ENG-F1/F2): the purchaser seats them against
-- it, and the report waits until every seat of the request is filled.
-- The runner records the new state of every existing row (sqlstore.restated).
ALTER TABLE panel_draws ADD COLUMN purchaser_reps INTEGER NOT NULL DEFAULT 0 CHECK (purchaser_reps >= 0);

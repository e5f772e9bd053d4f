-- Ids are never reused (the log names objects by id forever). PostgreSQL's
-- identity columns draw ids from sequences, which never hand out a value twice,
-- so no table changes here (SQLite's tables are rebuilt with AUTOINCREMENT).
--
-- Events learn whether they created their object (see goumai.Event.Created), so
-- that `goumai log verify` refuses an object created twice.

ALTER TABLE events ADD COLUMN created BOOLEAN NOT NULL DEFAULT FALSE;

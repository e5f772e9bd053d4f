-- When a grade received from another instance was recorded there (the
-- event's time): ENG-J1 across instances flags an award here after it.
-- '' for grades received before this migration (they cannot be ordered).
ALTER TABLE fed_grades ADD COLUMN graded_at TEXT NOT NULL DEFAULT '';

-- Each group member's facts as its group's rule sees them (redflag.Facts.For):
-- a group is re-decided from these small rows, and only when a member's
-- changed (redflags_update.go). Filled by the recompute run when this
-- migration is applied.
ALTER TABLE red_flag_groups ADD COLUMN facts TEXT NOT NULL DEFAULT '';

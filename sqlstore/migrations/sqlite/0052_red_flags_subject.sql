-- A group's flags are re-decided together (redflags_update.go): read by subject.
CREATE INDEX red_flags_subject ON red_flags (subject, id);

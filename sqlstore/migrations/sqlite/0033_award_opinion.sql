-- The purchaser's opinion (意见) on confirming the result, kept with each
-- lot's award like every approval's (CONVENTIONS 10: an approval trail of
-- action and 意见).
ALTER TABLE lot_awards ADD COLUMN opinion TEXT NOT NULL DEFAULT '';

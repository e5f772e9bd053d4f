-- REQ-C20, REQ-C21: the notices name each organisation's address and contact
-- telephone (the unit's, never a person's): the purchaser's and the agency's
-- in the procurement notices, the winner's address in the result notice.
ALTER TABLE orgs ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN phone TEXT NOT NULL DEFAULT '';

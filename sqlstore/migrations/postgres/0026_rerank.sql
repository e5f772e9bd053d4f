-- A challenge or complaint upheld with a re-ranking (另行确定, 财政部令第94号
-- Art. 32) names the supplier whose award falls; its bid is set aside
-- (opened_bids.set_aside = 'ENG-D8') and the award goes to the next
-- candidate. The letters already sent for the withdrawn result are void
-- (superseded_at) and new ones follow the new result notice, so a lot and a
-- bidder may have several letters, at most one of them in force.
ALTER TABLE challenges ADD COLUMN set_aside_org_id BIGINT REFERENCES orgs (id);
ALTER TABLE complaints ADD COLUMN set_aside_org_id BIGINT REFERENCES orgs (id);
ALTER TABLE award_letters ADD COLUMN superseded_at TEXT;
ALTER TABLE award_letters DROP CONSTRAINT award_letters_lot_id_org_id_key;
CREATE UNIQUE INDEX award_letters_current ON award_letters (lot_id, org_id) WHERE superseded_at IS NULL;

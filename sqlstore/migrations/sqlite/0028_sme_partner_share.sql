-- ENG-G4 (财库〔2020〕46号 Art. 9 ¶3): an opened bid keeps the share of the
-- contract that small and micro partners (consortium members or
-- subcontractors) hold under its agreement, read from its sealed content at
-- opening, so that the evaluation applies the partner deduction.
ALTER TABLE opened_bids ADD COLUMN sme_partner_share_pct INTEGER NOT NULL DEFAULT 0;

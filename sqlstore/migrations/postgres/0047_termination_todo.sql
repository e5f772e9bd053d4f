-- A finance department's to-do list of terminations on a legal ground
-- (GPL Art. 50 ¶2: breach, public interest, force majeure), proposed by a
-- party and awaiting the department's decision, by region.
CREATE INDEX contract_terminations_legal ON contract_terminations (status, region, id) WHERE ground <> 'agreement';

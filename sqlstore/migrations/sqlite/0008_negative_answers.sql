-- The negative list as questions (ENG-B3, O102 Art. 10; CY87 二): every
-- application answers one yes/no question per ground, and a reviewer approving
-- at a finance step confirms the answers. negative_answers is canonical JSON
-- {"<ground>": true|false, …}, '{}' for an application not yet answered.
-- The runner records the new state of every existing row (sqlstore.restated).
ALTER TABLE projects ADD COLUMN negative_answers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE project_reviews ADD COLUMN negative_list_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (negative_list_confirmed IN (0, 1));

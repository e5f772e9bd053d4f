-- Indexes for the list queries (issue 7, item 8): each leads with what a list
-- filters on and ends with the keyset column, so that a list reads its page in
-- order from the index however many other rows the table holds (the public
-- project list among 20,000 drafts). sqlstore's TestListPlans checks every
-- list query's plan on both databases against these.

-- The public project list (approved, newest first) and a region's projects in every state.
CREATE INDEX projects_status ON projects (status, id);
CREATE INDEX projects_region_id ON projects (region, id);

-- The public directory (active organisations) and the organisations of a kind.
CREATE INDEX orgs_active ON orgs (active, id);
CREATE INDEX orgs_kind ON orgs (kind, id);

-- The public log, one table's events, and what a user did (已办).
CREATE INDEX events_public ON events (public, id);
CREATE INDEX events_type ON events (object_type, id);
CREATE INDEX events_actor ON events (actor_user_id, id);

-- Budget lines of a year (the whole country), of a region in every year.
CREATE INDEX budget_lines_year ON budget_lines (fiscal_year, id);
CREATE INDEX budget_lines_region_id ON budget_lines (region, id);

-- A region's functions of public institutions.
CREATE INDEX reform_functions_region ON reform_functions (region, id);

-- A tier's suggestions in every state; the catalogue versions in a state.
CREATE INDEX catalog_suggestions_region_id ON catalog_suggestions (region, id);
CREATE INDEX catalog_versions_status ON catalog_versions (status, id);

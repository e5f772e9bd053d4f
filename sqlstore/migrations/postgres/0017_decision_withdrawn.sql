-- A method decision requested for a procedure that is terminated before the
-- approver decides is withdrawn (not left "requested" for ever).
ALTER TABLE method_decisions DROP CONSTRAINT method_decisions_status_check;
ALTER TABLE method_decisions ADD CONSTRAINT method_decisions_status_check CHECK (status IN ('requested', 'approved', 'refused', 'withdrawn'));

-- A terminated contract (解除, GPL Art. 50) delivers nothing more: its
-- milestones can no longer be submitted for acceptance (issue 10 item 2).
-- The use cases refuse it with a clear error (workflow.CanDeliver); this
-- trigger holds the line for any writer.
CREATE TRIGGER contract_milestones_terminated BEFORE UPDATE OF status ON contract_milestones
WHEN NEW.status = 'submitted' AND OLD.status <> 'submitted'
    AND (SELECT status FROM contracts WHERE id = NEW.contract_id) = 'terminated'
BEGIN
    SELECT RAISE(ABORT, 'the contract is terminated: its milestones can no longer be submitted');
END;

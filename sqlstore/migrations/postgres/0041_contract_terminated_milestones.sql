-- A terminated contract (解除, GPL Art. 50) delivers nothing more: its
-- milestones can no longer be submitted for acceptance (issue 10 item 2).
-- The use cases refuse it with a clear error (workflow.CanDeliver); this
-- trigger holds the line for any writer.
CREATE FUNCTION contract_milestones_terminated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'submitted' AND OLD.status <> 'submitted'
        AND (SELECT status FROM contracts WHERE id = NEW.contract_id) = 'terminated' THEN
        RAISE EXCEPTION 'the contract is terminated: its milestones can no longer be submitted' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER contract_milestones_terminated BEFORE UPDATE OF status ON contract_milestones
    FOR EACH ROW EXECUTE FUNCTION contract_milestones_terminated();

-- The version of the data a supplier check and a bid's signing key judge
-- (issue 8 item 9, the bid burst): every write to those tables bumps it, by
-- trigger, whatever the write path. A bid submission reads that data before
-- its transaction and, inside it, only this row: when the version is the one
-- it read before, the data it read is the data as of now; otherwise it reads
-- it all again. Nothing a submission writes is in the set.
--
-- The set is what workflow.supplierFacts and the signing key read: the
-- organisation's row, its evidence (and the file rows it joins), the credit
-- lists (and their source organisations) and their entries, the signing
-- keys. A file row is never changed once inserted, and a new one changes no
-- evidence already read (evidence refers to its file): files count on
-- update and delete only, so that uploads elsewhere do not invalidate a
-- burst. A table the check comes to read must get the same triggers.
--
-- One bump per statement. The bump locks the row until commit: writes to
-- these tables (administration, list imports) serialize on it; a deadlock
-- through it is re-run as any (40P01).
CREATE TABLE supplier_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    v  bigint NOT NULL
);
INSERT INTO supplier_data_version (id, v) VALUES (1, 0);

CREATE FUNCTION bump_supplier_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE supplier_data_version SET v = v + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER orgs_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON orgs
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER supplier_evidence_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supplier_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER files_sdv AFTER UPDATE OR DELETE OR TRUNCATE ON files
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER credit_lists_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credit_lists
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER credit_list_entries_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON credit_list_entries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER signing_keys_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();

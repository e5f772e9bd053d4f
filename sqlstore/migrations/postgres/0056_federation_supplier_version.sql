-- The supplier check also reads the bans and major violations other instances
-- published (fed_credit_lists, fed_credit_entries: migration 0055), so a write
-- to them bumps the supplier-data version (migration 0050) like a write to the
-- local credit lists: a check prepared before a ban arrived is judged again.
CREATE TRIGGER fed_credit_lists_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fed_credit_lists
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();
CREATE TRIGGER fed_credit_entries_sdv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fed_credit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_data_version();

-- The supplier check also reads the bans and major violations other instances
-- published (fed_credit_lists, fed_credit_entries: migration 0055), so a write
-- to them bumps the supplier-data version (migration 0050) like a write to the
-- local credit lists: a check prepared before a ban arrived is judged again.
CREATE TRIGGER fed_credit_lists_ins_sdv AFTER INSERT ON fed_credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER fed_credit_lists_upd_sdv AFTER UPDATE ON fed_credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER fed_credit_lists_del_sdv AFTER DELETE ON fed_credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER fed_credit_entries_ins_sdv AFTER INSERT ON fed_credit_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER fed_credit_entries_upd_sdv AFTER UPDATE ON fed_credit_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER fed_credit_entries_del_sdv AFTER DELETE ON fed_credit_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;

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
CREATE TABLE supplier_data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  INTEGER NOT NULL
);
INSERT INTO supplier_data_version (id, v) VALUES (1, 0);

CREATE TRIGGER orgs_ins_sdv AFTER INSERT ON orgs BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER orgs_upd_sdv AFTER UPDATE ON orgs BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER orgs_del_sdv AFTER DELETE ON orgs BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER supplier_evidence_ins_sdv AFTER INSERT ON supplier_evidence BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER supplier_evidence_upd_sdv AFTER UPDATE ON supplier_evidence BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER supplier_evidence_del_sdv AFTER DELETE ON supplier_evidence BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER files_upd_sdv AFTER UPDATE ON files BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER files_del_sdv AFTER DELETE ON files BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_lists_ins_sdv AFTER INSERT ON credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_lists_upd_sdv AFTER UPDATE ON credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_lists_del_sdv AFTER DELETE ON credit_lists BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_list_entries_ins_sdv AFTER INSERT ON credit_list_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_list_entries_upd_sdv AFTER UPDATE ON credit_list_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER credit_list_entries_del_sdv AFTER DELETE ON credit_list_entries BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_ins_sdv AFTER INSERT ON signing_keys BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_upd_sdv AFTER UPDATE ON signing_keys BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER signing_keys_del_sdv AFTER DELETE ON signing_keys BEGIN UPDATE supplier_data_version SET v = v + 1 WHERE id = 1; END;

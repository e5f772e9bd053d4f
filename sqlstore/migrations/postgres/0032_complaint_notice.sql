-- Notices gain the finance department's 投诉处理结果公告 (ENG-D8; 财政部令第94号
-- Art. 33).
-- The kinds also allow 'contract', the 合同公告 of 0030's contracts.
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('tender', 'non_tender', 'invitation', 'prequal', 'correction', 'single_source', 'termination', 'opening', 'failure', 'result', 'complaint_decision', 'contract'));

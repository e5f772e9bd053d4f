-- A purchasing agency's staff (代理机构经办人, REQ-C4) run the procedures their
-- agency is entrusted with: a role of its own.
ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('purchaser_staff','purchaser_approver','agency_staff','finance_reviewer','finance_approver','supplier','expert','auditor','admin'));
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('purchaser_staff','purchaser_approver','agency_staff','finance_reviewer','finance_approver','supplier','expert','auditor','admin'));

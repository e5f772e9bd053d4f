package sqlstore

import (
	"context"

	"github.com/goumai/goumai"
)

// The staff's contract list (issue 10 item 9, migration 0046).

// ContractFilter selects contracts, newest first, keyset-paged by id: every
// condition given holds (an organisation's contracts in several roles are
// read by one call per role, see workflow.MyContracts).
type ContractFilter struct {
	Region         string // subtree root; "" for all
	PurchaserOrgID int64
	AgencyOrgID    int64 // the agency entrusted with the contract's procedure
	SupplierOrgID  int64
	BeforeID       int64
	Limit          int
}

// FindContracts lists contracts (without their signatures and milestones), newest first.
func (s *Store) FindContracts(ctx context.Context, f ContractFilter) ([]goumai.Contract, error) {
	q, args := s.contractListSQL(f)
	return queryList(ctx, s.r, listFindContracts, scanContract, q, args...)
}

var listFindContracts = registerList("FindContracts", func(s *Store) []listSample {
	return []listSample{
		sample(s.contractListSQL(ContractFilter{Region: "330106", Limit: 51})),
		sample(s.contractListSQL(ContractFilter{Region: "330106", BeforeID: 90, Limit: 51})),
		sample(s.contractListSQL(ContractFilter{Region: "330100", Limit: 51})).sorted("a prefecture's regions each give their rows in id order"),
		sample(s.contractListSQL(ContractFilter{PurchaserOrgID: 7, Limit: 51})),
		sample(s.contractListSQL(ContractFilter{SupplierOrgID: 7, BeforeID: 90, Limit: 51})),
		sample(s.contractListSQL(ContractFilter{AgencyOrgID: 7, Limit: 51})).sorted("one agency's procedures' contracts, a procedure's few in id order"),
		sample(s.contractListSQL(ContractFilter{AgencyOrgID: 7, Region: "330106", BeforeID: 90, Limit: 51})).sorted("one agency's procedures' contracts in a region"),
	}
})

func (s *Store) contractListSQL(f ContractFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.PurchaserOrgID != 0 {
		w.add("purchaser_org_id = $%d", f.PurchaserOrgID)
	}
	if f.AgencyOrgID != 0 {
		w.add("procurement_id IN (SELECT id FROM procurements WHERE agency_org_id = $%d)", f.AgencyOrgID)
	}
	if f.SupplierOrgID != 0 {
		w.add("supplier_org_id = $%d", f.SupplierOrgID)
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + contractCols + ` FROM contracts WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

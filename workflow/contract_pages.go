package workflow

import (
	"cmp"
	"context"
	"slices"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The contract's staff pages (issue 10 items 2 and 9): the contracts an
// actor works on, and what it may do to one.

// MyContracts lists the contracts a may work on, newest first, keyset-paged
// by id (f.BeforeID, f.Limit): finance staff and auditors those of their
// region and the regions below it; a supplier's staff their organisation's;
// a purchaser's staff its own and an agency's staff those of the procedures
// entrusted to it. Anyone else has none.
func (s *Service) MyContracts(ctx context.Context, a goumai.Actor, f sqlstore.ContractFilter) ([]goumai.Contract, error) {
	if a.Anonymous() {
		return nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	f.Region, f.PurchaserOrgID, f.AgencyOrgID, f.SupplierOrgID = "", 0, 0, 0
	var filters []sqlstore.ContractFilter
	if root := s.Policy.VisibleRegion(a); root != "" {
		g := f
		g.Region = root
		filters = append(filters, g)
	}
	add := func(ok bool, set func(*sqlstore.ContractFilter)) {
		if ok {
			g := f
			set(&g)
			filters = append(filters, g)
		}
	}
	add(a.Has(goumai.RoleSupplier), func(g *sqlstore.ContractFilter) { g.SupplierOrgID = a.Org.ID })
	add(a.HasAny(goumai.RolePurchaserStaff, goumai.RolePurchaserApprover), func(g *sqlstore.ContractFilter) { g.PurchaserOrgID = a.Org.ID })
	add(a.Has(goumai.RoleAgency), func(g *sqlstore.ContractFilter) { g.AgencyOrgID = a.Org.ID })
	seen := map[int64]bool{}
	out := []goumai.Contract{}
	for _, g := range filters {
		cs, err := s.Store.FindContracts(ctx, g)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(x, y goumai.Contract) int { return cmp.Compare(y.ID, x.ID) })
	if n := f.Limit; n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// ContractRights is what an actor may do to a contract on its page: edit the
// draft (the purchaser's staff or its agency's), sign for its party (the
// supplier's or the purchaser's staff, while unsigned by that party) and
// enter it for statistics (the purchaser's staff, once in force). The use
// cases decide; the page offers the forms.
type ContractRights struct {
	Edit, Sign, Statistics bool
	Party                  goumai.ContractParty // the party the actor signs for, "" for none
}

// ContractRightsOf returns a's rights on c.
func (s *Service) ContractRightsOf(ctx context.Context, a goumai.Actor, c goumai.Contract) (ContractRights, error) {
	var r ContractRights
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return r, err
	}
	open := c.Status == goumai.ContractDraft || c.Status == goumai.ContractSigning
	switch {
	case s.supplierSigner(a, c) == nil:
		r.Party = goumai.PartySupplier
	case s.purchaser(a, p) == nil:
		r.Party = goumai.PartyPurchaser
	}
	r.Edit = open && s.drafter(a, p) == nil
	r.Sign = open && r.Party != "" && !c.Signed(r.Party)
	r.Statistics = c.Status == goumai.ContractSigned && c.StatsEnteredAt == nil && s.purchaser(a, p) == nil
	return r, nil
}

// DraftableAwards returns the awards of p's lots that a may draw up a
// contract for: p awarded, a one of its drafters, the lot without a contract.
func (s *Service) DraftableAwards(ctx context.Context, a goumai.Actor, p goumai.Procurement) ([]goumai.Award, error) {
	if p.Status != goumai.ProcAwarded || s.drafter(a, p) != nil {
		return nil, nil
	}
	awards, err := s.Store.Awards(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	cs, err := s.Store.Contracts(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []goumai.Award
	for _, aw := range awards {
		if !slices.ContainsFunc(cs, func(c goumai.Contract) bool { return c.LotID == aw.LotID }) {
			out = append(out, aw)
		}
	}
	return out, nil
}

package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Supplier profiles (ENG-A6): kept by the supplier's administrator, read by
// its members, finance staff and auditors (goumai.ActViewSupplier).

// supplierOrg returns the supplier organisation orgID after asking the policy
// for act on it: an organisation that may not supply has no profile (ENotFound).
func (s *Service) supplierOrg(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, act goumai.Action, orgID int64) (goumai.Org, error) {
	var o goumai.Org
	var err error
	if tx != nil {
		o, err = tx.Org(ctx, orgID)
	} else {
		o, err = s.Store.Org(ctx, orgID)
	}
	if err != nil {
		return o, err
	}
	if err := s.Policy.Can(a, act, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
		return o, err
	}
	if !o.CanSupply() {
		return o, goumai.ErrNotFound("承接主体", "supplier")
	}
	return o, nil
}

// SupplierProfile returns a supplier's profile (version 0 before its first edit).
func (s *Service) SupplierProfile(ctx context.Context, a goumai.Actor, orgID int64) (goumai.SupplierProfile, error) {
	if _, err := s.supplierOrg(ctx, nil, a, goumai.ActViewSupplier, orgID); err != nil {
		return goumai.SupplierProfile{}, err
	}
	return s.Store.SupplierProfile(ctx, orgID)
}

// SaveSupplierProfile writes the next version of a supplier's profile from its
// administrator's input: in.Version must be the version read (EStale
// otherwise). ID numbers are kept only as digests; the event is private.
func (s *Service) SaveSupplierProfile(ctx context.Context, a goumai.Actor, orgID int64, in goumai.ProfileInput) (goumai.SupplierProfile, error) {
	var p goumai.SupplierProfile
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.supplierOrg(ctx, tx, a, goumai.ActManageSupplier, orgID)
		if err != nil {
			return err
		}
		prev, err := tx.StoredSupplierProfile(ctx, orgID)
		if err != nil {
			return err
		}
		if p, err = in.Apply(o, prev); err != nil {
			return err
		}
		if err := tx.SaveSupplierProfile(ctx, a, p); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "supplier.profile", Table: "supplier_profiles", Key: orgID, Region: o.Region}); err != nil {
			return err
		}
		p, err = tx.SupplierProfile(ctx, orgID)
		return err
	})
	return p, err
}

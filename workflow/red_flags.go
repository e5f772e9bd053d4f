package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// LiveRedFlags lists the red flags raised on the published releases
// (issue 12 item 1; sqlstore.RedFlags) of a region subtree, for auditors and
// finance staff of that region or above: the actor's visible subtree when
// f.Region is empty, else f.Region if it lies within it. Newest first,
// keyset-paged by id (f.BeforeID).
func (s *Service) LiveRedFlags(ctx context.Context, a goumai.Actor, f sqlstore.RedFlagFilter) ([]goumai.RedFlag, error) {
	if f.Region == "" {
		f.Region = s.Policy.VisibleRegion(a)
	}
	if f.Region == "" {
		return nil, goumai.ErrForbidden()
	}
	if err := s.Policy.Can(a, goumai.ActViewProjectFlags, goumai.Target{Region: f.Region}); err != nil {
		return nil, err
	}
	if f.State != "" && f.State != goumai.RedFlagActive && f.State != goumai.RedFlagCleared {
		return nil, goumai.Fields{"state": goumai.M("状态须为 active 或 cleared", "state must be active or cleared")}.Err()
	}
	return s.Store.RedFlags(ctx, f)
}

// LiveRedFlag returns one red flag with its evidence, to those who may see
// its region's flags.
func (s *Service) LiveRedFlag(ctx context.Context, a goumai.Actor, id int64) (goumai.RedFlag, error) {
	f, err := s.Store.RedFlag(ctx, id)
	if err != nil {
		return f, err
	}
	if err := s.Policy.Can(a, goumai.ActViewProjectFlags, goumai.Target{Region: f.Region}); err != nil {
		return goumai.RedFlag{}, err
	}
	return f, nil
}

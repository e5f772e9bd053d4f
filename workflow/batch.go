package workflow

import (
	"context"
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The batch use cases write many objects in one transaction, for bulk loads
// (goumai demo --scale, later imports). Each object gets exactly the checks and
// the events of its single-object use case; only the transaction is shared, so a
// batch commits completely or not at all. Errors name the failing item's index
// and keep its goumai.Error code.

// CreateOrgs registers organisations as CreateOrg does, all in one transaction.
// It returns them with their ids, in input order.
func (s *Service) CreateOrgs(ctx context.Context, a goumai.Actor, ins []OrgInput) ([]goumai.Org, error) {
	orgs := make([]goumai.Org, len(ins))
	for i, in := range ins {
		o := in.org()
		if err := o.Validate(s.Store.Regions()); err != nil {
			return nil, fmt.Errorf("organisation %d (%s): %w", i, o.Name, err)
		}
		if err := s.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{Region: o.Region}); err != nil {
			return nil, fmt.Errorf("organisation %d (%s): %w", i, o.Name, err)
		}
		orgs[i] = o
	}
	out := make([]goumai.Org, len(orgs))
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		copy(out, orgs) // from the validated input: the store may run this function again
		for i := range out {
			if err := insertOrg(ctx, tx, a, &out[i]); err != nil {
				return fmt.Errorf("organisation %d (%s): %w", i, out[i].Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertOrg writes one validated organisation and its event, as CreateOrg does.
func insertOrg(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, o *goumai.Org) error {
	if err := checkParent(ctx, tx, *o); err != nil {
		return err
	}
	id, err := tx.InsertOrg(ctx, *o)
	if err != nil {
		return err
	}
	o.ID, o.CreatedAt = id, tx.Now()
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "org.create", Table: "orgs", Key: id, Region: o.Region, Public: o.Kind != goumai.KindIndividual})
	return err
}

// NewMember is the input of CreateUsers: an account and its first role in an
// organisation.
type NewMember struct {
	User  goumai.NewUser
	OrgID int64
	Role  goumai.Role
}

// CreateUsers creates accounts as CreateUser does, all in one transaction. The
// password hashes are computed before the transaction, on all CPUs, so that
// argon2id does not hold the database's write lock.
func (s *Service) CreateUsers(ctx context.Context, a goumai.Actor, ins []NewMember) ([]goumai.User, error) {
	for i := range ins {
		f := goumai.Fields{}
		if err := ins[i].User.Validate(); err != nil {
			f = goumai.AsError(err).Fields
		}
		if !ins[i].Role.Valid() {
			f.Add("role", "请选择有效的角色", "choose a valid role")
		}
		if err := f.Err(); err != nil {
			return nil, fmt.Errorf("user %d (%s): %w", i, ins[i].User.Username, err)
		}
	}
	hashes, err := s.hashAll(ctx, ins)
	if err != nil {
		return nil, err
	}
	users := make([]goumai.User, len(ins))
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		orgs := map[int64]goumai.Org{}
		for i, in := range ins {
			o, ok := orgs[in.OrgID]
			if !ok {
				var err error
				if o, err = tx.Org(ctx, in.OrgID); err != nil {
					return fmt.Errorf("user %d (%s): %w", i, in.User.Username, orgField(err))
				}
				orgs[o.ID] = o
			}
			if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
				return fmt.Errorf("user %d (%s): %w", i, in.User.Username, err)
			}
			u := goumai.User{Username: in.User.Username, DisplayName: in.User.DisplayName, Active: true}
			var err error
			if u.ID, err = s.insertUser(ctx, tx, a, u, hashes[i], o.Region); err != nil {
				return fmt.Errorf("user %d (%s): %w", i, u.Username, err)
			}
			if _, err := s.insertMembership(ctx, tx, a, goumai.Membership{UserID: u.ID, OrgID: o.ID, Role: in.Role}, o); err != nil {
				return fmt.Errorf("user %d (%s): %w", i, u.Username, err)
			}
			users[i] = u
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return users, nil
}

// hashAll hashes the members' passwords concurrently, one goroutine per CPU.
func (s *Service) hashAll(ctx context.Context, ins []NewMember) ([]string, error) {
	hashes := make([]string, len(ins))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range ins {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := HashPassword(ins[i].User.Password, s.PasswordParams)
			if err != nil {
				return fmt.Errorf("hash password of user %d: %w", i, err)
			}
			hashes[i] = h
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return hashes, nil
}

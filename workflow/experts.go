package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The expert pool (评审专家库, ENG-F3): a finance department of a province (or
// the Ministry of Finance) adds experts to its database and sets them in or
// out of the pool; each expert keeps their own specialities, availability and
// declared relations (ENG-F4). Profiles are private: the public log names an
// expert only by the profile's id, and their events are private.

// ExpertInput adds a user holding the expert role to a database.
type ExpertInput struct {
	Username     string   `json:"username"`
	Region       string   `json:"region"` // a province, or 100000
	Specialities []string `json:"specialities"`
}

// AddExpert adds a user who holds goumai.RoleExpert somewhere to the expert
// database of a province (or the national one) that the actor's finance
// department manages (ActManageExperts).
func (s *Service) AddExpert(ctx context.Context, a goumai.Actor, in ExpertInput) (goumai.Expert, error) {
	e := goumai.Expert{Region: in.Region, Specialities: in.Specialities, Active: true}
	e.Normalize()
	if g, ok := s.Policy.Regions.Get(e.Region); !ok || g.Level > goumai.LevelProvince {
		return e, goumai.Fields{"region": goumai.M("专家库应属于省级以上财政部门（ENG-F3）", "an expert database belongs to a provincial (or higher) finance department (ENG-F3)")}.Err()
	}
	if err := s.Policy.Can(a, goumai.ActManageExperts, goumai.Target{Region: e.Region}); err != nil {
		return e, err
	}
	if err := e.Validate(); err != nil {
		return e, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		u, err := tx.UserByUsername(ctx, in.Username)
		if err != nil {
			return goumai.Fields{"username": goumai.M("没有这个用户", "no such user")}.Err()
		}
		ms, err := tx.UserMemberships(ctx, u.ID)
		if err != nil {
			return err
		}
		expert := false
		for _, m := range ms {
			expert = expert || m.Role == goumai.RoleExpert
		}
		if !expert {
			return goumai.Fields{"username": goumai.M("该用户没有评审专家角色", "the user does not hold the expert role")}.Err()
		}
		e.UserID, e.Name = u.ID, u.DisplayName
		if e.ID, err = tx.InsertExpert(ctx, e); err != nil {
			return err
		}
		e.Version, e.UpdatedAt = 1, tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "expert.create", Table: "experts", Key: e.ID, Region: e.Region})
		return err
	})
	return e, err
}

// ExpertPool lists the experts of a database the actor's finance department manages.
func (s *Service) ExpertPool(ctx context.Context, a goumai.Actor, region string) ([]goumai.Expert, error) {
	if err := s.Policy.Can(a, goumai.ActManageExperts, goumai.Target{Region: region}); err != nil {
		return nil, err
	}
	es, err := s.Store.Experts(ctx, []string{region})
	if es == nil {
		es = []goumai.Expert{}
	}
	return es, err
}

// PoolInput sets an expert in or out of the pool.
type PoolInput struct {
	Active  bool `json:"active"`
	Version int  `json:"version"`
}

// SetExpertActive sets an expert of a managed database in or out of the pool.
func (s *Service) SetExpertActive(ctx context.Context, a goumai.Actor, id int64, in PoolInput) (goumai.Expert, error) {
	var e goumai.Expert
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if e, err = tx.Expert(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageExperts, goumai.Target{Region: e.Region}); err != nil {
			return err
		}
		e.Active, e.Version = in.Active, in.Version
		return s.saveExpert(ctx, tx, a, &e)
	})
	return e, err
}

func (s *Service) saveExpert(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, e *goumai.Expert) error {
	if err := tx.UpdateExpert(ctx, *e); err != nil {
		return err
	}
	e.Version++
	e.UpdatedAt = tx.Now()
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "expert.update", Table: "experts", Key: e.ID, Region: e.Region})
	return err
}

// MyExpertProfile returns the actor's own expert profile (ActServeAsExpert).
func (s *Service) MyExpertProfile(ctx context.Context, a goumai.Actor) (goumai.Expert, error) {
	if err := s.Policy.Can(a, goumai.ActServeAsExpert, goumai.Target{UserID: a.UserID}); err != nil {
		return goumai.Expert{}, err
	}
	return s.Store.ExpertOfUser(ctx, a.UserID)
}

// ProfileInput is what an expert keeps of their own profile.
type ProfileInput struct {
	Specialities []string                `json:"specialities"`
	Unavailable  []goumai.DateRange      `json:"unavailable"`
	Relations    []goumai.ExpertRelation `json:"relations"`
	Version      int                     `json:"version"`
}

// UpdateMyExpertProfile saves the actor's own specialities, unavailable days
// and declared relations (ENG-F4), at the version read.
func (s *Service) UpdateMyExpertProfile(ctx context.Context, a goumai.Actor, in ProfileInput) (goumai.Expert, error) {
	var e goumai.Expert
	if err := s.Policy.Can(a, goumai.ActServeAsExpert, goumai.Target{UserID: a.UserID}); err != nil {
		return e, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if e, err = tx.ExpertOfUser(ctx, a.UserID); err != nil {
			return err
		}
		e.Specialities, e.Unavailable, e.Relations, e.Version = in.Specialities, in.Unavailable, in.Relations, in.Version
		e.Normalize()
		if err := e.Validate(); err != nil {
			return err
		}
		return s.saveExpert(ctx, tx, a, &e)
	})
	return e, err
}

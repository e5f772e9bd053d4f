package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// demoExperts are the demo world's experts in Zhejiang's database (ENG-F3),
// with their specialities (catalogue codes) and what they declared: 赵志强
// chairs 浙江省公共管理研究会 (a directorship, ENG-F4), 陈晓燕 was away in the
// history. The four are enough for a tender panel of five with the
// purchaser's representative.
var demoExperts = []struct {
	username     string
	specialities []string
	relation     *goumai.RelationKind // toward the expert's own organisation
	awayDays     int                  // an unavailable week this many days before now
}{
	{username: "expert.wang", specialities: []string{"A01", "A02"}},
	{username: "expert.li", specialities: []string{"A"}},
	{username: "expert.chen", specialities: []string{"A01"}, awayDays: 40},
	{username: "expert.zhao", specialities: []string{"A0101", "A03"}, relation: func() *goumai.RelationKind { k := goumai.RelDirectorship; return &k }()},
}

// LoadExperts puts the demo experts in Zhejiang's expert database (as
// 浙江省财政厅's administrator) and fills their profiles (as themselves). It
// does nothing when they are there already.
func LoadExperts(ctx context.Context, svc *workflow.Service) error {
	admin, err := demoActor(ctx, svc.Store, "zj.admin")
	if err != nil {
		return fmt.Errorf("load demo experts: %w", err)
	}
	now := svc.Clock.Now()
	day := func(t time.Time) time.Time {
		t = t.In(goumai.Shanghai)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, goumai.Shanghai)
	}
	for _, x := range demoExperts {
		a, err := demoActor(ctx, svc.Store, x.username)
		if err != nil {
			return fmt.Errorf("load demo experts: %w", err)
		}
		if _, err := svc.Store.ExpertOfUser(ctx, a.UserID); err == nil {
			continue
		}
		e, err := svc.AddExpert(ctx, admin, workflow.ExpertInput{Username: x.username, Region: "330000", Specialities: x.specialities})
		if err != nil {
			return fmt.Errorf("load demo expert %s: %w", x.username, err)
		}
		in := workflow.ProfileInput{Specialities: x.specialities, Version: e.Version}
		if x.awayDays > 0 {
			from := day(now.AddDate(0, 0, -x.awayDays))
			in.Unavailable = []goumai.DateRange{{From: from, To: from.AddDate(0, 0, 6)}}
		}
		if x.relation != nil {
			in.Relations = []goumai.ExpertRelation{{OrgID: a.Org.ID, Kind: *x.relation, From: day(now.AddDate(-2, 0, 0))}}
		}
		if _, err := svc.UpdateMyExpertProfile(ctx, a, in); err != nil {
			return fmt.Errorf("load demo expert %s: %w", x.username, err)
		}
	}
	return nil
}

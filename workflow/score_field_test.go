package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestScoreRefusalNamesTheField: a score outside its item's points or
// ranges (ENG-G5) is refused naming the entry's field (scores.N.points),
// so that the scoring screen shows it at the field; nothing is saved.
func TestScoreRefusalNamesTheField(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		e.passAll(t)
		for _, c := range []struct {
			name, points string
		}{
			{"above the item's points", "51"},
			{"between the ranges' points", "40"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := e.svc.ScoreBid(ctx, e.experts[0], e.p.ID, e.opened[0].ID, workflow.ScoreInput{Scores: []workflow.ScoreEntry{
					{Item: "持证人员比例", Points: "30"}, {Item: "服务方案", Points: c.points, Reason: "理由"}}})
				ge := goumai.AsError(err)
				if ge.Code != goumai.EInvalid || ge.Rule != "ENG-G5" || ge.Fields["scores.1.points"].ZH == "" || len(ge.Fields) != 1 {
					t.Fatalf("got %v, want ENG-G5 on scores.1.points", err)
				}
				v, err := e.svc.Evaluation(ctx, e.experts[0], e.p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(v.Scores) != 0 {
					t.Errorf("%d scores saved", len(v.Scores))
				}
			})
		}
	})
}

package demo

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestLoadProjects loads the demo world with its catalogue, budget and
// projects, and checks that every state is there and the log verifies.
func TestLoadProjects(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		if _, err := Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if ls, err := s.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Limit: 1}); err != nil {
			t.Fatal(err)
		} else if len(ls) == 0 {
			if err := LoadProjects(ctx, svc); err == nil {
				t.Fatal("LoadProjects without the demo budget: want an error")
			}
		}
		// Twice: the second run finds the projects and adds nothing.
		for _, load := range []func(context.Context, *workflow.Service) error{LoadCatalog, LoadBudget, LoadProjects, LoadProjects} {
			if err := load(ctx, svc); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.FindProjects(ctx, sqlstore.ProjectFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		got := map[goumai.ProjectStatus]int{}
		flagged := 0
		for _, p := range all {
			got[p.Status]++
			if len(p.DoubleFunded) > 0 {
				flagged++
			}
		}
		// Two approved applications, and nine more the demo procedures buy (procurement.go, consultation.go).
		want := map[goumai.ProjectStatus]int{goumai.ProjectApproved: 2 + 9, goumai.ProjectSubmitted: 1, goumai.ProjectReturned: 1,
			goumai.ProjectRejected: 1, goumai.ProjectDraft: 1}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %d projects, want %d", k, got[k], v)
			}
		}
		if flagged != 2 { // the meals application awaiting review and the rejected inspection outsourcing
			t.Errorf("两头占: got %d flagged projects, want 2", flagged)
		}
		reviewer, err := demoActor(ctx, s, "xihu.reviewer")
		if err != nil {
			t.Fatal(err)
		}
		todo, err := svc.AwaitingMe(ctx, reviewer)
		if err != nil || len(todo) != 1 {
			t.Errorf("xihu.reviewer's to-do: %v, %d projects", err, len(todo))
		}
		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Errorf("verify: %v %v", err, rep.Problems)
		}
	})
}

package demo_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestLoadBudget loads the demo budget on a demo world: lines with their
// appropriations, one 费随事转 done, one 两头占 case, and the log verifies.
func TestLoadBudget(t *testing.T) {
	ctx := context.Background()
	s := sqltest.SQLite(t, goumai.NewFakeClock(sqltest.Start))
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	loaded, err := demo.Loaded(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		if _, err := demo.Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	if ls, err := s.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	} else if len(ls) == 0 {
		if err := demo.LoadBudget(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := s.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Region: "330106", Limit: 100})
	if err != nil || len(ls) != 6 {
		t.Fatalf("西湖区 lines: %d %v, want 6", len(ls), err)
	}
	got := map[string]goumai.Fen{}
	for _, l := range ls {
		got[l.Name] = l.Balance.Appropriated
		if l.BgtID == "" || l.AgencyCode == "" || l.MofDivCode != "330106" {
			t.Errorf("line %s lacks its 一体化 keys: %+v", l.Name, l.BudgetLine)
		}
	}
	if got["2026年居家养老服务补助"] != 4_800_000_00 || got["2026年社会福利中心基本支出"] != 3_800_000_00 {
		t.Errorf("after 费随事转: %v", got)
	}
	cases, err := svc.DoubleFundedCases(ctx, "330106")
	if err != nil || len(cases) != 1 || cases[0].Function.CatalogCode != demo.DemoCodeMeals {
		t.Errorf("两头占 cases: %+v %v", cases, err)
	}
	mz := cases[0].Purchaser.ID
	for code, n := range map[string]int{demo.DemoCodeMeals: 1, demo.DemoCodeAssist: 1, demo.DemoCodeHomeCare: 0} {
		if fns, err := s.DoubleFunded(ctx, mz, code); err != nil || len(fns) != n {
			t.Errorf("DoubleFunded(民政局, %s) = %d (%v), want %d", code, len(fns), err, n)
		}
	}
	if _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}

package demo

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestLoadYear: loaded late in the year, the demo world has lived through
// it (demo/year.go): 西湖区民政局 has projects in every stage of the life
// cycle — several closed, one evaluated, accepted, in delivery, signed,
// awarded, approved and applied, and the procedures' own open for
// responses — the year's line holds paid ≤ obligation ≤ budget, the
// procedures' history is as at any other time, and the log verifies.
func TestLoadYear(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai)
	for _, db := range benchStores {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			clock := goumai.NewFakeClock(now)
			s := db.open(t, clock)
			begun := time.Now()
			svc := sealedWorld(t, s)
			t.Logf("loaded in %s", time.Since(begun).Round(time.Millisecond))
			staff, err := demoActor(ctx, s, "xihu.minzheng")
			sqltest.Must(t, err)
			prs, err := s.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: staff.Org.ID, Limit: 200})
			sqltest.Must(t, err)
			byTitle := map[string]goumai.Project{}
			for _, pr := range prs {
				byTitle[pr.Title] = pr
			}
			closed, stages := 0, map[Stage]int{}
			for _, yp := range append(append([]yearProject(nil), yearEarlier...), yearProjects...) {
				pr, ok := byTitle["2026年"+yp.title]
				if !ok {
					t.Errorf("no project 2026年%s", yp.title)
					continue
				}
				if pr.CreatedAt.After(historyStart(now)) || pr.CreatedAt.Year() != 2026 {
					t.Errorf("%s created %s, not in the year before the history", pr.Title, pr.CreatedAt)
				}
				stages[yp.stop]++
				res := LifeCycleResult{Stage: yp.stop, Project: pr}
				if yp.stop >= StagePublished {
					ps, err := s.FindProcurements(ctx, sqlstore.ProcurementFilter{ProjectID: pr.ID, Limit: 10})
					if err != nil || len(ps) != 1 {
						t.Fatalf("%s: procedures %+v %v", pr.Title, ps, err)
					}
					res.Procurement = ps[0]
				}
				if yp.stop >= StageSigned {
					cs, err := s.Contracts(ctx, res.Procurement.ID)
					if err != nil || len(cs) != 1 {
						t.Fatalf("%s: contracts %+v %v", pr.Title, cs, err)
					}
					res.Contract, err = s.Contract(ctx, cs[0].ID) // with its milestones
					sqltest.Must(t, err)
					res.Payments, err = s.ContractPayments(ctx, res.Contract.ID)
					sqltest.Must(t, err)
				}
				if yp.stop < StageClosed {
					checkStage(t, s, res, yp.stop)
					continue
				}
				closed++
				checkYearClosed(t, s, res)
			}
			if closed < 2 {
				t.Errorf("%d closed projects, want at least two", closed)
			}
			for _, st := range Stages {
				if stages[st] == 0 && st != StagePublished && st != StageResponses {
					t.Errorf("no project of the year at %s (%v)", st, stages)
				}
			}
			// The tendering stages do not keep for months: the procedures'
			// own (dated back from the present) are open for responses.
			open, err := s.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: staff.Org.ID, Statuses: []goumai.ProcurementStatus{goumai.ProcTendering}, Limit: 10})
			if err != nil || len(open) < 2 {
				t.Errorf("procedures open for responses: %d %v", len(open), err)
			}
			// The year's line: paid ≤ obligation ≤ budget, nothing overdrawn.
			line := lineByName(t, s, staff.Org.ID, yearLine)
			es, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{LineID: line.ID, Limit: 1000})
			sqltest.Must(t, err)
			sum := map[goumai.LedgerKind]goumai.Fen{}
			for _, e := range es {
				sum[e.Kind] += e.Amount
			}
			b, err := s.Balance(ctx, line.ID)
			sqltest.Must(t, err)
			obligation := sum[goumai.LedgerObligate] - sum[goumai.LedgerDeobligate]
			if !(0 < sum[goumai.LedgerPay] && sum[goumai.LedgerPay] <= obligation && obligation <= b.Appropriated) ||
				b.Committed < 0 || b.Obligated < 0 || b.Available() < 0 || b.Paid != sum[goumai.LedgerPay] {
				t.Errorf("the year's line: entries %v, balance %+v", sum, b)
			}
			checkProcurements(t, s, svc, clock, now)
			checkProgress(t, s, now, 5) // 2025-Q4, 2025, 2026-Q1 to Q3
		})
	}
}

// checkYearClosed checks a closed project of the year read from the store.
func checkYearClosed(t *testing.T, s *sqlstore.Store, res LifeCycleResult) {
	t.Helper()
	ctx := context.Background()
	c, pr := res.Contract, res.Project
	if pr.Status != goumai.ProjectClosed || c.Status != goumai.ContractSigned || len(c.Milestones) != 2 || len(res.Payments) != 2 {
		t.Errorf("%s: project %s, contract %s, %d payments", pr.Title, pr.Status, c.Status, len(res.Payments))
	}
	for _, m := range c.Milestones {
		if m.Status != goumai.MilestoneAccepted {
			t.Errorf("%s: milestone %d %s", pr.Title, m.No, m.Status)
		}
	}
	for _, p := range res.Payments {
		if p.Status != goumai.PaymentPaid {
			t.Errorf("%s: payment %d %s", pr.Title, p.ID, p.Status)
		}
	}
	if g, ok, err := s.ContractGrade(ctx, c.ID); err != nil || !ok || g.Grade != goumai.GradeFair {
		t.Errorf("%s: grade %+v %v %v", pr.Title, g, ok, err)
	}
}

// lineByName finds an organisation's budget line.
func lineByName(t *testing.T, s *sqlstore.Store, orgID int64, name string) goumai.BudgetLine {
	t.Helper()
	ls, err := s.FindBudgetLines(context.Background(), sqlstore.BudgetLineFilter{OrgID: orgID, Limit: 100})
	sqltest.Must(t, err)
	for _, l := range ls {
		if l.Name == name {
			return l.BudgetLine
		}
	}
	t.Fatalf("no budget line %s", name)
	return goumai.BudgetLine{}
}

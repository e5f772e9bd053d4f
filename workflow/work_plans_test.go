package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestWorkPlans: 西湖区's finance department drafts a plan with measurable
// milestones (a sibling and the province cannot write it: field error,
// nothing changed), a sibling cannot read the draft, an incomplete plan is
// not published, the published plan is public and frozen, and its progress
// is read from the statistics (zero projects here: not met, and overdue
// after the due date).
func TestWorkPlans(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		c := newReportChain(t, s)
		svc := c.svc
		clock.Set(time.Date(2026, 2, 1, 10, 0, 0, 0, goumai.Shanghai))
		in := workflow.WorkPlanInput{Region: "330106", Title: "西湖区2026年政府购买服务工作计划", Body: "实施方案……", Start: "2026-01"}
		for _, a := range []goumai.Actor{c.binjiang, c.zj} {
			before := treeSize(t, s)
			_, err := svc.DraftWorkPlan(ctx, a, in)
			if e := goumai.AsError(err); e == nil || e.Code != goumai.EForbidden || e.Fields["region"].ZH == "" {
				t.Fatalf("%s drafts 西湖区's plan: %v", a.Org.Name, err)
			}
			if treeSize(t, s) != before {
				t.Fatal("a refused action wrote events")
			}
		}
		p := must[goumai.WorkPlan](t, "draft")(svc.DraftWorkPlan(ctx, c.xihu, in))
		if _, err := svc.WorkPlan(ctx, c.binjiang, p.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("a sibling reads the draft: %v", err)
		}
		if _, err := svc.PublishWorkPlan(ctx, c.xihu, p.ID, p.Version); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Fatalf("published without milestones: %v", err)
		}
		in.Version = p.Version
		in.Milestones = []goumai.PlanMilestone{{Title: "批准项目", Metric: goumai.MetricProjects, Target: 10, DueOn: "2026-06-30"},
			{Title: "费随事转", Metric: goumai.MetricReformAmount, Target: 0, DueOn: "2026-12-31"}}
		p = must[goumai.WorkPlan](t, "edit")(svc.EditWorkPlan(ctx, c.xihu, p.ID, in))
		p = must[goumai.WorkPlan](t, "publish")(svc.PublishWorkPlan(ctx, c.xihu, p.ID, p.Version))
		in.Version = p.Version
		if _, err := svc.EditWorkPlan(ctx, c.xihu, p.ID, in); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("a published plan edited: %v", err)
		}
		clock.Set(time.Date(2026, 7, 5, 10, 0, 0, 0, goumai.Shanghai))
		v := must[workflow.WorkPlanView](t, "public read")(svc.WorkPlan(ctx, goumai.Actor{}, p.ID))
		if len(v.Progress) != 2 {
			t.Fatalf("progress %+v", v.Progress)
		}
		if pr := v.Progress[0]; pr.Met || !pr.Overdue || pr.Value != 0 || pr.Period != (goumai.StatPeriod{From: "2026-01", To: "2026-06"}) {
			t.Errorf("projects milestone %+v", pr)
		}
		if pr := v.Progress[1]; !pr.Met || pr.Period.To != "2026-07" {
			t.Errorf("reform milestone %+v", pr)
		}
		if ps := must[[]goumai.WorkPlan](t, "list")(svc.WorkPlans(ctx, goumai.Actor{}, "330106")); len(ps) != 1 {
			t.Fatalf("public list %v", ps)
		}
		verify(t, s)
	})
}

// TestComplianceRanking: the prefecture ranks its counties from the
// statistics (none counted here: every score 0, ordered by code); a county
// may not rank its prefecture's children.
func TestComplianceRanking(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		c := newReportChain(t, s)
		p := goumai.StatPeriod{From: "2026-01", To: "2026-03"}
		rank := must[[]goumai.Compliance](t, "rank")(c.svc.ComplianceRanking(ctx, c.hangzhou, "330100", p))
		if len(rank) < 2 || rank[0].Region > rank[1].Region || rank[0].Score != 0 {
			t.Fatalf("ranking %+v", rank)
		}
		if _, err := c.svc.ComplianceRanking(ctx, c.xihu, "330100", p); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("a county ranks its prefecture's children: %v", err)
		}
	})
}

package goumai

import (
	"testing"
	"time"
)

func planStats() StatReport {
	row := func(key string, n, amount int64) StatRow {
		return StatRow{Key: key, Now: StatFigure{N: n, Amount: Fen(amount)}}
	}
	return StatReport{Tables: []StatTable{
		{Dim: StatTotal, Rows: []StatRow{row("projects", 20, 5_000_000), row("contracts", 8, 3_000_000)}},
		{Dim: StatCategory, Rows: []StatRow{row("A", 10, 0), row("B", 5, 0), row("-", 5, 0)}}, // "-": outside the catalogue,
		{Dim: StatReform, Rows: []StatRow{row("transferred", 2, 300_000_000), row("pending", 1, 100)}},
		{Dim: StatCompetition, Rows: []StatRow{row("lots", 8, 0), row("single_bidder", 1, 0)}},
	}}
}

// TestPlanMetrics computes each metric from a statistics report and
// compares it with targets, a ceiling included.
func TestPlanMetrics(t *testing.T) {
	r := planStats()
	want := map[PlanMetric]int64{MetricCatalogueShare: 75, MetricReformAmount: 300_000_000, MetricProjects: 20, MetricContracts: 8,
		MetricContractAmount: 3_000_000, MetricSingleBidderRate: 13}
	for _, m := range PlanMetrics {
		if got := m.Value(r); got != want[m] {
			t.Errorf("%s = %d, want %d", m, got, want[m])
		}
	}
	now := time.Date(2026, 7, 2, 0, 0, 0, 0, Shanghai)
	p := Progress(PlanMilestone{Metric: MetricCatalogueShare, Target: 80, DueOn: "2026-06-30"}, StatPeriod{"2026-01", "2026-06"}, r, now)
	if p.Met || p.Percent != 94 || !p.Overdue || p.Track != TrackBehind || p.Expected != 100 {
		t.Errorf("share 75 of 80: %+v", p)
	}
	p = Progress(PlanMilestone{Metric: MetricSingleBidderRate, Target: 20, DueOn: "2026-12-31"}, StatPeriod{"2026-01", "2026-07"}, r, now)
	if !p.Met || p.Overdue {
		t.Errorf("single bidder 13 under 20: %+v", p)
	}
	p = Progress(PlanMilestone{Metric: MetricReformAmount, Target: 200_000_000, DueOn: "2026-12-31"}, StatPeriod{"2026-01", "2026-07"}, r, now)
	if !p.Met || p.Percent != 150 || p.Track != TrackMet {
		t.Errorf("费随事转 300万 of 200万: %+v", p)
	}
	// Half the year gone: 75% of the target is on track, 40% behind; a ceiling exceeded is behind.
	for _, c := range []struct {
		m    PlanMilestone
		want MilestoneTrack
	}{{PlanMilestone{Metric: MetricProjects, Target: 25, DueOn: "2026-12-31"}, TrackOnTrack},
		{PlanMilestone{Metric: MetricProjects, Target: 50, DueOn: "2026-12-31"}, TrackBehind},
		{PlanMilestone{Metric: MetricSingleBidderRate, Target: 10, DueOn: "2026-12-31"}, TrackBehind}} {
		if p := Progress(c.m, StatPeriod{"2026-01", "2026-07"}, r, now); p.Track != c.want || p.Expected != 49 {
			t.Errorf("%+v: %s (expected %d), want %s", c.m, p.Track, p.Expected, c.want)
		}
	}
	plan := WorkPlan{Start: "2026-01"}
	if got := plan.MeasurePeriod(PlanMilestone{DueOn: "2026-12-31"}, now); got != (StatPeriod{"2026-01", "2026-07"}) {
		t.Errorf("measure period before the due month: %v", got)
	}
	if got := plan.MeasurePeriod(PlanMilestone{DueOn: "2026-03-31"}, now); got != (StatPeriod{"2026-01", "2026-03"}) {
		t.Errorf("measure period after the due month: %v", got)
	}
}

func TestWorkPlanChecks(t *testing.T) {
	ok := WorkPlan{Title: "2026年政府购买服务工作计划", Start: "2026-01", Milestones: []PlanMilestone{{Title: "目录内购买占比", Metric: MetricCatalogueShare, Target: 80, DueOn: "2026-12-31"}}}
	if err := CheckWorkPlan(ok, true); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		p     WorkPlan
		field string
	}{
		"no milestone to publish": {WorkPlan{Title: "x", Start: "2026-01"}, "milestones"},
		"unknown metric":          {WorkPlan{Title: "x", Start: "2026-01", Milestones: []PlanMilestone{{Title: "a", Metric: "x", DueOn: "2026-12-31"}}}, "milestones[0].metric"},
		"percent over 100":        {WorkPlan{Title: "x", Start: "2026-01", Milestones: []PlanMilestone{{Title: "a", Metric: MetricCatalogueShare, Target: 120, DueOn: "2026-12-31"}}}, "milestones[0].target"},
		"due before start":        {WorkPlan{Title: "x", Start: "2026-01", Milestones: []PlanMilestone{{Title: "a", Metric: MetricProjects, Target: 1, DueOn: "2025-12-31"}}}, "milestones[0].due_on"},
		"no title":                {WorkPlan{Start: "2026-01", Milestones: ok.Milestones}, "title"},
		"bad start":               {WorkPlan{Title: "x", Start: "2026", Milestones: ok.Milestones}, "start"},
	} {
		e := AsError(CheckWorkPlan(c.p, true))
		if e == nil || e.Fields[c.field].ZH == "" || e.Fields[c.field].EN == "" {
			t.Errorf("%s: %v", name, e)
		}
	}
	if _, ok := WorkPlanTransition(WorkPlanPublished, "edit"); ok {
		t.Error("a published plan is frozen")
	}
	if st, ok := WorkPlanTransition(WorkPlanDraft, "publish"); !ok || st != WorkPlanPublished {
		t.Error("a draft is published")
	}
}

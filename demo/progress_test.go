package demo

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// checkProgress checks the demo's year of progress reports, plans and
// trainings (demo/progress.go) in a world loaded at now: every period ended
// since the world's creation has reports from 浙江's seven finance
// departments; the accepted ones carry their frozen statistics, some were
// returned with 意见 and filed again; 鄞州区's last quarter is an overdue
// draft; 浙江's reports reach the Ministry and are public; the plans of
// 浙江, 杭州, 宁波 and 西湖区 are published with milestones (余杭区's a
// draft); the trainings begun have their attendance recorded and materials;
// 浙江's 督办 notices to 宁波 are one closed, one returned with 意见 and
// one overdue, and 宁波's to 鄞州区 answered.
func checkProgress(t *testing.T, s *sqlstore.Store, now time.Time, wantPeriods int) {
	t.Helper()
	ctx := context.Background()
	byRegion := map[string][]goumai.WorkReport{}
	for _, d := range reportingDepts {
		rs, err := s.WorkReportsOf(ctx, d.region, 200)
		sqltest.Must(t, err)
		byRegion[d.region] = rs
	}
	zj := byRegion[RegionZhejiang]
	if len(zj) < wantPeriods {
		t.Fatalf("浙江 filed %d reports, want at least %d", len(zj), wantPeriods)
	}
	accepted, returned, kinds := 0, 0, map[goumai.ReportKind]int{}
	for region, rs := range byRegion {
		for _, r := range rs {
			kinds[r.Kind]++
			if r.Status == goumai.WorkReportAccepted {
				accepted++
				if r.Stats == nil || r.FiledAt == nil || r.FiledAt.Before(goumai.PeriodEnd(r.StatPeriod())) || r.DecidedAt == nil {
					t.Errorf("%s %s accepted without frozen statistics or dates: %+v", region, r.Period, r)
				}
				if r.CreatedAt.After(now) || r.DecidedAt.After(now) {
					t.Errorf("%s %s dated after the present", region, r.Period)
				}
			}
			for i, v := range r.Reviews {
				if v.Action == goumai.WorkReportReturn {
					returned++
					if v.Opinion == "" || i+1 >= len(r.Reviews) || r.Reviews[i+1].Action != goumai.WorkReportFile {
						t.Errorf("%s %s returned without 意见 or not filed again: %+v", region, r.Period, r.Reviews)
					}
				}
			}
		}
	}
	if accepted*4 < 3*wantPeriods*len(reportingDepts) || returned < 2 || kinds[goumai.ReportQuarterly] == 0 || kinds[goumai.ReportAnnual] == 0 {
		t.Errorf("%d accepted, %d returned, kinds %v over %d periods", accepted, returned, kinds, wantPeriods)
	}
	overdue := 0
	for _, r := range byRegion[RegionYinzhou] {
		if r.Overdue(now) {
			overdue++
		}
	}
	if overdue != 1 {
		t.Errorf("鄞州区 has %d overdue reports, want 1", overdue)
	}
	public, err := s.AcceptedWorkReports(ctx, 200)
	sqltest.Must(t, err)
	toMinistry := 0
	for _, r := range public {
		if r.Region == RegionZhejiang && r.Parent == RegionNational {
			toMinistry++
		}
	}
	if toMinistry < wantPeriods-1 {
		t.Errorf("%d of 浙江's reports accepted by the Ministry and public, want at least %d", toMinistry, wantPeriods-1)
	}

	for region, want := range map[string]goumai.WorkPlanStatus{RegionZhejiang: goumai.WorkPlanPublished, RegionHangzhou: goumai.WorkPlanPublished,
		RegionNingbo: goumai.WorkPlanPublished, RegionXihu: goumai.WorkPlanPublished, RegionYuhang: goumai.WorkPlanDraft} {
		ps, err := s.WorkPlans(ctx, region, 10)
		sqltest.Must(t, err)
		if len(ps) != 1 || ps[0].Status != want || len(ps[0].Milestones) < 3 {
			t.Errorf("plans of %s: %+v, want one %s with milestones", region, ps, want)
		}
	}

	ts, err := s.TrainingsFor(ctx, RegionZhejiang)
	sqltest.Must(t, err)
	attended, begun := 0, 0
	for _, tr := range ts {
		if len(tr.Materials) != 2 {
			t.Errorf("%s: %d materials, want 2", tr.Title, len(tr.Materials))
		}
		regs, err := s.TrainingRegistrations(ctx, tr.ID)
		sqltest.Must(t, err)
		if len(regs) < 2 {
			t.Errorf("%s: %d registrants", tr.Title, len(regs))
		}
		if tr.StartsOn < now.In(goumai.Shanghai).Format(time.DateOnly) {
			begun++
			for _, r := range regs {
				if r.Attended {
					attended++
				}
			}
		}
	}
	if begun == 0 || attended < begun {
		t.Errorf("%d trainings begun, %d attendances recorded", begun, attended)
	}
	checkDubans(t, s, now)
}

// checkDubans checks the demo's 督办 notices (demoDubans).
func checkDubans(t *testing.T, s *sqlstore.Store, now time.Time) {
	t.Helper()
	ctx := context.Background()
	zj, err := s.DubansFrom(ctx, RegionZhejiang, 10)
	sqltest.Must(t, err)
	closed, returned, overdue := 0, 0, 0
	for _, d := range zj {
		if d.Region != RegionNingbo || d.IssuedAt.After(now) || d.Text == "" {
			t.Errorf("浙江's notice %+v: want one to 宁波 issued before now", d)
		}
		switch {
		case d.Status == goumai.DubanClosed && d.Answer != "" && d.Opinion != "":
			closed++
		case d.Returned() && d.Answer != "" && !d.Overdue(now):
			returned++
		case d.Overdue(now) && d.Answer == "":
			overdue++
		default:
			t.Errorf("浙江's notice %d: %s, answer %q, opinion %q, due %v", d.ID, d.Status, d.Answer, d.Opinion, d.DueAt)
		}
	}
	if len(zj) != 3 || closed != 1 || returned != 1 || overdue != 1 {
		t.Errorf("浙江 issued %d notices: %d closed, %d returned, %d overdue; want one each", len(zj), closed, returned, overdue)
	}
	nb, err := s.DubansFrom(ctx, RegionNingbo, 10)
	sqltest.Must(t, err)
	if len(nb) != 1 || nb[0].Region != RegionYinzhou || nb[0].Status != goumai.DubanAnswered || nb[0].Answer == "" {
		t.Errorf("宁波's notices: %+v, want one to 鄞州区 answered", nb)
	}
}

package goumai

import (
	"testing"
	"time"
)

// TestWorkReportTransition is the whole transition table of a progress report.
func TestWorkReportTransition(t *testing.T) {
	type k struct {
		st  WorkReportStatus
		act WorkReportAction
	}
	want := map[k]WorkReportStatus{
		{WorkReportDraft, WorkReportEdit}:    WorkReportDraft,
		{WorkReportDraft, WorkReportFile}:    WorkReportFiled,
		{WorkReportReturned, WorkReportEdit}: WorkReportReturned,
		{WorkReportReturned, WorkReportFile}: WorkReportFiled,
		{WorkReportFiled, WorkReportReturn}:  WorkReportReturned,
		{WorkReportFiled, WorkReportAccept}:  WorkReportAccepted,
	}
	for _, st := range WorkReportStatuses {
		for _, act := range []WorkReportAction{WorkReportEdit, WorkReportFile, WorkReportReturn, WorkReportAccept} {
			got, ok := WorkReportTransition(st, act)
			w, allowed := want[k{st, act}]
			if ok != allowed || ok && got != w || !ok && got != st {
				t.Errorf("%s --%s--> %s, %v; want %s, %v", st, act, got, ok, w, allowed)
			}
		}
	}
}

func TestReportPeriod(t *testing.T) {
	for in, want := range map[[2]string]StatPeriod{
		{"quarter", "2026-Q1"}: {"2026-01", "2026-03"},
		{"quarter", "2026-Q4"}: {"2026-10", "2026-12"},
		{"year", "2025"}:       {"2025-01", "2025-12"},
	} {
		got, err := ReportPeriod(ReportKind(in[0]), in[1])
		if err != nil || got != want {
			t.Errorf("%v: %v %v", in, got, err)
		}
	}
	for _, in := range [][2]string{{"quarter", "2026-Q5"}, {"quarter", "2026"}, {"year", "26"}, {"year", "2026-Q1"}, {"month", "2026-01"}} {
		if _, err := ReportPeriod(ReportKind(in[0]), in[1]); ErrorCode(err) != EInvalid {
			t.Errorf("%v accepted: %v", in, err)
		}
	}
	p, _ := ReportPeriod(ReportQuarterly, "2026-Q1")
	due := ReportDueAt(p, 15)
	if want := time.Date(2026, 4, 16, 0, 0, 0, 0, Shanghai); !due.Equal(want) {
		t.Errorf("due %v, want %v", due, want)
	}
	r := WorkReport{Status: WorkReportDraft, DueAt: due}
	if r.Overdue(due) || !r.Overdue(due.Add(time.Second)) {
		t.Error("overdue only after the due time")
	}
	r.Status = WorkReportFiled
	if r.Overdue(due.AddDate(1, 0, 0)) {
		t.Error("a filed report is not overdue")
	}
	got := LastEndedPeriods(time.Date(2026, 2, 10, 0, 0, 0, 0, Shanghai))
	if got[ReportQuarterly] != "2025-Q4" || got[ReportAnnual] != "2025" {
		t.Errorf("last ended periods %v", got)
	}
	got = LastEndedPeriods(time.Date(2026, 8, 10, 0, 0, 0, 0, Shanghai))
	if got[ReportQuarterly] != "2026-Q2" || got[ReportAnnual] != "2025" {
		t.Errorf("last ended periods %v", got)
	}
}

func TestWorkReportChecks(t *testing.T) {
	r := WorkReport{NewSituations: "x"}
	e := AsError(CheckWorkReportText(r, true))
	if e == nil || e.Fields["major_problems"].ZH == "" || e.Fields["suggestions"].EN == "" || e.Fields["new_situations"].ZH != "" {
		t.Fatalf("filing an incomplete report: %v", e)
	}
	if CheckWorkReportText(r, false) != nil {
		t.Error("a draft may be incomplete")
	}
	if CheckReportOpinion(WorkReportReturn, " ") == nil || CheckReportOpinion(WorkReportAccept, "") != nil {
		t.Error("an opinion is required to return, optional to accept")
	}
}

// TestWorkReportPolicy: a county files only for itself; its prefecture
// reviews; a sibling county reads nothing; the province reads below.
func TestWorkReportPolicy(t *testing.T) {
	regs, err := NewRegions([]Region{{Code: NationalCode, Name: "全国", Level: LevelNational},
		{Code: "330000", Name: "浙江省", Level: LevelProvince, Parent: NationalCode},
		{Code: "330100", Name: "杭州市", Level: LevelPrefecture, Parent: "330000"},
		{Code: "330106", Name: "西湖区", Level: LevelCounty, Parent: "330100"},
		{Code: "330108", Name: "滨江区", Level: LevelCounty, Parent: "330100"}})
	if err != nil {
		t.Fatal(err)
	}
	p := Policy{Regions: regs}
	fin := func(id int64, region string, roles ...Role) Actor {
		return Actor{UserID: id, Username: "u", Org: Org{ID: id, Region: region, FinanceDept: true}, Roles: roles}
	}
	xihu, binjiang := fin(1, "330106", RoleFinanceReviewer), fin(2, "330108", RoleFinanceReviewer)
	hz, zj := fin(3, "330100", RoleFinanceApprover), fin(4, "330000", RoleFinanceApprover)
	item := &Involvement{Drafters: []int64{1}}
	// Separation of duties (IC-12): whoever drafted or filed a report never decides on it.
	if e := AsError(p.Can(hz, ActReviewWorkReport, Target{Region: "330106", Item: &Involvement{Drafters: []int64{3}}, Step: "review"})); e == nil || e.Rule != RuleSeparation {
		t.Errorf("the filer decides: %v", e)
	}
	if e := AsError(p.Can(hz, ActReviewWorkReport, Target{Region: "330106", Step: "review"})); e == nil || e.Code != EInternal {
		t.Errorf("a decision without the item's history: %v", e)
	}
	for _, c := range []struct {
		a    Actor
		act  Action
		reg  string
		want bool
	}{
		{xihu, ActFileWorkReport, "330106", true},
		{xihu, ActFileWorkReport, "330108", false},
		{hz, ActFileWorkReport, "330106", false},
		{hz, ActFileWorkReport, "330100", true},
		{hz, ActReviewWorkReport, "330106", true},
		{zj, ActReviewWorkReport, "330106", false},
		{zj, ActReviewWorkReport, "330100", true},
		{binjiang, ActReviewWorkReport, "330106", false},
		{binjiang, ActViewWorkReport, "330106", false},
		{xihu, ActViewWorkReport, "330106", true},
		{zj, ActViewWorkReport, "330106", true},
		{xihu, ActViewWorkReport, "330100", false},
	} {
		err := p.Can(c.a, c.act, Target{Region: c.reg, Item: item})
		if (err == nil) != c.want {
			t.Errorf("%d %s %s: %v", c.a.UserID, c.act, c.reg, err)
		}
	}
}

package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestCheckAcceptanceGroup: one row per clause of ENG-H6 and the group's bounds.
func TestCheckAcceptanceGroup(t *testing.T) {
	user := goumai.AcceptanceMember{Name: "李阿姨", Role: goumai.MemberServiceUser, Unit: "翠苑社区"}
	staff := goumai.AcceptanceMember{Name: "王科长", Role: goumai.MemberPurchaser}
	many := make([]goumai.AcceptanceMember, MaxAcceptanceMembers+1)
	for i := range many {
		many[i] = user
	}
	for _, tc := range []struct {
		name    string
		members []goumai.AcceptanceMember
		public  bool
		field   string
		rule    string
	}{
		{"a public service with a service user", []goumai.AcceptanceMember{staff, user}, true, "", ""},
		{"an auxiliary service without one", []goumai.AcceptanceMember{staff}, false, "", ""},
		{"a public service without a service user (ENG-H6)", []goumai.AcceptanceMember{staff}, true, "members", "ENG-H6"},
		{"no members", nil, false, "members", "ENG-H6"},
		{"too many members", many, true, "members", ""},
		{"a member without a name", []goumai.AcceptanceMember{{Role: goumai.MemberServiceUser}}, true, "members.0.name", ""},
		{"an unknown standing", []goumai.AcceptanceMember{user, {Name: "赵", Role: "boss"}}, true, "members.1.role", ""},
		{"a unit too long", []goumai.AcceptanceMember{{Name: "赵", Role: goumai.MemberExpert, Unit: strings.Repeat("单", MaxMemberName+1)}}, false, "members.0.unit", ""},
	} {
		err := CheckAcceptanceGroup(tc.members, tc.public)
		checkField(t, tc.name, err, tc.field, tc.rule)
	}
}

// TestCheckAcceptanceDecision: every member's opinion, a known result, reasons.
func TestCheckAcceptanceDecision(t *testing.T) {
	yes := true
	done := []goumai.AcceptanceMember{{Name: "李", Role: goumai.MemberServiceUser, Agrees: &yes}}
	for _, tc := range []struct {
		name    string
		members []goumai.AcceptanceMember
		result  goumai.AcceptanceStatus
		reasons string
		field   string
	}{
		{"complete", done, goumai.AcceptanceAccepted, "服务达到合同约定标准", ""},
		{"a member without an opinion", []goumai.AcceptanceMember{{Name: "李", Role: goumai.MemberServiceUser}}, goumai.AcceptanceAccepted, "好", "members"},
		{"no result", done, goumai.AcceptanceReviewing, "好", "result"},
		{"no reasons", done, goumai.AcceptanceRejected, " ", "reasons"},
	} {
		checkField(t, tc.name, CheckAcceptanceDecision(tc.members, tc.result, tc.reasons), tc.field, "")
	}
}

// TestCheckSupervisionInputs: the ledger entry (ENG-H8), the inspection and
// the rectification order, one row per clause.
func TestCheckSupervisionInputs(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, goumai.Shanghai)
	ok := goumai.ProgressReport{ReportOn: "2026-05-31", Content: "上门服务120人次", Quantity: 120, Unit: "人次"}
	for _, tc := range []struct {
		name  string
		edit  func(*goumai.ProgressReport)
		field string
		rule  string
	}{
		{"complete", func(*goumai.ProgressReport) {}, "", ""},
		{"a day in the future", func(r *goumai.ProgressReport) { r.ReportOn = "2026-06-02" }, "report_on", "ENG-H8"},
		{"no date", func(r *goumai.ProgressReport) { r.ReportOn = "昨天" }, "report_on", "ENG-H8"},
		{"no content", func(r *goumai.ProgressReport) { r.Content = "" }, "content", "ENG-H8"},
		{"a negative quantity", func(r *goumai.ProgressReport) { r.Quantity = -1 }, "quantity", "ENG-H7"},
		{"no unit", func(r *goumai.ProgressReport) { r.Unit = "" }, "unit", "ENG-H7"},
		{"too many files", func(r *goumai.ProgressReport) { r.Files = make([]goumai.File, MaxSupervisionFiles+1) }, "files", ""},
	} {
		r := ok
		tc.edit(&r)
		checkField(t, tc.name, CheckProgressReport(r, now), tc.field, tc.rule)
	}
	checkField(t, "inspection", CheckInspection(goumai.Inspection{InspectedOn: "2026-06-01", Findings: "台账不全"}, now), "", "")
	checkField(t, "inspection without findings", CheckInspection(goumai.Inspection{InspectedOn: "2026-06-01"}, now), "findings", "")
	checkField(t, "rectification", CheckRectification("补齐台账", 5), "", "")
	checkField(t, "rectification in 0 days", CheckRectification("补齐台账", 0), "days", "")
	checkField(t, "rectification past the bound", CheckRectification("补齐台账", MaxRectifyDays+1), "days", "")
	checkField(t, "rectification without an issue", CheckRectification("", 5), "issue", "")
}

func checkField(t *testing.T, name string, err error, field, rule string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	e := goumai.AsError(err)
	if e == nil || e.Code != goumai.EInvalid || e.Fields[field].ZH == "" || e.Fields[field].EN == "" {
		t.Errorf("%s: want a problem with %s, got %v", name, field, err)
		return
	}
	if rule != "" && !strings.Contains(e.Rule+e.Fields[field].EN, rule) && e.Rule != rule {
		t.Errorf("%s: want rule %s, got %q %v", name, rule, e.Rule, e.Fields)
	}
}

package goumai

import (
	"testing"
	"time"
)

// TestRedFlagCaseTransitions: the whole table, every state × every action.
func TestRedFlagCaseTransitions(t *testing.T) {
	states := append([]RedFlagCaseStatus{RedFlagCaseNone}, RedFlagCaseStatuses...)
	actions := []RedFlagCaseAction{RedFlagCaseSend, RedFlagCaseInspect, RedFlagCaseAnswer, RedFlagCaseClose}
	want := map[RedFlagCaseStatus]map[RedFlagCaseAction]RedFlagCaseStatus{
		RedFlagCaseNone:       {RedFlagCaseSend: RedFlagCaseSent, RedFlagCaseInspect: RedFlagCaseInspecting},
		RedFlagCaseSent:       {RedFlagCaseAnswer: RedFlagCaseAnswered, RedFlagCaseInspect: RedFlagCaseInspecting},
		RedFlagCaseAnswered:   {RedFlagCaseClose: RedFlagCaseClosed, RedFlagCaseInspect: RedFlagCaseInspecting},
		RedFlagCaseInspecting: {RedFlagCaseClose: RedFlagCaseClosed},
		RedFlagCaseClosed:     {},
	}
	for _, st := range states {
		for _, act := range actions {
			next, ok := RedFlagCaseTransition(st, act)
			exp, allowed := want[st][act]
			if ok != allowed || allowed && next != exp || !allowed && next != st {
				t.Errorf("%q + %s = %q, %v; want %q, %v", st, act, next, ok, exp, allowed)
			}
		}
	}
	for _, st := range RedFlagCaseStatuses {
		if !st.Valid() || st.Label().ZH == string(st) {
			t.Errorf("state %q: not valid or not labelled", st)
		}
	}
	if RedFlagCaseNone.Valid() || RedFlagCaseStatus("x").Valid() {
		t.Error("none or an unknown state valid")
	}
	for _, o := range RedFlagOutcomes {
		if !o.Valid() || o.Label().ZH == string(o) {
			t.Errorf("outcome %q: not valid or not labelled", o)
		}
	}
	if RedFlagOutcome("excused").Valid() {
		t.Error("unknown outcome valid")
	}
}

// TestRedFlagCaseOverdue: only a sent case past its deadline is overdue.
func TestRedFlagCaseOverdue(t *testing.T) {
	due := time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC)
	after, before := due.Add(time.Minute), due.Add(-time.Minute)
	for _, c := range []struct {
		st   RedFlagCaseStatus
		now  time.Time
		want bool
	}{{RedFlagCaseSent, after, true}, {RedFlagCaseSent, before, false}, {RedFlagCaseAnswered, after, false}, {RedFlagCaseInspecting, after, false}, {RedFlagCaseClosed, after, false}} {
		if got := (RedFlagCase{Status: c.st, DueAt: &due}).Overdue(c.now); got != c.want {
			t.Errorf("%s at %v: overdue %v, want %v", c.st, c.now, got, c.want)
		}
	}
}

// TestRedFlagCasePolicy: auditors and finance staff follow up in their
// subtree only; a purchaser answers for itself only.
func TestRedFlagCasePolicy(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	auditor := Actor{UserID: 1, Username: "a", Org: Org{ID: 1, Region: "330100"}, Roles: []Role{RoleAuditor}}
	finance := Actor{UserID: 2, Username: "f", Org: Org{ID: 2, Region: "330100", FinanceDept: true}, Roles: []Role{RoleFinanceReviewer}}
	buyer := Actor{UserID: 3, Username: "b", Org: Org{ID: 7, Region: "330106"}, Roles: []Role{RolePurchaserStaff}}
	for _, c := range []struct {
		a    Actor
		act  Action
		t    Target
		want bool
	}{
		{auditor, ActFollowRedFlags, Target{Region: "330106"}, true},
		{auditor, ActFollowRedFlags, Target{Region: "330200"}, false},
		{finance, ActFollowRedFlags, Target{Region: "330100"}, true},
		{finance, ActFollowRedFlags, Target{Region: "330000"}, false},
		{buyer, ActFollowRedFlags, Target{Region: "330106"}, false},
		{buyer, ActAnswerRedFlag, Target{OrgID: 7}, true},
		{buyer, ActAnswerRedFlag, Target{OrgID: 8}, false},
		{auditor, ActAnswerRedFlag, Target{OrgID: 1}, false},
		{Actor{}, ActFollowRedFlags, Target{Region: "330106"}, false},
	} {
		if got := p.Can(c.a, c.act, c.t) == nil; got != c.want {
			t.Errorf("%s %s %+v: %v, want %v", c.a.Username, c.act, c.t, got, c.want)
		}
	}
}

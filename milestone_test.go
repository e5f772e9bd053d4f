package goumai_test

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestMilestoneTransitions: one row per (state, action). The supplier submits
// a pending or rejected milestone; only a submitted one is accepted or
// rejected; an accepted one is final.
func TestMilestoneTransitions(t *testing.T) {
	type row struct {
		from goumai.MilestoneStatus
		act  goumai.MilestoneAction
		to   goumai.MilestoneStatus
		ok   bool
	}
	rows := []row{
		{goumai.MilestonePending, goumai.MilestoneSubmit, goumai.MilestoneSubmitted, true},
		{goumai.MilestonePending, goumai.MilestoneAccept, goumai.MilestonePending, false}, // accepting what was never submitted
		{goumai.MilestonePending, goumai.MilestoneReject, goumai.MilestonePending, false},
		{goumai.MilestoneSubmitted, goumai.MilestoneSubmit, goumai.MilestoneSubmitted, false},
		{goumai.MilestoneSubmitted, goumai.MilestoneAccept, goumai.MilestoneAccepted, true},
		{goumai.MilestoneSubmitted, goumai.MilestoneReject, goumai.MilestoneRejected, true},
		{goumai.MilestoneAccepted, goumai.MilestoneSubmit, goumai.MilestoneAccepted, false},
		{goumai.MilestoneAccepted, goumai.MilestoneAccept, goumai.MilestoneAccepted, false},
		{goumai.MilestoneAccepted, goumai.MilestoneReject, goumai.MilestoneAccepted, false},
		{goumai.MilestoneRejected, goumai.MilestoneSubmit, goumai.MilestoneSubmitted, true}, // delivered again
		{goumai.MilestoneRejected, goumai.MilestoneAccept, goumai.MilestoneRejected, false},
		{goumai.MilestoneRejected, goumai.MilestoneReject, goumai.MilestoneRejected, false},
	}
	for _, r := range rows {
		to, ok := goumai.MilestoneTransition(r.from, r.act)
		if ok != r.ok || to != r.to {
			t.Errorf("%s --%s--> %s %v, want %s %v", r.from, r.act, to, ok, r.to, r.ok)
		}
	}
	for _, st := range goumai.MilestoneStatuses {
		for _, act := range []goumai.MilestoneAction{goumai.MilestoneSubmit, goumai.MilestoneAccept, goumai.MilestoneReject} {
			found := false
			for _, r := range rows {
				found = found || r.from == st && r.act == act
			}
			if !found {
				t.Errorf("no row for (%s, %s)", st, act)
			}
		}
	}
}

// TestContractHashMilestones: the milestones' agreed fields are part of the
// contract's hash, where they stand is not; a contract without milestones
// has the canonical form it had before milestones existed.
func TestContractHashMilestones(t *testing.T) {
	c := goumai.Contract{ID: 1, Revision: 1, Number: "HT-1", Amount: 100, TermMonths: 12, StartOn: "2026-05-01"}
	if strings.Contains(string(c.Canonical()), "milestones") {
		t.Errorf("a contract without milestones names them: %s", c.Canonical())
	}
	// The canonical form of a contract without milestones, as it was before them.
	const before = `{"id":1,"revision":1,"number":"HT-1","title":"","procurement_id":0,"lot_id":0,"award_id":0,"purchaser_org_id":0,` +
		`"supplier_org_id":0,"amount":100,"term_months":12,"long_term":null,"start_on":"2026-05-01","end_on":"","budget_years":null,` +
		`"terms":{"service_content":"","quantity":"","quality":"","price":"","settlement":"","rights_obligations":"","breach_liability":"","place":""},` +
		`"financing_guarantee":false}`
	if got := string(c.Canonical()); got != goumai.ContractHashDomain+before {
		t.Errorf("canonical form without milestones changed:\n%s", got)
	}
	c.Milestones = []goumai.Milestone{{No: 1, Title: "第一阶段", Deliverables: "报告", DueOn: "2026-10-31", Amount: 40},
		{No: 2, Title: "第二阶段", Deliverables: "总结", DueOn: "2027-04-30", Amount: 60}}
	h := c.ComputeHash()
	now := time.Now()
	same := c
	same.Milestones = append([]goumai.Milestone(nil), c.Milestones...)
	same.Milestones[0].ID, same.Milestones[0].Status, same.Milestones[0].Version = 5, goumai.MilestoneAccepted, 3
	same.Milestones[0].SubmittedAt, same.Milestones[0].AcceptedAt = &now, &now
	if same.ComputeHash() != h {
		t.Error("a milestone's id, state, version and dates of delivery are not part of the hash")
	}
	for name, edit := range map[string]func(*goumai.Milestone){
		"number":       func(m *goumai.Milestone) { m.No = 3 },
		"title":        func(m *goumai.Milestone) { m.Title += "x" },
		"deliverables": func(m *goumai.Milestone) { m.Deliverables += "x" },
		"due date":     func(m *goumai.Milestone) { m.DueOn = "2026-11-01" },
		"amount":       func(m *goumai.Milestone) { m.Amount++ },
	} {
		k := c
		k.Milestones = append([]goumai.Milestone(nil), c.Milestones...)
		edit(&k.Milestones[1])
		if k.ComputeHash() == h {
			t.Errorf("changing a milestone's %s leaves the hash unchanged", name)
		}
	}
	k := c
	k.Milestones = c.Milestones[:1]
	if k.ComputeHash() == h {
		t.Error("removing a milestone leaves the hash unchanged")
	}
}

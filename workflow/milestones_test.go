package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestContractMilestones: a draft gets one milestone for the whole amount,
// due on the term's last day; milestones given replace it, numbered in
// order, when their amounts sum to the contract's (ENG-H7) and fall within
// its term (ENG-H2), else nothing changes; fewer milestones remove the rest;
// they are part of the hash both parties sign, and stay with the contract
// in force; the log verifies.
func TestContractMilestones(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := must[goumai.Contract](t, "draft")(sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}))
		if len(c.Milestones) != 1 {
			t.Fatalf("draft milestones %+v", c.Milestones)
		}
		if m := c.Milestones[0]; m.No != 1 || m.Title != workflow.DefaultMilestoneTitle || m.Amount != c.Amount || m.DueOn != c.EndOn ||
			m.Status != goumai.MilestonePending || m.ContractID != c.ID || m.ID == 0 || m.Deliverables != c.Terms.ServiceContent {
			t.Fatalf("default milestone %+v of %+v", m, c)
		}
		if c.Hash != c.ComputeHash() || !strings.Contains(string(c.Canonical()), `"milestones":[{"no":1,`) {
			t.Fatalf("the hash does not cover the milestones: %s", c.Canonical())
		}
		first := c.Milestones[0].ID

		in := fullTerms(c)
		half := c.Amount / 2
		in.Milestones = []goumai.MilestoneInput{{Title: " 中期 ", Deliverables: "中期报告", DueOn: c.StartOn, Amount: half},
			{Title: "结项", Deliverables: "结项报告", DueOn: c.EndOn, Amount: c.Amount - half + 1}}
		_, err := sc.svc.UpdateContract(ctx, sc.staff, c.ID, in)
		if e := goumai.AsError(err); e == nil || e.Code != goumai.EInvalid || e.Fields["milestones"].ZH == "" || !strings.Contains(e.Fields["milestones"].EN, "ENG-H7") {
			t.Fatalf("milestones summing past the amount: %v", err)
		}
		in.Milestones[1].Amount = c.Amount - half
		in.Milestones[1].DueOn = "2099-01-01"
		if _, err := sc.svc.UpdateContract(ctx, sc.staff, c.ID, in); goumai.AsError(err) == nil || goumai.AsError(err).Fields["milestones.1.due_on"].ZH == "" {
			t.Fatalf("a milestone due after the term: %v", err)
		}
		if got := must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID)); len(got.Milestones) != 1 || got.Version != c.Version || got.Hash != c.Hash {
			t.Fatalf("a refused update changed the contract: %+v", got)
		}
		in.Milestones[1].DueOn = c.EndOn
		u := must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, in))
		if len(u.Milestones) != 2 || u.Milestones[0].ID != first || u.Milestones[0].Title != "中期" || u.Milestones[0].Amount != half ||
			u.Milestones[1].No != 2 || u.Milestones[1].Amount != c.Amount-half || u.Hash == c.Hash || u.Hash != u.ComputeHash() {
			t.Fatalf("two milestones: %+v", u.Milestones)
		}
		if got := must[[]goumai.Milestone](t, "milestones")(s.Milestones(ctx, c.ID)); len(got) != 2 || got[1].ID != u.Milestones[1].ID {
			t.Fatalf("stored milestones %+v", got)
		}
		// Back to one: the second goes; then two again, which both parties sign.
		u = must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, fullTerms(u)))
		if len(u.Milestones) != 1 || u.Milestones[0].ID != first || u.Milestones[0].Amount != c.Amount {
			t.Fatalf("back to one milestone: %+v", u.Milestones)
		}
		in.Version = u.Version
		u = must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, in))
		u = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, u.Hash)))
		u = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, u.Hash)))
		if u.Status != goumai.ContractSigned || len(u.Milestones) != 2 || u.Hash != u.ComputeHash() {
			t.Fatalf("in force: %s %+v", u.Status, u.Milestones)
		}
		m := must[goumai.Milestone](t, "milestone")(s.Milestone(ctx, u.Milestones[1].ID))
		if m != u.Milestones[1] {
			t.Errorf("Milestone %+v, want %+v", m, u.Milestones[1])
		}
		// The store writes a milestone's state only at the version read.
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			k := m
			k.Version--
			k.Status = goumai.MilestoneSubmitted
			_, err := tx.UpdateMilestone(ctx, k)
			return err
		})
		if goumai.ErrorCode(err) != goumai.EStale {
			t.Errorf("a stale milestone update: %v", err)
		}
		// The public reads the milestones of the contract in force.
		v := must[workflow.ContractView](t, "public view")(sc.svc.Contract(ctx, goumai.Actor{}, c.ID))
		if len(v.Milestones) != 2 || v.Milestones[1].Amount != c.Amount-half {
			t.Errorf("public milestones %+v", v.Milestones)
		}
		verifiedScene(t, s)
	})
}

package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// inForce drafts, completes and has both parties sign the scene's contract.
func (sc *contractScene) inForce(t *testing.T) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	c := sc.draft(t)
	c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
	return must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
}

// deliver accepts every milestone of c, as the acceptance group would
// (written directly: the acceptance use case is another part's).
func deliver(t *testing.T, s *sqlstore.Store, c goumai.Contract) {
	t.Helper()
	ctx := context.Background()
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		for _, m := range c.Milestones {
			now := tx.Now()
			m.Status, m.SubmittedAt, m.AcceptedAt = goumai.MilestoneAccepted, &now, &now
			if _, err := tx.UpdateMilestone(ctx, m); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: c.Region}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// grade publishes c's performance grade (the evaluation use case's write).
func grade(t *testing.T, s *sqlstore.Store, c goumai.Contract) {
	t.Helper()
	ctx := context.Background()
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetContractGrade(ctx, goumai.ContractGrade{ContractID: c.ID, EvaluationID: 1, Score: 9100, Grade: goumai.GradeExcellent, PublishedAt: tx.Now()}); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.grade", Table: "contract_grades", Key: c.ID, Region: c.Region, Public: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// pay posts a payment of amount on c's project in the ledger (the payment
// use case's write), then, in the same transaction, lets the platform close
// the project if that was the last condition; it reports whether it did.
func pay(t *testing.T, s *sqlstore.Store, svc *workflow.Service, p goumai.Procurement, amount goumai.Fen) bool {
	t.Helper()
	ctx := context.Background()
	var closed bool
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		pr, err := tx.Project(ctx, p.ProjectID)
		if err != nil {
			return err
		}
		if _, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerPay, Amount: amount,
			ProjectID: pr.ID, Memo: "test payment"}, pr.Region); err != nil {
			return err
		}
		closed, err = svc.CloseIfDone(ctx, tx, pr.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return closed
}

func wantClosureProblems(t *testing.T, err error, fields ...string) {
	t.Helper()
	e := goumai.AsError(err)
	if err == nil || e.Code != goumai.EConflict || e.Rule != "ENG-I2" || len(e.Fields) != len(fields) {
		t.Fatalf("want an ENG-I2 refusal at %v, got %v (%v)", fields, err, e.Fields)
	}
	for _, f := range fields {
		if e.Fields[f].ZH == "" || e.Fields[f].EN == "" {
			t.Errorf("no bilingual problem at %s: %v", f, e.Fields)
		}
	}
}

// TestProjectClosure: a project closes when its contract is delivered,
// evaluated and paid (ENG-I2): before that the purchaser's closing is refused
// naming what is missing, at the contract; the platform closes it in the
// transaction of the last payment; closed, the project reads as closed and
// is kept, and every change to it, its procedure or its contract is refused
// with the rule, nothing written; the log verifies.
func TestProjectClosure(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.inForce(t)
		if c.Status != goumai.ContractSigned {
			t.Fatalf("contract %s", c.Status)
		}
		_, err := sc.svc.CloseProject(ctx, sc.winner.Actor, sc.p.ProjectID)
		if code := goumai.ErrorCode(err); code != goumai.EForbidden {
			t.Errorf("the supplier closing the project: %v", err)
		}
		_, err = sc.svc.CloseProject(ctx, sc.staff, sc.p.ProjectID)
		wantClosureProblems(t, err, "contracts.0.delivered", "contracts.0.evaluated", "paid")

		deliver(t, s, c)
		grade(t, s, c)
		codes := must[[]string](t, "survey codes")(sc.svc.IssueSurveyCodes(ctx, sc.staff, c.ID, 1)) // a code handed out, answered after the closure
		_, err = sc.svc.CloseProject(ctx, sc.staff, sc.p.ProjectID)
		wantClosureProblems(t, err, "paid")
		if pay(t, s, sc.svc, sc.p, c.Amount-100) {
			t.Fatal("closed before the last payment")
		}
		if _, err := sc.svc.CloseProject(ctx, sc.staff, sc.p.ProjectID); goumai.AsError(err).Fields["paid"].ZH == "" {
			t.Fatalf("closing while 1 yuan is unpaid: %v", err)
		}
		if !pay(t, s, sc.svc, sc.p, 100) {
			t.Fatal("the last payment did not close the project")
		}
		cl := must[*goumai.ProjectClosure](t, "closure")(sc.svc.ProjectClosure(ctx, sc.p.ProjectID))
		if cl == nil || !cl.Automatic || cl.ClosedBy != 0 || cl.Contracts != 1 || cl.Total != c.Amount || cl.Paid != c.Amount || cl.ClosedAt.IsZero() {
			t.Fatalf("closure %+v", cl)
		}
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		if pr.Status != goumai.ProjectClosed || !pr.Status.Public() {
			t.Fatalf("the closed project reads as %s", pr.Status)
		}

		// Read-only (ENG-I2): each refused with the rule, nothing written.
		tree := must[int64](t, "tree")(s.TreeSize(ctx))
		refused := func(what string, err error) {
			t.Helper()
			if e := goumai.AsError(err); err == nil || e.Rule != "ENG-I2" || e.Message.ZH == "" || e.Message.EN == "" {
				t.Errorf("%s on a closed project: %v", what, err)
			}
		}
		_, err = sc.svc.CloseProject(ctx, sc.staff, sc.p.ProjectID)
		refused("closing again", err)
		cur := must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
		_, err = sc.svc.UpdateContract(ctx, sc.staff, c.ID, fullTerms(cur))
		refused("editing the contract", err)
		_, err = sc.svc.EnterContractStatistics(ctx, sc.staff, c.ID)
		refused("entering the contract for statistics", err)
		_, err = sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash))
		refused("signing the contract", err)
		_, err = sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{})
		refused("drafting another contract", err)
		for _, r := range must[[]goumai.BondRefund](t, "refunds")(s.Refunds(ctx, sc.p.ID)) {
			if r.RefundedAt == nil {
				_, err = sc.svc.RefundBond(ctx, sc.staff, r.ID)
				refused("refunding a bond", err)
				break
			}
		}
		// The public's complaints and survey answers too: the records are kept as closed.
		_, err = sc.svc.FileServiceComplaint(ctx, goumai.Actor{}, c.ID, workflow.ServiceComplaintInput{Body: "上门服务人员多次迟到。"})
		refused("a complaint about the closed project's service", err)
		_, err = sc.svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: codes[0], Ratings: []int{5, 5, 5, 5}}, "203.0.113.7")
		refused("a survey answer", err)
		_, err = sc.svc.IssueSurveyCodes(ctx, sc.staff, c.ID, 1)
		refused("issuing survey codes", err)
		if _, err := sc.svc.SubmitProject(ctx, sc.staff, pr.ID, pr.Version); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("submitting the closed project: %v", err)
		}
		if got := must[int64](t, "tree")(s.TreeSize(ctx)); got != tree {
			t.Errorf("refusals wrote %d events", got-tree)
		}
		// Kept: the records read as before.
		if got := must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID)); got.Hash != cur.Hash || got.Status != goumai.ContractSigned {
			t.Errorf("the contract changed: %+v", got)
		}
		if v := must[workflow.ContractView](t, "public")(sc.svc.Contract(ctx, goumai.Actor{}, c.ID)); v.ID != c.ID {
			t.Errorf("the public no longer reads the contract")
		}
		verifiedScene(t, s)
	})
}

// TestProjectClosureByPurchaser: the purchaser's staff close a project whose
// contract is delivered, evaluated and paid (a payment that did not check
// the closure itself); the closure names them.
func TestProjectClosureByPurchaser(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.inForce(t)
		deliver(t, s, c)
		grade(t, s, c)
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			pr, err := tx.Project(ctx, sc.p.ProjectID)
			if err != nil {
				return err
			}
			_, _, err = tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerPay, Amount: c.Amount, ProjectID: pr.ID}, pr.Region)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		cl := must[goumai.ProjectClosure](t, "close")(sc.svc.CloseProject(ctx, sc.staff, sc.p.ProjectID))
		if cl.Automatic || cl.ClosedBy != sc.staff.UserID || cl.Paid != c.Amount {
			t.Errorf("closure %+v", cl)
		}
		evs := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, Limit: 5}))
		if len(evs) == 0 || evs[0].Action != "project.close" {
			t.Errorf("the closure is not the latest public event: %+v", evs)
		}
		verifiedScene(t, s)
	})
}

package workflow_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// reportedScene is a tender of four bidders, opened, reviewed and scored by
// its panel (equal quality: price decides), its report before the purchaser
// (ProcConfirmation, due in 5 working days); its lot carries a bid bond.
func reportedScene(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) (*bw, goumai.Procurement, goumai.Lot) {
	t.Helper()
	return reportedSceneOf(t, s, clock, 48_000_000, 47_000_000, 46_000_000, 45_000_000)
}

// reportedSceneOf is reportedScene with one bidder per price, bidders[i]
// bidding prices[i]; each lot's rank 1 qualified (资质审核).
func reportedSceneOf(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock, prices ...goumai.Fen) (*bw, goumai.Procurement, goumai.Lot) {
	t.Helper()
	w, p, lot := unqualifiedSceneOf(t, s, clock, prices...)
	qualifyAll(t, w, p)
	return w, p, lot
}

// unqualifiedSceneOf is reportedSceneOf before the qualification.
func unqualifiedSceneOf(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock, prices ...goumai.Fen) (*bw, goumai.Procurement, goumai.Lot) {
	t.Helper()
	ctx := context.Background()
	e := evalWorldOpened(t, s, clock, prices...)
	if _, err := s.DB().ExecContext(ctx, `UPDATE procurement_lots SET bid_bond = 500000 WHERE id = $1`, e.lot.ID); err != nil {
		t.Fatal(err)
	}
	e.passAll(t)
	for _, o := range e.opened {
		e.score(t, o, "50", "30")
	}
	must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
	p := must[goumai.Procurement](t, "procurement")(e.svc.Procurement(ctx, e.staff, e.p.ID))
	if p.Status != goumai.ProcConfirmation || p.NextDue == nil {
		t.Fatalf("after the report: %s due %v", p.Status, p.NextDue)
	}
	return e.bw, p, must[[]goumai.Lot](t, "lots")(s.Lots(ctx, p.ID))[0]
}

// TestResult confirms and publishes a result: the purchaser may confirm only
// the report's rank 1, once (two at once: one wins); the organiser publishes
// the result notice with the winner, its amount and address; each bidder gets
// its letter; the others' bonds are due within 5 working days, the winner's
// once its contract is signed; a refund is recorded once.
func TestResult(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := reportedScene(t, s, clock)
		rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		cheapest := cheapestOpened(rec)
		other := rec.Bids[0]
		if other.ID == cheapest.ID {
			other = rec.Bids[1]
		}
		confirm := func(a goumai.Actor, bid int64) error {
			_, err := w.svc.ConfirmResult(ctx, a, p.ID, workflow.ConfirmInput{Version: p.Version, Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: bid}},
				Opinion: "同意评审报告推荐的中标候选人。"})
			return err
		}
		for _, c := range []struct {
			name string
			a    goumai.Actor
			bid  int64
			code goumai.Code
			rule string
		}{
			{"the purchaser picking another than rank 1 (ENG-D6)", w.staff, other.ID, goumai.EForbidden, "ENG-D6"},
			{"a supplier", w.bidders[0].Actor, cheapest.ID, goumai.EForbidden, ""},
			{"the finance reviewer", w.reviewer, cheapest.ID, goumai.EForbidden, ""},
		} {
			if err := confirm(c.a, c.bid); goumai.ErrorCode(err) != c.code || goumai.AsError(err).Rule != c.rule {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.rule)
			}
		}
		if _, err := w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version}); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Errorf("confirming no lot: %v", err)
		}
		long := workflow.ConfirmInput{Version: p.Version, Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: cheapest.ID}},
			Opinion: strings.Repeat("意", workflow.MaxConfirmOpinion+1)}
		if _, err := w.svc.ConfirmResult(ctx, w.staff, p.ID, long); goumai.ErrorCode(err) != goumai.EInvalid || goumai.AsError(err).Fields["opinion"].ZH == "" {
			t.Errorf("an opinion of %d characters: %v", workflow.MaxConfirmOpinion+1, err)
		}
		if n := countEvents(t, s, "procurements", p.ID, "procurement.confirm"); n != 0 {
			t.Fatalf("refusals changed the procedure: %d confirmations", n)
		}
		// Two confirmations at once: exactly one wins.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = confirm(w.staff, cheapest.ID) }()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two confirmations at once: %v, %v", errs[0], errs[1])
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcConfirmed || p.NextDue == nil {
			t.Fatalf("after the confirmation: %s due %v", p.Status, p.NextDue)
		}
		awards := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID))
		if len(awards) != 1 || awards[0].OrgID != cheapest.OrgID || awards[0].Amount != cheapest.Price || awards[0].Deemed ||
			awards[0].Opinion != "同意评审报告推荐的中标候选人。" {
			t.Fatalf("awards %+v", awards)
		}
		// The result notice, by the organiser only.
		if _, err := w.svc.PublishResult(ctx, w.bidders[0].Actor, p.ID, p.Version); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("a supplier publishing the result: %v", err)
		}
		n := must[goumai.Notice](t, "publish")(w.svc.PublishResult(ctx, w.staff, p.ID, p.Version))
		if n.Kind != goumai.NoticeResult || len(n.Body.Awards) != 1 || n.Body.Awards[0].Supplier != cheapest.Supplier ||
			n.Body.Awards[0].Amount != cheapest.Price || n.Body.Awards[0].Address == "" {
			t.Fatalf("result notice %+v", n.Body.Awards)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcAwarded {
			t.Fatalf("after the result notice: %s", p.Status)
		}
		if _, err := w.svc.PublishResult(ctx, w.staff, p.ID, p.Version); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("publishing twice: %v", err)
		}
		// Letters: an award to the winner, a result letter to each other bidder.
		for _, o := range rec.Bids {
			ls := must[[]goumai.AwardLetter](t, "letters")(s.OrgLetters(ctx, o.OrgID))
			want := goumai.LetterResult
			if o.OrgID == cheapest.OrgID {
				want = goumai.LetterAward
			}
			if len(ls) != 1 || ls[0].Kind != want || ls[0].NoticeID != n.ID {
				t.Errorf("letters of %s: %+v, want one %s", o.Supplier, ls, want)
			}
		}
		// Bonds: the others' due within 5 working days, the winner's pending its contract.
		refunds := must[[]goumai.BondRefund](t, "refunds")(s.Refunds(ctx, p.ID))
		if len(refunds) != len(rec.Bids) {
			t.Fatalf("refunds %+v", refunds)
		}
		for _, r := range refunds {
			if (r.OrgID == cheapest.OrgID) != (r.DueAt == nil) || r.Amount != 500000 {
				t.Errorf("refund %+v", r)
			}
		}
		loser := refunds[slices.IndexFunc(refunds, func(r goumai.BondRefund) bool { return r.DueAt != nil })]
		if _, err := w.svc.RefundBond(ctx, w.bidders[0].Actor, loser.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("a supplier recording a refund: %v", err)
		}
		if r := must[goumai.BondRefund](t, "refund")(w.svc.RefundBond(ctx, w.staff, loser.ID)); r.RefundedAt == nil || r.RefundedBy != w.staff.UserID {
			t.Errorf("refunded %+v", r)
		}
		if _, err := w.svc.RefundBond(ctx, w.staff, loser.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("refunding twice: %v", err)
		}
	})
}

// TestResultDeadlines: past the purchaser's limit a tender's confirmation is
// marked overdue (nothing confirmed for it); a late result notice likewise.
func TestResultDeadlines(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, _ := reportedScene(t, s, clock)
		clock.Set(p.NextDue.Add(time.Minute))
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcConfirmation || p.NextDue != nil || countEvents(t, s, "procurements", p.ID, "procurement.confirmation_overdue") != 1 {
			t.Fatalf("a tender past the purchaser's limit: %s due %v", p.Status, p.NextDue)
		}
		if as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID)); len(as) != 0 {
			t.Fatalf("a tender's result is never deemed accepted: %+v", as)
		}
	})
}

// consultationScene publishes a 竞争性磋商 for a purchase of services of
// ¥500,000, its responses due on 30 March 2026 at 09:30.
func consultationScene(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) (*bw, goumai.Procurement, time.Time) {
	t.Helper()
	ctx := context.Background()
	w := newBidWorld(t, s, clock)
	w.lists(t, nil, nil)
	pr := w.approved(t, 50_000_000)
	deadline := at(2026, 3, 30, 9, 30)
	p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
		Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices}))
	p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
		u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
	})
	return w, must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version)), deadline
}

// TestConsultationWithTwo: a 竞争性磋商 for a purchase of services with two
// bids goes on to evaluation at its opening (ENG-E3).
func TestConsultationWithTwo(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, deadline := consultationScene(t, s, clock)
		lot := w.lot(t, p)
		w.submitAt(t, w.bidders[0], p, lot, 46_000_000)
		w.submitAt(t, w.bidders[1], p, lot, 45_000_000)
		clock.Set(deadline)
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcEvaluation {
			t.Fatalf("a consultation for services with two bids is %s, want evaluation (ENG-E3)", p.Status)
		}
	})
}

// TestConsultationDeemed: when the purchaser lets its 5 working days pass
// without objection, the tick deems a 磋商's qualified rank 1 accepted
// (ENG-D6); a rank 1 not qualified is never deemed (资质审核): the
// confirmation is marked overdue instead.
func TestConsultationDeemed(t *testing.T) {
	for _, qualified := range []bool{true, false} {
		t.Run(map[bool]string{true: "qualified", false: "not qualified"}[qualified], func(t *testing.T) { consultationDeemed(t, qualified) })
	}
}

func consultationDeemed(t *testing.T, qualified bool) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorldBy(t, s, clock, goumai.MethodConsultation, 46_000_000, 45_000_000)
		e.passAll(t)
		for _, o := range e.opened {
			e.score(t, o, "50", "30")
		}
		must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
		p := must[goumai.Procurement](t, "procurement")(e.svc.Procurement(ctx, e.staff, e.p.ID))
		if qualified {
			qualifyAll(t, e.bw, p)
		}
		clock.Set(p.NextDue.Add(time.Minute))
		if _, err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(e.svc.Procurement(ctx, e.staff, p.ID))
		as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID))
		if !qualified {
			if p.Status != goumai.ProcConfirmation || len(as) != 0 || p.NextDue != nil {
				t.Fatalf("an unqualified rank 1 after the purchaser's limit: %s due %v, awards %+v", p.Status, p.NextDue, as)
			}
			return
		}
		if p.Status != goumai.ProcConfirmed || len(as) != 1 || !as[0].Deemed || as[0].OrgID != e.bidders[1].Org.ID || as[0].ConfirmedBy != 0 {
			t.Fatalf("after the purchaser's limit: %s, awards %+v", p.Status, as)
		}
	})
}

// TestResultChallenged: a bidder's challenge of the opening record freezes
// the result notice (ENG-D8, GPL-IR Art. 54); the organiser upholds it with a
// re-evaluation, which withdraws the confirmed award and sends the procedure
// back to its panel in the answer's transaction.
func TestResultChallenged(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := reportedScene(t, s, clock)
		rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		cheapest := cheapestOpened(rec)
		p = must[goumai.Procurement](t, "confirm")(w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version,
			Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: cheapest.ID}}}))
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		opening := ns[slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeOpening })]
		loser := w.bidders[0]
		if loser.Org.ID == cheapest.OrgID {
			loser = w.bidders[1]
		}
		c := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, loser.Actor, p.ID, workflow.ChallengeInput{NoticeID: opening.ID,
			Claims: "第一名的报价明显低于成本，请重新评审。", Facts: "见附件成本测算。"}))
		if _, err := w.svc.PublishResult(ctx, w.staff, p.ID, p.Version); goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "ENG-D8" {
			t.Fatalf("publishing the result while a challenge waits: %v", err)
		}
		must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c.ID, workflow.RulingInput{Verdict: goumai.VerdictUpheld,
			Outcome: goumai.OutcomeReevaluate, Reasons: "经核查，评审中未要求第一名说明报价合理性，质疑成立，由原评审委员会重新评审。"}))
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID)); p.Status != goumai.ProcEvaluation || len(as) != 0 {
			t.Fatalf("after the upheld challenge: %s with awards %+v", p.Status, as)
		}
		if countEvents(t, s, "procurements", p.ID, "procurement.reevaluate") != 1 {
			t.Error("the re-evaluation is one event of the procedure")
		}
	})
}

// TestSplittingCountsAPurchaseOnce: a 磋商 that failed with one response and
// its re-tender are one purchase — the re-tender's 化整为零 sum (ENG-C3) does
// not count the failed procedure again.
func TestSplittingCountsAPurchaseOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, deadline := consultationScene(t, s, clock)
		w.submitAt(t, w.bidders[0], p, w.lot(t, p), 46_000_000)
		clock.Set(deadline)
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcFailed {
			t.Fatalf("a consultation with one response is %s, want failed (ENG-E3)", p.Status)
		}
		next := must[goumai.Procurement](t, "retender")(w.svc.FollowUp(ctx, w.staff, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "retender"}))
		c := must[workflow.ProcurementCheck](t, "validate")(w.svc.ValidateProcurement(ctx, w.staff, next.ID))
		if c.Splitting.Earlier != 0 || c.Splitting.Flagged {
			t.Errorf("the re-tender's 化整为零 figures count the failed procedure: %+v", c.Splitting)
		}
		// Nor does the red-flag report group the two as two purchases.
		for _, g := range must[[]sqlstore.SplitGroup](t, "split groups")(s.SplitGroups(ctx, p.Region)) {
			if g.PurchaserOrgID == p.PurchaserOrgID {
				t.Errorf("the failed procedure and its re-tender form a 化整为零 group: %+v", g)
			}
		}
	})
}

package workflow_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestEvaluationReport: three small firms' bids reviewed and scored by five
// experts; the report ranks them by the known answer and moves the
// procedure to the purchaser's confirmation, its ranking exported.
//
// Prices ¥450,000, ¥400,000, ¥420,000 less 10 % (ENG-G4): 405,000, 360,000,
// 378,000; base 360,000; price scores (weight 20, ENG-G3) 17.7778, 20,
// 19.0476; items 50+30, 30+30, 50+20 → 97.7778, 80, 89.0476.
func TestEvaluationReport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		e.passAll(t)
		e.score(t, e.opened[0], "50", "30")
		e.score(t, e.opened[1], "30", "30")
		e.score(t, e.opened[2], "50", "20")
		must[goumai.Dissent](t, "dissent")(e.svc.RecordDissent(ctx, e.experts[4], e.p.ID, workflow.DissentInput{Text: "第二名的服务方案应得满分。"}))
		if _, err := e.svc.Report(ctx, e.experts[0], e.p.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("an expert sends the report: %v, want forbidden (the organiser sends it)", err)
		}
		rep := must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
		if e.status(t) != goumai.ProcConfirmation {
			t.Fatalf("status %s, want confirmation", e.status(t))
		}
		want := []struct {
			id    int64
			score goumai.Score
			ev    goumai.Fen
		}{{e.opened[0].ID, 977778, 40_500_000}, {e.opened[2].ID, 890476, 37_800_000}, {e.opened[1].ID, 800000, 36_000_000}}
		var got []goumai.LotRanking
		if err := s.Update(ctx, func(tx *sqlstore.Tx) (err error) { got, err = e.svc.Ranking(ctx, tx, e.p.ID); return }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(got[0].Ranks) != 3 {
			t.Fatalf("ranking %+v", got)
		}
		for i, w := range want {
			r := got[0].Ranks[i]
			if r.OpenedBidID != w.id || r.Score != w.score || r.EvaluatedPrice != w.ev || r.Rank != i+1 || r.TieDrawn {
				t.Errorf("rank %d: %+v, want bid %d score %d evaluated %d", i+1, r, w.id, w.score, w.ev)
			}
		}
		if len(rep.Scores) != 3*5*2 || len(rep.Dissents) != 1 || len(rep.Reviews) != 6 || rep.Seed == "" || rep.LogSize == 0 || rep.Late {
			t.Errorf("report: %d scores, %d dissents, %d reviews, seed %q, log %d, late %v", len(rep.Scores), len(rep.Dissents), len(rep.Reviews),
				rep.Seed, rep.LogSize, rep.Late)
		}
		if n := countEvents(t, s, "eval_reports", rep.ID, "evaluation.report"); n != 1 {
			t.Errorf("%d report events", n)
		}
	})
}

// evalWritten is what a refused action must leave as it was.
type evalWritten struct{ tree, scores, reviews, reevals int64 }

func evalWrittenNow(t *testing.T, s *sqlstore.Store) evalWritten {
	t.Helper()
	ctx := context.Background()
	var c evalWritten
	var err error
	if c.tree, err = s.TreeSize(ctx); err != nil {
		t.Fatal(err)
	}
	for q, n := range map[string]*int64{"SELECT count(*) FROM eval_scores": &c.scores, "SELECT count(*) FROM eval_reviews": &c.reviews,
		"SELECT count(*) FROM eval_reevaluations": &c.reevals} {
		if err := s.DB().QueryRowContext(ctx, q).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestEvaluationRefusals: bad input refused with the rule named, nothing written.
func TestEvaluationRefusals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		e.passAll(t)
		x := e.experts[0]
		score := func(a goumai.Actor, bid int64, item, pts string) func() error {
			return func() error {
				_, err := e.svc.ScoreBid(ctx, a, e.p.ID, bid, workflow.ScoreInput{Scores: []workflow.ScoreEntry{{Item: item, Points: pts, Reason: "理由"}}})
				return err
			}
		}
		// A member who acts for a bidder: a conflict (ENG-F4).
		conflicted := e.member(t, e.bidders[1].Org, "conflicted.expert", goumai.RoleExpert)
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			id, err := tx.InsertPanelMember(ctx, goumai.PanelMember{ProcurementID: e.p.ID, UserID: conflicted.UserID, Kind: goumai.PanelExpert})
			if err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "panel.seat", Table: "panel_members", Key: id, Region: e.p.Region})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			run  func() error
			code goumai.Code
			rule string
		}{
			{"a score outside the item's range", score(x, e.opened[0].ID, "服务方案", "51"), goumai.EInvalid, "ENG-G5"},
			{"a range item scored between its ranges", score(x, e.opened[0].ID, "服务方案", "40"), goumai.EInvalid, "ENG-G5"},
			{"a criterion not in the documents", score(x, e.opened[0].ID, "企业荣誉", "5"), goumai.EInvalid, "ENG-G5"},
			{"the price item scored by hand", score(x, e.opened[0].ID, "价格", "20"), goumai.EInvalid, "ENG-G3"},
			{"points not a number", score(x, e.opened[0].ID, "服务方案", "五十"), goumai.EInvalid, ""},
			{"scoring a conflicting bid", score(conflicted, e.opened[1].ID, "服务方案", "50"), goumai.EForbidden, "ENG-F4"},
			{"scoring by someone off the panel", score(e.fapp, e.opened[0].ID, "服务方案", "50"), goumai.EForbidden, ""},
			{"a bidder scores", score(e.bidders[0].Actor, e.opened[1].ID, "服务方案", "50"), goumai.EForbidden, ""},
			{"an expert reviews qualification of a tender", func() error {
				_, err := e.svc.ReviewBid(ctx, x, e.p.ID, e.opened[0].ID, workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: true})
				return err
			}, goumai.EForbidden, ""},
			{"a failed review without its reason", func() error {
				_, err := e.svc.ReviewBid(ctx, x, e.p.ID, e.opened[0].ID, workflow.ReviewInput{Stage: goumai.ReviewCompliance})
				return err
			}, goumai.EInvalid, ""},
			{"the report before the scores", func() error { _, err := e.svc.Report(ctx, e.staff, e.p.ID); return err }, goumai.EConflict, ""},
			{"a re-evaluation before the report", func() error {
				_, err := e.svc.Reevaluate(ctx, e.staff, e.p.ID, workflow.ReevaluateInput{Reason: rules.ReevalSumError, Detail: "汇总有误"})
				return err
			}, goumai.EConflict, ""},
		} {
			t.Run(c.name, func(t *testing.T) { refusedEval(t, s, c.run, c.code, c.rule) })
		}

		// After the report (the conflicted member recused first).
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			ms, err := tx.PanelMembers(ctx, e.p.ID)
			if err != nil {
				return err
			}
			m := ms[len(ms)-1]
			if err := tx.RecusePanelMember(ctx, m.ID, "受雇于投标人"); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "panel.recuse", Table: "panel_members", Key: m.ID, Region: e.p.Region})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range e.opened {
			e.score(t, o, "50", "30")
		}
		must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
		for _, c := range []struct {
			name string
			run  func() error
			code goumai.Code
			rule string
		}{
			{"scoring after the report", score(x, e.opened[0].ID, "服务方案", "30"), goumai.EConflict, "ENG-G8"},
			{"a review after the report", func() error {
				_, err := e.svc.ReviewBid(ctx, x, e.p.ID, e.opened[0].ID, workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true})
				return err
			}, goumai.EConflict, "ENG-G8"},
			{"a re-evaluation for a site visit", func() error {
				_, err := e.svc.Reevaluate(ctx, e.staff, e.p.ID, workflow.ReevaluateInput{Reason: "site_visit", Detail: "现场考察后发现问题"})
				return err
			}, goumai.EInvalid, "ENG-G8"},
			{"a re-evaluation without what it concerns", func() error {
				_, err := e.svc.Reevaluate(ctx, e.staff, e.p.ID, workflow.ReevaluateInput{Reason: rules.ReevalSumError})
				return err
			}, goumai.EInvalid, ""},
			{"a re-evaluation by an expert", func() error {
				_, err := e.svc.Reevaluate(ctx, x, e.p.ID, workflow.ReevaluateInput{Reason: rules.ReevalSumError, Detail: "汇总有误"})
				return err
			}, goumai.EForbidden, ""},
			{"a second report", func() error { _, err := e.svc.Report(ctx, e.staff, e.p.ID); return err }, goumai.EConflict, ""},
		} {
			t.Run(c.name, func(t *testing.T) { refusedEval(t, s, c.run, c.code, c.rule) })
		}
	})
}

func refusedEval(t *testing.T, s *sqlstore.Store, run func() error, code goumai.Code, rule string) {
	t.Helper()
	before := evalWrittenNow(t, s)
	err := run()
	if goumai.ErrorCode(err) != code {
		t.Fatalf("error %v, want %s", err, code)
	}
	if rule != "" && goumai.AsError(err).Rule != rule {
		t.Fatalf("rule %q, want %q (%v)", goumai.AsError(err).Rule, rule, err)
	}
	if after := evalWrittenNow(t, s); after != before {
		t.Fatalf("written: %+v → %+v", before, after)
	}
}

// TestEvaluationQuorum: a tender with two of three bids failing compliance
// fails once the last review is in (ENG-E2), its 废标公告 published.
func TestEvaluationQuorum(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		for _, o := range e.opened {
			e.review(t, o, goumai.ReviewQualification, true)
		}
		e.review(t, e.opened[0], goumai.ReviewCompliance, true)
		e.review(t, e.opened[1], goumai.ReviewCompliance, false)
		if e.status(t) != goumai.ProcEvaluation {
			t.Fatalf("status %s before the last review", e.status(t))
		}
		e.review(t, e.opened[2], goumai.ReviewCompliance, false)
		if e.status(t) != goumai.ProcFailed {
			t.Fatalf("status %s, want failed (ENG-E2)", e.status(t))
		}
		if n := countEvents(t, s, "procurements", e.p.ID, "procurement.fail"); n != 1 {
			t.Errorf("%d fail events", n)
		}
	})
}

// TestReportRace: two organisers' reports at once: exactly one wins.
func TestReportRace(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		e.passAll(t)
		for _, o := range e.opened {
			e.score(t, o, "50", "30")
		}
		other := e.member(t, e.buyer, "staff.two", goumai.RolePurchaserStaff)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, a := range []goumai.Actor{e.staff, other} {
			wg.Go(func() { _, errs[i] = e.svc.Report(ctx, a, e.p.ID) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch goumai.ErrorCode(err) {
			case "":
				ok++
			case goumai.EConflict:
			default:
				t.Errorf("report: %v", err)
			}
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM eval_reports").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || n != 1 {
			t.Fatalf("%d reports won, %d stored: %v", ok, n, errs)
		}
	})
}

// TestReevaluation: a re-evaluation for an out-of-range score reopens the
// evaluation for the same panel; the corrected scores change the ranking,
// so the new report is marked changed, logged for the finance department
// and on its staff's to-do list (ENG-G8). A member seated after the first
// report may not score.
func TestReevaluation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		e.passAll(t)
		e.score(t, e.opened[0], "50", "30")
		e.score(t, e.opened[1], "30", "30")
		e.score(t, e.opened[2], "50", "20")
		first := must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
		clock.Set(clock.Now().Add(time.Hour))
		must[goumai.Reevaluation](t, "reevaluate")(e.svc.Reevaluate(ctx, e.staff, e.p.ID,
			workflow.ReevaluateInput{Reason: rules.ReevalObjectiveDiffer, Detail: "持证人员比例为客观因素，各专家评分应一致"}))
		if e.status(t) != goumai.ProcEvaluation {
			t.Fatalf("status %s, want evaluation", e.status(t))
		}
		// A member seated after the report is not of the original panel (ENG-G8).
		late := e.member(t, e.experts[0].Org, "late.expert", goumai.RoleExpert)
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			id, err := tx.InsertPanelMember(ctx, goumai.PanelMember{ProcurementID: e.p.ID, UserID: late.UserID, Kind: goumai.PanelExpert})
			if err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "panel.seat", Table: "panel_members", Key: id, Region: e.p.Region})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ScoreBid(ctx, late, e.p.ID, e.opened[0].ID, workflow.ScoreInput{Scores: []workflow.ScoreEntry{{Item: "服务方案", Points: "50"}}})
		if goumai.ErrorCode(err) != goumai.EForbidden || goumai.AsError(err).Rule != "ENG-G8" {
			t.Fatalf("a member seated after the report scores: %v, want forbidden ENG-G8", err)
		}
		e.score(t, e.opened[0], "10", "0")
		// Reported a week after the evaluation's last act: late (ENG-D6).
		clock.Set(clock.Now().Add(7 * 24 * time.Hour))
		second := must[goumai.EvaluationReport](t, "report again")(e.svc.Report(ctx, e.staff, e.p.ID))
		if second.Round != 2 || !second.Changed || second.Reason != string(rules.ReevalObjectiveDiffer) || !second.Late {
			t.Fatalf("second report: round %d changed %v reason %q late %v", second.Round, second.Changed, second.Reason, second.Late)
		}
		if first.Lots[0].Ranks[0].OpenedBidID == second.Lots[0].Ranks[0].OpenedBidID {
			t.Errorf("rank 1 unchanged")
		}
		if n := countEvents(t, s, "eval_reports", second.ID, "evaluation.finance_report"); n != 1 {
			t.Errorf("%d finance reports", n)
		}
		in := must[workflow.Inbox](t, "inbox")(e.svc.Inbox(ctx, e.fapp))
		if !hasItemLike(in.Todo, "todo.kind.reevaluation", e.p.Code) {
			t.Errorf("finance to-do: %+v", in.Todo)
		}
	})
}

// TestAbnormalLowPrice: a price below half the mean and 45 % of the ceiling
// (ENG-G7) is not scored until the panel accepts its written justification;
// another bidder cannot answer for it; an unanswered query expires at its
// deadline by the tick, and the bid is invalid.
func TestAbnormalLowPrice(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 44_000_000, 46_000_000, 15_000_000, 16_000_000)
		e.passAll(t)
		low, late, x := e.opened[3], e.opened[4], e.experts[0]
		scoreLow := func(o goumai.OpenedBid) error {
			_, err := e.svc.ScoreBid(ctx, x, e.p.ID, o.ID, workflow.ScoreInput{Scores: []workflow.ScoreEntry{{Item: "服务方案", Points: "50"}}})
			return err
		}
		if err := scoreLow(low); goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "ENG-G7" {
			t.Fatalf("scoring a low price unqueried: %v, want conflict ENG-G7", err)
		}
		q := must[goumai.PriceQuery](t, "query")(e.svc.QueryPrice(ctx, x, e.p.ID, low.ID, workflow.PriceQueryInput{DueAt: clock.Now().Add(2 * time.Hour)}))
		if !slices.Equal(q.Triggers, []string{rules.TriggerMean, rules.TriggerCeiling}) {
			t.Errorf("triggers %v", q.Triggers)
		}
		q2 := must[goumai.PriceQuery](t, "query")(e.svc.QueryPrice(ctx, x, e.p.ID, late.ID, workflow.PriceQueryInput{DueAt: clock.Now().Add(time.Hour)}))
		if _, err := e.svc.JustifyPrice(ctx, e.bidders[0].Actor, q.ID, workflow.JustifyInput{Justification: "代为说明"}); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("another bidder justifies: %v, want not found", err)
		}
		must[goumai.PriceQuery](t, "justify")(e.svc.JustifyPrice(ctx, e.bidders[3].Actor, q.ID, workflow.JustifyInput{Justification: "本公司自有场地和车辆，人工成本低于同行。"}))
		must[goumai.PriceQuery](t, "accept")(e.svc.DecidePrice(ctx, x, q.ID, workflow.PriceDecisionInput{Accept: true, Reason: "成本构成合理，附有证明材料。"}))
		if err := scoreLow(low); err != nil {
			t.Fatalf("scoring an accepted price: %v", err)
		}

		// The other query is not answered by its deadline.
		clock.Set(clock.Now().Add(90 * time.Minute))
		if _, err := e.svc.JustifyPrice(ctx, e.bidders[4].Actor, q2.ID, workflow.JustifyInput{Justification: "迟到的说明"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("late justification: %v, want conflict", err)
		}
		if _, err := e.svc.Tick(ctx); err != nil {
			t.Fatalf("tick: %v", err)
		}
		if n := countEvents(t, s, "eval_price_queries", q2.ID, "evaluation.expire"); n != 1 {
			t.Fatalf("%d expiries", n)
		}
		if err := scoreLow(late); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("scoring an invalid bid: %v, want conflict", err)
		}
	})
}

// TestConsultationFinalOffers: a 磋商 for a purchase of services goes on with
// two suppliers (ENG-E3); the panel calls final offers, which the ranking
// uses; the failed supplier may not offer. A round one of the two leaves
// unanswered leaves one: the procedure fails (ENG-E3).
func TestConsultationFinalOffers(t *testing.T) {
	for _, both := range []bool{true, false} {
		name := map[bool]string{true: "two_offer", false: "one_offers"}[both]
		t.Run(name, func(t *testing.T) { consultationOffers(t, both) })
	}
}

func consultationOffers(t *testing.T, both bool) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorldBy(t, s, clock, goumai.MethodConsultation, 45_000_000, 40_000_000, 42_000_000)
		for _, o := range e.opened {
			e.review(t, o, goumai.ReviewQualification, true)
		}
		e.review(t, e.opened[0], goumai.ReviewCompliance, true)
		e.review(t, e.opened[1], goumai.ReviewCompliance, true)
		e.review(t, e.opened[2], goumai.ReviewCompliance, false)
		if e.status(t) != goumai.ProcEvaluation {
			t.Fatalf("status %s: a 磋商 for services goes on with two (ENG-E3)", e.status(t))
		}
		r := must[goumai.OfferRound](t, "call")(e.svc.CallFinalOffers(ctx, e.experts[0], e.p.ID, workflow.OfferCallInput{LotID: e.lot.ID, DueAt: clock.Now().Add(time.Hour)}))
		must[goumai.FinalOffer](t, "offer")(e.svc.SubmitFinalOffer(ctx, e.bidders[0].Actor, e.p.ID, r.ID, workflow.OfferInput{Price: 38_000_000}))
		if both {
			must[goumai.FinalOffer](t, "offer")(e.svc.SubmitFinalOffer(ctx, e.bidders[1].Actor, e.p.ID, r.ID, workflow.OfferInput{Price: 39_000_000}))
		}
		_, err := e.svc.SubmitFinalOffer(ctx, e.bidders[2].Actor, e.p.ID, r.ID, workflow.OfferInput{Price: 30_000_000})
		if goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "ENG-E3" {
			t.Fatalf("the failed supplier offers: %v, want conflict ENG-E3", err)
		}
		clock.Set(clock.Now().Add(2 * time.Hour))
		for _, o := range e.opened[:2] {
			if both || o.ID == e.opened[0].ID {
				e.score(t, o, "50", "30")
			}
		}
		rep, err := e.svc.Report(ctx, e.staff, e.p.ID)
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		if !both {
			if e.status(t) != goumai.ProcFailed {
				t.Fatalf("one supplier left: status %s, want failed (ENG-E3)", e.status(t))
			}
			return
		}
		// Final offers 38M and 39M less 10 %: 34.2M and 35.1M; equal items, so the lower price wins.
		rk := rep.Lots[0].Ranks
		if len(rk) != 2 || rk[0].OpenedBidID != e.opened[0].ID || rk[0].Price != 38_000_000 || rk[1].EvaluatedPrice != 35_100_000 {
			t.Fatalf("ranking %+v", rk)
		}
	})
}

// TestEvaluationView: insiders and the panel read everything; a bidder its
// own bid and queries only; another supplier nothing.
func TestEvaluationView(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
		for _, a := range []goumai.Actor{e.staff, e.experts[2], e.fapp} {
			v := must[workflow.EvaluationView](t, "view")(e.svc.Evaluation(ctx, a, e.p.ID))
			if len(v.Bids) != 3 || len(v.Members) != 5 {
				t.Errorf("%s sees %d bids, %d members", a.Username, len(v.Bids), len(v.Members))
			}
		}
		v := must[workflow.EvaluationView](t, "bidder view")(e.svc.Evaluation(ctx, e.bidders[1].Actor, e.p.ID))
		if len(v.Bids) != 1 || v.Bids[0].OrgID != e.bidders[1].Org.ID || len(v.Members) != 0 || len(v.Scores) != 0 {
			t.Errorf("bidder sees %+v", v)
		}
		if _, err := e.svc.Evaluation(ctx, e.bidders[3].Actor, e.p.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("a supplier that did not bid: %v, want forbidden", err)
		}
	})
}

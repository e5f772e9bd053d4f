package workflow_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// awardedScene confirms rank 1 of a reported scene and publishes its result
// notice: bidders[i] bid prices[i], the cheapest wins.
func awardedScene(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock, prices ...goumai.Fen) (*bw, goumai.Procurement, goumai.Lot, goumai.Notice) {
	t.Helper()
	ctx := context.Background()
	w, p, lot := reportedSceneOf(t, s, clock, prices...)
	ranking := must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
	p = must[goumai.Procurement](t, "confirm")(w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version,
		Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: ranking[0].Ranks[0].OpenedBidID}}}))
	n := must[goumai.Notice](t, "publish")(w.svc.PublishResult(ctx, w.staff, p.ID, p.Version))
	p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
	return w, p, lot, n
}

// upheldRerank is an answer upholding a challenge: the award of org falls.
func upheldRerank(org int64) workflow.RulingInput {
	return workflow.RulingInput{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeRerank, SetAsideOrgID: org,
		Reasons: "经核查，第一名提供的服务人员资格证书系伪造，其投标无效，质疑成立，依法另行确定成交供应商。"}
}

// TestRerank: a published result is challenged by the rank-2 and rank-3
// bidders within the window; the organiser upholds the first with a
// re-ranking (another open challenge still freezing the confirmation,
// ENG-D8), which sets the winner's bid aside, withdraws the award, voids
// the letters and sends the result back to the purchaser; the purchaser may
// confirm only the new rank 1 (ENG-D6); the new result notice says it
// replaces the first, the letters go out again and the new winner's bond
// is held for its contract while the old winner's falls due. Every
// refusal names its rule and writes nothing.
func TestRerank(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot, first := awardedScene(t, s, clock, 48_000_000, 47_000_000, 46_000_000, 45_000_000)
		winner, second, third := w.bidders[3], w.bidders[2], w.bidders[1]
		rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		bidOf := func(b bidder) goumai.OpenedBid {
			return rec.Bids[slices.IndexFunc(rec.Bids, func(o goumai.OpenedBid) bool { return o.OrgID == b.Org.ID })]
		}
		before := must[[]goumai.BondRefund](t, "refunds")(s.Refunds(ctx, p.ID))

		c1 := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, second.Actor, p.ID, workflow.ChallengeInput{NoticeID: first.ID,
			Claims: "成交供应商提供的服务人员资格证书系伪造，请求认定其投标无效。", Facts: "见证书编号核验结果。"}))
		c2 := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, third.Actor, p.ID, workflow.ChallengeInput{NoticeID: first.ID,
			Claims: "评分标准中服务方案的分值过高，请求重新评审。"}))
		answer := func(c goumai.Challenge, in workflow.RulingInput) func() error {
			return func() error { _, err := w.svc.AnswerChallenge(ctx, w.staff, c.ID, in); return err }
		}
		confirm := func(b bidder) func() error {
			return func() error {
				q := must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
				_, err := w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: q.Version,
					Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: bidOf(b).ID}}})
				return err
			}
		}
		publish := func() error {
			q := must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
			_, err := w.svc.PublishResult(ctx, w.staff, p.ID, q.Version)
			return err
		}
		refuseAll(t, s, []badStep{
			{"publishing the result again while the challenges wait", publish, goumai.EConflict, ""},
			{"a rerank naming no supplier", answer(c1, workflow.RulingInput{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeRerank, Reasons: "成立。"}),
				goumai.EInvalid, "set_aside_org_id"},
			{"a supplier named without a rerank", answer(c1, workflow.RulingInput{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeReevaluate,
				SetAsideOrgID: winner.Org.ID, Reasons: "成立。"}), goumai.EInvalid, "set_aside_org_id"},
			{"a rerank naming a supplier that won nothing", answer(c1, upheldRerank(third.Org.ID)), goumai.EInvalid, "set_aside_org_id"},
			{"the challenger answering its own challenge", func() error {
				_, err := w.svc.AnswerChallenge(ctx, second.Actor, c1.ID, upheldRerank(winner.Org.ID))
				return err
			}, goumai.EForbidden, "ENG-D8"},
		})

		// Upheld with a re-ranking, in the answer's transaction.
		must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c1.ID, upheldRerank(winner.Org.ID)))
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcConfirmation || p.NextDue == nil {
			t.Fatalf("after the upheld rerank: %s due %v, want the purchaser's confirmation", p.Status, p.NextDue)
		}
		if as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID)); len(as) != 0 {
			t.Fatalf("the award stands: %+v", as)
		}
		rec = must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		if o := bidOf(winner); o.SetAside != "ENG-D8" || o.Valid() || countEvents(t, s, "opened_bids", o.ID, "bid.set_aside") != 1 {
			t.Fatalf("the winner's bid after the rerank: %+v", o)
		}
		for _, b := range w.bidders[:4] {
			ls := must[[]goumai.AwardLetter](t, "letters")(s.OrgLetters(ctx, b.Org.ID))
			if len(ls) != 1 || !ls[0].Superseded() {
				t.Errorf("letters of %s after the rerank: %+v, want the one void", b.Org.Name, ls)
			}
		}
		if countEvents(t, s, "procurements", p.ID, "procurement.rerank") != 1 {
			t.Error("the re-ranking is one event of the procedure")
		}
		ranking := must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
		if top, ok := ranking[0].Recommended(); !ok || top.OrgID != second.Org.ID || top.Rank != 2 || len(ranking[0].Ranks) != 3 {
			t.Fatalf("the ranking after the rerank: %+v", ranking)
		}

		// The second challenge still waits: the confirmation is frozen.
		refuseAll(t, s, []badStep{
			{"confirming while challenge 2 waits", confirm(second), goumai.EConflict, "ENG-D8"},
		})
		must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c2.ID, workflow.RulingInput{Verdict: goumai.VerdictDismissed,
			Reasons: "评分标准已在采购文件中公开，未在法定期限内提出质疑。"}))
		refuseAll(t, s, []badStep{
			{"confirming the set-aside winner (ENG-D6)", confirm(winner), goumai.EForbidden, "ENG-D6"},
			{"confirming rank 3 over the new rank 1 (ENG-D6)", confirm(third), goumai.EForbidden, "ENG-D6"},
			{"publishing before the new confirmation", publish, goumai.EConflict, ""},
		})
		if err := confirm(second)(); goumai.AsError(err).Rule != "QUAL-1" {
			t.Fatalf("confirming the new rank 1 before its qualification: %v", err)
		}
		qualifyAll(t, w, p)
		if err := confirm(second)(); err != nil {
			t.Fatalf("confirming the new rank 1: %v", err)
		}
		if as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID)); len(as) != 1 || as[0].OrgID != second.Org.ID || as[0].Amount != 46_000_000 {
			t.Fatalf("the new award: %+v", as)
		}
		if err := publish(); err != nil {
			t.Fatalf("publishing the new result: %v", err)
		}

		// The public result shows the new winner; the notice replaces the first.
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		v := must[workflow.ResultView](t, "public result")(w.svc.ProcurementResult(ctx, goumai.Actor{}, p))
		if p.Status != goumai.ProcAwarded || len(v.Awards) != 1 || v.Awards[0].OrgID != second.Org.ID {
			t.Fatalf("the public result: %s %+v", p.Status, v.Awards)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		last := ns[len(ns)-1]
		if last.Kind != goumai.NoticeResult || last.ID == first.ID || last.Body.Awards[0].Supplier != bidOf(second).Supplier ||
			!strings.Contains(last.Body.Reason, "取代") || !strings.Contains(last.Body.Reason, p.Code+"-"+strconv.Itoa(first.Number)) ||
			!strings.Contains(last.Body.Reason, bidOf(winner).Supplier) || !strings.Contains(last.Body.Reason, "第1号质疑成立") {
			t.Fatalf("the new result notice: %+v", last.Body)
		}
		if first.Body.Reason != "" {
			t.Errorf("the first result notice replaces nothing: %q", first.Body.Reason)
		}
		// Letters: the old ones void, one new in force each: the award to the new winner.
		for _, b := range w.bidders[:4] {
			ls := must[[]goumai.AwardLetter](t, "letters")(s.OrgLetters(ctx, b.Org.ID))
			want := goumai.LetterResult
			if b.Org.ID == second.Org.ID {
				want = goumai.LetterAward
			}
			if len(ls) != 2 || ls[0].Superseded() || ls[0].Kind != want || ls[0].NoticeID != last.ID || !ls[1].Superseded() {
				t.Errorf("letters of %s: %+v, want a new %s and the old one void", b.Org.Name, ls, want)
			}
		}
		// Bonds: the new winner's held for its contract, the old winner's due; the others' as they were.
		after := must[[]goumai.BondRefund](t, "refunds")(s.Refunds(ctx, p.ID))
		if len(after) != len(before) {
			t.Fatalf("refunds %+v → %+v", before, after)
		}
		for i, r := range after {
			switch r.OrgID {
			case second.Org.ID:
				if r.DueAt != nil {
					t.Errorf("the new winner's bond is due as a loser's: %+v", r)
				}
			case winner.Org.ID:
				if r.DueAt == nil {
					t.Errorf("the old winner's bond is still held: %+v", r)
				}
			default:
				if r.DueAt == nil || !r.DueAt.Equal(*before[i].DueAt) {
					t.Errorf("a loser's refund moved: %+v → %+v", before[i], r)
				}
			}
		}
	})
}

// TestRerankFails: a tender with three bids whose winner's bid is set aside
// by an upheld complaint keeps two: too few (ENG-E2), so the re-ranking
// fails the procedure (废标) with its notice instead of a new confirmation.
func TestRerankFails(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, _, first := awardedScene(t, s, clock, 47_000_000, 46_000_000, 45_000_000)
		c := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, w.bidders[1].Actor, p.ID, workflow.ChallengeInput{NoticeID: first.ID,
			Claims: "中标人资格证书系伪造。"}))
		must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c.ID, workflow.RulingInput{Verdict: goumai.VerdictDismissed, Reasons: "证书经核验有效。"}))
		k := must[goumai.Complaint](t, "complaint")(w.svc.FileComplaint(ctx, w.bidders[1].Actor, c.ID, workflow.ComplaintInput{Claims: "答复未核验证书编号。"}))
		must[goumai.Complaint](t, "decide")(w.svc.DecideComplaint(ctx, w.fapp, k.ID, upheldRerank(w.bidders[2].Org.ID)))
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcFailed {
			t.Fatalf("a tender left with two bids after the rerank is %s, want failed (ENG-E2)", p.Status)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if last := ns[len(ns)-1]; last.Kind != goumai.NoticeFailure || !strings.Contains(last.Body.Reason, "ENG-E2") {
			t.Fatalf("the last notice: %s %q", last.Kind, last.Body.Reason)
		}
		if as := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID)); len(as) != 0 || countEvents(t, s, "procurements", p.ID, "procurement.rerank") != 0 {
			t.Fatalf("awards %+v after the failure", as)
		}
		ranking := must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
		if !ranking[0].Failed || ranking[0].FailRule != "ENG-E2" || len(ranking[0].Ranks) != 2 {
			t.Fatalf("the ranking after the failed rerank: %+v", ranking)
		}
		// A failed procedure has no award to give to another: a rerank is refused.
		c2 := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, w.bidders[0].Actor, p.ID, workflow.ChallengeInput{NoticeID: ns[len(ns)-1].ID,
			Claims: "废标理由不成立。"}))
		refuseAll(t, s, []badStep{{"a rerank of a failed procedure", func() error {
			_, err := w.svc.AnswerChallenge(ctx, w.staff, c2.ID, upheldRerank(w.bidders[1].Org.ID))
			return err
		}, goumai.EConflict, "ENG-D8"}})
	})
}

// TestRerankBeforeConfirmation: a challenge of the opening record upheld
// with a re-ranking before the purchaser confirmed sets the recommended
// bid aside; the procedure still awaits the confirmation, of the next one.
func TestRerankBeforeConfirmation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := reportedScene(t, s, clock)
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		opening := ns[slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeOpening })]
		c := must[goumai.Challenge](t, "challenge")(w.svc.FileChallenge(ctx, w.bidders[2].Actor, p.ID, workflow.ChallengeInput{NoticeID: opening.ID,
			Claims: "第一名的投标文件未按要求密封。"}))
		must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c.ID, upheldRerank(w.bidders[3].Org.ID)))
		q := must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if q.Status != goumai.ProcConfirmation || !q.NextDue.Equal(*p.NextDue) {
			t.Fatalf("after a rerank before the confirmation: %s due %v", q.Status, q.NextDue)
		}
		ranking := must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
		top, _ := ranking[0].Recommended()
		if top.OrgID != w.bidders[2].Org.ID {
			t.Fatalf("the new rank 1: %+v", top)
		}
		qualifyAll(t, w, q)
		must[goumai.Procurement](t, "confirm")(w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: q.Version,
			Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: top.OpenedBidID}}}))
	})
}

package workflow

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The evaluation report (ENG-D6, ENG-G6) with the members' dissents, and
// re-evaluation (ENG-G8).

// ConfirmWorkingDays is the purchaser's time limit to confirm the result
// after receiving the report (ENG-D6; GPL-IR Art. 43).
const ConfirmWorkingDays = 5

// Report sends the panel's report to the purchaser: by the organiser, once
// every bid is reviewed, every abnormal low price decided (ENG-G7) and, under
// 综合评分法, every passing bid scored by every active member on every
// scored item. Each lot is ranked (ENG-G6), ties drawn under the seed
// rules.TieSeed takes from the log's root at this moment (every score is in
// it, and nobody could know it before); a lot with too few bids left fails
// (ENG-E2/E3), and with every lot the procedure. The report keeps every
// member's scores, the reviews, the queries and the dissents; it is late
// when sent after 2 working days from the evaluation's last act (ENG-D6).
// After a re-evaluation, a changed result is reported to the finance
// department (ENG-G8). The procedure moves to the purchaser's confirmation,
// due in 5 working days. Two reports at once: one wins, the other finds the
// procedure moved (EConflict).
func (s *Service) Report(ctx context.Context, a goumai.Actor, procurementID int64) (goumai.EvaluationReport, error) {
	var rep goumai.EvaluationReport
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		if err := s.organizer(a, sc.p); err != nil {
			return err
		}
		if err := s.fullPanel(ctx, tx, sc); err != nil {
			return err
		}
		size, root, err := tx.LogRoot(ctx)
		if err != nil {
			return err
		}
		seed := rules.TieSeed(sc.p.ID, size, root)
		lots, err := sc.rank(tx.Now(), seed)
		if err != nil {
			return err
		}
		rep = goumai.EvaluationReport{ProcurementID: sc.p.ID, Round: len(sc.reports) + 1, Seed: hex.EncodeToString(seed[:]),
			LogSize: size, LogRoot: hex.EncodeToString(root[:]), Lots: lots, Reviews: sc.reviews, Scores: sc.scores, Queries: sc.queries,
			ReportedBy: a.UserID, ReportedAt: tx.Now()}
		rep.Dissents = sc.dissents(rep.Round)
		if failed := sc.allFailed(lots); failed != "" {
			return s.quorumFail(ctx, tx, a, sc, failed)
		}
		if n := len(sc.reevals); n > 0 {
			rep.Reason = sc.reevals[n-1].Reason
			rep.Changed = changed(sc.reports[len(sc.reports)-1].Lots, lots)
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		due, err := cal.AddWorkingDaysChecked(sc.lastAct(), goumai.ReportWorkingDays)
		if err != nil {
			return err
		}
		rep.Late = tx.Now().After(due)
		if rep.ID, err = tx.InsertReport(ctx, rep, sc.p.Region); err != nil {
			return err
		}
		if err := record(ctx, tx, a, "evaluation.report", "eval_reports", rep.ID, sc.p); err != nil {
			return err
		}
		if rep.Changed {
			if err := record(ctx, tx, a, "evaluation.finance_report", "eval_reports", rep.ID, sc.p); err != nil {
				return err
			}
		}
		confirm, err := cal.AddWorkingDaysChecked(tx.Now(), ConfirmWorkingDays)
		if err != nil {
			return err
		}
		return s.move(ctx, tx, a, &sc.p, goumai.ProcReport, &confirm)
	})
	return rep, err
}

// DissentInput is a member's dissenting opinion.
type DissentInput struct {
	Text string `json:"text"`
}

// RecordDissent records (or revises) the actor's dissent for the coming
// report (O87 Art. 62: a member who disagrees states it in writing, and the
// report keeps it).
func (s *Service) RecordDissent(ctx context.Context, a goumai.Actor, procurementID int64, in DissentInput) (goumai.Dissent, error) {
	d := goumai.Dissent{ProcurementID: procurementID}
	var err error
	if d.Text, err = evalText("text", in.Text, true, goumai.M("不同意见及理由", "dissent and its reasons")); err != nil {
		return d, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		m, err := s.evalSeat(a, sc)
		if err != nil {
			return err
		}
		d.MemberID, d.Round, d.At = m.ID, len(sc.reports)+1, tx.Now()
		if d.ID, err = tx.SaveDissent(ctx, d); err != nil {
			return err
		}
		return record(ctx, tx, a, "evaluation.dissent", "eval_dissents", d.ID, sc.p)
	})
	return d, err
}

// dissents returns the dissents for report round n.
func (sc *evalScene) dissents(n int) []goumai.Dissent {
	var out []goumai.Dissent
	for _, d := range sc.dissent {
		if d.Round == n {
			out = append(out, d)
		}
	}
	return out
}

// lastAct is when the evaluation's last act took place: the end of
// evaluation the report's time limit runs from (ENG-D6).
func (sc *evalScene) lastAct() time.Time {
	t := time.Time{}
	later := func(x time.Time) {
		if x.After(t) {
			t = x
		}
	}
	for _, r := range sc.reviews {
		later(r.At)
	}
	for _, s := range sc.scores {
		later(s.At)
	}
	for _, q := range sc.queries {
		if q.DecidedAt != nil {
			later(*q.DecidedAt)
		}
	}
	for _, o := range sc.offers {
		later(o.At)
	}
	for _, r := range sc.reevals {
		later(r.RequestedAt)
	}
	if t.IsZero() {
		for _, b := range sc.bids {
			later(b.OpenedAt)
		}
	}
	return t
}

// allFailed returns the rule of a failed lot when every lot failed, "" otherwise.
func (sc *evalScene) allFailed(lots []goumai.LotRanking) string { return allLotsFailed(lots) }

// quorumFail fails the procedure for rule (ENG-E2/E3) at the report.
func (s *Service) quorumFail(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, sc *evalScene, rule string) error {
	return s.failProcedure(ctx, tx, a, &sc.p, rule, goumai.M("评审后符合要求的供应商不足法定家数", "too few suppliers remain after evaluation"))
}

// changed reports whether a re-evaluation changed the result: another
// order of bids, or a lot failing or recovering.
func changed(before, after []goumai.LotRanking) bool {
	order := func(ls []goumai.LotRanking) string {
		var b strings.Builder
		for _, l := range ls {
			fmt.Fprintf(&b, "%d:%v:", l.LotID, l.Failed)
			for _, r := range l.Ranks {
				fmt.Fprintf(&b, "%d,", r.OpenedBidID)
			}
			b.WriteString(";")
		}
		return b.String()
	}
	return order(before) != order(after)
}

// rank ranks every lot, refusing while anything the report needs is missing.
func (sc *evalScene) rank(now time.Time, seed [32]byte) ([]goumai.LotRanking, error) {
	d := sc.p.Documents
	if err := rules.CheckEvaluationMethod(d); err != nil {
		return nil, err
	}
	weight, err := rules.PriceWeight(d, goumai.MethodConfigs[sc.p.Method].Tender, sc.params)
	if err != nil {
		return nil, err
	}
	rates, err := rules.SMERate(sc.params, d)
	if err != nil {
		return nil, err
	}
	var items []int
	for i, it := range d.Scoring {
		if d.Evaluation == goumai.EvalComprehensive && it.Factor != goumai.FactorPrice {
			items = append(items, i)
		}
	}
	members := sc.panel()
	var missing []string
	out := make([]goumai.LotRanking, 0, len(sc.lots))
	for _, l := range sc.lots {
		decided, _ := sc.lotOutcome(l, now)
		if !decided {
			missing = append(missing, fmt.Sprintf("第%d包审查未完成", l.Number))
			continue
		}
		if rule := sc.lotFailure(l, now); rule != "" {
			out = append(out, goumai.LotRanking{LotID: l.ID, Failed: true, FailRule: rule, Ranks: []goumai.RankedBid{}})
			continue
		}
		in := rules.LotInput{LotID: l.ID, Evaluation: d.Evaluation, SMEReserved: l.SMEReserved, SMERates: rates, PriceWeightPct: weight, Seed: seed}
		for _, b := range sc.bids {
			if b.LotID != l.ID {
				continue
			}
			price, in2 := sc.price(b, now)
			if out, passed := sc.standing(b); out || !passed || !in2 {
				continue
			}
			if err := sc.scorable(b, now); err != nil {
				missing = append(missing, fmt.Sprintf("第%d包%s：%s", l.Number, b.Supplier, err.(*goumai.Error).Message.ZH))
				continue
			}
			totals, gaps := sc.totals(b.ID, members, items)
			missing = append(missing, gaps...)
			in.Bids = append(in.Bids, rules.LotBid{OpenedBidID: b.ID, OrgID: b.OrgID, Supplier: b.Supplier, Price: price, SMESize: b.SMESize, PartnerSharePct: b.PartnerSharePct, Totals: totals})
		}
		out = append(out, goumai.LotRanking{LotID: l.ID, Ranks: rules.ScoreLot(in)})
	}
	if len(missing) > 0 {
		if len(missing) > 5 {
			missing = append(missing[:5], fmt.Sprintf("等%d项", len(missing)))
		}
		return nil, goumai.Errorf(goumai.EConflict, "评审尚未完成："+strings.Join(missing, "；"),
			fmt.Sprintf("the evaluation is not complete (%d items missing)", len(missing)))
	}
	return out, nil
}

// panel returns the members who evaluate: active, of the original panel
// (ENG-G8), experts and the purchaser's representatives alike.
func (sc *evalScene) panel() []goumai.PanelMember {
	var out []goumai.PanelMember
	for _, m := range sc.members {
		if m.Status == goumai.PanelActive && sc.original(m) {
			out = append(out, m)
		}
	}
	return out
}

// totals returns each member's total on the scored items for a bid, and
// what is missing.
func (sc *evalScene) totals(bidID int64, members []goumai.PanelMember, items []int) ([]goumai.Score, []string) {
	if len(items) == 0 {
		return nil, nil
	}
	got := map[[2]int64]goumai.Score{}
	for _, s := range sc.scores {
		if s.OpenedBidID == bidID {
			got[[2]int64{s.MemberID, int64(s.Item)}] = s.Score
		}
	}
	var totals []goumai.Score
	var missing []string
	for _, m := range members {
		var t goumai.Score
		for _, i := range items {
			v, ok := got[[2]int64{m.ID, int64(i)}]
			if !ok {
				missing = append(missing, fmt.Sprintf("评审小组成员%d未对投标%d评分", m.ID, bidID))
				break
			}
			t += v
		}
		totals = append(totals, t)
	}
	return totals, missing
}

// ReevaluateInput starts a re-evaluation: its ground (ENG-G8) and what it concerns.
type ReevaluateInput struct {
	Reason rules.ReevaluationReason `json:"reason"`
	Detail string                   `json:"detail"`
}

// Reevaluate reopens the evaluation of a procedure awaiting the purchaser's
// confirmation, for one of ENG-G8's grounds only (O87 Art. 64; GPL-IR
// Art. 44: no sample tests or site visits): by the organiser. The original
// panel corrects its scores and the organiser reports again; a changed
// result is reported to the finance department.
func (s *Service) Reevaluate(ctx context.Context, a goumai.Actor, procurementID int64, in ReevaluateInput) (goumai.Reevaluation, error) {
	r := goumai.Reevaluation{ProcurementID: procurementID, Reason: string(in.Reason), RequestedBy: a.UserID}
	if err := rules.CheckReevaluation(in.Reason); err != nil {
		return r, err
	}
	var err error
	if r.Detail, err = evalText("detail", in.Detail, true, goumai.M("需要重新评审的具体情形", "what is to be re-evaluated")); err != nil {
		return r, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.lockEval(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		if err := s.organizer(a, sc.p); err != nil {
			return err
		}
		if sc.p.Status != goumai.ProcConfirmation {
			return goumai.Errorf(goumai.EConflict, "只有评审报告送交采购人、尚未确认结果时才可以重新评审", "a re-evaluation is only while the report awaits the purchaser's confirmation")
		}
		r.Round, r.RequestedAt = len(sc.reports)+1, tx.Now()
		if r.ID, err = tx.InsertReevaluation(ctx, r); err != nil {
			return err
		}
		if err := record(ctx, tx, a, "evaluation.reevaluate", "eval_reevaluations", r.ID, sc.p); err != nil {
			return err
		}
		return s.move(ctx, tx, a, &sc.p, goumai.ProcReevaluate, nil)
	})
	return r, err
}

// Ranking returns the procedure's reported ranking (the latest report's),
// for the purchaser's confirmation, without the bids set aside since (an
// upheld challenge's re-ranking, standing); ENotFound before any report.
func (s *Service) Ranking(ctx context.Context, tx RankingReader, procurementID int64) ([]goumai.LotRanking, error) {
	reps, err := tx.Reports(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, goumai.ErrNotFound("评审报告", "evaluation report")
	}
	return standing(ctx, tx, procurementID, reps[len(reps)-1].Lots)
}

// EvaluationView is a procedure's evaluation as one reader may see it.
type EvaluationView struct {
	Procurement goumai.Procurement        `json:"procurement"`
	Lots        []goumai.Lot              `json:"lots"`
	Bids        []goumai.OpenedBid        `json:"bids"`
	Members     []goumai.PanelMember      `json:"members"`
	Reviews     []goumai.BidReview        `json:"reviews"`
	Scores      []goumai.ItemScore        `json:"scores"`
	Queries     []goumai.PriceQuery       `json:"queries"`
	Rounds      []goumai.OfferRound       `json:"rounds"`
	Reports     []goumai.EvaluationReport `json:"reports"`
	Seat        *goumai.PanelMember       `json:"seat,omitempty"` // the reader's own seat, if any
	Passed      []int64                   `json:"passed"`         // the opened bids that passed both reviews and stand
	// Records are the bidders' published performance grades of earlier
	// contracts, by organisation (ENG-J1: shown to later panels), for the
	// panel and the insiders.
	Records map[int64][]goumai.SupplierGrade `json:"records,omitempty"`
}

// Evaluation returns a procedure's evaluation to its organisers, finance
// staff and auditors of its region (insiders) and its panel members; a
// bidder's staff see only its own opened bids, its price queries and the
// calls for final offers (to answer them). Nobody else.
func (s *Service) Evaluation(ctx context.Context, a goumai.Actor, procurementID int64) (EvaluationView, error) {
	var v EvaluationView
	records := true
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.loadEval(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, sc.p); err != nil {
			return err
		}
		v = EvaluationView{Procurement: sc.p, Lots: sc.lots, Bids: sc.bids, Members: sc.members, Reviews: sc.reviews, Scores: sc.scores,
			Queries: sc.queries, Rounds: sc.rounds, Reports: sc.reports, Passed: []int64{}}
		for _, b := range sc.bids {
			if out, passed := sc.standing(b); !out && passed {
				v.Passed = append(v.Passed, b.ID)
			}
		}
		if m, err := s.evalSeat(a, sc); err == nil {
			v.Seat = &m
			return nil
		}
		if s.insider(a, sc.p) {
			return nil
		}
		records = false
		// A bidder: its own opened bids, price queries and the calls for
		// final offers, to answer them.
		bids := slices.DeleteFunc(slices.Clone(sc.bids), func(b goumai.OpenedBid) bool { return b.OrgID != a.Org.ID })
		if len(bids) == 0 || s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}) != nil {
			return goumai.ErrForbidden()
		}
		own := slices.DeleteFunc(slices.Clone(sc.queries), func(q goumai.PriceQuery) bool { return q.OrgID != a.Org.ID })
		v = EvaluationView{Procurement: sc.p, Bids: bids, Queries: own, Rounds: sc.rounds, Passed: []int64{}}
		return nil
	})
	if err != nil || !records {
		return v, err
	}
	v.Records = map[int64][]goumai.SupplierGrade{}
	for _, b := range v.Bids {
		if _, ok := v.Records[b.OrgID]; ok {
			continue
		}
		if v.Records[b.OrgID], err = s.Store.SupplierGrades(ctx, b.OrgID); err != nil {
			return v, err
		}
	}
	return v, nil
}

func init() { inboxSources = append(inboxSources, reevaluationInbox) }

// reevaluationInbox adds, for finance staff, one item per re-evaluation in
// their region that changed the result (ENG-G8: reported in writing to the
// finance department).
func reevaluationInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if !a.Org.FinanceDept || !a.HasAny(goumai.RoleFinanceReviewer, goumai.RoleFinanceApprover) {
		return nil
	}
	reps, err := s.Store.ChangedReports(ctx, a.Org.Region, 50)
	if err != nil {
		return err
	}
	for _, r := range reps {
		p, err := s.Store.Procurement(ctx, r.ProcurementID)
		if err != nil {
			return err
		}
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.reevaluation", Title: fmt.Sprintf("%s %s（重新评审改变了评审结果：%s）", p.Code, p.Title,
			rules.ReevaluationReason(r.Reason).Label().ZH), Link: procurementLink(p.ID), At: r.ReportedAt})
	}
	return nil
}

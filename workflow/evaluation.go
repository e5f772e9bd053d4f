package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Evaluation (评审, issue 9 item 3; ENG-G1–G8, ENG-E1–E3, ENG-D6). While a
// procedure is under evaluation its opened bids are reviewed (qualification
// by the organiser for tenders, by the panel otherwise; compliance by the
// panel), abnormally low prices queried (ENG-G7), final offers called for
// 谈判/磋商, and each passing bid scored by every active member on every
// published item; the organiser then sends the report (evaluation_report.go).
// Each use case is one transaction under the procedure's lock. A lot whose
// reviews leave too few bids fails (ENG-E2/E3); when every lot has failed,
// so does the procedure (废标).

// maxEvalText is the longest reason, justification or dissent, in characters.
const maxEvalText = 2000

// evalScene is a procedure under evaluation as a use case sees it, read
// under the procedure's lock.
type evalScene struct {
	p       goumai.Procurement
	lots    []goumai.Lot
	bids    []goumai.OpenedBid
	members []goumai.PanelMember
	reviews []goumai.BidReview
	scores  []goumai.ItemScore
	queries []goumai.PriceQuery
	rounds  []goumai.OfferRound
	offers  []goumai.FinalOffer
	reports []goumai.EvaluationReport
	reevals []goumai.Reevaluation
	dissent []goumai.Dissent
	params  rules.Params
}

// lockEval locks procedure id and reads its evaluation.
func (s *Service) lockEval(ctx context.Context, tx *sqlstore.Tx, id int64) (*evalScene, error) {
	if err := tx.Lock(ctx, "procurements", id); err != nil {
		return nil, err
	}
	return s.loadEval(ctx, tx, id)
}

// loadEval reads procedure id's evaluation.
func (s *Service) loadEval(ctx context.Context, tx *sqlstore.Tx, id int64) (*evalScene, error) {
	sc := &evalScene{}
	var err error
	if sc.p, err = tx.Procurement(ctx, id); err != nil {
		return nil, err
	}
	for _, load := range []func() error{
		func() (err error) { sc.lots, err = tx.Lots(ctx, id); return },
		func() (err error) { sc.bids, err = tx.OpenedBids(ctx, id); return },
		func() (err error) { sc.members, err = tx.PanelMembers(ctx, id); return },
		func() (err error) { sc.reviews, err = tx.Reviews(ctx, id); return },
		func() (err error) { sc.scores, err = tx.Scores(ctx, id); return },
		func() (err error) { sc.queries, err = tx.PriceQueries(ctx, id); return },
		func() (err error) { sc.rounds, err = tx.OfferRounds(ctx, id); return },
		func() (err error) { sc.offers, err = tx.Offers(ctx, id); return },
		func() (err error) { sc.reports, err = tx.Reports(ctx, id); return },
		func() (err error) { sc.reevals, err = tx.Reevaluations(ctx, id); return },
		func() (err error) { sc.dissent, err = tx.Dissents(ctx, id); return },
		func() (err error) {
			sc.params, err = s.paramsAt(ctx, tx, sc.p.Region, rules.Category(sc.p.Category), sc.p.ParamsFrom)
			return
		},
	} {
		if err := load(); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// evaluating loads procedure id and requires it under evaluation: once the
// report is sent nothing changes but by a re-evaluation (ENG-G8).
func (s *Service) evaluating(ctx context.Context, tx *sqlstore.Tx, id int64) (*evalScene, error) {
	sc, err := s.lockEval(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if sc.p.Status != goumai.ProcEvaluation {
		return nil, &goumai.Error{Code: goumai.EConflict, Rule: "ENG-G8",
			Message: goumai.M("采购项目不在评审中（"+sc.p.Status.Label().ZH+"）：评审报告提交后，只有依法重新评审才能修改评审结果",
				"the procedure is not under evaluation ("+sc.p.Status.Label().EN+"): after the report only a lawful re-evaluation changes the result")}
	}
	return sc, nil
}

// evalSeat returns the actor's active seat on the panel: the policy (ActEvaluate
// in the seat's name), and, once a report was made, a seat held then — a
// re-evaluation is by the original panel (ENG-G8).
func (s *Service) evalSeat(a goumai.Actor, sc *evalScene) (goumai.PanelMember, error) {
	if err := s.Policy.Can(a, goumai.ActEvaluate, goumai.Target{UserID: a.UserID, Region: sc.p.Region}); err != nil {
		return goumai.PanelMember{}, err
	}
	for _, m := range sc.members {
		if m.Status != goumai.PanelActive || m.UserID != a.UserID {
			continue
		}
		if !sc.original(m) {
			return m, &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-G8",
				Message: goumai.M("重新评审由原评标委员会（评审小组）进行（财政部令第87号第六十四条，ENG-G8）", "a re-evaluation is by the original panel (O87 Art. 64, ENG-G8)")}
		}
		return m, nil
	}
	return goumai.PanelMember{}, goumai.Errorf(goumai.EForbidden, "您不是本项目评审小组的成员", "you do not sit on this procedure's panel")
}

// original reports whether m sat on the panel when its first report was
// made (always, before one): only the original panel re-evaluates (ENG-G8).
func (sc *evalScene) original(m goumai.PanelMember) bool {
	return len(sc.reports) == 0 || !m.JoinedAt.After(sc.reports[0].ReportedAt)
}

// seatFor returns the actor's seat for work on bid b: also free of any
// conflict with its bidder (ENG-F4): not acting for the bidder itself, and
// PanelConflict's checks.
func (s *Service) seatFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, sc *evalScene, b goumai.OpenedBid) (goumai.PanelMember, error) {
	m, err := s.evalSeat(a, sc)
	if err != nil {
		return m, err
	}
	if a.Org.ID == b.OrgID {
		// The member acting in the bidder's own name: employment, at least (ENG-F4).
		return m, &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-F4",
			Message: goumai.M("评审小组成员与投标人存在利害关系，应当回避（《政府采购法实施条例》第九条，ENG-F4）", "the member has a conflict with the bidder and must recuse (GPL-IR Art. 9, ENG-F4)")}
	}
	return m, s.PanelConflict(ctx, tx, m, b.OrgID)
}

// bid returns the scene's opened bid id, refusing one set aside at opening.
func (sc *evalScene) bid(id int64) (goumai.OpenedBid, error) {
	for _, b := range sc.bids {
		if b.ID == id {
			if !b.Valid() {
				return b, goumai.Errorf(goumai.EConflict, "该投标在开标时已被认定无效", "this bid was set aside at opening")
			}
			return b, nil
		}
	}
	return goumai.OpenedBid{}, goumai.ErrNotFound("投标", "bid")
}

// lot returns the scene's lot id.
func (sc *evalScene) lot(id int64) (goumai.Lot, error) {
	for _, l := range sc.lots {
		if l.ID == id {
			return l, nil
		}
	}
	return goumai.Lot{}, goumai.ErrNotFound("采购包", "lot")
}

// review returns bid b's result at stage, if any.
func (sc *evalScene) review(b int64, stage goumai.ReviewStage) (goumai.BidReview, bool) {
	for _, r := range sc.reviews {
		if r.OpenedBidID == b && r.Stage == stage {
			return r, true
		}
	}
	return goumai.BidReview{}, false
}

// query returns bid b's abnormal-low query, if any.
func (sc *evalScene) query(b int64) (goumai.PriceQuery, bool) {
	for _, q := range sc.queries {
		if q.OpenedBidID == b {
			return q, true
		}
	}
	return goumai.PriceQuery{}, false
}

// standing reports whether bid b is out (set aside, failed a review, its
// price found abnormally low) and whether it passed both reviews.
func (sc *evalScene) standing(b goumai.OpenedBid) (out, passed bool) {
	if !b.Valid() {
		return true, false
	}
	if q, ok := sc.query(b.ID); ok && q.Invalidates() {
		return true, false
	}
	passed = true
	for _, st := range goumai.ReviewStages {
		r, ok := sc.review(b.ID, st)
		if ok && !r.Pass {
			return true, false
		}
		passed = passed && ok
	}
	return false, passed
}

// price returns bid b's current price: its offer in the lot's last round of
// final offers, else its last earlier offer or the bid price; and false when
// a round it did not answer has closed (it no longer remains, ENG-E3).
func (sc *evalScene) price(b goumai.OpenedBid, now time.Time) (goumai.Fen, bool) {
	price, in := b.Price, true
	for _, r := range sc.rounds {
		if r.LotID != b.LotID {
			continue
		}
		offered := false
		for _, o := range sc.offers {
			if o.RoundID == r.ID && o.OpenedBidID == b.ID {
				price, offered = o.Price, true
			}
		}
		in = offered || now.Before(r.DueAt)
	}
	return price, in
}

// compliantPrices returns the current prices of the lot's bids that passed
// both reviews and stand: what ENG-G7 compares a price with.
func (sc *evalScene) compliantPrices(lotID int64, now time.Time) []goumai.Fen {
	var out []goumai.Fen
	for _, b := range sc.bids {
		if out2, passed := sc.standing(b); b.LotID == lotID && !out2 && passed {
			if p, in := sc.price(b, now); in {
				out = append(out, p)
			}
		}
	}
	return out
}

// triggers returns the ENG-G7 triggers bid b's current price sets off.
func (sc *evalScene) triggers(b goumai.OpenedBid, now time.Time) ([]string, error) {
	l, err := sc.lot(b.LotID)
	if err != nil {
		return nil, err
	}
	p, _ := sc.price(b, now)
	return rules.AbnormalLow(p, sc.compliantPrices(b.LotID, now), l.Ceiling, l.Budget, sc.params), nil
}

// evalText checks a reason or text: required or not, at most maxEvalText characters.
func evalText(field, text string, required bool, what goumai.Msg) (string, error) {
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); required && n == 0 || n > maxEvalText {
		return text, goumai.Fields{field: goumai.M(fmt.Sprintf("请填写%s（不超过%d个字）", what.ZH, maxEvalText),
			fmt.Sprintf("write the %s, at most %d characters", what.EN, maxEvalText))}.Err()
	}
	return text, nil
}

// record records a change of an evaluation row, never public.
func record(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action, table string, id int64, p goumai.Procurement) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: table, Key: id, Region: p.Region})
	return err
}

// ReviewInput is one stage's result for an opened bid; a failure gives its reason.
type ReviewInput struct {
	Stage  goumai.ReviewStage `json:"stage"`
	Pass   bool               `json:"pass"`
	Reason string             `json:"reason"`
}

// ReviewBid records (or, before the report, revises) a review of an opened
// bid: qualification by the organiser for tenders and by the panel
// otherwise; compliance by the panel, each member free of conflict with the
// bidder (ENG-F4). When the lot's reviews are all in and fewer bids pass
// than the method needs, the lot fails, and with every lot the procedure
// (ENG-E2/E3).
func (s *Service) ReviewBid(ctx context.Context, a goumai.Actor, procurementID, openedBidID int64, in ReviewInput) (goumai.BidReview, error) {
	r := goumai.BidReview{OpenedBidID: openedBidID, Stage: in.Stage, Pass: in.Pass, UserID: a.UserID}
	if !slices.Contains(goumai.ReviewStages, in.Stage) {
		return r, goumai.Fields{"stage": goumai.M("审查阶段须为 qualification 或 compliance", "the stage is qualification or compliance")}.Err()
	}
	var err error
	if r.Reason, err = evalText("reason", in.Reason, !in.Pass, goumai.M("未通过审查的理由", "reason for failing the bid")); err != nil {
		return r, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		b, err := sc.bid(openedBidID)
		if err != nil {
			return err
		}
		if in.Stage == goumai.ReviewQualification && goumai.MethodConfigs[sc.p.Method].Tender {
			err = s.organizer(a, sc.p) // O87 Art. 44: the organiser reviews tenders' qualifications
		} else {
			_, err = s.seatFor(ctx, tx, a, sc, b)
		}
		if err != nil {
			return err
		}
		r.ProcurementID, r.LotID, r.At = sc.p.ID, b.LotID, tx.Now()
		if r.ID, err = tx.SaveReview(ctx, r); err != nil {
			return err
		}
		if err := record(ctx, tx, a, "evaluation.review", "eval_reviews", r.ID, sc.p); err != nil {
			return err
		}
		sc.reviews = slices.DeleteFunc(sc.reviews, func(x goumai.BidReview) bool { return x.OpenedBidID == b.ID && x.Stage == r.Stage })
		sc.reviews = append(sc.reviews, r)
		return s.quorum(ctx, tx, a, sc)
	})
	return r, err
}

// lotOutcome returns whether every bid of lot l is decided (out, or passed
// both reviews), and how many passed and stand.
func (sc *evalScene) lotOutcome(l goumai.Lot, now time.Time) (decided bool, passing int) {
	decided = true
	for _, b := range sc.bids {
		if b.LotID != l.ID {
			continue
		}
		out, passed := sc.standing(b)
		if _, in := sc.price(b, now); !in {
			out = true
		}
		decided = decided && (out || passed)
		if !out && passed {
			passing++
		}
	}
	return decided, passing
}

// lotFailure returns the rule that fails lot l (ENG-E2/E3), "" if none: its
// reviews are all in and too few bids remain.
func (sc *evalScene) lotFailure(l goumai.Lot, now time.Time) string {
	decided, passing := sc.lotOutcome(l, now)
	if !decided {
		return ""
	}
	if ok, rule := rules.EvaluationQuorum(sc.p.Method, true, passing); !ok {
		return rule
	}
	return ""
}

// quorum fails the procedure (废标, ENG-E2/E3) when every lot has failed.
func (s *Service) quorum(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, sc *evalScene) error {
	rule := ""
	for _, l := range sc.lots {
		r := sc.lotFailure(l, tx.Now())
		if r == "" {
			return nil
		}
		rule = r
	}
	if rule == "" {
		return nil
	}
	reason := goumai.M("通过资格审查和符合性审查的供应商不足三家", "fewer than three suppliers passed qualification and compliance review")
	if rule == "ENG-E3" {
		reason = goumai.M("磋商中符合要求的供应商不足（政府购买服务项目不足两家）", "too few suppliers remain in the consultation (fewer than two for a purchase of services)")
	}
	return s.failProcedure(ctx, tx, a, &sc.p, rule, reason)
}

// ScoreEntry is one item's score: the item as the documents name it, the
// points (up to four decimals) and the reason, required below full points.
type ScoreEntry struct {
	Item   string `json:"item"`
	Points string `json:"points"`
	Reason string `json:"reason"`
}

// ScoreInput is a member's scores of one bid.
type ScoreInput struct {
	Scores []ScoreEntry `json:"scores"`
}

// ScoreBid records (or, before the report, revises) the actor's scores of
// one bid, all or nothing: an active member of the panel free of conflict
// with the bidder (ENG-F4), on a bid that passed both reviews and, when its
// price sets off ENG-G7, whose justification the panel accepted; only the
// published non-price items (ENG-G5, ENG-G3), each within its range or on
// one of its ranges' points (ENG-G5); nothing under 最低评标价法 (ENG-G1).
func (s *Service) ScoreBid(ctx context.Context, a goumai.Actor, procurementID, openedBidID int64, in ScoreInput) ([]goumai.ItemScore, error) {
	if len(in.Scores) == 0 {
		return nil, goumai.Fields{"scores": goumai.M("请至少填写一项评分", "give at least one score")}.Err()
	}
	var out []goumai.ItemScore
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		b, err := sc.bid(openedBidID)
		if err != nil {
			return err
		}
		m, err := s.seatFor(ctx, tx, a, sc, b)
		if err != nil {
			return err
		}
		if err := sc.scorable(b, tx.Now()); err != nil {
			return err
		}
		for i, e := range in.Scores {
			it, err := scoreEntry(sc.p.Documents, e, fmt.Sprintf("scores.%d", i))
			if err != nil {
				return err
			}
			it.ProcurementID, it.LotID, it.OpenedBidID, it.MemberID, it.At = sc.p.ID, b.LotID, b.ID, m.ID, tx.Now()
			if it.ID, err = tx.SaveScore(ctx, it); err != nil {
				return err
			}
			if err := record(ctx, tx, a, "evaluation.score", "eval_scores", it.ID, sc.p); err != nil {
				return err
			}
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

// scorable refuses to score a bid that has not passed both reviews, is out,
// or has an abnormally low price the panel has not accepted (ENG-G7).
func (sc *evalScene) scorable(b goumai.OpenedBid, now time.Time) error {
	out, passed := sc.standing(b)
	if _, in := sc.price(b, now); out || !in {
		return goumai.Errorf(goumai.EConflict, "该投标已无效或未参加最后报价，不再评分", "this bid is out (invalid, or made no final offer): it is not scored")
	}
	if !passed {
		return goumai.Errorf(goumai.EConflict, "投标通过资格审查和符合性审查后才能评分", "a bid is scored once it passed qualification and compliance review")
	}
	trig, err := sc.triggers(b, now)
	if err != nil {
		return err
	}
	if q, ok := sc.query(b.ID); len(trig) > 0 && (!ok || q.Status != goumai.QueryAccepted) {
		return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-G7",
			Message: goumai.M("该报价明显低于其他通过符合性审查投标人的报价：须先要求其书面说明并由评审小组认定（财政部令第87号第六十条，ENG-G7）",
				"this price is markedly below the other compliant bids: the panel must first have its written justification and accept it (O87 Art. 60, ENG-G7)")}
	}
	return nil
}

// scoreEntry checks one entry against the documents (ENG-G1, G3, G5).
func scoreEntry(d goumai.Documents, e ScoreEntry, field string) (goumai.ItemScore, error) {
	idx, err := rules.ScoringItem(d, strings.TrimSpace(e.Item))
	if err != nil {
		return goumai.ItemScore{}, err
	}
	it := d.Scoring[idx]
	pts, err := goumai.ParseScore(e.Points)
	if err != nil {
		return goumai.ItemScore{}, goumai.Fields{field + ".points": err.(*goumai.Error).Message}.Err()
	}
	if err := rules.CheckItemScore(it, pts); err != nil {
		if e, ok := err.(*goumai.Error); ok && e.Fields == nil {
			e.Fields = map[string]goumai.Msg{field + ".points": e.Message} // the screen shows it at the field
		}
		return goumai.ItemScore{}, err
	}
	reason, err := evalText(field+".reason", e.Reason, pts < rules.Points(it.Points), goumai.M("扣分理由", "reason for the points withheld"))
	if err != nil {
		return goumai.ItemScore{}, err
	}
	return goumai.ItemScore{Item: idx, ItemName: it.Name, Score: pts, Reason: reason}, nil
}

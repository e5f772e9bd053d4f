package workflow

import (
	"context"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Abnormal-low prices (ENG-G7; O87 Art. 60) and final offers (谈判/磋商,
// ENG-E1/E3).

// TriggerPanel is the trigger of a query the panel starts without a
// quantified trigger (ENG-G7 (四)): its reasons are then required.
const TriggerPanel = "panel"

// PriceQueryInput is the panel's query: the deadline it sets for the
// written justification, and its reasons (required without a trigger).
type PriceQueryInput struct {
	DueAt  time.Time `json:"due_at"`
	Reason string    `json:"reason"`
}

// QueryPrice asks a bidder to justify its price in writing by a deadline
// (ENG-G7): an active member of the panel free of conflict with the bidder,
// on a bid that passed both reviews. The triggers the price sets off among
// the compliant bids are logged with the query; with none, the panel's
// reasons are required (ENG-G7 (四)). One query per bid.
func (s *Service) QueryPrice(ctx context.Context, a goumai.Actor, procurementID, openedBidID int64, in PriceQueryInput) (goumai.PriceQuery, error) {
	q := goumai.PriceQuery{OpenedBidID: openedBidID, DueAt: in.DueAt, Status: goumai.QueryOpen}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		b, err := sc.bid(openedBidID)
		if err != nil {
			return err
		}
		if _, err := s.seatFor(ctx, tx, a, sc, b); err != nil {
			return err
		}
		if out, passed := sc.standing(b); out || !passed {
			return goumai.Errorf(goumai.EConflict, "只对通过符合性审查的投标进行异常低价审查", "only a bid that passed compliance review is queried")
		}
		if q.Triggers, err = sc.triggers(b, tx.Now()); err != nil {
			return err
		}
		if q.Reason, err = evalText("reason", in.Reason, len(q.Triggers) == 0, goumai.M("认为报价过低的理由", "reasons the price seems too low")); err != nil {
			return err
		}
		if len(q.Triggers) == 0 {
			q.Triggers = []string{TriggerPanel}
		}
		if !in.DueAt.After(tx.Now()) {
			return goumai.Fields{"due_at": goumai.M("书面说明的截止时间须晚于现在", "the deadline for the justification is in the future")}.Err()
		}
		q.ProcurementID, q.LotID, q.OrgID = sc.p.ID, b.LotID, b.OrgID
		if q.ID, err = tx.InsertPriceQuery(ctx, q, a.UserID); err != nil {
			return err
		}
		return record(ctx, tx, a, "evaluation.query", "eval_price_queries", q.ID, sc.p)
	})
	return q, err
}

// JustifyInput is a bidder's written justification of its price.
type JustifyInput struct {
	Justification string `json:"justification"`
}

// JustifyPrice records the bidder's written justification of an open query,
// by its deadline: the staff of the bidding supplier only (ActBid, its own
// organisation).
func (s *Service) JustifyPrice(ctx context.Context, a goumai.Actor, queryID int64, in JustifyInput) (goumai.PriceQuery, error) {
	var q goumai.PriceQuery
	text, err := evalText("justification", in.Justification, true, goumai.M("书面说明", "written justification"))
	if err != nil {
		return q, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if q, err = tx.PriceQuery(ctx, queryID); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: q.OrgID}); err != nil {
			return goumai.ErrNotFound("异常低价质询", "price query")
		}
		sc, err := s.evaluating(ctx, tx, q.ProcurementID)
		if err != nil {
			return err
		}
		switch {
		case q.Status != goumai.QueryOpen:
			return goumai.Errorf(goumai.EConflict, "该质询已答复或已结束", "the query was answered or has ended")
		case !tx.Now().Before(q.DueAt):
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-G7", Message: goumai.M("已过评审小组规定的书面说明截止时间（ENG-G7）", "the panel's deadline for the justification has passed (ENG-G7)")}
		}
		if err := tx.JustifyPriceQuery(ctx, q.ID, text); err != nil {
			return err
		}
		now := tx.Now()
		q.Status, q.Justification, q.JustifiedAt = goumai.QueryJustified, text, &now
		return record(ctx, tx, a, "evaluation.justify", "eval_price_queries", q.ID, sc.p)
	})
	return q, err
}

// PriceDecisionInput is the panel's decision on a justification, with its reasons.
type PriceDecisionInput struct {
	Accept bool   `json:"accept"`
	Reason string `json:"reason"`
}

// DecidePrice records the panel's decision on a justified query (ENG-G7): an
// active member free of conflict with the bidder. A price not shown to be
// reasonable makes the bid invalid (O87 Art. 60), which may fail the lot.
func (s *Service) DecidePrice(ctx context.Context, a goumai.Actor, queryID int64, in PriceDecisionInput) (goumai.PriceQuery, error) {
	var q goumai.PriceQuery
	reason, err := evalText("reason", in.Reason, true, goumai.M("认定意见及依据", "decision and its grounds"))
	if err != nil {
		return q, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if q, err = tx.PriceQuery(ctx, queryID); err != nil {
			return err
		}
		sc, err := s.evaluating(ctx, tx, q.ProcurementID)
		if err != nil {
			return err
		}
		b, err := sc.bid(q.OpenedBidID)
		if err != nil {
			return err
		}
		if _, err := s.seatFor(ctx, tx, a, sc, b); err != nil {
			return err
		}
		if q.Status != goumai.QueryJustified {
			return goumai.Errorf(goumai.EConflict, "投标人尚未提交书面说明，或该质询已认定", "the bidder has not justified its price, or the query was decided")
		}
		to := goumai.QueryRejected
		if in.Accept {
			to = goumai.QueryAccepted
		}
		if err := tx.DecidePriceQuery(ctx, q.ID, to, reason); err != nil {
			return err
		}
		now := tx.Now()
		q.Status, q.DecisionReason, q.DecidedAt = to, reason, &now
		if err := record(ctx, tx, a, "evaluation.decide", "eval_price_queries", q.ID, sc.p); err != nil {
			return err
		}
		sc.setQuery(q)
		return s.quorum(ctx, tx, a, sc)
	})
	return q, err
}

func (sc *evalScene) setQuery(q goumai.PriceQuery) {
	for i := range sc.queries {
		if sc.queries[i].ID == q.ID {
			sc.queries[i] = q
		}
	}
}

func init() { tickers = append(tickers, tickPriceQueries) }

// tickPriceQueries expires each query still open past its deadline: the
// bidder did not justify its price, and the bid is invalid (ENG-G7; O87
// Art. 60). A partial index on the open queries' due times gives them.
func tickPriceQueries(ctx context.Context, s *Service, now time.Time) (int, error) {
	return tickDue("price query",
		func(cur sqlstore.DueCursor, limit int) ([]goumai.PriceQuery, error) {
			return s.Store.DuePriceQueries(ctx, now, cur, limit)
		},
		func(q goumai.PriceQuery) (int64, time.Time) { return q.ID, q.DueAt },
		func(q goumai.PriceQuery) (bool, error) { return s.expireQuery(ctx, q) })
}

// expireQuery expires one query in its own transaction, unless it was
// answered meanwhile or the evaluation ended; the lot may fail with it.
func (s *Service) expireQuery(ctx context.Context, q goumai.PriceQuery) (bool, error) {
	moved := false
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.lockEval(ctx, tx, q.ProcurementID)
		if err != nil || sc.p.Status != goumai.ProcEvaluation {
			return err
		}
		if moved, err = tx.ExpirePriceQuery(ctx, q.ID); err != nil || !moved {
			return err
		}
		if err := record(ctx, tx, goumai.System, "evaluation.expire", "eval_price_queries", q.ID, sc.p); err != nil {
			return err
		}
		q.Status = goumai.QueryExpired
		sc.setQuery(q)
		return s.quorum(ctx, tx, goumai.System, sc)
	})
	return moved && err == nil, err
}

// OfferCallInput calls a round of final offers in a lot, with its deadline.
type OfferCallInput struct {
	LotID int64     `json:"lot_id"`
	DueAt time.Time `json:"due_at"`
}

// CallFinalOffers calls the next round of final offers (最后报价) in a lot
// of a 谈判 or 磋商: an active member of the panel. The suppliers remaining
// (passed both reviews, not out) each make one by the deadline; one that
// does not no longer remains (ENG-E1/E3).
func (s *Service) CallFinalOffers(ctx context.Context, a goumai.Actor, procurementID int64, in OfferCallInput) (goumai.OfferRound, error) {
	r := goumai.OfferRound{LotID: in.LotID, DueAt: in.DueAt}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		if _, err := s.evalSeat(a, sc); err != nil {
			return err
		}
		if sc.p.Method != goumai.MethodCompetitiveNeg && sc.p.Method != goumai.MethodConsultation {
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-E1",
				Message: goumai.M("只有竞争性谈判和竞争性磋商要求供应商最后报价（ENG-E1）", "final offers are for negotiation and consultation only (ENG-E1)")}
		}
		if _, err := sc.lot(in.LotID); err != nil {
			return err
		}
		if !in.DueAt.After(tx.Now()) {
			return goumai.Fields{"due_at": goumai.M("最后报价的截止时间须晚于现在", "the deadline for final offers is in the future")}.Err()
		}
		r.ProcurementID, r.CalledAt, r.Round = sc.p.ID, tx.Now(), 1
		for _, x := range sc.rounds {
			if x.LotID == in.LotID {
				r.Round = x.Round + 1
				if tx.Now().Before(x.DueAt) {
					return goumai.Errorf(goumai.EConflict, "上一轮最后报价尚未截止", "the previous round of final offers is still open")
				}
			}
		}
		if r.ID, err = tx.InsertOfferRound(ctx, r, a.UserID); err != nil {
			return err
		}
		return record(ctx, tx, a, "evaluation.call_offers", "eval_offer_rounds", r.ID, sc.p)
	})
	return r, err
}

// OfferInput is a supplier's final offer.
type OfferInput struct {
	Price goumai.Fen `json:"price"`
}

// SubmitFinalOffer records the actor's supplier's final offer in an open
// round, once: the staff of a supplier whose bid in the lot remains, at a
// price above zero and within the lot's ceiling (or budget).
func (s *Service) SubmitFinalOffer(ctx context.Context, a goumai.Actor, procurementID, roundID int64, in OfferInput) (goumai.FinalOffer, error) {
	o := goumai.FinalOffer{RoundID: roundID, Price: in.Price}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}); err != nil {
			return err
		}
		sc, err := s.evaluating(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		var r goumai.OfferRound
		for _, x := range sc.rounds {
			if x.ID == roundID {
				r = x
			}
		}
		if r.ID == 0 {
			return goumai.ErrNotFound("最后报价轮次", "final-offer round")
		}
		var b goumai.OpenedBid
		for _, x := range sc.bids {
			if x.LotID == r.LotID && x.OrgID == a.Org.ID {
				b = x
			}
		}
		if b.ID == 0 {
			return goumai.ErrNotFound("最后报价轮次", "final-offer round")
		}
		out, passed := sc.standing(b)
		_, in2 := sc.price(b, r.CalledAt)
		switch {
		case out || !passed || !in2:
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-E3", Message: goumai.M("只有仍参加谈判（磋商）的供应商可以最后报价（ENG-E3）", "only the suppliers still in the negotiation make final offers (ENG-E3)")}
		case !tx.Now().Before(r.DueAt):
			return goumai.Errorf(goumai.EConflict, "本轮最后报价已截止", "this round of final offers has closed")
		}
		l, err := sc.lot(r.LotID)
		if err != nil {
			return err
		}
		limit := l.Ceiling
		if limit == 0 {
			limit = l.Budget
		}
		if in.Price <= 0 || in.Price > limit {
			return goumai.Fields{"price": goumai.M("最后报价须大于零且不超过最高限价（或预算）", "the final offer is above zero and within the ceiling (or budget)")}.Err()
		}
		o.OpenedBidID, o.At = b.ID, tx.Now()
		if o.ID, err = tx.InsertOffer(ctx, o); err != nil {
			return err
		}
		return record(ctx, tx, a, "evaluation.offer", "eval_offers", o.ID, sc.p)
	})
	return o, err
}

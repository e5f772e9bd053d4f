package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// applyOutcome carries out what an upheld challenge answer or complaint
// decision says follows, in its transaction (ENG-D8; 财政部令第94号 Art. 32):
// re-evaluation sends a procedure whose result is reported, confirmed or
// published back to its panel (ENG-G8), its awards withdrawn; re-ranking
// sets the named winner's bid aside and sends the result back to the
// purchaser's confirmation of the next candidate (rerank); re-procurement
// fails it (废标) so that a follow-up procedure starts again. Corrected
// documents are the organiser's next step (a correction notice) and change
// no state here.
func (s *Service) applyOutcome(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, r *goumai.Ruling) error {
	if r == nil || r.Verdict == goumai.VerdictDismissed {
		return nil
	}
	switch r.Outcome {
	case goumai.OutcomeReevaluate:
		if _, ok := p.Status.Next(goumai.ProcReevaluate); !ok {
			return nil // not evaluated yet: nothing to evaluate again
		}
		if err := s.withdrawAwards(ctx, tx, a, p); err != nil {
			return err
		}
		return s.move(ctx, tx, a, &p, goumai.ProcReevaluate, nil)
	case goumai.OutcomeRerank:
		return s.rerank(ctx, tx, a, p, r)
	case goumai.OutcomeReprocure:
		if _, ok := p.Status.Next(goumai.ProcFail); !ok {
			return nil
		}
		if err := s.withdrawAwards(ctx, tx, a, p); err != nil {
			return err
		}
		return s.failProcedure(ctx, tx, a, &p, "ENG-D8", goumai.M("质疑或投诉成立，依法重新开展采购活动（政府采购质疑和投诉办法第三十二条）",
			"a challenge or complaint was upheld: the procurement starts again (MOF Order 94 Art. 32)"))
	}
	return nil
}

// withdrawAwards removes p's confirmed awards and voids the letters sent for
// them (ENG-D8), each change recorded; the bonds held for the withdrawn
// winners' contracts fall due within 5 working days (ENG-D7).
func (s *Service) withdrawAwards(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement) error {
	ids, err := tx.DeleteAwards(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "award.withdrawn", Table: "lot_awards", Key: id, Region: p.Region, Public: true}); err != nil {
			return err
		}
	}
	if ids, err = tx.SupersedeLetters(ctx, p.ID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "award.letter_void", Table: "award_letters", Key: id, Region: p.Region}); err != nil {
			return err
		}
	}
	refunds, err := tx.Refunds(ctx, p.ID)
	if err != nil || len(refunds) == 0 {
		return err
	}
	due, err := s.workingDaysFrom(ctx, tx, RefundWorkingDays)
	if err != nil {
		return err
	}
	for _, r := range refunds {
		if err := s.settleRefund(ctx, tx, a, p, r, false, &due); err != nil {
			return err
		}
	}
	return nil
}

package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Re-ranking (另行确定, 财政部令第94号 Art. 32; ENG-D8, ENG-D6): a challenge
// or complaint upheld because the winner's bid is invalid names that
// supplier; its bid is set aside for the ruling's reasons (RuleChallenge,
// like a bid set aside at opening), the awards are withdrawn and their
// letters void, and the purchaser confirms the next qualifying candidate —
// again only the top one remaining — whose result notice replaces the
// earlier one. Too few candidates left fails the procedure (ENG-E1–E3).

// standing returns a reported ranking without the bids set aside after the
// report: the next candidate moves up, keeping its reported rank; a lot
// left with fewer qualifying candidates than its method needs fails
// (rules.EnoughSuppliers). A lot that lost no bid is as reported.
func standing(ctx context.Context, tx RankingReader, procurementID int64, lots []goumai.LotRanking) ([]goumai.LotRanking, error) {
	opened, err := tx.OpenedBids(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	aside := map[int64]bool{}
	for _, o := range opened {
		if !o.Valid() {
			aside[o.ID] = true
		}
	}
	var p *goumai.Procurement
	out := make([]goumai.LotRanking, 0, len(lots))
	for _, l := range lots {
		ranks := slices.DeleteFunc(slices.Clone(l.Ranks), func(r goumai.RankedBid) bool { return aside[r.OpenedBidID] })
		if l.Failed || len(ranks) == len(l.Ranks) {
			out = append(out, l)
			continue
		}
		if p == nil {
			got, err := tx.Procurement(ctx, procurementID)
			if err != nil {
				return nil, err
			}
			p = &got
		}
		l.Ranks = ranks
		if e := rules.EnoughSuppliers(p.Method, p.Reason, purchaseOf(*p).OfService, len(ranks)); !e.Go {
			l.Failed, l.FailRule = true, e.Rule
		}
		out = append(out, l)
	}
	return out, nil
}

// allLotsFailed returns the rule of a failed lot when every lot failed, "" otherwise.
func allLotsFailed(lots []goumai.LotRanking) string {
	rule := ""
	for _, l := range lots {
		if !l.Failed {
			return ""
		}
		rule = l.FailRule
	}
	return rule
}

// rerank carries out an upheld ruling's re-ranking in its transaction:
// the bids of the supplier whose award falls are set aside, every award is
// withdrawn (its letters void), and a confirmed or published result goes
// back to the purchaser's confirmation, due in 5 working days (ENG-D6) —
// or the procedure fails when no lot keeps enough candidates.
func (s *Service) rerank(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, r *goumai.Ruling) error {
	fall, err := s.fallingBids(ctx, tx, p, r.SetAsideOrgID)
	if err != nil {
		return err
	}
	for _, id := range fall {
		if err := tx.SetAsideOpened(ctx, id, goumai.RuleChallenge); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bid.set_aside", Table: "opened_bids", Key: id, Region: p.Region, Public: true}); err != nil {
			return err
		}
	}
	if err := s.withdrawAwards(ctx, tx, a, p); err != nil {
		return err
	}
	ranking, err := s.Ranking(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if rule := allLotsFailed(ranking); rule != "" {
		return s.failProcedure(ctx, tx, a, &p, rule, goumai.M(
			"质疑或投诉成立，原中标（成交）候选人的投标无效，其余符合要求的供应商不足法定家数（政府采购质疑和投诉办法第三十二条）",
			"a challenge or complaint was upheld and the winner's bid set aside: too few qualifying suppliers remain (MOF Order 94 Art. 32)"))
	}
	if p.Status == goumai.ProcConfirmation {
		return nil // not confirmed yet: the purchaser confirms the new rank 1
	}
	due, err := s.workingDaysFrom(ctx, tx, ConfirmWorkingDays)
	if err != nil {
		return err
	}
	return s.move(ctx, tx, a, &p, goumai.ProcRerank, &due)
}

// fallingBids returns the opened bids a re-ranking sets aside: those of the
// named supplier that were awarded, or, before the confirmation, that the
// report recommends (rank 1). Refused, naming ENG-D8, before the report or
// after the procedure ended, and for a supplier that holds no such bid.
func (s *Service) fallingBids(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, org int64) ([]int64, error) {
	switch p.Status {
	case goumai.ProcConfirmation, goumai.ProcConfirmed, goumai.ProcAwarded:
	default:
		return nil, d8(goumai.EConflict, "采购项目"+p.Status.Label().ZH+"：只有评审报告推荐了中标（成交）候选人后，才能依法另行确定中标（成交）供应商",
			"the procedure is "+p.Status.Label().EN+": the award goes to the next candidate only once the report ranked the candidates")
	}
	var fall []int64
	if p.Status == goumai.ProcConfirmation {
		ranking, err := s.Ranking(ctx, tx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range ranking {
			if first, ok := l.Recommended(); ok && first.OrgID == org {
				fall = append(fall, first.OpenedBidID)
			}
		}
	} else {
		awards, err := tx.Awards(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, aw := range awards {
			if aw.OrgID == org {
				fall = append(fall, aw.OpenedBidID)
			}
		}
	}
	if len(fall) == 0 {
		return nil, goumai.Fields{"set_aside_org_id": goumai.M("请选择本项目的中标（成交）供应商（或评审报告推荐的第一名），其结果依法另行确定",
			"choose the procedure's winning supplier (or the report's rank 1) whose award falls")}.Err()
	}
	return fall, nil
}

// settleRefund brings a bond refund recorded at an earlier result notice in
// line with the new one (ENG-D7): the new winner's bond waits for its
// contract, a loser's is due at due unless it was due earlier; a bond
// already refunded stays so.
func (s *Service) settleRefund(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, r goumai.BondRefund, won bool, due *time.Time) error {
	to := r.DueAt
	switch {
	case r.RefundedAt != nil:
		return nil
	case won:
		to = nil
	case r.DueAt == nil:
		to = due
	}
	if to == r.DueAt {
		return nil
	}
	if err := tx.SetRefundDue(ctx, r.ID, to); err != nil {
		return err
	}
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bond.refund_due", Table: "bond_refunds", Key: r.ID, Region: p.Region})
	return err
}

// replacedResult says, for a result notice published again after an upheld
// challenge or complaint, which notice it replaces and why; "" the first time.
func (s *Service) replacedResult(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) (string, error) {
	ns, err := tx.Notices(ctx, p.ID)
	if err != nil {
		return "", err
	}
	var last *goumai.Notice
	for j := range ns {
		if ns[j].Kind == goumai.NoticeResult {
			last = &ns[j]
		}
	}
	if last == nil {
		return "", nil
	}
	cause := goumai.M("质疑或投诉成立", "a challenge or complaint was upheld")
	outs, err := s.ChallengeOutcomes(ctx, tx, p.ID)
	if err != nil {
		return "", err
	}
	cs, err := tx.Challenges(ctx, p.ID)
	if err != nil {
		return "", err
	}
	outs = slices.DeleteFunc(outs, func(o goumai.ChallengeOutcome) bool {
		return o.Kind != goumai.OutcomeRerank && o.Kind != goumai.OutcomeReevaluate // those that withdraw a result
	})
	if n := len(outs); n > 0 {
		o := outs[n-1]
		if j := slices.IndexFunc(cs, func(c goumai.Challenge) bool { return c.ID == o.ChallengeID }); j >= 0 {
			cause = goumai.M(fmt.Sprintf("第%d号质疑成立", cs[j].Number), fmt.Sprintf("challenge no. %d was upheld", cs[j].Number))
			if o.ComplaintID != 0 {
				cause = goumai.M(fmt.Sprintf("就第%d号质疑提起的投诉经财政部门处理成立", cs[j].Number),
					fmt.Sprintf("the complaint after challenge no. %d was upheld by the finance department", cs[j].Number))
			}
		}
	}
	opened, err := tx.OpenedBids(ctx, p.ID)
	if err != nil {
		return "", err
	}
	var aside []string
	for _, o := range opened {
		if o.SetAside == goumai.RuleChallenge && !slices.Contains(aside, o.Supplier) {
			aside = append(aside, o.Supplier)
		}
	}
	if len(aside) > 0 {
		who := strings.Join(aside, "、")
		cause = goumai.M(cause.ZH+"，"+who+"的投标无效，依法另行确定中标（成交）供应商", cause.EN+": the bid of "+who+" is set aside and the award goes to the next candidate")
	}
	day, number := shanghaiDay(last.PublishedAt), fmt.Sprintf("%s-%d", p.Code, last.Number)
	return fmt.Sprintf("本公告更正并取代%s发布的中标（成交）结果公告（%s）：%s；原结果撤销，原中标（成交）通知书和结果通知书作废（政府采购质疑和投诉办法第三十二条，ENG-D8）。", day, number, cause.ZH) +
		"\n" + fmt.Sprintf("This notice corrects and replaces the result notice %s of %s: %s; the earlier result is withdrawn and its letters are void (MOF Order 94 Art. 32, ENG-D8).", number, day, cause.EN), nil
}

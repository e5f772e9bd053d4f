package workflow

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The result (issue 9 item 5): the purchaser confirms the evaluation
// report's rank-1 bid of each lot within 5 working days (ENG-D6; for 磋商
// the scheduler deems rank 1 accepted when the limit passes without
// objection), then the organiser publishes the 中标（成交）结果公告 within 2
// working days (REQ-C20, with the panel), sends the award and result letters,
// and owes the bid-bond refunds within 5 working days (ENG-D7). A challenge
// or complaint that may change the result freezes both steps (ENG-D8).

// The limits of ENG-D6 and ENG-D7, in working days.
const (
	ResultWorkingDays = 2 // the result notice follows the confirmation (GPL-IR Art. 43)
	RefundWorkingDays = 5 // bid bonds are refunded (GPL-IR Art. 33)
)

// ruleConfirm is the rule of the confirmation (ENG-D6; GPL-IR Art. 43).
const ruleConfirm = "ENG-D6"

// LotConfirmation names the opened bid the purchaser confirms on a lot.
type LotConfirmation struct {
	LotID       int64 `json:"lot_id"`
	OpenedBidID int64 `json:"opened_bid_id"`
}

// ConfirmInput confirms the reported result: one line per lot that has a
// ranking, each naming its rank-1 bid.
type ConfirmInput struct {
	Version int               `json:"version"`
	Lots    []LotConfirmation `json:"lots"`
	Opinion string            `json:"opinion"` // the purchaser's opinion (意见), recorded with each award; optional
}

// MaxConfirmOpinion bounds the confirmation's opinion, in characters.
const MaxConfirmOpinion = 500

// purchaser returns nil if a is the purchaser's staff: the purchaser, not its
// agency, confirms the result (GPL Art. 46; GPL-IR Art. 43).
func (s *Service) purchaser(a goumai.Actor, p goumai.Procurement) error {
	return s.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region})
}

// ConfirmResult records the purchaser's confirmation of each lot's rank-1 bid
// (ENG-D6: it must follow the report's order and may not pick another).
func (s *Service) ConfirmResult(ctx context.Context, a goumai.Actor, id int64, in ConfirmInput) (goumai.Procurement, error) {
	var p goumai.Procurement
	opinion := strings.TrimSpace(in.Opinion)
	if utf8.RuneCountInString(opinion) > MaxConfirmOpinion {
		return p, goumai.Fields{"opinion": goumai.M(fmt.Sprintf("意见不能超过%d个字", MaxConfirmOpinion), fmt.Sprintf("the opinion has at most %d characters", MaxConfirmOpinion))}.Err()
	}
	if m := goumai.CheckText(opinion); m != nil {
		return p, goumai.Fields{"opinion": *m}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.procedureFor(ctx, tx, a, id, in.Version, s.purchaser, goumai.ProcConfirmation); err != nil {
			return err
		}
		ranking, err := s.Ranking(ctx, tx, id)
		if err != nil {
			return err
		}
		chosen := map[int64]int64{}
		for _, c := range in.Lots {
			chosen[c.LotID] = c.OpenedBidID
		}
		for lot := range chosen {
			if !slices.ContainsFunc(ranking, func(r goumai.LotRanking) bool { return r.LotID == lot && !r.Failed }) {
				return goumai.Fields{"lots": goumai.M("第"+strconv.FormatInt(lot, 10)+"号采购包没有可确认的评审结果", "lot "+strconv.FormatInt(lot, 10)+" has no result to confirm")}.Err()
			}
		}
		for _, r := range ranking {
			first, ok := r.Recommended()
			if !ok {
				continue
			}
			got, named := chosen[r.LotID]
			if !named {
				return goumai.Fields{"lots": goumai.M("请逐包确认评审报告推荐的第一名", "confirm each lot's rank-1 bid of the report")}.Err()
			}
			if got != first.OpenedBidID {
				return &goumai.Error{Code: goumai.EForbidden, Rule: ruleConfirm, Message: goumai.M(
					"采购人应当按照评审报告中推荐的中标（成交）候选人顺序确定中标（成交）供应商，不得在评审报告推荐的候选人之外确定或者改变排序（政府采购法实施条例第四十三条，ENG-D6）",
					"the purchaser confirms the candidates in the report's order and may neither choose another nor change the ranking (GPL-IR Art. 43, ENG-D6)")}
			}
		}
		return s.confirm(ctx, tx, a, &p, ranking, false, opinion)
	})
	return p, err
}

// confirm records each ranked lot's rank-1 bid as its award (deemed: by the
// scheduler for 磋商) and moves p on, the result notice due within 2 working days.
func (s *Service) confirm(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, ranking []goumai.LotRanking, deemed bool, opinion string) error {
	if err := s.CheckNotFrozen(ctx, tx, p.ID); err != nil {
		return err
	}
	if err := s.checkQualified(ctx, tx, *p, ranking); err != nil {
		return err
	}
	n := 0
	for _, r := range ranking {
		first, ok := r.Recommended()
		if !ok {
			continue
		}
		aw := goumai.Award{ProcurementID: p.ID, LotID: r.LotID, OpenedBidID: first.OpenedBidID, OrgID: first.OrgID, Amount: first.Price, Deemed: deemed, ConfirmedBy: a.UserID, Opinion: opinion}
		id, err := tx.InsertAward(ctx, aw)
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "award.confirm", Table: "lot_awards", Key: id, Region: p.Region, Public: true}); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return goumai.Errorf(goumai.EConflict, "评审报告没有可确认的中标（成交）候选人", "the report has no candidate to confirm")
	}
	due, err := s.workingDaysFrom(ctx, tx, ResultWorkingDays)
	if err != nil {
		return err
	}
	return s.move(ctx, tx, a, p, goumai.ProcConfirm, &due)
}

// workingDaysFrom is the end of the n-th working day after now.
func (s *Service) workingDaysFrom(ctx context.Context, tx *sqlstore.Tx, n int) (t time.Time, err error) {
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return t, err
	}
	return rules.WorkingDaysEnd(tx.Now(), n, "due", cal)
}

// confirmationDue is what the scheduler does when the purchaser's limit
// passed: for 磋商 rank 1 is deemed accepted (N214 Art. 28: the purchaser did
// not object in time) when it was qualified (资质审核); otherwise the confirmation is marked overdue on the
// purchaser's to-do list.
func (s *Service) confirmationDue(ctx context.Context, tx *sqlstore.Tx, p *goumai.Procurement) error {
	if p.Method == goumai.MethodConsultation {
		ranking, err := s.Ranking(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		// Deemed accepted only once qualified: nothing is deemed qualified (资质审核).
		if err := s.checkQualified(ctx, tx, *p, ranking); err == nil {
			return s.confirm(ctx, tx, goumai.System, p, ranking, true, "")
		} else if goumai.ErrorCode(err) != goumai.EConflict {
			return err
		}
	}
	p.NextDue = nil
	var err error
	if p.Version, err = tx.UpdateProcurement(ctx, *p); err != nil {
		return err
	}
	return s.recordProcurement(ctx, tx, goumai.System, "procurement.confirmation_overdue", *p)
}

// PublishResult publishes the 中标（成交）结果公告 of a confirmed procedure
// (REQ-C20: each lot's supplier, address and amount, the main requirements,
// the notice period and the panel with the members the purchaser chose
// marked), sends each bidder of a lot its award or result letter, and records
// the bid bonds to refund: the others' within 5 working days, the winner's
// once its contract is signed (ENG-D7). By the organisers.
func (s *Service) PublishResult(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Notice, error) {
	var n goumai.Notice
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.procedureFor(ctx, tx, a, id, version, s.organizer, goumai.ProcConfirmed)
		if err != nil {
			return err
		}
		if err := s.CheckNotFrozen(ctx, tx, id); err != nil {
			return err
		}
		awards, err := tx.Awards(ctx, id)
		if err != nil {
			return err
		}
		lots, err := tx.Lots(ctx, id)
		if err != nil {
			return err
		}
		ranking, err := s.rankingOrOpened(ctx, tx, id)
		if err != nil {
			return err
		}
		lines, err := s.awardLines(ctx, tx, p, lots, awards, ranking)
		if err != nil {
			return err
		}
		panel, err := s.PanelNames(ctx, tx, id)
		if err != nil {
			return err
		}
		replaces, err := s.replacedResult(ctx, tx, p)
		if err != nil {
			return err
		}
		if n, err = s.publishNotice(ctx, tx, a, &p, goumai.NoticeResult, func(b *goumai.NoticeBody) { b.Awards, b.Panel, b.Reason = lines, panel, replaces }); err != nil {
			return err
		}
		if err := s.sendLetters(ctx, tx, a, p, n, lots, awards); err != nil {
			return err
		}
		return s.move(ctx, tx, a, &p, goumai.ProcPublishResult, nil)
	})
	return n, err
}

// awardLines are the result notice's lines, one per lot.
func (s *Service) awardLines(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, lots []goumai.Lot, awards []goumai.Award, ranking []goumai.LotRanking) ([]goumai.AwardLine, error) {
	var out []goumai.AwardLine
	for _, l := range lots {
		line := goumai.AwardLine{LotNumber: l.Number, LotTitle: l.Title, Requirements: l.Requirements, TermMonths: p.Documents.TermMonths}
		if line.Requirements == "" {
			line.Requirements = p.Documents.Requirements
		}
		i := slices.IndexFunc(awards, func(aw goumai.Award) bool { return aw.LotID == l.ID })
		if i < 0 {
			line.Failed = "废标 / failed"
			if j := slices.IndexFunc(ranking, func(r goumai.LotRanking) bool { return r.LotID == l.ID }); j >= 0 && ranking[j].FailRule != "" {
				line.Failed += "（" + ranking[j].FailRule + "）"
			}
			out = append(out, line)
			continue
		}
		o, err := tx.Org(ctx, awards[i].OrgID)
		if err != nil {
			return nil, err
		}
		line.Supplier, line.Address, line.Amount = o.Name, o.Contact().Address, awards[i].Amount
		if line.Address == "" { // an individual's address is personal data (REQ-C23), or none recorded: the region
			line.Address = s.Store.Regions().FullName(o.Region)
		}
		out = append(out, line)
	}
	return out, nil
}

// sendLetters sends each bidder of each lot its letter and records the bid
// bonds to refund (ENG-D7).
func (s *Service) sendLetters(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, n goumai.Notice, lots []goumai.Lot, awards []goumai.Award) error {
	opened, err := tx.OpenedBids(ctx, p.ID)
	if err != nil {
		return err
	}
	refundBy, err := s.workingDaysFrom(ctx, tx, RefundWorkingDays)
	if err != nil {
		return err
	}
	earlier, err := tx.Refunds(ctx, p.ID) // recorded at a result notice this one replaces
	if err != nil {
		return err
	}
	for _, o := range opened {
		won := slices.ContainsFunc(awards, func(aw goumai.Award) bool { return aw.LotID == o.LotID && aw.OrgID == o.OrgID })
		l := goumai.AwardLetter{ProcurementID: p.ID, LotID: o.LotID, OrgID: o.OrgID, Kind: goumai.LetterResult, NoticeID: n.ID}
		if won {
			l.Kind = goumai.LetterAward
		}
		id, err := tx.InsertLetter(ctx, l)
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "award.letter", Table: "award_letters", Key: id, Region: p.Region}); err != nil {
			return err
		}
		i := slices.IndexFunc(lots, func(x goumai.Lot) bool { return x.ID == o.LotID })
		if i < 0 || lots[i].BidBond == 0 {
			continue
		}
		if j := slices.IndexFunc(earlier, func(r goumai.BondRefund) bool { return r.LotID == o.LotID && r.OrgID == o.OrgID }); j >= 0 {
			if err := s.settleRefund(ctx, tx, a, p, earlier[j], won, &refundBy); err != nil {
				return err
			}
			continue
		}
		r := goumai.BondRefund{ProcurementID: p.ID, LotID: o.LotID, OrgID: o.OrgID, Amount: lots[i].BidBond}
		if !won {
			due := refundBy
			r.DueAt = &due
		}
		if id, err = tx.InsertRefund(ctx, r); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bond.refund_due", Table: "bond_refunds", Key: id, Region: p.Region}); err != nil {
			return err
		}
	}
	return nil
}

// RefundBond records a bid bond as refunded, by the procedure's organisers.
func (s *Service) RefundBond(ctx context.Context, a goumai.Actor, refundID int64) (goumai.BondRefund, error) {
	var r goumai.BondRefund
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = tx.Refund(ctx, refundID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, r.ProcurementID)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return goumai.ErrNotFound("投标保证金退还", "bond refund")
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		if err := guardOpen(ctx, tx, p.ProjectID); err != nil { // ENG-I2
			return err
		}
		if r.RefundedAt != nil {
			return goumai.Errorf(goumai.EConflict, "该保证金已退还", "this bond was refunded already")
		}
		if err := tx.MarkRefunded(ctx, r.ID, a.UserID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bond.refunded", Table: "bond_refunds", Key: r.ID, Region: p.Region}); err != nil {
			return err
		}
		r, err = tx.Refund(ctx, r.ID)
		return err
	})
	return r, err
}

// MyLetters returns the award and result letters the actor's organisation received.
func (s *Service) MyLetters(ctx context.Context, a goumai.Actor) ([]goumai.AwardLetter, error) {
	if a.Anonymous() {
		return nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	ls, err := s.Store.OrgLetters(ctx, a.Org.ID)
	if ls == nil {
		ls = []goumai.AwardLetter{}
	}
	return ls, err
}

// ResultView is what a procedure's staff page shows of part 2: the opening
// record, the reported ranking (to those who may see the procedure's
// internals, before the result is public), the awards, bond refunds and the
// follow-up of a failed procedure.
type ResultView struct {
	Opening  *goumai.Opening     `json:"opening,omitempty"`
	Ranking  []goumai.LotRanking `json:"ranking,omitempty"`
	Awards   []goumai.Award      `json:"awards,omitempty"`
	Refunds  []goumai.BondRefund `json:"refunds,omitempty"`
	Followup *sqlstore.Followup  `json:"-"`
	CanTwo   bool                `json:"-"` // a negotiation with the two left may follow (ENG-E2)
}

// ProcurementResult returns p's ResultView for a.
func (s *Service) ProcurementResult(ctx context.Context, a goumai.Actor, p goumai.Procurement) (ResultView, error) {
	var v ResultView
	if !opened(p.Status) && p.Status != goumai.ProcTerminated {
		return v, nil
	}
	rec, err := s.OpeningRecord(ctx, a, p.ID)
	if err != nil {
		return v, err
	}
	if len(rec.Bids) > 0 {
		v.Opening = &rec
	}
	inside := s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil ||
		p.AgencyOrgID != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.AgencyOrgID, Region: p.Region}) == nil
	if inside || p.Status == goumai.ProcAwarded {
		if v.Awards, err = s.Store.Awards(ctx, p.ID); err != nil {
			return v, err
		}
	}
	if !inside {
		return v, nil
	}
	if v.Refunds, err = s.Store.Refunds(ctx, p.ID); err != nil {
		return v, err
	}
	if f, err := s.Store.FollowupOf(ctx, p.ID); err == nil {
		v.Followup = &f
	} else if goumai.ErrorCode(err) != goumai.ENotFound {
		return v, err
	}
	if p.Status == goumai.ProcConfirmation || p.Status == goumai.ProcConfirmed || p.Status == goumai.ProcAwarded || p.Status == goumai.ProcFailed {
		if v.Ranking, err = s.rankingOrOpened(ctx, s.Store, p.ID); err != nil {
			return v, err
		}
	}
	if p.Status == goumai.ProcFailed {
		_, err := s.remainingTwo(ctx, s.Store, p)
		v.CanTwo = err == nil
	}
	return v, nil
}

package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The purchaser's representatives on the panel (采购人代表; ENG-F1/F2,
// ENG-F4, REQ-C16). The draw request says how many of the panel's seats they
// take; the purchaser's own staff seat them, one at a time, before the
// evaluation begins; they review and score like the experts, and the report
// waits until every seat of the request is filled.

// RepresentativeInput names the purchaser's user to seat: by id, or by username.
type RepresentativeInput struct {
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
}

// SeatRepresentative seats a user of the purchaser as its representative on
// the procedure's panel: by the purchaser's own procurement staff
// (ActSeatRepresentative, whoever organises the procedure), against the
// current draw request, which must leave a representative's seat free (never
// more representatives than requested, so that experts stay at least two
// thirds: ENG-F1/F2), before anything of the evaluation is recorded. The user
// is an active member of the purchaser, not on the panel yet, and free of
// any conflict with the bidders known (ENG-F4; the procedure's agency staff
// never sit). The seat's event is private, as an expert's: names wait for
// the result notice (REQ-C16).
func (s *Service) SeatRepresentative(ctx context.Context, a goumai.Actor, procurementID int64, in RepresentativeInput) (goumai.PanelMember, error) {
	m := goumai.PanelMember{ProcurementID: procurementID, Kind: goumai.PanelPurchaserRep, Status: goumai.PanelActive}
	username := strings.TrimSpace(in.Username)
	if in.UserID <= 0 && username == "" {
		return m, goumai.Fields{"username": goumai.M("请填写采购人代表的用户名", "give the representative's username")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, rule, err := s.repProcedure(ctx, tx, a, procurementID)
		if err != nil {
			return err
		}
		members, err := tx.PanelMembers(ctx, p.ID)
		if err != nil {
			return err
		}
		u, err := s.repUser(ctx, tx, p, rule, in.UserID, username)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(members, func(x goumai.PanelMember) bool { return x.UserID == u.ID && x.Status == goumai.PanelActive }) {
			return repErr(goumai.EConflict, rule, "该用户已是本项目评审小组成员", "the user sits on this panel already")
		}
		if err := repSeatFree(ctx, tx, p, rule, members); err != nil {
			return err
		}
		bidders, err := s.bidders(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		m.UserID = u.ID
		if c, bad, err := s.memberConflict(ctx, tx, m, p, bidders); err != nil {
			return err
		} else if bad {
			return c.Err()
		}
		return s.seat(ctx, tx, a, p, &m)
	})
	return m, err
}

// repProcedure locks and reads the procedure for the purchaser's staff
// seating a representative, and returns the panel rule it falls under
// (ENG-F1 for tenders, ENG-F2 otherwise): only while a panel is drawn and
// before the evaluation has begun (no review or score recorded).
func (s *Service) repProcedure(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Procurement, string, error) {
	if err := tx.Lock(ctx, "procurements", id); err != nil {
		return goumai.Procurement{}, "", err
	}
	p, err := tx.Procurement(ctx, id)
	if err != nil {
		return p, "", err
	}
	if err := s.canSeeProcurement(a, p); err != nil {
		return p, "", err
	}
	if err := s.Policy.Can(a, goumai.ActSeatRepresentative, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}); err != nil {
		return p, "", err
	}
	params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return p, "", err
	}
	_, rule := params.PanelMinSize(rules.PanelSpec{Method: p.Method, Budget: p.Amount})
	if p.Status != goumai.ProcTendering && p.Status != goumai.ProcClosed && p.Status != goumai.ProcEvaluation {
		return p, rule, repErr(goumai.EConflict, rule, "采购项目当前状态（"+p.Status.Label().ZH+"）不能确定评审小组成员",
			"the panel is not composed for a procedure in its state ("+p.Status.Label().EN+")")
	}
	reviews, err := tx.Reviews(ctx, p.ID)
	if err != nil {
		return p, rule, err
	}
	scores, err := tx.Scores(ctx, p.ID)
	if err != nil {
		return p, rule, err
	}
	if len(reviews) > 0 || len(scores) > 0 {
		return p, rule, repErr(goumai.EConflict, rule, "评审已经开始：采购人代表应在评审开始前确定", "the evaluation has begun: the representative is seated before it")
	}
	return p, rule, nil
}

// repSeatFree refuses unless the current draw request leaves a
// representative's seat free.
func repSeatFree(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, rule string, members []goumai.PanelMember) error {
	draws, err := tx.Draws(ctx, p.ID)
	if err != nil {
		return err
	}
	d, ok := currentDraw(draws)
	if !ok {
		return repErr(goumai.EConflict, rule, "尚未申请抽取评审专家：采购人代表人数以抽取申请为准", "no draw has been requested: the request sets how many representatives sit")
	}
	if seated := countKind(members, goumai.PanelPurchaserRep); seated >= d.PurchaserReps {
		return repErr(goumai.EConflict, rule, fmt.Sprintf("抽取申请的采购人代表为%d人，已有%d人：评审专家不得少于三分之二", d.PurchaserReps, seated),
			fmt.Sprintf("the request has %d representatives' seats and %d are taken: experts stay at least two thirds", d.PurchaserReps, seated))
	}
	return nil
}

// repUser returns the user named, refusing one who is not an active member
// of the purchaser.
func (s *Service) repUser(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, rule string, id int64, username string) (goumai.User, error) {
	var u goumai.User
	var err error
	if id > 0 {
		u, err = tx.User(ctx, id)
	} else {
		u, err = tx.UserByUsername(ctx, username)
	}
	notOurs := repErr(goumai.EInvalid, rule, "采购人代表应为采购人本单位在职的工作人员", "the representative is an active member of the purchaser's staff")
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return u, notOurs
	} else if err != nil {
		return u, err
	}
	ms, err := tx.UserMemberships(ctx, u.ID)
	if err != nil {
		return u, err
	}
	if !u.Active || !slices.ContainsFunc(ms, func(m goumai.Membership) bool { return m.OrgID == p.PurchaserOrgID }) {
		return u, notOurs
	}
	return u, nil
}

// currentDraw is the procedure's latest draw request not void: the one
// whose size and representatives the panel is composed to.
func currentDraw(draws []goumai.PanelDraw) (goumai.PanelDraw, bool) {
	for i := len(draws) - 1; i >= 0; i-- {
		if draws[i].Status != goumai.DrawVoid {
			return draws[i], true
		}
	}
	return goumai.PanelDraw{}, false
}

// countKind counts the active members of a kind.
func countKind(members []goumai.PanelMember, kind goumai.PanelMemberKind) int {
	n := 0
	for _, m := range members {
		if m.Status == goumai.PanelActive && m.Kind == kind {
			n++
		}
	}
	return n
}

// repErr is a refusal citing the panel's rule.
func repErr(code goumai.Code, rule, zh, en string) error {
	return &goumai.Error{Code: code, Rule: rule, Message: goumai.M(zh+"（"+rule+"）", en+" ("+rule+")")}
}

// fullPanel refuses the report while a seat is empty (ENG-F1/F2): fewer
// experts or representatives than the current draw request asked, or a
// panel whose size or composition breaks the rules.
func (s *Service) fullPanel(ctx context.Context, tx *sqlstore.Tx, sc *evalScene) error {
	panel := sc.panel()
	reps := countKind(panel, goumai.PanelPurchaserRep)
	experts := len(panel) - reps
	spec := rules.PanelSpec{Method: sc.p.Method, Budget: sc.p.Amount, Size: len(panel), PurchaserReps: reps}
	_, rule := sc.params.PanelMinSize(spec)
	draws, err := tx.Draws(ctx, sc.p.ID)
	if err != nil {
		return err
	}
	if d, ok := currentDraw(draws); ok && (experts < d.PanelSize-d.PurchaserReps || reps < d.PurchaserReps) {
		return repErr(goumai.EConflict, rule,
			fmt.Sprintf("评审小组未满员：抽取申请为%d人（其中采购人代表%d人），现有评审专家%d人、采购人代表%d人", d.PanelSize, d.PurchaserReps, experts, reps),
			fmt.Sprintf("the panel is not full: the request is for %d members (%d representatives); %d experts and %d representatives sit", d.PanelSize, d.PurchaserReps, experts, reps))
	}
	if err := sc.params.CheckPanel(spec); err != nil {
		e := goumai.AsError(err)
		return &goumai.Error{Code: goumai.EConflict, Rule: e.Rule, Message: goumai.M(
			fmt.Sprintf("评审小组现有%d人（采购人代表%d人），不能出具评审报告：", len(panel), reps)+e.Message.ZH,
			fmt.Sprintf("the panel has %d members (%d representatives) and cannot report: ", len(panel), reps)+e.Message.EN)}
	}
	return nil
}

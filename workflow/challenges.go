package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Challenges (质疑) and complaints (投诉), ENG-D8 (GPL Arts. 52–58; GPL-IR
// Arts. 52–55; 财政部令第94号): a supplier taking part in a procedure
// challenges one of its notices within 7 working days of its publication; the
// organiser answers within 7 working days; the challenger complains to the
// finance department within 15 working days of the answer (or of its time
// limit passed unanswered), which decides within 30 working days and may
// suspend the procurement meanwhile. Each step is one transaction with its
// event; answers and decisions are public, the facts and who filed never.
// While one is open the award and the contract wait (CheckNotFrozen).

// ChallengeInput is a supplier's challenge of one notice.
type ChallengeInput struct {
	NoticeID int64  `json:"notice_id"`
	Claims   string `json:"claims"` // the matters challenged and what is asked (public)
	Facts    string `json:"facts"`  // the facts, legal grounds and evidence (private)
}

// ComplaintInput is a challenger's complaint after its challenge.
type ComplaintInput struct {
	Claims string `json:"claims"`
	Facts  string `json:"facts"`
}

// RulingInput is an answer to a challenge or a decision on a complaint.
type RulingInput struct {
	Verdict goumai.Verdict     `json:"verdict"`
	Outcome goumai.OutcomeKind `json:"outcome"`
	Reasons string             `json:"reasons"`
	// SetAsideOrgID names, for the outcome rerank only, the supplier whose
	// award falls (its bid is set aside for the reasons given).
	SetAsideOrgID int64 `json:"set_aside_org_id"`
}

// SuspendInput is the finance department's suspension of a procurement while
// it decides a complaint (GPL Art. 57).
type SuspendInput struct {
	Reason string `json:"reason"`
}

// ChallengeList is a procedure's challenges and complaints.
type ChallengeList struct {
	Challenges []goumai.Challenge `json:"challenges"`
	Complaints []goumai.Complaint `json:"complaints"`
}

// d8 is a refusal under ENG-D8.
func d8(code goumai.Code, zh, en string) error {
	return &goumai.Error{Code: code, Rule: goumai.RuleChallenge, Message: goumai.M(zh, en)}
}

// textField checks a trimmed text of at most max characters, required or not.
func textField(f goumai.Fields, field, s string, max int, required bool, what goumai.Msg) {
	if n := utf8.RuneCountInString(s); n > max || required && n == 0 {
		f[field] = goumai.M(fmt.Sprintf("请填写%s（不超过%d个字）", what.ZH, max), fmt.Sprintf("write the %s, at most %d characters", what.EN, max))
	}
}

// filing checks the claims and facts of a challenge or a complaint.
func filing(claims, facts *string) error {
	*claims, *facts = strings.TrimSpace(*claims), strings.TrimSpace(*facts)
	f := goumai.Fields{}
	textField(f, "claims", *claims, goumai.MaxChallengeClaims, true, goumai.M("质疑（投诉）事项和请求", "matters and requests"))
	textField(f, "facts", *facts, goumai.MaxChallengeFacts, false, goumai.M("事实依据和证明材料", "facts and evidence"))
	return f.Err()
}

// ruling checks an answer or a decision: a verdict, its reasons, and an
// outcome only for a verdict that upholds.
func ruling(in RulingInput, by int64, at time.Time) (*goumai.Ruling, error) {
	r := &goumai.Ruling{Verdict: in.Verdict, Outcome: in.Outcome, Reasons: strings.TrimSpace(in.Reasons), SetAsideOrgID: in.SetAsideOrgID, By: by, At: at}
	f := goumai.Fields{}
	if !slices.Contains(goumai.Verdicts, r.Verdict) {
		f.Add("verdict", "请选择处理结论：成立、部分成立或不成立", "choose the verdict: upheld, partly_upheld or dismissed")
	}
	switch {
	case r.Outcome != goumai.OutcomeNone && !slices.Contains(goumai.OutcomeKinds, r.Outcome):
		f.Add("outcome", "后续处理须为 reevaluate、rerank、reprocure、correct_documents 之一或不填", "the outcome is one of reevaluate, rerank, reprocure, correct_documents, or none")
	case r.Outcome != goumai.OutcomeNone && r.Verdict == goumai.VerdictDismissed:
		f.Add("outcome", "结论为不成立时不能指定后续处理", "a dismissal has no outcome")
	}
	switch rerank := r.Outcome == goumai.OutcomeRerank && r.Verdict != goumai.VerdictDismissed; {
	case rerank && r.SetAsideOrgID <= 0:
		f.Add("set_aside_org_id", "另行确定中标（成交）供应商时，请选择其结果被撤销的中标（成交）供应商", "for rerank, choose the supplier whose award falls")
	case !rerank && r.SetAsideOrgID != 0:
		f.Add("set_aside_org_id", "只有另行确定中标（成交）供应商时才指定结果被撤销的供应商", "a supplier whose award falls is named only for rerank")
	}
	textField(f, "reasons", r.Reasons, goumai.MaxChallengeReasons, true, goumai.M("理由", "reasons"))
	return r, f.Err()
}

// challenger returns nil if the actor acts for the challenging organisation.
func (s *Service) challenger(a goumai.Actor, org int64, p goumai.Procurement) error {
	err := s.Policy.Can(a, goumai.ActChallenge, goumai.Target{OrgID: org, Region: p.Region})
	if goumai.ErrorCode(err) == goumai.EForbidden {
		return d8(goumai.EForbidden, "只有提出质疑的供应商的经办人可以撤回质疑或提起投诉", "only the challenging supplier's staff may withdraw the challenge or complain")
	}
	return err
}

// answerer returns nil if the actor may answer a challenge of p: its organiser.
func (s *Service) answerer(a goumai.Actor, p goumai.Procurement) error {
	err := s.organizer(a, p)
	if goumai.ErrorCode(err) == goumai.EForbidden {
		return d8(goumai.EForbidden, "质疑由采购人或其委托的采购代理机构答复", "a challenge is answered by the procedure's organiser: the entrusted agency, else the purchaser")
	}
	return err
}

// decider returns nil if the actor may decide a complaint of p: a finance
// approver of the finance department of p's region or above, who did not file it.
func (s *Service) decider(a goumai.Actor, p goumai.Procurement, c goumai.Complaint) error {
	err := s.Policy.Can(a, goumai.ActDecideComplaint, goumai.Target{Region: p.Region, Item: &goumai.Involvement{Drafters: []int64{c.UserID}}, Step: "decide"})
	if e := goumai.AsError(err); err != nil && e.Code == goumai.EForbidden && e.Rule == "" {
		return d8(goumai.EForbidden, "投诉由采购项目所在地的财政部门（审批人员）处理", "a complaint is decided by a finance approver of the finance department of the procedure's region")
	}
	return err
}

// lockedProcurement locks and returns a procedure in the transaction.
func lockedProcurement(ctx context.Context, tx *sqlstore.Tx, id int64) (goumai.Procurement, error) {
	if err := tx.Lock(ctx, "procurements", id); err != nil {
		return goumai.Procurement{}, err
	}
	return tx.Procurement(ctx, id)
}

// FileChallenge records a supplier's challenge of one published notice of a
// procedure: by the staff of an organisation that may take part in it
// (takePart: not its organisers; for an invited method an invited
// supplier), within 7 working days of the notice's publication (ENG-D8;
// refused after, naming the rule). The organiser must answer by the end of
// the 7th working day after it. The challenge is public, who filed it and
// the facts are not.
func (s *Service) FileChallenge(ctx context.Context, a goumai.Actor, procurementID int64, in ChallengeInput) (goumai.Challenge, error) {
	c := goumai.Challenge{ProcurementID: procurementID, NoticeID: in.NoticeID, OrgID: a.Org.ID, UserID: a.UserID, Status: goumai.ChallengeFiled}
	if a.Anonymous() {
		return c, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if err := filing(&in.Claims, &in.Facts); err != nil {
		return c, err
	}
	c.Claims, c.Facts = in.Claims, in.Facts
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := lockedProcurement(ctx, tx, procurementID)
		if err != nil {
			return err
		}
		if err := s.takePart(a, p, goumai.ActChallenge, goumai.M("提出质疑", "challenge")); err != nil {
			return err
		}
		ns, err := tx.Notices(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.ID == in.NoticeID })
		if i < 0 {
			return goumai.Fields{"notice_id": goumai.M("请选择本项目已发布的一份公告", "choose a notice published for this procedure")}.Err()
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		until, err := cal.AddWorkingDaysChecked(ns[i].PublishedAt, goumai.ChallengeFileWorkingDays)
		if err != nil {
			return err
		}
		if tx.Now().After(until) {
			return d8(goumai.EConflict, fmt.Sprintf("质疑期已过：对该公告的质疑应在其发布之日起7个工作日内（%s前）提出（ENG-D8，政府采购法第五十二条）", shanghaiDay(until)),
				fmt.Sprintf("the challenge period is over: a notice is challenged within 7 working days of its publication, by %s (ENG-D8, GPL Art. 52)", shanghaiDay(until)))
		}
		if c.DueAt, err = cal.AddWorkingDaysChecked(tx.Now(), goumai.ChallengeAnswerWorkingDays); err != nil {
			return err
		}
		var facts int64
		if c.ID, c.Number, facts, err = tx.InsertChallenge(ctx, c, p.Organizer()); err != nil {
			return err
		}
		c.FiledAt = tx.Now()
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "challenge.file", Table: "challenges", Key: c.ID, Region: p.Region, Public: true}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "challenge.facts", Table: "challenge_facts", Key: facts, Region: p.Region})
		return err
	})
	return c, err
}

// shanghaiDay formats a deadline's day.
func shanghaiDay(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02") }

// moveChallenge runs one step on a challenge in its own transaction: it
// reads the challenge and locks its procedure, lets check refuse (the
// actor's right), applies the transition act (EConflict naming ENG-D8 when
// the state does not allow it), lets edit set the step's fields, and writes
// the challenge with its event.
func (s *Service) moveChallenge(ctx context.Context, a goumai.Actor, id int64, act goumai.ChallengeAction, event string,
	check func(tx *sqlstore.Tx, p goumai.Procurement, c goumai.Challenge) error, edit func(tx *sqlstore.Tx, c *goumai.Challenge)) (goumai.Challenge, error) {
	var c goumai.Challenge
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c, err = tx.Challenge(ctx, id); err != nil {
			return err
		}
		p, err := lockedProcurement(ctx, tx, c.ProcurementID)
		if err != nil {
			return err
		}
		if err := check(tx, p, c); err != nil {
			return err
		}
		from := c.Status
		next, ok := from.Next(act)
		if !ok {
			return d8(goumai.EConflict, "该质疑"+challengeStatusLabel(from).ZH+"，不能再"+challengeActionLabel(act).ZH,
				"the challenge is "+challengeStatusLabel(from).EN+": it can no longer be "+challengeActionLabel(act).EN)
		}
		c.Status = next
		edit(tx, &c)
		if err := tx.UpdateChallenge(ctx, c, from); err != nil {
			return err
		}
		if _, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: event, Table: "challenges", Key: c.ID, Region: p.Region, Public: true}); err != nil {
			return err
		}
		if act != goumai.ChallengeAnswer {
			return nil
		}
		return s.applyOutcome(ctx, tx, a, p, c.Answer)
	})
	return c, err
}

func challengeStatusLabel(s goumai.ChallengeStatus) goumai.Msg {
	return map[goumai.ChallengeStatus]goumai.Msg{goumai.ChallengeFiled: goumai.M("待答复", "waiting for its answer"),
		goumai.ChallengeAnswered: goumai.M("已答复", "answered"), goumai.ChallengeUnanswered: goumai.M("逾期未答复，已投诉", "complained of, unanswered"),
		goumai.ChallengeWithdrawn: goumai.M("已撤回", "withdrawn")}[s]
}

func challengeActionLabel(a goumai.ChallengeAction) goumai.Msg {
	return map[goumai.ChallengeAction]goumai.Msg{goumai.ChallengeAnswer: goumai.M("答复", "answered"),
		goumai.ChallengeWithdraw: goumai.M("撤回", "withdrawn"), goumai.ChallengeEscalate: goumai.M("投诉", "complained of")}[a]
}

// AnswerChallenge records the organiser's answer to a challenge, once, with
// its verdict, reasons and, if upheld, what follows: by the procedure's
// organiser (the entrusted agency's staff, else the purchaser's). An answer
// past its time limit is still taken (the scheduler marked it overdue) until
// the challenger complains. Public.
func (s *Service) AnswerChallenge(ctx context.Context, a goumai.Actor, challengeID int64, in RulingInput) (goumai.Challenge, error) {
	if a.Anonymous() {
		return goumai.Challenge{}, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if _, err := ruling(in, a.UserID, time.Time{}); err != nil {
		return goumai.Challenge{}, err
	}
	return s.moveChallenge(ctx, a, challengeID, goumai.ChallengeAnswer, "challenge.answer",
		func(tx *sqlstore.Tx, p goumai.Procurement, c goumai.Challenge) error { return s.answerer(a, p) },
		func(tx *sqlstore.Tx, c *goumai.Challenge) { c.Answer, _ = ruling(in, a.UserID, tx.Now()) })
}

// WithdrawChallenge records that the challenger withdrew its challenge
// before the answer. Public.
func (s *Service) WithdrawChallenge(ctx context.Context, a goumai.Actor, challengeID int64) (goumai.Challenge, error) {
	if a.Anonymous() {
		return goumai.Challenge{}, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	return s.moveChallenge(ctx, a, challengeID, goumai.ChallengeWithdraw, "challenge.withdraw",
		func(tx *sqlstore.Tx, p goumai.Procurement, c goumai.Challenge) error {
			return s.challenger(a, c.OrgID, p)
		},
		func(tx *sqlstore.Tx, c *goumai.Challenge) { now := tx.Now(); c.WithdrawnAt = &now })
}

// FileComplaint records the challenger's complaint to the finance department
// of the procedure's region, once per challenge: within 15 working days after
// the answer, or, left unanswered, after the answer's time limit passed
// (then the challenge is closed as unanswered in the same transaction);
// never before the answer while its time limit runs (ENG-D8, GPL Art. 55).
// The department must decide by the end of the 30th working day after it.
func (s *Service) FileComplaint(ctx context.Context, a goumai.Actor, challengeID int64, in ComplaintInput) (goumai.Complaint, error) {
	var k goumai.Complaint
	if a.Anonymous() {
		return k, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if err := filing(&in.Claims, &in.Facts); err != nil {
		return k, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, err := tx.Challenge(ctx, challengeID)
		if err != nil {
			return err
		}
		p, err := lockedProcurement(ctx, tx, c.ProcurementID)
		if err != nil {
			return err
		}
		if err := s.challenger(a, c.OrgID, p); err != nil {
			return err
		}
		ks, err := tx.Complaints(ctx, p.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(ks, func(k goumai.Complaint) bool { return k.ChallengeID == c.ID }) {
			return d8(goumai.EConflict, "该质疑已投诉过", "this challenge was complained of already")
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		now := tx.Now()
		var from time.Time // the complaint period counts from the answer, or from its time limit passed
		switch {
		case c.Status == goumai.ChallengeAnswered:
			from = c.Answer.At
		case c.Status == goumai.ChallengeFiled && !now.After(c.DueAt):
			return d8(goumai.EConflict, fmt.Sprintf("采购人答复期限（%s）届满前不能投诉：请等待答复（ENG-D8，政府采购法第五十五条）", shanghaiDay(c.DueAt)),
				fmt.Sprintf("no complaint before the answer while its time limit (%s) runs: wait for the answer (ENG-D8, GPL Art. 55)", shanghaiDay(c.DueAt)))
		case c.Status == goumai.ChallengeFiled:
			from = c.DueAt
		default:
			return d8(goumai.EConflict, "该质疑"+challengeStatusLabel(c.Status).ZH+"，不能投诉", "the challenge is "+challengeStatusLabel(c.Status).EN+": no complaint")
		}
		until, err := cal.AddWorkingDaysChecked(from, goumai.ComplaintFileWorkingDays)
		if err != nil {
			return err
		}
		if now.After(until) {
			return d8(goumai.EConflict, fmt.Sprintf("投诉期已过：应在答复期满后15个工作日内（%s前）投诉（ENG-D8，政府采购法第五十五条）", shanghaiDay(until)),
				fmt.Sprintf("the complaint period is over: a complaint is filed within 15 working days after the answer, by %s (ENG-D8, GPL Art. 55)", shanghaiDay(until)))
		}
		if c.Status == goumai.ChallengeFiled {
			esc := c
			esc.Status, _ = c.Status.Next(goumai.ChallengeEscalate)
			if err := tx.UpdateChallenge(ctx, esc, c.Status); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "challenge.escalate", Table: "challenges", Key: c.ID, Region: p.Region, Public: true}); err != nil {
				return err
			}
		}
		k = goumai.Complaint{ChallengeID: c.ID, ProcurementID: p.ID, Region: p.Region, OrgID: c.OrgID, UserID: a.UserID,
			Claims: in.Claims, Facts: in.Facts, Status: goumai.ComplaintFiled, FiledAt: now}
		if k.DueAt, err = cal.AddWorkingDaysChecked(now, goumai.ComplaintDecideWorkingDays); err != nil {
			return err
		}
		var facts int64
		if k.ID, facts, err = tx.InsertComplaint(ctx, k); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "complaint.file", Table: "complaints", Key: k.ID, Region: p.Region, Public: true}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "complaint.facts", Table: "challenge_facts", Key: facts, Region: p.Region})
		return err
	})
	return k, err
}

// moveComplaint runs one step on a complaint in its own transaction, as
// moveChallenge does for a challenge.
func (s *Service) moveComplaint(ctx context.Context, a goumai.Actor, id int64, act goumai.ComplaintAction, event string,
	check func(p goumai.Procurement, k goumai.Complaint) error, edit func(tx *sqlstore.Tx, k *goumai.Complaint) error) (goumai.Complaint, error) {
	var k goumai.Complaint
	if a.Anonymous() {
		return k, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if k, err = tx.Complaint(ctx, id); err != nil {
			return err
		}
		p, err := lockedProcurement(ctx, tx, k.ProcurementID)
		if err != nil {
			return err
		}
		if err := check(p, k); err != nil {
			return err
		}
		from := k.Status
		next, ok := from.Next(act)
		if !ok {
			return d8(goumai.EConflict, "该投诉"+complaintStatusLabel(from).ZH+"，不能再"+complaintActionLabel(act).ZH,
				"the complaint is "+complaintStatusLabel(from).EN+": it can no longer be "+complaintActionLabel(act).EN)
		}
		k.Status = next
		if err := edit(tx, &k); err != nil {
			return err
		}
		if err := tx.UpdateComplaint(ctx, k, from); err != nil {
			return err
		}
		if _, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: event, Table: "complaints", Key: k.ID, Region: p.Region, Public: true}); err != nil {
			return err
		}
		if act != goumai.ComplaintDecide {
			return nil
		}
		if err := s.publishComplaintDecision(ctx, tx, a, p, k); err != nil {
			return err
		}
		return s.applyOutcome(ctx, tx, a, p, k.Decision)
	})
	return k, err
}

// publishComplaintDecision publishes the 投诉处理结果公告 of a decided
// complaint, in the decision's transaction (ENG-D8; 财政部令第94号 Art. 33).
func (s *Service) publishComplaintDecision(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, k goumai.Complaint) error {
	orgName := func(id int64) (string, error) {
		o, err := tx.Org(ctx, id)
		return o.Name, err
	}
	cn := goumai.ComplaintNotice{Claims: k.Claims, Verdict: k.Decision.Verdict, Outcome: k.Decision.Outcome, Reasons: k.Decision.Reasons, DecidedAt: k.Decision.At}
	respondent := p.PurchaserOrgID
	if p.AgencyOrgID != 0 {
		respondent = p.AgencyOrgID
	}
	var err error
	if cn.Complainant, err = orgName(k.OrgID); err != nil {
		return err
	}
	if cn.Respondent, err = orgName(respondent); err != nil {
		return err
	}
	if a.Org.ID != 0 {
		if cn.Decider, err = orgName(a.Org.ID); err != nil {
			return err
		}
	}
	_, err = s.publishNotice(ctx, tx, a, &p, goumai.NoticeComplaint, func(b *goumai.NoticeBody) { b.Complaint = &cn })
	return err
}

func complaintStatusLabel(s goumai.ComplaintStatus) goumai.Msg {
	return map[goumai.ComplaintStatus]goumai.Msg{goumai.ComplaintFiled: goumai.M("待处理", "waiting for its decision"),
		goumai.ComplaintSuspended: goumai.M("已暂停采购活动", "suspending the procurement"),
		goumai.ComplaintDecided:   goumai.M("已作出处理决定", "decided"), goumai.ComplaintWithdrawn: goumai.M("已撤回", "withdrawn")}[s]
}

func complaintActionLabel(a goumai.ComplaintAction) goumai.Msg {
	return map[goumai.ComplaintAction]goumai.Msg{goumai.ComplaintSuspend: goumai.M("暂停采购活动", "suspended"),
		goumai.ComplaintResume: goumai.M("恢复采购活动", "resumed"), goumai.ComplaintDecide: goumai.M("作出决定", "decided"),
		goumai.ComplaintWithdraw: goumai.M("撤回", "withdrawn")}[a]
}

// SuspendProcurement records that the finance department deciding a
// complaint suspended the procurement meanwhile (GPL Art. 57), for at most 30
// days, with its reason. Public.
func (s *Service) SuspendProcurement(ctx context.Context, a goumai.Actor, complaintID int64, in SuspendInput) (goumai.Complaint, error) {
	reason := strings.TrimSpace(in.Reason)
	f := goumai.Fields{}
	textField(f, "reason", reason, goumai.MaxChallengeReasons, true, goumai.M("暂停理由", "reason"))
	if err := f.Err(); err != nil {
		return goumai.Complaint{}, err
	}
	return s.moveComplaint(ctx, a, complaintID, goumai.ComplaintSuspend, "complaint.suspend",
		func(p goumai.Procurement, k goumai.Complaint) error { return s.decider(a, p, k) },
		func(tx *sqlstore.Tx, k *goumai.Complaint) error {
			cal, err := s.calendar(ctx, tx)
			if err != nil {
				return err
			}
			until, err := cal.AddCalendarDaysChecked(tx.Now(), goumai.ComplaintSuspendMaxDays)
			if err != nil {
				return err
			}
			now := tx.Now()
			k.SuspendedAt, k.SuspendedUntil, k.SuspendReason = &now, &until, reason
			return nil
		})
}

// ResumeProcurement records that the finance department lifted its
// suspension before deciding. Public.
func (s *Service) ResumeProcurement(ctx context.Context, a goumai.Actor, complaintID int64) (goumai.Complaint, error) {
	return s.moveComplaint(ctx, a, complaintID, goumai.ComplaintResume, "complaint.resume",
		func(p goumai.Procurement, k goumai.Complaint) error { return s.decider(a, p, k) },
		func(tx *sqlstore.Tx, k *goumai.Complaint) error { return nil })
}

// DecideComplaint records the finance department's decision on a complaint,
// once, with its verdict, reasons and, if upheld, what follows; it ends any
// suspension. A decision past its time limit is still taken. Public.
func (s *Service) DecideComplaint(ctx context.Context, a goumai.Actor, complaintID int64, in RulingInput) (goumai.Complaint, error) {
	if _, err := ruling(in, a.UserID, time.Time{}); err != nil {
		return goumai.Complaint{}, err
	}
	return s.moveComplaint(ctx, a, complaintID, goumai.ComplaintDecide, "complaint.decide",
		func(p goumai.Procurement, k goumai.Complaint) error { return s.decider(a, p, k) },
		func(tx *sqlstore.Tx, k *goumai.Complaint) (err error) {
			k.Decision, err = ruling(in, a.UserID, tx.Now())
			return err
		})
}

// WithdrawComplaint records that the complainant withdrew its complaint
// before the decision (财政部令第94号 Art. 30); it ends any suspension. Public.
func (s *Service) WithdrawComplaint(ctx context.Context, a goumai.Actor, complaintID int64) (goumai.Complaint, error) {
	return s.moveComplaint(ctx, a, complaintID, goumai.ComplaintWithdraw, "complaint.withdraw",
		func(p goumai.Procurement, k goumai.Complaint) error { return s.challenger(a, k.OrgID, p) },
		func(tx *sqlstore.Tx, k *goumai.Complaint) error { now := tx.Now(); k.WithdrawnAt = &now; return nil })
}

// Challenges returns a procedure's challenges and complaints with their
// answers and decisions: everyone sees them (the procedure must be visible
// to the actor), but who filed them and the facts only the challenging
// organisation and the procedure's insiders (its organisers, the purchaser,
// finance staff and auditors of its region) see.
func (s *Service) Challenges(ctx context.Context, a goumai.Actor, procurementID int64) (ChallengeList, error) {
	l := ChallengeList{Challenges: []goumai.Challenge{}, Complaints: []goumai.Complaint{}}
	p, err := s.Procurement(ctx, a, procurementID)
	if err != nil {
		return l, err
	}
	cs, err := s.Store.Challenges(ctx, p.ID)
	if err != nil {
		return l, err
	}
	ks, err := s.Store.Complaints(ctx, p.ID)
	if err != nil {
		return l, err
	}
	insider := s.insider(a, p)
	sees := func(org int64) bool { return insider || !a.Anonymous() && a.Org.ID != 0 && a.Org.ID == org }
	for _, c := range cs {
		if !sees(c.OrgID) {
			c.UserID, c.Facts = 0, ""
		}
		l.Challenges = append(l.Challenges, c)
	}
	for _, k := range ks {
		if !sees(k.OrgID) {
			k.UserID, k.Facts = 0, ""
		}
		l.Complaints = append(l.Complaints, k)
	}
	return l, nil
}

// CheckNotFrozen returns an EConflict error naming ENG-D8 (GPL-IR Art. 54)
// while a challenge or a complaint of the procedure is open: a challenge
// waiting for its answer, a complaint waiting for its decision, or a
// suspension by the finance department in force. The award and contract
// steps call it inside their transaction, holding the procedure's lock (a
// challenge is filed under the same lock). Every open one counts as one that
// may affect the result: the engine cannot tell, and the organiser's answer
// ends a challenge that does not.
func (s *Service) CheckNotFrozen(ctx context.Context, tx *sqlstore.Tx, procurementID int64) error {
	ks, err := tx.Complaints(ctx, procurementID)
	if err != nil {
		return err
	}
	for _, k := range ks {
		if k.Suspended(tx.Now()) {
			return d8(goumai.EConflict, fmt.Sprintf("财政部门处理投诉期间暂停采购活动至%s（政府采购法第五十七条，ENG-D8）", shanghaiDay(*k.SuspendedUntil)),
				fmt.Sprintf("the finance department suspended the procurement until %s while it decides a complaint (GPL Art. 57, ENG-D8)", shanghaiDay(*k.SuspendedUntil)))
		}
		if k.Status.Open() {
			return d8(goumai.EConflict, "有投诉尚待财政部门处理：处理决定作出前暂停签订合同（政府采购法实施条例第五十四条，ENG-D8）",
				"a complaint waits for the finance department's decision: no award or contract until then (GPL-IR Art. 54, ENG-D8)")
		}
	}
	cs, err := tx.Challenges(ctx, procurementID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Status.Open() {
			return d8(goumai.EConflict, fmt.Sprintf("第%d号质疑尚待答复：答复前暂停签订合同（政府采购法实施条例第五十四条，ENG-D8）", c.Number),
				fmt.Sprintf("challenge no. %d waits for its answer: no award or contract until then (GPL-IR Art. 54, ENG-D8)", c.Number))
		}
	}
	return nil
}

// ChallengeOutcomes returns what the upheld answers and decisions of a
// procedure say must follow, oldest first, inside the transaction: the
// steps that carry them out (re-evaluation, re-ranking, a new procurement,
// corrected documents) read them here. A complaint's decision comes after
// the answer to its challenge and prevails over it.
func (s *Service) ChallengeOutcomes(ctx context.Context, tx *sqlstore.Tx, procurementID int64) ([]goumai.ChallengeOutcome, error) {
	cs, err := tx.Challenges(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	ks, err := tx.Complaints(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	notice := map[int64]int64{}
	var out []goumai.ChallengeOutcome
	add := func(o goumai.ChallengeOutcome, r *goumai.Ruling) {
		if r == nil || r.Verdict == goumai.VerdictDismissed || r.Outcome == goumai.OutcomeNone {
			return
		}
		o.ProcurementID, o.Verdict, o.Kind, o.DecidedAt = procurementID, r.Verdict, r.Outcome, r.At
		out = append(out, o)
	}
	for _, c := range cs {
		notice[c.ID] = c.NoticeID
		add(goumai.ChallengeOutcome{ChallengeID: c.ID, NoticeID: c.NoticeID}, c.Answer)
	}
	for _, k := range ks {
		if k.Status == goumai.ComplaintDecided {
			add(goumai.ChallengeOutcome{ChallengeID: k.ChallengeID, ComplaintID: k.ID, NoticeID: notice[k.ChallengeID]}, k.Decision)
		}
	}
	slices.SortStableFunc(out, func(a, b goumai.ChallengeOutcome) int { return a.DecidedAt.Compare(b.DecidedAt) })
	return out, nil
}

func init() { tickers = append(tickers, tickChallenges, tickComplaints) }

// tickChallenges marks, once, each challenge still unanswered past its time
// limit, paging through the due ones (a partial index: the others are never read).
func tickChallenges(ctx context.Context, s *Service, now time.Time) (int, error) {
	return tickDue("challenge",
		func(cur sqlstore.DueCursor, limit int) ([]goumai.Challenge, error) {
			return s.Store.DueChallenges(ctx, now, cur, limit)
		},
		func(c goumai.Challenge) (int64, time.Time) { return c.ID, c.DueAt },
		func(c goumai.Challenge) (bool, error) {
			return s.markOverdue(ctx, c.ProcurementID, "challenge.overdue", "challenges", c.ID, (*sqlstore.Tx).MarkChallengeOverdue)
		})
}

// tickComplaints marks, once, each complaint still undecided past its time
// limit, paging through the due ones (a partial index).
func tickComplaints(ctx context.Context, s *Service, now time.Time) (int, error) {
	return tickDue("complaint",
		func(cur sqlstore.DueCursor, limit int) ([]goumai.Complaint, error) {
			return s.Store.DueComplaints(ctx, now, cur, limit)
		},
		func(k goumai.Complaint) (int64, time.Time) { return k.ID, k.DueAt },
		func(k goumai.Complaint) (bool, error) {
			return s.markOverdue(ctx, k.ProcurementID, "complaint.overdue", "complaints", k.ID, (*sqlstore.Tx).MarkComplaintOverdue)
		})
}

// markOverdue marks one row overdue (mark) in its own transaction with its
// event, unless it was acted on or marked meanwhile.
func (s *Service) markOverdue(ctx context.Context, procurementID int64, action, table string, id int64,
	mark func(tx *sqlstore.Tx, ctx context.Context, id int64) (bool, error)) (bool, error) {
	moved := false
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if moved, err = mark(tx, ctx, id); err != nil || !moved {
			return err
		}
		p, err := tx.Procurement(ctx, procurementID)
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: table, Key: id, Region: p.Region})
		return err
	})
	return moved && err == nil, err
}

func init() { inboxSources = append(inboxSources, challengeInbox) }

// challengeInbox adds the challenges waiting for the actor's organisation's
// answer (质疑待答复) and, for a finance approver, the complaints of its
// region waiting for a decision (投诉待处理), each with its time limit or
// saying it is overdue.
func challengeInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	title := func(p goumai.Procurement, what string, due time.Time, overdue *time.Time, verb string) string {
		when := due.In(goumai.Shanghai).Format("01月02日") + "前" + verb
		if overdue != nil {
			when = "已逾期"
		}
		return fmt.Sprintf("%s %s（%s，%s）", p.Code, p.Title, what, when)
	}
	if a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		cs, err := s.Store.OpenChallenges(ctx, a.Org.ID, 200)
		if err != nil {
			return err
		}
		for _, c := range cs {
			p, err := s.Store.Procurement(ctx, c.ProcurementID)
			if err != nil {
				return err
			}
			if s.organizer(a, p) != nil {
				continue
			}
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.challenge", Title: title(p, fmt.Sprintf("第%d号质疑", c.Number), c.DueAt, c.OverdueAt, "答复"),
				Link: challengesLink(p.ID), At: c.FiledAt})
		}
	}
	if s.Policy.Gate(a, goumai.ActDecideComplaint) != nil {
		return nil
	}
	ks, err := s.Store.OpenComplaints(ctx, a.Org.Region, 200)
	if err != nil {
		return err
	}
	for _, k := range ks {
		p, err := s.Store.Procurement(ctx, k.ProcurementID)
		if err != nil {
			return err
		}
		if s.decider(a, p, k) != nil {
			continue
		}
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.complaint", Title: title(p, "投诉", k.DueAt, k.OverdueAt, "处理"),
			Link: challengesLink(p.ID), At: k.FiledAt})
	}
	return nil
}

// challengesLink is the address of a procedure's challenges and complaints.
func challengesLink(id int64) string { return fmt.Sprintf("/procurements/%d/challenges", id) }

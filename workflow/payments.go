package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Payment (经费兑付, issue 10 item 6; see goumai.PaymentRequest). Each use
// case is one transaction under the contract's procedure lock (as every
// contract action), so that two approvals of one request, or two requests
// of one milestone, are serialised: the second sees the first's state. The
// payment moves the ledger (pay, and at the final payment the deduction's
// deobligate) in the same transaction as the request's state, so paid ≤
// contract total ≤ obligation ≤ budget holds at every commit: the requests'
// amounts are capped by their milestones, the milestones sum to the contract
// amount (ENG-H7), and the ledger's guard refuses to pay past the
// obligation (ENG-B2).

// PaymentInput is a supplier's request for payment of a milestone.
type PaymentInput struct {
	MilestoneID int64      `json:"milestone_id"`
	Amount      goumai.Fen `json:"amount"`
	Final       bool       `json:"final"` // the contract's final payment though not its last milestone's
	Note        string     `json:"note"`
}

// PaymentDecision is an approver's decision on a request, with its 意见.
type PaymentDecision struct {
	Version int    `json:"version"` // the version read
	Opinion string `json:"opinion"`
}

// paymentOpinion checks and redacts an 意见 or note: it is published with
// the payment (REQ-C23: no personal numbers).
func paymentOpinion(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return s, goumai.Fields{field: goumai.M("请填写意见", "the opinion is required")}.Err()
	case utf8.RuneCountInString(s) > goumai.MaxPaymentOpinion:
		return s, goumai.Fields{field: goumai.M(fmt.Sprintf("不能超过%d个字", goumai.MaxPaymentOpinion),
			fmt.Sprintf("at most %d characters", goumai.MaxPaymentOpinion))}.Err()
	}
	if m := goumai.CheckText(s); m != nil {
		return s, goumai.Fields{field: *m}.Err()
	}
	return goumai.RedactPersonal(s), nil
}

// RequestPayment records the supplier's request for payment of an accepted
// milestone of its contract in force (ENG-H7). The amount is at most what
// the milestone has left after the requests not rejected, and with them at
// most the contract's total. The final payment (the last milestone, or a
// request flagged final) needs the contract's published performance grade
// and carries the deduction the grade sets. The due date is the
// acceptance date plus the contract's payment term, at most 60 days
// (REQ-C25); the budget line's 一体化 keys are kept (REQ-C13).
func (s *Service) RequestPayment(ctx context.Context, a goumai.Actor, contractID int64, in PaymentInput) (goumai.PaymentRequest, error) {
	var p goumai.PaymentRequest
	note, err := paymentOpinion("note", in.Note, false)
	if err != nil {
		return p, err
	}
	if m := goumai.CheckFen(in.Amount); m != nil {
		return p, goumai.Fields{"amount": *m}.Err()
	}
	if in.Amount <= 0 {
		return p, goumai.Fields{"amount": goumai.M("金额须大于零", "the amount must be greater than zero")}.Err()
	}
	var region string
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, pr, err := s.contractFor(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		if err := s.supplierSigner(a, c); err != nil {
			return goumai.ErrForbidden()
		}
		region = c.Region
		if c.Status != goumai.ContractSigned {
			return goumai.Errorf(goumai.EConflict, "合同签订生效后方可申请支付", "only a contract in force is paid")
		}
		ms, err := tx.Milestones(ctx, c.ID)
		if err != nil {
			return err
		}
		var m goumai.Milestone
		for _, x := range ms {
			if x.ID == in.MilestoneID {
				m = x
			}
		}
		if m.ID == 0 {
			return goumai.Fields{"milestone_id": goumai.M("请选择本合同的履约节点", "choose a milestone of this contract")}.Err()
		}
		if m.Status != goumai.MilestoneAccepted || m.AcceptedAt == nil {
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-H7", Message: goumai.M("履约节点验收合格后方可申请支付（ENG-H7）",
				"a milestone is paid only once accepted (ENG-H7)"), Fields: goumai.Fields{"milestone_id": goumai.M("该履约节点尚未验收合格："+m.Status.Label().ZH, "not accepted yet: "+m.Status.Label().EN)}}
		}
		ofContract, ofMilestone, closed, err := tx.PaymentSums(ctx, c.ID, m.ID)
		if err != nil {
			return err
		}
		if closed {
			return goumai.Errorf(goumai.EConflict, "合同的尾款已支付，合同款项已结清", "the contract's final payment is made: its payments are closed")
		}
		if left := m.Amount - ofMilestone; in.Amount > left {
			return &goumai.Error{Code: goumai.EInvalid, Rule: "ENG-H7", Message: goumai.M("申请金额超过该履约节点的未付金额（ENG-H7）", "the amount exceeds what the milestone has left (ENG-H7)"),
				Fields: goumai.Fields{"amount": goumai.M(fmt.Sprintf("该履约节点金额 ¥%s，已申请或已支付 ¥%s，最多还可申请 ¥%s（ENG-H7）", m.Amount.Yuan(), ofMilestone.Yuan(), max(left, 0).Yuan()),
					fmt.Sprintf("the milestone is ¥%s, ¥%s is requested or paid, at most ¥%s is left (ENG-H7)", m.Amount.Yuan(), ofMilestone.Yuan(), max(left, 0).Yuan()))}}
		}
		if left := c.Total() - ofContract; in.Amount > left {
			return &goumai.Error{Code: goumai.EInvalid, Rule: "ENG-H7", Message: goumai.M("申请金额超过合同的未付金额（ENG-H7）", "the amount exceeds what the contract has left (ENG-H7)"),
				Fields: goumai.Fields{"amount": goumai.M(fmt.Sprintf("合同总额 ¥%s，最多还可申请 ¥%s", c.Total().Yuan(), max(left, 0).Yuan()),
					fmt.Sprintf("the contract's total is ¥%s, at most ¥%s is left", c.Total().Yuan(), max(left, 0).Yuan()))}}
		}
		project, err := tx.Project(ctx, pr.ProjectID)
		if err != nil {
			return err
		}
		line, err := tx.BudgetLine(ctx, project.BudgetLineID)
		if err != nil {
			return err
		}
		params, err := s.paymentParams(ctx, tx, c)
		if err != nil {
			return err
		}
		term := goumai.PaymentTermDays(c)
		p = goumai.PaymentRequest{ContractID: c.ID, ProjectID: project.ID, MilestoneID: m.ID, MilestoneNo: m.No, Region: c.Region,
			SupplierID: c.SupplierOrgID, PurchaserID: c.PurchaserOrgID, LineID: line.ID, Amount: in.Amount, Final: in.Final || m.No == len(ms),
			Note: note, Status: goumai.PaymentRequested, NeedFinance: in.Amount >= params.FinanceApprovalThreshold,
			AcceptedOn: m.AcceptedAt.In(goumai.Shanghai).Format(time.DateOnly), TermDays: term, DueOn: goumai.PaymentDueOn(*m.AcceptedAt, term),
			InterestRate: params.OverdueInterestPer10000, RequestedBy: a.UserID, MofDivCode: line.MofDivCode, AgencyCode: line.AgencyCode, ProCode: line.ProCode, BgtID: line.BgtID}
		if p.Final {
			if err := s.deduct(ctx, tx, &p, params); err != nil {
				return err
			}
		}
		if p.ID, err = tx.InsertPaymentRequest(ctx, p); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "payment.request", Table: "payment_requests", Key: p.ID, Region: p.Region}); err != nil {
			return err
		}
		p, err = tx.PaymentRequest(ctx, p.ID)
		return err
	})
	if err != nil { // a refusal by a rule is recorded on the contract (issue 10: attacks recorded)
		return p, s.noteRefused(ctx, a, "contracts", contractID, region, "payment.request_refused", err)
	}
	return s.paymentView(p), nil
}

// paymentParams returns the payment parameters of a contract (rules.Params,
// group "payment"): those in force in its region for services on the day it
// was signed — the day the contract started, whose values it keeps for its
// whole life as a procedure keeps those of the day it started, so a later set
// never changes what its payments need — read in the transaction (as
// ParamsInForce would, outside it). A contract not signed yet (never paid)
// reads today's.
func (s *Service) paymentParams(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract) (rules.Params, error) {
	at := tx.Now()
	if c.SignedAt != nil {
		at = *c.SignedAt
	}
	return s.paramsAt(ctx, tx, c.Region, rules.Services, at)
}

// deduct sets the final payment's grade and deduction from the contract's
// published grade; none published: the final payment must wait (ENG-J1).
func (s *Service) deduct(ctx context.Context, tx *sqlstore.Tx, p *goumai.PaymentRequest, params rules.Params) error {
	g, ok, err := tx.ContractGrade(ctx, p.ContractID)
	if err != nil {
		return err
	}
	if !ok {
		return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-J1", Message: goumai.M("合同绩效评价结果公开后方可支付尾款（ENG-J1）",
			"the final payment waits for the contract's performance grade to be published (ENG-J1)"),
			Fields: goumai.Fields{"final": goumai.M("尾款须在绩效评价结果公开后支付（ENG-J1）", "the final payment waits for the published performance grade (ENG-J1)")}}
	}
	p.Grade = g.Grade
	p.Deduction = goumai.Deduction(p.Amount, params.FinalDeductionPct(g.Grade))
	return nil
}

// paymentFor reads a request under its contract's procedure lock for an
// actor who may see the contract.
func (s *Service) paymentFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.PaymentRequest, goumai.Contract, goumai.Procurement, error) {
	p, err := tx.PaymentRequest(ctx, id)
	if err != nil {
		return p, goumai.Contract{}, goumai.Procurement{}, err
	}
	c, pr, err := s.contractFor(ctx, tx, a, p.ContractID)
	if err != nil {
		return p, c, pr, err
	}
	p, err = tx.PaymentRequest(ctx, id) // again, under the lock
	return p, c, pr, err
}

// purchaserApprover returns nil if a approves payments for the contract's
// purchaser: its staff or approvers.
func (s *Service) purchaserApprover(a goumai.Actor, c goumai.Contract) error {
	return s.Policy.Can(a, goumai.ActEntrustAgency, goumai.Target{OrgID: c.PurchaserOrgID, Region: c.Region})
}

// financeApprover returns nil if a approves payment request p for the
// finance department of its region: a decision, never by whoever asked for
// or approved it before (separation of duties).
func (s *Service) financeApprover(a goumai.Actor, p goumai.PaymentRequest) error {
	return s.Policy.Can(a, goumai.ActApproveBudget, goumai.Target{Region: p.Region, Item: paymentInvolvement(p), Step: "finance"})
}

// paymentInvolvement is who has acted on a request: its requester drafted
// it, the purchaser's approver decided the first step.
func paymentInvolvement(p goumai.PaymentRequest) *goumai.Involvement {
	v := &goumai.Involvement{}
	v.Drafted(p.RequestedBy)
	v.Decide(p.PurchaserBy, "purchaser")
	return v
}

// payer returns nil if a records the payment of request p: the finance
// department's staff of its region (国库集中支付), never whoever asked for it
// or approved it (separation of duties, IC-12).
func (s *Service) payer(a goumai.Actor, p goumai.PaymentRequest) error {
	v := paymentInvolvement(p)
	v.Decide(p.FinanceBy, "finance")
	return s.Policy.Can(a, goumai.ActRecordPayment, goumai.Target{Region: p.Region, Item: v, Step: "pay"})
}

// decidePayment runs one action on a request in one transaction: the
// request is read under its contract's lock, may is checked, the state moves
// by act (EConflict if it may not), then, the version read must be the
// request's (EStale), change applies the action's effects, and the request
// is written, recorded and read again.
func (s *Service) decidePayment(ctx context.Context, a goumai.Actor, id int64, version int, act goumai.PaymentAction,
	may func(goumai.Actor, goumai.Contract, goumai.PaymentRequest) error, action string, public bool,
	change func(tx *sqlstore.Tx, p *goumai.PaymentRequest, c goumai.Contract) error) (goumai.PaymentRequest, error) {
	var p goumai.PaymentRequest
	var region string
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var c goumai.Contract
		var err error
		if p, c, _, err = s.paymentFor(ctx, tx, a, id); err != nil {
			return err
		}
		region = p.Region
		if err := may(a, c, p); err != nil {
			return err
		}
		next, ok := goumai.PaymentTransition(p.Status, act, p.NeedFinance)
		if !ok && act == goumai.PaymentPay && p.Status == goumai.PaymentPaid {
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-H7", Message: goumai.M("该支付申请已经支付，同一申请不能重复支付（ENG-H7）",
				"this request is paid already: a request is never paid twice (ENG-H7)")}
		}
		if !ok {
			return goumai.Errorf(goumai.EConflict, "支付申请当前状态不能办理该操作："+p.Status.Label().ZH, "the payment request cannot take this action in its state: "+p.Status.Label().EN)
		}
		if version != 0 && version != p.Version {
			return goumai.Errorf(goumai.EStale, "支付申请已被他人处理，请刷新后重试", "the payment request changed meanwhile; reload and try again")
		}
		p.Status = next
		if err := change(tx, &p, c); err != nil {
			return err
		}
		if _, err := tx.UpdatePaymentRequest(ctx, p); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "payment_requests", Key: p.ID, Region: p.Region, Public: public}); err != nil {
			return err
		}
		if p.Status == goumai.PaymentPaid && p.Final { // the final payment may complete the project: it closes in the same transaction (ENG-I2)
			if _, err := s.CloseIfDone(ctx, tx, p.ProjectID); err != nil {
				return err
			}
		}
		p, err = tx.PaymentRequest(ctx, p.ID)
		return err
	})
	if err != nil { // a refusal by a rule (paying twice, past the obligation) is recorded on the request
		return s.paymentView(p), s.noteRefused(ctx, a, "payment_requests", id, region, "payment.refused", err)
	}
	return s.paymentView(p), nil
}

// ApprovePayment records the purchaser's approval of a request, with its 意见.
func (s *Service) ApprovePayment(ctx context.Context, a goumai.Actor, id int64, in PaymentDecision) (goumai.PaymentRequest, error) {
	may := func(a goumai.Actor, c goumai.Contract, _ goumai.PaymentRequest) error {
		return s.purchaserApprover(a, c)
	}
	return s.approvePayment(ctx, a, id, in, goumai.PaymentApprove, may, "payment.approve", func(p *goumai.PaymentRequest) (*string, **time.Time, *int64) {
		return &p.PurchaserOpinion, &p.PurchaserAt, &p.PurchaserBy
	})
}

// FinanceApprovePayment records the finance department's approval of a
// request at or above its region's threshold, with its 意见.
func (s *Service) FinanceApprovePayment(ctx context.Context, a goumai.Actor, id int64, in PaymentDecision) (goumai.PaymentRequest, error) {
	may := func(a goumai.Actor, _ goumai.Contract, p goumai.PaymentRequest) error { return s.financeApprover(a, p) }
	return s.approvePayment(ctx, a, id, in, goumai.PaymentFinanceApprove, may, "payment.finance_approve", func(p *goumai.PaymentRequest) (*string, **time.Time, *int64) {
		return &p.FinanceOpinion, &p.FinanceAt, &p.FinanceBy
	})
}

// approvePayment records an approval step: the 意见, when and by whom, in
// the fields trail names.
func (s *Service) approvePayment(ctx context.Context, a goumai.Actor, id int64, in PaymentDecision, act goumai.PaymentAction,
	may func(goumai.Actor, goumai.Contract, goumai.PaymentRequest) error, action string,
	trail func(p *goumai.PaymentRequest) (*string, **time.Time, *int64)) (goumai.PaymentRequest, error) {
	opinion, err := paymentOpinion("opinion", in.Opinion, false)
	if err != nil {
		return goumai.PaymentRequest{}, err
	}
	return s.decidePayment(ctx, a, id, in.Version, act, may, action, false,
		func(tx *sqlstore.Tx, p *goumai.PaymentRequest, _ goumai.Contract) error {
			now := tx.Now()
			o, at, by := trail(p)
			*o, *at, *by = opinion, &now, a.UserID
			return nil
		})
}

// RejectPayment returns a request with the reasons (意见, required): the
// purchaser while it awaits its approval, the finance department while it
// awaits its own. A rejected request no longer counts against its milestone.
func (s *Service) RejectPayment(ctx context.Context, a goumai.Actor, id int64, in PaymentDecision) (goumai.PaymentRequest, error) {
	opinion, err := paymentOpinion("opinion", in.Opinion, true)
	if err != nil {
		return goumai.PaymentRequest{}, err
	}
	// The purchaser rejects at its stage, the finance department at its own.
	may := func(a goumai.Actor, c goumai.Contract, p goumai.PaymentRequest) error {
		if p.Status == goumai.PaymentApprovedPurchaser {
			return s.financeApprover(a, p)
		}
		return s.purchaserApprover(a, c)
	}
	return s.decidePayment(ctx, a, id, in.Version, goumai.PaymentReject, may, "payment.reject", false,
		func(tx *sqlstore.Tx, p *goumai.PaymentRequest, _ goumai.Contract) error {
			now := tx.Now()
			p.RejectOpinion, p.RejectedAt = opinion, &now
			return nil
		})
}

// RecordPayment records that an approved request is paid: in the same
// transaction the ledger pays its net amount on the project's line (the
// guard refuses to pay past the obligation, ENG-B2), and the event is public
// with the amount, date, milestone and 一体化 keys. The final payment re-reads
// the published grade (a re-evaluation may have changed it), and releases
// its deduction from the obligation (deobligate): the contract's payments
// are then closed.
func (s *Service) RecordPayment(ctx context.Context, a goumai.Actor, id int64, in PaymentDecision) (goumai.PaymentRequest, error) {
	may := func(a goumai.Actor, _ goumai.Contract, p goumai.PaymentRequest) error { return s.payer(a, p) }
	return s.decidePayment(ctx, a, id, in.Version, goumai.PaymentPay, may, "payment.paid", true,
		func(tx *sqlstore.Tx, p *goumai.PaymentRequest, c goumai.Contract) error {
			if p.Final {
				params, err := s.paymentParams(ctx, tx, c)
				if err != nil {
					return err
				}
				if err := s.deduct(ctx, tx, p, params); err != nil {
					return err
				}
			}
			memo := fmt.Sprintf("%s 第%d个履约节点 支付申请%d", c.Number, p.MilestoneNo, p.ID)
			if net := p.Net(); net > 0 {
				e, _, err := tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: p.LineID, Kind: goumai.LedgerPay, Amount: net, ProjectID: p.ProjectID, Memo: memo}, p.Region)
				if err != nil {
					return err
				}
				p.LedgerEntryID = e.ID
			}
			if p.Deduction > 0 {
				if _, _, err := tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: p.LineID, Kind: goumai.LedgerDeobligate, Amount: p.Deduction,
					ProjectID: p.ProjectID, Memo: memo + " 绩效扣减"}, p.Region); err != nil {
					return err
				}
			}
			now := tx.Now()
			p.PaidAt = &now
			return nil
		})
}

// A contract's deduction is what its paid final request deducted by grade:
// the closure counts it as settled (workflow/project_closure.go).
func init() {
	deductionSources = append(deductionSources, func(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract) (goumai.Fen, error) {
		ps, err := tx.ContractPayments(ctx, c.ID)
		var d goumai.Fen
		for _, p := range ps {
			if p.Status == goumai.PaymentPaid {
				d += p.Deduction
			}
		}
		return d, err
	})
}

// paymentView fills what a request shows but does not store: the stage
// and the overdue interest at now (until paid: at the payment).
func (s *Service) paymentView(p goumai.PaymentRequest) goumai.PaymentRequest {
	if p.ID == 0 {
		return p
	}
	p.Stage = p.Status.Label()
	at := s.Clock.Now()
	if p.PaidAt != nil {
		at = *p.PaidAt
	}
	if p.Status != goumai.PaymentRejected {
		p.InterestDays = goumai.OverdueDays(p.DueOn, at)
		p.Interest = goumai.OverdueInterest(p.Net(), p.InterestRate, p.InterestDays)
	}
	return p
}

func (s *Service) paymentViews(ps []goumai.PaymentRequest) []goumai.PaymentRequest {
	out := make([]goumai.PaymentRequest, len(ps))
	for i, p := range ps {
		out[i] = s.paymentView(p)
	}
	return out
}

// PaymentRequest returns one request, for those who may see its contract's
// internals (the supplier, the purchaser, finance staff and auditors).
func (s *Service) PaymentRequest(ctx context.Context, a goumai.Actor, id int64) (goumai.PaymentRequest, error) {
	p, err := s.Store.PaymentRequest(ctx, id)
	if err != nil {
		return p, err
	}
	if err := s.seeContractPayments(ctx, a, p.ContractID); err != nil {
		return goumai.PaymentRequest{}, err
	}
	return s.paymentView(p), nil
}

// seeContractPayments returns nil if a may see the contract's payment
// requests: its insiders.
func (s *Service) seeContractPayments(ctx context.Context, a goumai.Actor, contractID int64) error {
	c, err := s.Store.Contract(ctx, contractID)
	if err != nil {
		return err
	}
	pr, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return err
	}
	if !s.insideContract(a, c, pr) {
		return goumai.ErrNotFound("支付申请", "payment request")
	}
	return nil
}

// ContractPayments returns a contract's requests: every request for its
// insiders, the payments made (public, PublicPayment) for anyone else.
func (s *Service) ContractPayments(ctx context.Context, a goumai.Actor, contractID int64) ([]goumai.PaymentRequest, error) {
	if err := s.seeContractPayments(ctx, a, contractID); err != nil {
		return nil, err
	}
	ps, err := s.Store.ContractPayments(ctx, contractID)
	return s.paymentViews(ps), err
}

// PublicPayment is a payment made, as published: the amount paid, its
// date, the milestone and the 一体化 keys (REQ-C13).
type PublicPayment struct {
	ID          int64      `json:"id"`
	ContractID  int64      `json:"contract_id"`
	ProjectID   int64      `json:"project_id"`
	MilestoneID int64      `json:"milestone_id"`
	MilestoneNo int        `json:"milestone_no"`
	Amount      goumai.Fen `json:"amount"` // paid (net of any deduction)
	Deduction   goumai.Fen `json:"deduction"`
	Final       bool       `json:"final"`
	PaidOn      string     `json:"paid_on"`
	MofDivCode  string     `json:"MOF_DIV_CODE"`
	AgencyCode  string     `json:"AGENCY_CODE"`
	ProCode     string     `json:"PRO_CODE"`
	BgtID       string     `json:"BGT_ID"`
}

func publicPayments(ps []goumai.PaymentRequest) []PublicPayment {
	out := []PublicPayment{}
	for _, p := range ps {
		if p.Status != goumai.PaymentPaid || p.PaidAt == nil {
			continue
		}
		out = append(out, PublicPayment{ID: p.ID, ContractID: p.ContractID, ProjectID: p.ProjectID, MilestoneID: p.MilestoneID,
			MilestoneNo: p.MilestoneNo, Amount: p.Net(), Deduction: p.Deduction, Final: p.Final, PaidOn: p.PaidAt.In(goumai.Shanghai).Format(time.DateOnly),
			MofDivCode: p.MofDivCode, AgencyCode: p.AgencyCode, ProCode: p.ProCode, BgtID: p.BgtID})
	}
	return out
}

// PublicContractPayments returns the payments made on a contract in force
// or ended: public.
func (s *Service) PublicContractPayments(ctx context.Context, contractID int64) ([]PublicPayment, error) {
	c, err := s.Store.Contract(ctx, contractID)
	if err != nil {
		return nil, err
	}
	if !publicContract(c) {
		return nil, goumai.ErrNotFound("合同", "contract")
	}
	ps, err := s.Store.ContractPayments(ctx, contractID)
	return publicPayments(ps), err
}

// ProjectPayments returns the payments made on a project's contracts: public.
func (s *Service) ProjectPayments(ctx context.Context, projectID int64) ([]PublicPayment, error) {
	if _, err := s.Store.Project(ctx, projectID); err != nil {
		return nil, err
	}
	ps, err := s.Store.ProjectPayments(ctx, projectID)
	return publicPayments(ps), err
}

// SupplierPayments returns the requests of the actor's organisation, newest
// first, each with its stage and due date.
func (s *Service) SupplierPayments(ctx context.Context, a goumai.Actor) ([]goumai.PaymentRequest, error) {
	if err := s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}); err != nil {
		return nil, err
	}
	ps, err := s.Store.SupplierPayments(ctx, a.Org.ID)
	return s.paymentViews(ps), err
}

package workflow

import (
	"context"
	"errors"
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

// The steps of a procedure after drafting: the agency agreement, the approval
// of a non-tender method, the single-source publicity and its objections,
// publication, clarifications, termination, and the deadline.

// AgreementInput records an agency agreement (委托代理协议).
type AgreementInput struct {
	ProjectID   int64  `json:"project_id"`
	AgencyOrgID int64  `json:"agency_org_id"`
	Reference   string `json:"reference"`
	Scope       string `json:"scope"`
	SignedOn    string `json:"signed_on"` // YYYY-MM-DD
}

// activeAgency returns the agency of a project's agreement in force, if any.
func (s *Service) activeAgency(ctx context.Context, tx *sqlstore.Tx, projectID int64) (int64, bool, error) {
	as, err := tx.Agreements(ctx, projectID)
	if err != nil {
		return 0, false, err
	}
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].EndedAt == nil {
			return as[i].AgencyOrgID, true, nil
		}
	}
	return 0, false, nil
}

// RecordAgreement records that the purchaser entrusted an agency with a
// project's procurement (GPL Art. 20), by the purchaser's staff. One agreement
// is in force at a time; a procedure already started is handed to the agency.
func (s *Service) RecordAgreement(ctx context.Context, a goumai.Actor, in AgreementInput) (goumai.AgencyAgreement, error) {
	ag := goumai.AgencyAgreement{ProjectID: in.ProjectID, AgencyOrgID: in.AgencyOrgID, Reference: strings.TrimSpace(in.Reference),
		Scope: strings.TrimSpace(in.Scope), CreatedBy: a.UserID}
	f := goumai.Fields{}
	if n := utf8.RuneCountInString(ag.Reference); n == 0 || n > 100 {
		f.Add("reference", "请填写协议编号（不超过100个字）", "give the agreement's number, at most 100 characters")
	}
	if utf8.RuneCountInString(ag.Scope) > 2000 {
		f.Add("scope", "委托范围不能超过2000个字", "the scope must be at most 2000 characters")
	}
	signed, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.SignedOn), goumai.Shanghai)
	if err != nil {
		f.Add("signed_on", "签订日期须为 YYYY-MM-DD", "the signing date is YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return ag, err
	}
	ag.SignedOn = signed
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		pr, err := s.visibleProject(ctx, tx, a, in.ProjectID)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActEntrustAgency, goumai.Target{OrgID: pr.PurchaserOrgID, Region: pr.Region}); err != nil {
			return err
		}
		if pr.Status != goumai.ProjectApproved {
			return goumai.Errorf(goumai.EConflict, "只有已批准的项目可以委托代理", "only an approved project can be entrusted to an agency")
		}
		agency, err := tx.Org(ctx, in.AgencyOrgID)
		if goumai.ErrorCode(err) == goumai.ENotFound || err == nil && (!goumai.RoleAgency.AllowedFor(agency) || !agency.Active || agency.ID == pr.PurchaserOrgID) {
			return goumai.Fields{"agency_org_id": goumai.M("该单位不能作为采购代理机构", "this organisation cannot be a purchasing agency")}.Err()
		}
		if err != nil {
			return err
		}
		if signed.After(tx.Now()) {
			return goumai.Fields{"signed_on": goumai.M("签订日期不能晚于今天", "the agreement cannot be signed in the future")}.Err()
		}
		ag.PurchaserOrgID = pr.PurchaserOrgID
		as, err := tx.Agreements(ctx, pr.ID)
		if err != nil {
			return err
		}
		for _, old := range as {
			if old.EndedAt == nil {
				if err := tx.EndAgreement(ctx, old.ID); err != nil {
					return err
				}
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.agency_end", Table: "agency_agreements", Key: old.ID, Region: pr.Region}); err != nil {
					return err
				}
			}
		}
		if ag.ID, err = tx.InsertAgreement(ctx, ag); err != nil {
			return err
		}
		ag.CreatedAt = tx.Now()
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.agency", Table: "agency_agreements", Key: ag.ID, Region: pr.Region}); err != nil {
			return err
		}
		// A procedure under way is handed to the agency.
		ps, err := tx.FindProcurementsOf(ctx, pr.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Status == goumai.ProcTerminated || p.Status == goumai.ProcClosed {
				continue
			}
			p.AgencyOrgID = ag.AgencyOrgID
			if err := s.touch(ctx, tx, a, &p); err != nil {
				return err
			}
		}
		return nil
	})
	return ag, err
}

// approverOf returns the finance department that approves a non-tender method
// for a procedure of region: that of the 设区的市 (prefecture) containing it, or
// of the region itself at prefecture level or above (GPL-IR Art. 23).
func (s *Service) approverOf(ctx context.Context, region string) (goumai.Org, error) {
	r := s.Store.Regions()
	g, ok := r.Get(region)
	for ok && g.Level > goumai.LevelPrefecture {
		g, ok = r.Get(g.Parent)
	}
	if !ok {
		return goumai.Org{}, goumai.Errorf(goumai.EConflict, "找不到审批采购方式的财政部门", "no finance department to approve the method")
	}
	o, err := s.Store.FinanceDept(ctx, g.Code)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return o, goumai.Errorf(goumai.EConflict, g.Name+"尚无财政部门，无法审批采购方式", g.Name+" has no finance department to approve the method")
	}
	return o, err
}

// RequestApproval asks the finance department of 设区的市 level or above to
// approve a non-tender method at or above the open-tender threshold (ENG-C1,
// GPL-IR Art. 23), with the 化整为零 figures (ENG-C3); the procedure waits in
// ProcApproval. A single-source publicity, when the ground needs one (ENG-C5),
// comes first.
func (s *Service) RequestApproval(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Procurement, error) {
	var p goumai.Procurement
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, version); err != nil {
			return err
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
		if err != nil {
			return err
		}
		o, err := rules.CheckMethod(purchaseOf(p), params, p.Method, p.Reason)
		switch {
		case err != nil:
			return err
		case !o.NeedsApproval:
			return goumai.Errorf(goumai.EConflict, "该采购方式无须审批", "this method needs no approval")
		case p.MethodApproved:
			return goumai.Errorf(goumai.EConflict, "采购方式已获批准", "the method is approved already")
		case o.Publicity:
			e := goumai.Errorf(goumai.EConflict, "单一来源（唯一供应商）须先发布单一来源公示（ENG-C5）", "single source on the sole-supplier ground is first published for objections (ENG-C5)")
			e.Rule = "ENG-C5"
			return e
		}
		return s.requestDecision(ctx, tx, a, &p, params, goumai.ProcRequestApproval)
	})
	return p, err
}

// MethodApprovalWorkingDays is the approver's time limit for a method
// decision. It is goumai's service standard, not a statutory period: when it
// passes undecided the scheduler marks the request overdue (the to-do shows it
// and the department above sees it); nothing is decided by default.
const MethodApprovalWorkingDays = 5

// requestDecision records a method decision request, with the 化整为零 figures
// and the approver's time limit, and moves p along act (ProcRequestApproval, or
// ProcEndPublicity when a single-source publicity ends) to ProcApproval.
func (s *Service) requestDecision(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, params rules.Params, act goumai.ProcurementAction) error {
	approver, err := s.approverOf(ctx, p.Region)
	if err != nil {
		return err
	}
	sp, err := s.splitting(ctx, tx, *p, params)
	if err != nil {
		return err
	}
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return err
	}
	due, err := rules.WorkingDaysEnd(tx.Now(), MethodApprovalWorkingDays, "method", cal)
	if err != nil {
		return err
	}
	d := goumai.MethodDecision{ProcurementID: p.ID, Method: p.Method, Reason: p.Reason, ApproverOrgID: approver.ID, RequestedBy: a.UserID,
		DueAt: due, Status: goumai.DecisionRequested,
		Splitting: goumai.SplittingFigures{FiscalYear: sp.FiscalYear, Earlier: sp.Earlier, Total: sp.Total, Threshold: sp.Threshold, Flagged: sp.Flagged}}
	if d.ID, err = tx.InsertDecision(ctx, d); err != nil {
		return err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.approval_request", Table: "method_decisions", Key: d.ID, Region: p.Region}); err != nil {
		return err
	}
	return s.move(ctx, tx, a, p, act, &due)
}

// move takes a procedure along a transition and records it.
func (s *Service) move(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, act goumai.ProcurementAction, due *time.Time) error {
	to, ok := p.Status.Next(act)
	if !ok {
		return goumai.Errorf(goumai.EConflict, "采购项目当前状态（"+p.Status.Label().ZH+"）不允许此操作", "the procedure's state ("+p.Status.Label().EN+") does not allow this")
	}
	p.Status, p.NextDue = to, due
	var err error
	if p.Version, err = tx.UpdateProcurement(ctx, *p); err != nil {
		return err
	}
	p.UpdatedAt = tx.Now()
	return s.recordProcurement(ctx, tx, a, "procurement."+string(act), *p)
}

// methodDrafting are the events of a procedure that make someone one of its
// drafters: they never decide its method (separation of duties).
var methodDrafting = []string{"procurement.create", "procurement.update", "procurement.request_approval", "procurement.publish_publicity"}

// MethodDecisionInput approves or refuses a requested method, with an opinion
// (意见, required to refuse).
type MethodDecisionInput struct {
	Approve bool   `json:"approve"`
	Opinion string `json:"opinion"`
}

// DecideMethod approves or refuses the method of a procedure awaiting
// approval: a finance approver of the approving department who took no part
// in drafting the procedure or requesting the approval (separation of duties,
// goumai.RuleSeparation). Approval fixes the method; refusal returns the
// procedure to drafting. Either way it returns to ProcDraft.
func (s *Service) DecideMethod(ctx context.Context, a goumai.Actor, id int64, in MethodDecisionInput) (goumai.MethodDecision, error) {
	var d goumai.MethodDecision
	opinion, err := checkOpinion(in.Opinion, !in.Approve)
	if err != nil {
		return d, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.Lock(ctx, "procurements", id); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, id)
		if err != nil {
			return err
		}
		d, err = pendingDecision(ctx, tx, p)
		if err != nil {
			if s.canSeeProcurement(a, p) != nil {
				return goumai.ErrNotFound("采购项目", "procurement")
			}
			return err
		}
		item, err := tx.Drafters(ctx, "procurements", p.ID, methodDrafting...)
		if err != nil {
			return err
		}
		item.Drafted(d.RequestedBy)
		if err := s.Policy.Can(a, goumai.ActApproveMethod, goumai.Target{OrgID: d.ApproverOrgID, Region: p.Region, Item: item, Step: "approve"}); err != nil {
			if s.canSeeProcurement(a, p) != nil {
				return goumai.ErrNotFound("采购项目", "procurement")
			}
			return err
		}
		d.Status, d.DecidedBy, d.Opinion = goumai.DecisionRefused, a.UserID, opinion
		act := goumai.ProcRefuse
		if in.Approve {
			d.Status, act = goumai.DecisionApproved, goumai.ProcApprove
		}
		if err := tx.DecideDecision(ctx, d); err != nil {
			return err
		}
		now := tx.Now()
		d.DecidedAt = &now
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.approval_decision", Table: "method_decisions", Key: d.ID, Region: p.Region}); err != nil {
			return err
		}
		p.MethodApproved = in.Approve
		return s.move(ctx, tx, a, &p, act, nil)
	})
	return d, err
}

// pendingDecision returns a procedure's decision awaiting the approver.
func pendingDecision(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) (goumai.MethodDecision, error) {
	if p.Status != goumai.ProcApproval {
		return goumai.MethodDecision{}, goumai.Errorf(goumai.EConflict, "该采购项目没有待审批的采购方式", "the procedure has no method awaiting approval")
	}
	ds, err := tx.Decisions(ctx, p.ID)
	if err != nil {
		return goumai.MethodDecision{}, err
	}
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].Status == goumai.DecisionRequested {
			return ds[i], nil
		}
	}
	return goumai.MethodDecision{}, goumai.Errorf(goumai.EConflict, "该采购项目没有待审批的采购方式", "the procedure has no method awaiting approval")
}

// StartPublicity publishes the 单一来源采购公示 of a single-source procedure on the
// sole-supplier ground at or above the open-tender threshold, for at least 5
// working days (ENG-C5, GPL-IR Art. 38): anyone may object; at its end the
// approval is requested (the scheduler, ProcEndPublicity).
func (s *Service) StartPublicity(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Procurement, error) {
	var p goumai.Procurement
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, version); err != nil {
			return err
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
		if err != nil {
			return err
		}
		o, err := rules.CheckMethod(purchaseOf(p), params, p.Method, p.Reason)
		if err != nil {
			return err
		}
		if !o.Publicity {
			return goumai.Errorf(goumai.EConflict, "只有达到公开招标数额标准、以唯一供应商为由的单一来源采购须公示", "only single source on the sole-supplier ground at or above the threshold is published for objections")
		}
		if p.SoleSupplierID == 0 {
			return goumai.Fields{"sole_supplier_id": goumai.M("单一来源须指明供应商", "single source names its supplier")}.Err()
		}
		if strings.TrimSpace(p.ReasonDetail) == "" {
			return goumai.Fields{"reason_detail": goumai.M("公示须说明只能从唯一供应商处采购的理由", "the publicity states why only this supplier can provide it")}.Err()
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		end, err := rules.PublicityEnd(tx.Now(), params, cal)
		if err != nil {
			return err
		}
		if _, err := s.publishNotice(ctx, tx, a, &p, goumai.NoticeSingleSource, func(b *goumai.NoticeBody) {
			b.Reason, b.PublicityUntil = p.Reason.Label().ZH+"："+p.ReasonDetail, &end
		}); err != nil {
			return err
		}
		return s.move(ctx, tx, a, &p, goumai.ProcPublishPublicity, &end)
	})
	return p, err
}

// publishNotice publishes a notice of p with the disclosure fields as they
// stand; the first makes p public (the caller writes p).
func (s *Service) publishNotice(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, kind goumai.NoticeKind, edit func(*goumai.NoticeBody)) (goumai.Notice, error) {
	return s.publishTitled(ctx, tx, a, p, kind, p.Title+kind.Label().ZH, edit)
}

// publishTitled is publishNotice under a title of the caller's.
func (s *Service) publishTitled(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, kind goumai.NoticeKind, title string, edit func(*goumai.NoticeBody)) (goumai.Notice, error) {
	if p.PublishedAt == nil {
		now := tx.Now()
		p.PublishedAt = &now
	}
	b := goumai.NoticeBody{ProcurementCode: p.Code, Method: p.Method, Documents: p.Documents, Periods: p.Periods}
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return goumai.Notice{}, err
	}
	b.ProjectCode = pr.Code
	name := func(id int64) (string, error) {
		o, err := tx.Org(ctx, id)
		return o.Name, err
	}
	purchaser, err := tx.Org(ctx, p.PurchaserOrgID)
	if err != nil {
		return goumai.Notice{}, err
	}
	b.Purchaser, b.PurchaserContact = purchaser.Name, purchaser.Contact()
	if p.AgencyOrgID != 0 {
		agency, err := tx.Org(ctx, p.AgencyOrgID)
		if err != nil {
			return goumai.Notice{}, err
		}
		b.Agency, b.AgencyContact = agency.Name, agency.Contact()
	}
	if p.SoleSupplierID != 0 {
		if b.SoleSupplier, err = name(p.SoleSupplierID); err != nil {
			return goumai.Notice{}, err
		}
	}
	for _, id := range p.Invited {
		n, err := name(id)
		if err != nil {
			return goumai.Notice{}, err
		}
		b.Invited = append(b.Invited, n)
	}
	if b.Lots, err = tx.Lots(ctx, p.ID); err != nil {
		return goumai.Notice{}, err
	}
	if edit != nil {
		edit(&b)
	}
	return tx.InsertNotice(ctx, a, p.Region, goumai.Notice{ProcurementID: p.ID, Kind: kind, Title: title, Body: b})
}

// ObjectionInput is an objection to a single-source publicity.
type ObjectionInput struct {
	Body string `json:"body"`
}

// FileObjection records a written objection to a single-source publicity
// during its window (GPL-IR Art. 38: any supplier, organisation or person); the
// organisers answer it, and the approver sees both.
func (s *Service) FileObjection(ctx context.Context, a goumai.Actor, id int64, in ObjectionInput) (goumai.Objection, error) {
	o := goumai.Objection{ProcurementID: id, OrgID: a.Org.ID, UserID: a.UserID, Body: strings.TrimSpace(in.Body)}
	if n := utf8.RuneCountInString(o.Body); n == 0 || n > 4000 {
		return o, goumai.Fields{"body": goumai.M("请填写异议内容（不超过4000个字）", "write the objection, at most 4000 characters")}.Err()
	}
	if a.Anonymous() {
		return o, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := tx.Procurement(ctx, id)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return err
		}
		if p.Status != goumai.ProcPublicity || p.NextDue == nil || !tx.Now().Before(*p.NextDue) {
			return goumai.Errorf(goumai.EConflict, "只能在单一来源公示期内提出异议", "objections are taken during the single-source publicity only")
		}
		if a.Org.ID == p.PurchaserOrgID || a.Org.ID == p.AgencyOrgID {
			return goumai.Errorf(goumai.EConflict, "采购人和受托代理机构不能对本单位组织的公示提出异议，请直接修改或终止采购项目",
				"the purchaser and its agency do not object to their own publicity: change or terminate the procedure instead")
		}
		if o.ID, err = tx.InsertObjection(ctx, o); err != nil {
			return err
		}
		o.FiledAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.objection", Table: "objections", Key: o.ID, Region: p.Region})
		return err
	})
	return o, err
}

// AnswerObjection records the organisers' answer to an objection.
func (s *Service) AnswerObjection(ctx context.Context, a goumai.Actor, objectionID int64, answer string) (goumai.Objection, error) {
	var o goumai.Objection
	answer = strings.TrimSpace(answer)
	if n := utf8.RuneCountInString(answer); n == 0 || n > 4000 {
		return o, goumai.Fields{"answer": goumai.M("请填写答复（不超过4000个字）", "write the answer, at most 4000 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if o, err = tx.Objection(ctx, objectionID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, o.ProcurementID)
		if err != nil {
			return err
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		if err := tx.AnswerObjection(ctx, o.ID, a.UserID, answer); err != nil {
			return err
		}
		now := tx.Now()
		o.Answer, o.AnsweredBy, o.AnsweredAt = answer, a.UserID, &now
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.objection_answer", Table: "objections", Key: o.ID, Region: p.Region})
		return err
	})
	return o, err
}

// Objections returns a procedure's objections to its organisers, the
// approving department, finance staff and auditors of its region, and each
// objector's own.
func (s *Service) Objections(ctx context.Context, a goumai.Actor, p goumai.Procurement) ([]goumai.Objection, error) {
	os, err := s.Store.Objections(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if s.insider(a, p) {
		return os, nil
	}
	var own []goumai.Objection
	for _, o := range os {
		if a.UserID != 0 && o.UserID == a.UserID {
			own = append(own, o)
		}
	}
	return own, nil
}

// Publish publishes a procedure: its method allowed and approved where it must
// be (ENG-C1, ENG-C5), its suppliers (ENG-E1), documents (ENG-A7, G1, G2, G5,
// G9) and periods from now (ENG-D1, D3, D4) all lawful — every problem at once
// — then the notice of its method (招标公告, 谈判（磋商）公告 or 邀请书) with every
// disclosure field, and bids are taken until the deadline (the scheduler
// closes them).
func (s *Service) Publish(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Procurement, error) {
	var p goumai.Procurement
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, version); err != nil {
			return err
		}
		c, err := s.checkPublication(ctx, tx, p, tx.Now())
		if err != nil {
			return err
		}
		if err := c.Problems.Err(); err != nil {
			return err
		}
		// The documents state the SME deductions they apply (ENG-G4;
		// 财库〔2020〕46号 Art. 9): a rate left at 0 is the range's lowest.
		rates, err := rules.SMERate(c.Params, p.Documents)
		if err != nil {
			return err
		}
		p.Documents.SMEDeductionPct, p.Documents.SMEPartnerPct = rates.Own, rates.Partner
		p.Periods.DocsFrom = tx.Now()
		if _, err := s.publishNotice(ctx, tx, a, &p, goumai.MethodConfigs[p.Method].Notice, nil); err != nil {
			return err
		}
		deadline := p.Periods.BidDeadline
		return s.move(ctx, tx, a, &p, goumai.ProcPublish, &deadline)
	})
	return p, err
}

// Clarification is a clarification or amendment of published documents.
type Clarification struct {
	Version     int              `json:"version"`
	Documents   goumai.Documents `json:"documents"`
	Changes     string           `json:"changes"`      // what changed, for the 更正公告
	AffectsBids bool             `json:"affects_bids"` // it may affect the preparation of bids (ENG-D2)
}

// Clarify amends the documents of a procedure open for bids and publishes an
// 更正公告: the documents must still pass their rules, and a change that may
// affect bids coming less than the minimum before the deadline moves the
// deadline to the earliest lawful day (ENG-D2), said in the notice.
func (s *Service) Clarify(ctx context.Context, a goumai.Actor, id int64, in Clarification) (goumai.Procurement, error) {
	var p goumai.Procurement
	in.Changes = strings.TrimSpace(in.Changes)
	if n := utf8.RuneCountInString(in.Changes); n == 0 || n > 4000 {
		return p, goumai.Fields{"changes": goumai.M("请说明更正内容（不超过4000个字）", "say what changes, at most 4000 characters")}.Err()
	}
	if err := checkDocumentValues(in.Documents); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, in.Version, goumai.ProcTendering); err != nil {
			return err
		}
		_, err = s.clarify(ctx, tx, a, &p, in.Documents, in.Changes, in.AffectsBids)
		return err
	})
	return p, err
}

// clarify amends the documents of p, a procedure open for bids that the
// caller locked and loaded for its organisers, and publishes the 更正公告
// saying changes: the documents must pass their rules, and a change that may
// affect bids (affectsBids) coming less than the minimum before the deadline
// moves the deadline to the earliest lawful day (ENG-D2). Clarify and the
// answer to an enquiry that changes the documents (AnswerEnquiry) share it.
func (s *Service) clarify(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, docs goumai.Documents, changes string, affectsBids bool) (goumai.Notice, error) {
	if !tx.Now().Before(p.Periods.BidDeadline) {
		return goumai.Notice{}, goumai.Errorf(goumai.EConflict, "投标已截止，不能更正采购文件", "the deadline has passed: the documents can no longer change")
	}
	params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return goumai.Notice{}, err
	}
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return goumai.Notice{}, err
	}
	cfg := goumai.MethodConfigs[p.Method]
	if err := documentProblems(docs, rules.DocumentContext{Method: cfg, Params: params, Budget: p.Amount, Lots: lots}).Err(); err != nil {
		return goumai.Notice{}, err
	}
	p.Documents = docs
	if affectsBids {
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return goumai.Notice{}, err
		}
		deadline, moved, err := rules.Clarified(cfg.Period, tx.Now(), p.Periods.BidDeadline, params, cal)
		if err != nil {
			return goumai.Notice{}, err
		}
		if moved {
			old := p.Periods.BidDeadline
			p.Periods.BidDeadline, p.NextDue = deadline, &deadline
			if p.Periods.DocsUntil.Equal(old) || p.Periods.DocsUntil.After(deadline) {
				p.Periods.DocsUntil = deadline
			}
			changes += fmt.Sprintf("\n因澄清或者修改可能影响投标（响应）文件编制，距截止时间不足法定期限，截止时间顺延至%s（%s）。",
				deadline.In(goumai.Shanghai).Format("2006年01月02日 15:04"), "ENG-D2")
		}
	}
	if p.Version, err = tx.UpdateProcurement(ctx, *p); err != nil {
		return goumai.Notice{}, err
	}
	p.UpdatedAt = tx.Now()
	if err := s.recordProcurement(ctx, tx, a, "procurement.clarify", *p); err != nil {
		return goumai.Notice{}, err
	}
	return s.publishNotice(ctx, tx, a, p, goumai.NoticeCorrection, func(b *goumai.NoticeBody) { b.Changes = changes })
}

// TerminationInput ends a procedure with a reason.
type TerminationInput struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// terminator returns nil if the actor may end the procedure: its organisers,
// or the purchaser's staff, who entrusted the agency and may call it off.
func (s *Service) terminator(a goumai.Actor, p goumai.Procurement) error {
	err := s.organizer(a, p)
	if err != nil && p.AgencyOrgID != 0 {
		err = s.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region})
	}
	return err
}

// Terminate ends a procedure before its deadline with a 终止公告 (GPL Art. 36;
// 财办库〔2020〕50号 template 7); the project may be procured again.
func (s *Service) Terminate(ctx context.Context, a goumai.Actor, id int64, in TerminationInput) (goumai.Procurement, error) {
	var p goumai.Procurement
	in.Reason = strings.TrimSpace(in.Reason)
	if n := utf8.RuneCountInString(in.Reason); n == 0 || n > 2000 {
		return p, goumai.Fields{"reason": goumai.M("请说明终止的原因（不超过2000个字）", "say why it ends, at most 2000 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.procedureFor(ctx, tx, a, id, in.Version, s.terminator, goumai.ProcDraft, goumai.ProcApproval, goumai.ProcPublicity, goumai.ProcPrequal, goumai.ProcTendering,
			goumai.ProcClosed, goumai.ProcEvaluation, goumai.ProcConfirmation, goumai.ProcConfirmed, goumai.ProcFailed); err != nil {
			return err
		}
		wasPublic := p.Public()
		if p.Status == goumai.ProcApproval { // the request is withdrawn: nothing is left for the approver
			d, err := pendingDecision(ctx, tx, p)
			if err != nil {
				return err
			}
			if err := tx.WithdrawDecision(ctx, d.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.approval_withdrawn", Table: "method_decisions", Key: d.ID, Region: p.Region}); err != nil {
				return err
			}
		}
		if err := s.move(ctx, tx, a, &p, goumai.ProcTerminate, nil); err != nil {
			return err
		}
		if !wasPublic {
			return nil // a draft ends without a notice: nothing was published
		}
		_, err = s.publishNotice(ctx, tx, a, &p, goumai.NoticeTermination, func(b *goumai.NoticeBody) { b.Reason = in.Reason })
		return err
	})
	return p, err
}

// Tick applies every due time-driven transition at now, idempotently: each
// kind of object with deadlines registers its pass in tickers (procedures:
// a deadline reached closes the bids and opens them, a single-source publicity ended asks
// for the method's approval, an approval past its time limit is marked
// overdue). Each object is moved in its own transaction under its row's lock,
// so two ticks at once do the work once and a missed tick heals on the next.
// One object that fails does not hold up the others: Tick goes on and returns
// the failures together. It returns how many objects moved.
func (s *Service) Tick(ctx context.Context) (int, error) {
	now, moved := s.Clock.Now(), 0
	var errs []error
	for _, t := range tickers {
		n, err := t(ctx, s, now)
		moved += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return moved, errors.Join(errs...)
}

// tickers are the scheduler's passes, one per kind of object with deadlines:
// each applies the transitions due at now and returns how many objects moved.
var tickers = []func(ctx context.Context, s *Service, now time.Time) (int, error){tickProcurements}

// tickProcurements applies the procedures' due transitions, paging through
// those due in (next_due, id) order (an index: the others are never read).
func tickProcurements(ctx context.Context, s *Service, now time.Time) (int, error) {
	return tickDue("procurement",
		func(cur sqlstore.DueCursor, limit int) ([]goumai.Procurement, error) {
			return s.Store.DueProcurements(ctx, now, cur, limit)
		},
		func(p goumai.Procurement) (int64, time.Time) { return p.ID, *p.NextDue },
		func(p goumai.Procurement) (bool, error) { return s.tickOne(ctx, p.ID) })
}

// tickOne applies a procedure's due transition, if it is still due.
func (s *Service) tickOne(ctx context.Context, id int64) (bool, error) {
	moved := false
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		moved = false
		if err := tx.Lock(ctx, "procurements", id); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, id)
		if err != nil {
			return err
		}
		if p.NextDue == nil || p.NextDue.After(tx.Now()) {
			return nil // another tick did it, or it moved
		}
		switch p.Status {
		case goumai.ProcTendering:
			moved = true
			if err := s.checkBiddersAtDeadline(ctx, tx, p); err != nil {
				return err
			}
			if err := s.move(ctx, tx, goumai.System, &p, goumai.ProcClose, nil); err != nil {
				return err
			}
			return s.openBids(ctx, tx, goumai.System, &p) // 开标 at the deadline, in the same transaction
		case goumai.ProcClosed: // closed by an earlier version, or the opening failed on a tick: open now
			moved = true
			return s.openBids(ctx, tx, goumai.System, &p)
		case goumai.ProcConfirmation: // the purchaser's limit passed (ENG-D6)
			moved = true
			return s.confirmationDue(ctx, tx, &p)
		case goumai.ProcConfirmed: // the result notice is late (ENG-D6): on the organisers' to-do list
			moved, p.NextDue = true, nil
			if p.Version, err = tx.UpdateProcurement(ctx, p); err != nil {
				return err
			}
			return s.recordProcurement(ctx, tx, goumai.System, "procurement.result_overdue", p)
		case goumai.ProcPrequal: // the window closed: the organisers judge the applications
			moved = true
			return s.move(ctx, tx, goumai.System, &p, goumai.ProcEndPrequal, nil)
		case goumai.ProcPublicity:
			params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
			if err != nil {
				return err
			}
			moved = true
			return s.requestDecision(ctx, tx, goumai.System, &p, params, goumai.ProcEndPublicity)
		case goumai.ProcApproval:
			d, err := pendingDecision(ctx, tx, p)
			if err != nil {
				return err
			}
			if err := tx.MarkDecisionOverdue(ctx, d.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "procurement.approval_overdue", Table: "method_decisions", Key: d.ID, Region: p.Region}); err != nil {
				return err
			}
			moved, p.NextDue = true, nil
			if p.Version, err = tx.UpdateProcurement(ctx, p); err != nil {
				return err
			}
			return s.recordProcurement(ctx, tx, goumai.System, "procurement.update", p)
		}
		// Nothing is due in other states: clear the stale mark.
		p.NextDue = nil
		if p.Version, err = tx.UpdateProcurement(ctx, p); err != nil {
			return err
		}
		return s.recordProcurement(ctx, tx, goumai.System, "procurement.update", p)
	})
	return moved, err
}

// Notice returns a published notice (notices are public).
func (s *Service) Notice(ctx context.Context, id int64) (goumai.Notice, error) {
	return s.Store.Notice(ctx, id)
}

// procurementLink is a procedure's staff page.
func procurementLink(id int64) string { return "/staff/procurements/" + strconv.FormatInt(id, 10) }

func init() { inboxSources = append(inboxSources, procurementInbox) }

// procurementInbox adds the procurement's work: method decisions awaiting a
// finance approver (not those they drafted or requested); procedures being
// drafted and objections to answer for their organisers.
func procurementInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.Org.FinanceDept && a.Has(goumai.RoleFinanceApprover) {
		ds, err := s.Store.PendingDecisions(ctx, a.Org.ID, 200)
		if err != nil {
			return err
		}
		for _, d := range ds {
			p, err := s.Store.Procurement(ctx, d.ProcurementID)
			if err != nil {
				return err
			}
			if p.Status != goumai.ProcApproval {
				continue // terminated while it waited: nothing left to decide
			}
			if ok, err := s.decides(ctx, a, p, d); err != nil {
				return err
			} else if ok {
				title := p.Code + " " + p.Title + "（" + p.Method.Label().ZH + "，" + d.DueAt.In(goumai.Shanghai).Format("01月02日") + "前办结）"
				if d.OverdueAt != nil {
					title = p.Code + " " + p.Title + "（" + p.Method.Label().ZH + "，已逾期）"
				}
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.method_approval", Title: title, Link: procurementLink(p.ID), At: d.RequestedAt})
			}
		}
	}
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	if a.Has(goumai.RoleAgency) {
		if err := entrustedInbox(ctx, s, a, in); err != nil {
			return err
		}
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Statuses: []goumai.ProcurementStatus{goumai.ProcDraft, goumai.ProcPublicity}, Limit: 200})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if s.organizer(a, p) != nil {
			continue
		}
		if p.Status == goumai.ProcDraft {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.procurement_draft", Title: p.Code + " " + p.Title, Link: procurementLink(p.ID), At: p.UpdatedAt})
			continue
		}
		os, err := s.Store.Objections(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, o := range os {
			if o.AnsweredAt == nil {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.objection", Title: p.Code + " " + p.Title, Link: procurementLink(p.ID), At: o.FiledAt})
			}
		}
	}
	return nil
}

// entrustedInbox adds an agency's projects entrusted to it with no procedure under way.
func entrustedInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	ags, err := s.Store.EntrustedAgreements(ctx, a.Org.ID, 200)
	if err != nil {
		return err
	}
	for _, ag := range ags {
		ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{ProjectID: ag.ProjectID, Limit: 20})
		if err != nil {
			return err
		}
		if slices.ContainsFunc(ps, func(p goumai.Procurement) bool { return p.Status != goumai.ProcTerminated }) {
			continue
		}
		pr, err := s.Store.Project(ctx, ag.ProjectID)
		if err != nil {
			return err
		}
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.entrusted", Title: pr.Code + " " + pr.Title + "（" + ag.Reference + "）",
			Link: "/staff/procurements/new?project_id=" + strconv.FormatInt(pr.ID, 10), At: ag.CreatedAt})
	}
	return nil
}

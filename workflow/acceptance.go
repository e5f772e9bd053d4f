package workflow

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Acceptance of a contract's milestones (验收, ENG-H6; issue 10 item 4): the
// supplier submits a delivered milestone with its deliverables; the
// purchaser forms the acceptance group — for a public service with at least
// one service-user representative — and records each member's opinion;
// then the result, accepted or rejected with its reasons. An accepted
// milestone may be paid (ENG-H7); for a public service the 公共服务项目验收
// 结果公告 is published in the same transaction (REQ-C22). A rejected
// milestone goes back to the supplier, who may submit it again (a new round).

// MilestoneSubmitInput is the supplier's submission of a milestone.
type MilestoneSubmitInput struct {
	Version int      `json:"version"` // the milestone's version read
	Report  string   `json:"report"`  // the deliverables as delivered
	Files   []Upload `json:"files"`
}

// AcceptanceGroupInput is the group the purchaser forms.
type AcceptanceGroupInput struct {
	Version int                       `json:"version"` // the acceptance's version read
	Members []goumai.AcceptanceMember `json:"members"` // names, standings and units; opinions are recorded one by one
}

// OpinionInput is one member's opinion.
type OpinionInput struct {
	Version int    `json:"version"`
	Member  int    `json:"member"` // the member's index in the group, from 0
	Agrees  bool   `json:"agrees"` // the member finds the milestone delivered
	Opinion string `json:"opinion"`
}

// AcceptanceDecisionInput is the acceptance's result.
type AcceptanceDecisionInput struct {
	Version int                     `json:"version"`
	Result  goumai.AcceptanceStatus `json:"result"` // accepted or rejected
	Reasons string                  `json:"reasons"`
}

// MaxMemberOpinion bounds a member's opinion.
const MaxMemberOpinion = 2000

// AcceptanceView is a milestone's acceptance round with its milestone.
type AcceptanceView struct {
	goumai.Acceptance
	Milestone goumai.Milestone `json:"milestone"`
}

// milestoneFor reads a milestone and its contract in force under the
// procedure's lock.
func (s *Service) milestoneFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Milestone, goumai.Contract, goumai.Procurement, error) {
	m, err := tx.Milestone(ctx, id)
	if err != nil {
		return m, goumai.Contract{}, goumai.Procurement{}, err
	}
	c, p, err := s.inForce(ctx, tx, a, m.ContractID)
	if err != nil {
		return m, c, p, err
	}
	m, err = tx.Milestone(ctx, id) // under the lock
	return m, c, p, err
}

// current is a milestone's latest acceptance round, if any.
func current(acc []goumai.Acceptance, milestoneID int64) (goumai.Acceptance, bool) {
	var out goumai.Acceptance
	found := false
	for _, x := range acc {
		if x.MilestoneID == milestoneID {
			out, found = x, true
		}
	}
	return out, found
}

// SubmitMilestone records the supplier's submission of a milestone for
// acceptance, with its deliverables: the milestone is submitted and a new
// acceptance round opens.
func (s *Service) SubmitMilestone(ctx context.Context, a goumai.Actor, id int64, in MilestoneSubmitInput) (AcceptanceView, error) {
	var v AcceptanceView
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		m, c, p, err := s.milestoneFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := s.supplierSigner(a, c); err != nil {
			return err
		}
		if in.Version != m.Version {
			return goumai.Errorf(goumai.EStale, "履约节点已被他人修改，请刷新后重试", "the milestone changed meanwhile; reload and try again")
		}
		next, ok := goumai.MilestoneTransition(m.Status, goumai.MilestoneSubmit)
		if !ok {
			return goumai.Errorf(goumai.EConflict, "履约节点当前状态不能提交验收："+m.Status.Label().ZH, "the milestone cannot be submitted in its state: "+m.Status.Label().EN)
		}
		report := strings.TrimSpace(in.Report)
		if n := utf8.RuneCountInString(report); n == 0 || n > rules.MaxProjectText {
			return goumai.Fields{"report": goumai.M("请写明交付成果（不超过5000个字）", "describe the deliverables (at most 5000 characters)")}.Err()
		}
		files, err := s.storeUploads(ctx, tx, a, c, in.Files)
		if err != nil {
			return err
		}
		pr, err := tx.Project(ctx, p.ProjectID)
		if err != nil {
			return err
		}
		acc, err := tx.Acceptances(ctx, c.ID)
		if err != nil {
			return err
		}
		round := 1
		if last, ok := current(acc, m.ID); ok {
			round = last.Round + 1
		}
		now := tx.Now()
		m.Status, m.SubmittedAt = next, &now
		if m.Version, err = tx.UpdateMilestone(ctx, m); err != nil {
			return err
		}
		if err := recordSup(ctx, tx, a, "milestone.submit", "contract_milestones", m.ID, c, false); err != nil {
			return err
		}
		x := goumai.Acceptance{MilestoneID: m.ID, ContractID: c.ID, Round: round, Report: report, Files: files,
			PublicService: pr.Class == goumai.ClassPublicService, Members: []goumai.AcceptanceMember{}, Status: goumai.AcceptanceSubmitted,
			SubmittedAt: now, Version: 1}
		if x.ID, err = tx.InsertAcceptance(ctx, x, a.UserID); err != nil {
			return err
		}
		v = AcceptanceView{Acceptance: x, Milestone: m}
		return recordSup(ctx, tx, a, "milestone.submit", "acceptances", x.ID, c, false)
	})
	return v, err
}

// changeAcceptance runs one step of a milestone's current acceptance round
// by the purchaser's staff, at the round's version read.
func (s *Service) changeAcceptance(ctx context.Context, a goumai.Actor, milestoneID int64, version int,
	change func(tx *sqlstore.Tx, m *goumai.Milestone, c goumai.Contract, p goumai.Procurement, x *goumai.Acceptance) (action string, public bool, err error)) (AcceptanceView, error) {
	var v AcceptanceView
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		m, c, p, err := s.milestoneFor(ctx, tx, a, milestoneID)
		if err != nil {
			return err
		}
		if err := s.purchaser(a, p); err != nil {
			return err
		}
		acc, err := tx.Acceptances(ctx, c.ID)
		if err != nil {
			return err
		}
		x, ok := current(acc, m.ID)
		if !ok || m.Status != goumai.MilestoneSubmitted || x.Status.Decided() {
			return goumai.Errorf(goumai.EConflict, "履约节点尚未提交验收："+m.Status.Label().ZH, "the milestone is not submitted for acceptance: "+m.Status.Label().EN)
		}
		if version != x.Version {
			return goumai.Errorf(goumai.EStale, "验收记录已被他人修改，请刷新后重试", "the acceptance changed meanwhile; reload and try again")
		}
		mVersion := m.Version
		action, public, err := change(tx, &m, c, p, &x)
		if err != nil {
			return err
		}
		if err := tx.UpdateAcceptance(ctx, x, a.UserID); err != nil {
			return err
		}
		x.Version++
		if err := recordSup(ctx, tx, a, action, "acceptances", x.ID, c, public); err != nil {
			return err
		}
		if m.Version != mVersion {
			if err := recordSup(ctx, tx, a, action, "contract_milestones", m.ID, c, public); err != nil {
				return err
			}
		}
		v = AcceptanceView{Acceptance: x, Milestone: m}
		return nil
	})
	return v, err
}

// FormAcceptanceGroup forms (or re-forms, clearing the opinions given) the
// acceptance group of a submitted milestone: for a public service it must
// include a service-user representative (ENG-H6), refused otherwise.
func (s *Service) FormAcceptanceGroup(ctx context.Context, a goumai.Actor, milestoneID int64, in AcceptanceGroupInput) (AcceptanceView, error) {
	return s.changeAcceptance(ctx, a, milestoneID, in.Version, func(tx *sqlstore.Tx, m *goumai.Milestone, c goumai.Contract, p goumai.Procurement, x *goumai.Acceptance) (string, bool, error) {
		members := make([]goumai.AcceptanceMember, len(in.Members))
		for i, mb := range in.Members {
			members[i] = goumai.AcceptanceMember{Name: strings.TrimSpace(mb.Name), Role: mb.Role, Unit: strings.TrimSpace(mb.Unit)}
		}
		if err := rules.CheckAcceptanceGroup(members, x.PublicService); err != nil {
			return "", false, err
		}
		x.Members, x.Status = members, goumai.AcceptanceReviewing
		return "acceptance.group", false, nil
	})
}

// RecordAcceptanceOpinion records one member's opinion.
func (s *Service) RecordAcceptanceOpinion(ctx context.Context, a goumai.Actor, milestoneID int64, in OpinionInput) (AcceptanceView, error) {
	return s.changeAcceptance(ctx, a, milestoneID, in.Version, func(tx *sqlstore.Tx, m *goumai.Milestone, c goumai.Contract, p goumai.Procurement, x *goumai.Acceptance) (string, bool, error) {
		if x.Status != goumai.AcceptanceReviewing {
			return "", false, goumai.Errorf(goumai.EConflict, "请先组建验收组", "form the acceptance group first")
		}
		if in.Member < 0 || in.Member >= len(x.Members) {
			return "", false, goumai.Fields{"member": goumai.M("验收组没有这位成员", "no such member of the group")}.Err()
		}
		op := strings.TrimSpace(in.Opinion)
		if n := utf8.RuneCountInString(op); n == 0 || n > MaxMemberOpinion {
			return "", false, goumai.Fields{"opinion": goumai.M("请填写该成员的意见（不超过2000个字）", "write the member's opinion (at most 2000 characters)")}.Err()
		}
		ms := append([]goumai.AcceptanceMember(nil), x.Members...)
		agrees := in.Agrees
		ms[in.Member].Opinion, ms[in.Member].Agrees = op, &agrees
		x.Members = ms
		return "acceptance.opinion", false, nil
	})
}

// DecideAcceptance records the acceptance's result once every member gave an
// opinion: accepted, the milestone is accepted (what payment relies on,
// ENG-H7) and, for a public service, the 公共服务项目验收结果公告 is published
// (REQ-C22); rejected, it goes back to the supplier. The events are private
// (the rows hold unredacted texts); the public reads the redacted result
// (Acceptance) and the notice.
func (s *Service) DecideAcceptance(ctx context.Context, a goumai.Actor, milestoneID int64, in AcceptanceDecisionInput) (AcceptanceView, error) {
	return s.changeAcceptance(ctx, a, milestoneID, in.Version, func(tx *sqlstore.Tx, m *goumai.Milestone, c goumai.Contract, p goumai.Procurement, x *goumai.Acceptance) (string, bool, error) {
		if x.Status != goumai.AcceptanceReviewing {
			return "", false, goumai.Errorf(goumai.EConflict, "请先组建验收组", "form the acceptance group first")
		}
		if err := rules.CheckAcceptanceGroup(x.Members, x.PublicService); err != nil {
			return "", false, err
		}
		reasons := strings.TrimSpace(in.Reasons)
		if err := rules.CheckAcceptanceDecision(x.Members, in.Result, reasons); err != nil {
			return "", false, err
		}
		act := goumai.MilestoneAccept
		if in.Result == goumai.AcceptanceRejected {
			act = goumai.MilestoneReject
		}
		next, _ := goumai.MilestoneTransition(m.Status, act) // submitted: changeAcceptance checked
		now := tx.Now()
		m.Status = next
		if next == goumai.MilestoneAccepted {
			m.AcceptedAt = &now
		}
		var err error
		if m.Version, err = tx.UpdateMilestone(ctx, *m); err != nil {
			return "", false, err
		}
		x.Status, x.Reasons, x.DecidedAt = in.Result, reasons, &now
		if next == goumai.MilestoneAccepted && x.PublicService {
			line, err := s.acceptanceNoticeLine(ctx, tx, c, p, *m, *x)
			if err != nil {
				return "", false, err
			}
			n, err := s.publishNotice(ctx, tx, goumai.System, &p, goumai.NoticeAcceptance, func(b *goumai.NoticeBody) { b.Acceptance = &line })
			if err != nil {
				return "", false, err
			}
			x.NoticeID = n.ID
		}
		return "acceptance." + string(act), false, nil // the public reads the redacted result and its notice
	})
}

// acceptanceNoticeLine is the 公共服务项目验收结果公告's body (REQ-C22),
// personal data redacted (REQ-C23).
func (s *Service) acceptanceNoticeLine(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract, p goumai.Procurement, m goumai.Milestone, x goumai.Acceptance) (goumai.AcceptanceNoticeLine, error) {
	purchaser, err := tx.Org(ctx, c.PurchaserOrgID)
	if err != nil {
		return goumai.AcceptanceNoticeLine{}, err
	}
	supplier, err := tx.Org(ctx, c.SupplierOrgID)
	if err != nil {
		return goumai.AcceptanceNoticeLine{}, err
	}
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return goumai.AcceptanceNoticeLine{}, err
	}
	r := goumai.RedactPersonal
	members := make([]goumai.AcceptanceMember, len(x.Members))
	for i, mb := range x.Members {
		members[i] = goumai.AcceptanceMember{Name: r(mb.Name), Role: mb.Role, Unit: r(mb.Unit), Opinion: r(mb.Opinion)}
	}
	return goumai.AcceptanceNoticeLine{ContractNumber: c.Number, ContractTitle: r(c.Title), ProjectCode: pr.Code, Purchaser: purchaser.Name,
		Supplier: supplier.Name, ServiceContent: r(c.Terms.ServiceContent), MilestoneNo: m.No, Milestone: r(m.Title), Deliverables: r(m.Deliverables),
		Amount: m.Amount, AcceptedOn: x.DecidedAt.In(goumai.Shanghai).Format(time.DateOnly), Members: members, Result: x.Status,
		Opinion: r(x.Reasons)}, nil
}

// Acceptance returns one acceptance round: to the contract's insiders at
// any stage, to anyone once decided (redacted, without attachments).
func (s *Service) Acceptance(ctx context.Context, a goumai.Actor, id int64) (AcceptanceView, error) {
	x, err := s.Store.Acceptance(ctx, id)
	if err != nil {
		return AcceptanceView{}, err
	}
	c, err := s.Store.Contract(ctx, x.ContractID)
	if err != nil {
		return AcceptanceView{}, err
	}
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return AcceptanceView{}, err
	}
	m, err := s.Store.Milestone(ctx, x.MilestoneID)
	if err != nil {
		return AcceptanceView{}, err
	}
	if s.insideContract(a, c, p) {
		return AcceptanceView{Acceptance: x, Milestone: m}, nil
	}
	if !x.Status.Decided() || !publicContract(c) {
		return AcceptanceView{}, goumai.ErrNotFound("验收记录", "acceptance")
	}
	r := goumai.RedactPersonal
	m.Title, m.Deliverables = r(m.Title), r(m.Deliverables)
	return AcceptanceView{Acceptance: publicAcceptance(x), Milestone: m}, nil
}

// AcceptanceResults returns the latest decided acceptances (the public
// list), newest first.
func (s *Service) AcceptanceResults(ctx context.Context, limit int) ([]goumai.Acceptance, error) {
	var out []goumai.Acceptance
	for _, st := range []goumai.AcceptanceStatus{goumai.AcceptanceAccepted, goumai.AcceptanceRejected} {
		xs, err := s.Store.AcceptancesByStatus(ctx, st, limit)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			out = append(out, publicAcceptance(x))
		}
	}
	slices.SortFunc(out, func(a, b goumai.Acceptance) int { return int(b.ID - a.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []goumai.Acceptance{}
	}
	return out, nil
}

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

// Prequalification (资格预审, GPL-IR Arts. 14 and 21): an invited method
// (邀请招标, 竞争性谈判) may produce its list of suppliers by publishing a
// 资格预审公告 with the qualification conditions; suppliers apply during a
// window of at least 5 working days (ENG-D5); after it the organisers judge
// every application, and invite only qualified applicants (ENG-E1: at least
// three).

// PrequalInput opens a prequalification.
type PrequalInput struct {
	Version int       `json:"version"`
	Until   time.Time `json:"until,omitzero"` // the window's end; zero: the earliest lawful (5 working days)
}

// StartPrequal publishes the 资格预审公告 of an invited method's draft: its
// method approved where it must be (ENG-C1), its qualification conditions
// stated, the window at least 5 working days on the loaded calendar (ENG-D5).
// The procedure is public from then on; the window's end (the scheduler)
// returns it to drafting for the judgement of the applications.
func (s *Service) StartPrequal(ctx context.Context, a goumai.Actor, id int64, in PrequalInput) (goumai.Procurement, error) {
	var p goumai.Procurement
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, in.Version); err != nil {
			return err
		}
		cfg := goumai.MethodConfigs[p.Method]
		if !cfg.Invited || p.Method == goumai.MethodSingleSource {
			return goumai.Errorf(goumai.EConflict, "只有邀请招标和竞争性谈判可以发布资格预审公告", "only invited tender and competitive negotiation prequalify suppliers")
		}
		if had, err := s.prequalified(ctx, tx, p); err != nil {
			return err
		} else if had {
			return goumai.Errorf(goumai.EConflict, "该采购项目已进行过资格预审", "this procedure has prequalified already")
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
		if err != nil {
			return err
		}
		o, err := rules.CheckMethod(purchaseOf(p), params, p.Method, p.Reason)
		if err != nil {
			return err
		}
		if o.NeedsApproval && !p.MethodApproved {
			e := goumai.Fields{"method": goumai.M("预算达到公开招标数额标准，采用公开招标以外的方式须先经设区的市级以上财政部门批准",
				"at or above the open-tender threshold another method needs a finance department's approval first")}.Err()
			goumai.AsError(e).Rule = "ENG-C1"
			return e
		}
		if len(p.Documents.Qualifications) == 0 {
			return goumai.Fields{"documents.qualifications": goumai.M("资格预审公告须载明供应商的资格条件", "the notice states the qualification conditions")}.Err()
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		until, err := rules.PrequalUntil(tx.Now(), in.Until, params, cal)
		if err != nil {
			return err
		}
		if _, err := s.publishNotice(ctx, tx, a, &p, goumai.NoticePrequal, func(b *goumai.NoticeBody) { b.PrequalUntil = &until }); err != nil {
			return err
		}
		return s.move(ctx, tx, a, &p, goumai.ProcPublishPrequal, &until)
	})
	return p, err
}

// prequalified reports whether p published a 资格预审公告.
func (s *Service) prequalified(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) (bool, error) {
	if p.PublishedAt == nil {
		return false, nil
	}
	ns, err := tx.Notices(ctx, p.ID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticePrequal }), nil
}

// ApplicationInput is a supplier's application.
type ApplicationInput struct {
	Statement string `json:"statement"`
}

// ApplyPrequal records a supplier's application during the window: by a
// supplier's staff for their own organisation, one per organisation, never by
// the organisers. The applicants' names and number stay confidential (GPL
// Art. 34): the event is private.
func (s *Service) ApplyPrequal(ctx context.Context, a goumai.Actor, id int64, in ApplicationInput) (goumai.PrequalApplication, error) {
	ap := goumai.PrequalApplication{ProcurementID: id, OrgID: a.Org.ID, UserID: a.UserID, Statement: strings.TrimSpace(in.Statement)}
	if n := utf8.RuneCountInString(ap.Statement); n == 0 || n > 4000 {
		return ap, goumai.Fields{"statement": goumai.M("请说明本单位如何满足资格条件（不超过4000个字）", "say how your organisation meets the conditions, at most 4000 characters")}.Err()
	}
	if err := s.Policy.Can(a, goumai.ActApplyPrequal, goumai.Target{OrgID: a.Org.ID}); err != nil {
		return ap, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.Lock(ctx, "procurements", id); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, id)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return err
		}
		if p.Status != goumai.ProcPrequal || p.NextDue == nil || !tx.Now().Before(*p.NextDue) {
			return goumai.Errorf(goumai.EConflict, "只能在资格预审申请期内提交申请", "applications are taken during the prequalification window only")
		}
		if a.Org.ID == p.PurchaserOrgID || a.Org.ID == p.AgencyOrgID {
			return goumai.Errorf(goumai.EConflict, "采购人和受托代理机构不能申请本单位组织的采购项目", "the purchaser and its agency do not apply to their own procedure")
		}
		if ap.ID, err = tx.InsertApplication(ctx, ap); err != nil {
			return err
		}
		ap.AppliedAt, ap.Status = tx.Now(), goumai.PrequalApplied
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.prequal_apply", Table: "prequal_applications", Key: ap.ID, Region: p.Region})
		return err
	})
	return ap, err
}

// JudgementInput is the organisers' judgement of an application.
type JudgementInput struct {
	Qualified bool   `json:"qualified"`
	Reason    string `json:"reason"` // required when not qualified: told to the applicant
}

// JudgeApplication records the organisers' judgement of an application after
// the window closed, against the qualification conditions; not qualified
// needs the reason. A judgement may be revised until the procedure is
// published (the invitations go out).
func (s *Service) JudgeApplication(ctx context.Context, a goumai.Actor, applicationID int64, in JudgementInput) (goumai.PrequalApplication, error) {
	var ap goumai.PrequalApplication
	in.Reason = strings.TrimSpace(in.Reason)
	if n := utf8.RuneCountInString(in.Reason); n > 2000 || !in.Qualified && n == 0 {
		return ap, goumai.Fields{"reason": goumai.M("不合格的，须说明理由（不超过2000个字）", "say why the applicant does not qualify, at most 2000 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if ap, err = tx.Application(ctx, applicationID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, ap.ProcurementID)
		if err != nil {
			return err
		}
		if err := s.organizer(a, p); err != nil {
			if s.canSeeProcurement(a, p) != nil || !s.insider(a, p) {
				return goumai.ErrNotFound("资格预审申请", "prequalification application")
			}
			return err
		}
		if p.Status != goumai.ProcDraft {
			return goumai.Errorf(goumai.EConflict, "资格预审申请截止后、发出邀请前审查申请", "applications are judged after the window and before the invitations")
		}
		ap.Status, ap.Reason, ap.DecidedBy = goumai.PrequalNotQualified, in.Reason, a.UserID
		if in.Qualified {
			ap.Status = goumai.PrequalQualified
		}
		if err := tx.JudgeApplication(ctx, ap); err != nil {
			return err
		}
		now := tx.Now()
		ap.DecidedAt = &now
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.prequal_judge", Table: "prequal_applications", Key: ap.ID, Region: p.Region})
		return err
	})
	return ap, err
}

// Applications returns a procedure's applications: all to its insiders (the
// organisers, the purchaser, finance staff and auditors of its region), its
// own to an applicant, nothing to others.
func (s *Service) Applications(ctx context.Context, a goumai.Actor, p goumai.Procurement) ([]goumai.PrequalApplication, error) {
	if err := s.canSeeProcurement(a, p); err != nil {
		return nil, err
	}
	as, err := s.Store.Applications(ctx, p.ID)
	if err != nil || s.insider(a, p) {
		return as, err
	}
	var own []goumai.PrequalApplication
	for _, ap := range as {
		if a.Org.ID != 0 && ap.OrgID == a.Org.ID {
			own = append(own, ap)
		}
	}
	return own, nil
}

// prequalProblems are the problems of inviting after a prequalification:
// every application judged, every invited supplier a qualified applicant
// (GPL-IR Art. 21; ENG-E1 counts them).
func (s *Service) prequalProblems(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) (rules.Problems, error) {
	had, err := s.prequalified(ctx, tx, p)
	if err != nil || !had {
		return nil, err
	}
	as, err := tx.Applications(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var ps rules.Problems
	qualified := map[int64]bool{}
	pending := 0
	for _, ap := range as {
		switch ap.Status {
		case goumai.PrequalApplied:
			pending++
		case goumai.PrequalQualified:
			qualified[ap.OrgID] = true
		}
	}
	if pending > 0 {
		ps = append(ps, rules.Problem{Field: "applications", Rule: "ENG-E1", Msg: goumai.M(fmt.Sprintf("尚有%d份资格预审申请未审查", pending),
			fmt.Sprintf("%d prequalification applications are not judged yet", pending))})
	}
	for i, id := range p.Invited {
		if !qualified[id] {
			ps = append(ps, rules.Problem{Field: fmt.Sprintf("invited.%d", i), Rule: "ENG-E1", Msg: goumai.M(
				"资格预审后只能邀请资格预审合格的申请人", "after a prequalification only qualified applicants are invited")})
		}
	}
	return ps, nil
}

func init() { inboxSources = append(inboxSources, prequalInbox) }

// prequalInbox adds, for the organisers, the applications to judge once a
// window has closed.
func prequalInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Statuses: []goumai.ProcurementStatus{goumai.ProcDraft}, Limit: 200})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.PublishedAt == nil || s.organizer(a, p) != nil {
			continue
		}
		as, err := s.Store.Applications(ctx, p.ID)
		if err != nil {
			return err
		}
		n := 0
		for _, ap := range as {
			if ap.Status == goumai.PrequalApplied {
				n++
			}
		}
		if n > 0 {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.prequal_judge", Title: fmt.Sprintf("%s %s（%d份）", p.Code, p.Title, n), Link: procurementLink(p.ID), At: p.UpdatedAt})
		}
	}
	return nil
}

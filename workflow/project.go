package workflow

import (
	"context"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// ProjectInput is the editable part of an application (项目申报). Amount is in fen.
type ProjectInput struct {
	Title               string                     `json:"title"`
	CatalogCode         string                     `json:"catalog_code"`
	FilingRef           string                     `json:"filing_ref"`
	Class               goumai.ServiceClass        `json:"class"`
	BudgetLineID        int64                      `json:"budget_line_id"`
	Amount              goumai.Fen                 `json:"amount"`
	Content             string                     `json:"content"`
	Quantity            int64                      `json:"quantity"`
	QuantityUnit        string                     `json:"quantity_unit"`
	QualityStandards    string                     `json:"quality_standards"`
	Targets             []goumai.PerformanceTarget `json:"targets"`
	ExAnte              string                     `json:"ex_ante"`
	SupplierConditions  string                     `json:"supplier_conditions"`
	EvaluationStandards string                     `json:"evaluation_standards"`
	Method              goumai.ProcurementMethod   `json:"method"`
	TermMonths          int                        `json:"term_months"`
	LongTerm            *goumai.LongTermGrounds    `json:"long_term"`
	Beneficiaries       string                     `json:"beneficiaries"`
	Consultation        *goumai.Consultation       `json:"consultation"`
	ExpectedStart       string                     `json:"expected_start"`
	NegativeAnswers     goumai.NegativeAnswers     `json:"negative_answers"` // one answer per negative-list question (rules.NegativeQuestions)
}

// apply copies the input onto a project, trimmed.
func (in ProjectInput) apply(p *goumai.Project) {
	tr := strings.TrimSpace
	p.Title, p.CatalogCode, p.FilingRef, p.Class = tr(in.Title), strings.ToUpper(tr(in.CatalogCode)), tr(in.FilingRef), in.Class
	p.BudgetLineID, p.Amount = in.BudgetLineID, in.Amount
	p.Content, p.Quantity, p.QuantityUnit, p.QualityStandards = tr(in.Content), in.Quantity, tr(in.QuantityUnit), tr(in.QualityStandards)
	p.Targets = nil
	for _, t := range in.Targets {
		t.Category, t.Indicator, t.Target, t.Unit = tr(t.Category), tr(t.Indicator), tr(t.Target), tr(t.Unit)
		if t != (goumai.PerformanceTarget{}) {
			p.Targets = append(p.Targets, t)
		}
	}
	p.ExAnte, p.SupplierConditions, p.EvaluationStandards = tr(in.ExAnte), tr(in.SupplierConditions), tr(in.EvaluationStandards)
	p.Method, p.TermMonths, p.Beneficiaries, p.ExpectedStart = in.Method, in.TermMonths, tr(in.Beneficiaries), tr(in.ExpectedStart)
	p.LongTerm = nil
	if in.LongTerm != nil && *in.LongTerm != (goumai.LongTermGrounds{}) {
		g := *in.LongTerm
		p.LongTerm = &g
	}
	p.Consultation = nil
	if c := in.Consultation; c != nil && *c != (goumai.Consultation{}) {
		x := *c
		x.Method, x.Summary = tr(x.Method), tr(x.Summary)
		p.Consultation = &x
	}
	p.NegativeAnswers = in.NegativeAnswers.Clone()
}

// CreateProject saves a new application as a draft of the actor's organisation
// (a purchaser's staff). A draft may be incomplete; only formats are checked.
func (s *Service) CreateProject(ctx context.Context, a goumai.Actor, in ProjectInput) (goumai.Project, error) {
	p := goumai.Project{PurchaserOrgID: a.Org.ID, Region: a.Org.Region, Status: goumai.ProjectDraft}
	p.CreatedBy = a.UserID
	in.apply(&p)
	if err := s.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}); err != nil {
		return p, err
	}
	if err := rules.CheckPurchaser(a.Org); err != nil {
		return p, err
	}
	if err := rules.CheckDraft(p).Err(); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := draftLine(ctx, tx, p); err != nil {
			return err
		}
		year := tx.Now().In(goumai.Shanghai).Year()
		code, err := tx.NextProjectCode(ctx, p.Region, year)
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "project.code", Table: "project_counters",
			Key: sqlstore.ProjectCounterScope(p.Region, year), Region: p.Region}); err != nil {
			return err
		}
		p.Code = code
		if p.ID, err = tx.InsertProject(ctx, p); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.Now(), tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "project.create", Table: "projects", Key: p.ID, Region: p.Region})
		return err
	})
	return p, err
}

// UpdateProject saves a draft or returned application. version is the version
// the editor started from: a stale one is EStale.
func (s *Service) UpdateProject(ctx context.Context, a goumai.Actor, id int64, version int, in ProjectInput) (goumai.Project, error) {
	var p goumai.Project
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.editable(ctx, tx, a, id, version); err != nil {
			return err
		}
		in.apply(&p)
		if err := rules.CheckDraft(p).Err(); err != nil {
			return err
		}
		if err := draftLine(ctx, tx, p); err != nil {
			return err
		}
		if p.Version, err = tx.UpdateProject(ctx, p); err != nil {
			return err
		}
		p.UpdatedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "project.update", Table: "projects", Key: p.ID, Region: p.Region})
		return err
	})
	return p, err
}

// draftLine requires that a chosen budget line exists and is the purchaser's
// own (ENG-B2), even in a draft: the draft refers to it.
func draftLine(ctx context.Context, tx *sqlstore.Tx, p goumai.Project) error {
	if p.BudgetLineID == 0 {
		return nil
	}
	l, err := tx.BudgetLine(ctx, p.BudgetLineID)
	switch {
	case goumai.ErrorCode(err) == goumai.ENotFound || err == nil && l.OrgID != p.PurchaserOrgID:
		e := goumai.AsError(goumai.Fields{"budget_line_id": goumai.M("预算指标不存在或不属于本单位（《政府购买服务管理办法》第十四条）",
			"no such budget line of the purchaser's (O102 Art. 14)")}.Err())
		e.Rule = "ENG-B2"
		return e
	case err != nil:
		return err
	}
	return nil
}

// editable loads a project its organisation's staff may change: a draft or a
// returned application, at the version given.
func (s *Service) editable(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64, version int) (goumai.Project, error) {
	p, err := tx.Project(ctx, id)
	if err != nil {
		return p, err
	}
	if err := s.canSee(a, p); err != nil {
		return p, err
	}
	if err := s.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}); err != nil {
		return p, err
	}
	if p.Status != goumai.ProjectDraft && p.Status != goumai.ProjectReturned {
		return p, goumai.Errorf(goumai.EConflict, "只有草稿或被退回的申报可以修改", "only a draft or a returned application can be changed")
	}
	if version != p.Version {
		return p, staleProject()
	}
	return p, nil
}

func staleProject() error {
	return goumai.Errorf(goumai.EStale, "项目已被他人修改或处理，请刷新后重试", "the project was changed by someone else; reload and try again")
}

// canSee returns ENotFound unless the project is public or the actor may read
// unpublished applications of its organisation or region: suppliers and the
// public cannot tell an unpublished application from a missing one.
func (s *Service) canSee(a goumai.Actor, p goumai.Project) error {
	if p.Status.Public() {
		return nil
	}
	if s.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) != nil {
		return goumai.ErrNotFound("项目", "project")
	}
	return nil
}

// Project returns a project the actor may see (ENotFound otherwise).
func (s *Service) Project(ctx context.Context, a goumai.Actor, id int64) (goumai.Project, error) {
	p, err := s.Store.Project(ctx, id)
	if err != nil {
		return p, err
	}
	return p, s.canSee(a, p)
}

// ProjectReviews returns a project's approval trail (REQ-C2), if the actor may see the project.
func (s *Service) ProjectReviews(ctx context.Context, a goumai.Actor, p goumai.Project) ([]goumai.ReviewRecord, error) {
	if err := s.canSee(a, p); err != nil {
		return nil, err
	}
	return s.Store.ProjectReviews(ctx, p.ID)
}

// projectReader is what the rules' facts are read from: the store, or a transaction.
type projectReader interface {
	Org(ctx context.Context, id int64) (goumai.Org, error)
	CatalogItemInForce(ctx context.Context, region string, deptOrgID int64, code string, at time.Time) (goumai.CatalogItem, bool, goumai.CatalogVersion, error)
	BudgetLine(ctx context.Context, id int64) (goumai.BudgetLine, error)
	Balance(ctx context.Context, lineID int64) (goumai.Balance, error)
}

// projectFacts looks up what the rules need about an application at time now.
func projectFacts(ctx context.Context, r projectReader, p goumai.Project, now time.Time) (rules.Facts, error) {
	f := rules.Facts{Now: now}
	var err error
	if f.Purchaser, err = r.Org(ctx, p.PurchaserOrgID); err != nil {
		return f, err
	}
	if p.CatalogCode != "" {
		f.CatalogItem, f.CatalogLeaf, _, err = r.CatalogItemInForce(ctx, p.Region, p.PurchaserOrgID, p.CatalogCode, now)
		switch goumai.ErrorCode(err) {
		case "":
			f.CatalogFound = true
		case goumai.ENotFound:
		default:
			return f, err
		}
	}
	if p.BudgetLineID != 0 {
		f.Budget, err = r.BudgetLine(ctx, p.BudgetLineID)
		switch goumai.ErrorCode(err) {
		case "":
			f.BudgetFound = true
			b, err := r.Balance(ctx, p.BudgetLineID)
			if err != nil {
				return f, err
			}
			f.Available = b.Available()
		case goumai.ENotFound:
		default:
			return f, err
		}
	}
	return f, nil
}

// ValidateProject checks an application against every rule of intake without
// changing it, and returns all problems at once (nil when it may be submitted).
func (s *Service) ValidateProject(ctx context.Context, a goumai.Actor, id int64) (rules.Problems, error) {
	p, err := s.Project(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}); err != nil {
		return nil, err
	}
	f, err := projectFacts(ctx, s.Store, p, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	return rules.CheckProject(p, f), nil
}

// SubmitProject sends a draft or returned application into review (送审): it
// must pass every rule of intake (all problems are returned at once and nothing
// is written), the review chain that applies to its region and amount is fixed
// on it (REQ-C3), and 两头占 findings are recorded for the reviewers and the
// red-flag list.
func (s *Service) SubmitProject(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Project, error) {
	var p goumai.Project
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.editable(ctx, tx, a, id, version); err != nil {
			return err
		}
		f, err := projectFacts(ctx, tx, p, tx.Now())
		if err != nil {
			return err
		}
		if err := rules.CheckProject(p, f).Err(); err != nil {
			return err
		}
		if f.CatalogFound {
			p.Class = f.CatalogItem.Class
		}
		chains, err := tx.ReviewChains(ctx, regionPath(tx.Regions(), p.Region))
		if err != nil {
			return err
		}
		p.Chain = rules.SelectChain(chains, regionPath(tx.Regions(), p.Region), p.Amount)
		funcs, err := tx.DoubleFunded(ctx, p.PurchaserOrgID, p.CatalogCode)
		if err != nil {
			return err
		}
		p.DoubleFunded = nil
		for _, fn := range funcs {
			p.DoubleFunded = append(p.DoubleFunded, fn.Name)
		}
		now := tx.Now()
		p.Status, p.Step, p.SubmittedAt, p.DecidedAt = goumai.ProjectSubmitted, 0, &now, nil
		return s.recordStep(ctx, tx, a, &p, goumai.ReviewRecord{Step: 0, Action: goumai.ActSubmit, StepName: "送审"})
	})
	return p, err
}

// WithdrawProject takes a submitted application back to draft (撤回) before
// anyone has decided on it in this round.
func (s *Service) WithdrawProject(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.Project, error) {
	var p goumai.Project
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = tx.Project(ctx, id); err != nil {
			return err
		}
		if err := s.canSee(a, p); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}); err != nil {
			return err
		}
		if p.Status != goumai.ProjectSubmitted || p.Step != 0 {
			return goumai.Errorf(goumai.EConflict, "只能在审核人处理之前撤回", "an application can only be withdrawn before a reviewer has acted on it")
		}
		if version != p.Version {
			return staleProject()
		}
		p.Status, p.Chain, p.SubmittedAt = goumai.ProjectDraft, nil, nil
		return s.recordStep(ctx, tx, a, &p, goumai.ReviewRecord{Step: 0, Action: goumai.ActWithdraw, StepName: "撤回"})
	})
	return p, err
}

// recordStep writes the project's new state and one step of its trail (r: the
// index of the review step acted at, 0 for submit and withdraw; the action, step
// name, opinion, field comments and confirmation), with their events, in the
// caller's transaction. p.Version must be the version read.
func (s *Service) recordStep(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Project, r goumai.ReviewRecord) error {
	act := r.Action
	var err error
	if p.Version, err = tx.UpdateProject(ctx, *p); err != nil {
		return err
	}
	p.UpdatedAt = tx.Now()
	public := p.Status.Public()
	action := "project." + string(act)
	if act == goumai.ActApprove && p.Status == goumai.ProjectSubmitted {
		action = "project.approve_step"
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "projects", Key: p.ID, Region: p.Region, Public: public}); err != nil {
		return err
	}
	r.ProjectID, r.ActorUserID, r.ActorName, r.OrgID = p.ID, a.UserID, actorName(a), a.Org.ID
	rid, err := tx.InsertReview(ctx, r)
	if err != nil {
		return err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "project.review", Table: "project_reviews", Key: rid, Region: p.Region, Public: public})
	return err
}

func actorName(a goumai.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.Username
}

// regionPath lists the codes from the national level down to code.
func regionPath(r *goumai.Regions, code string) []string {
	var out []string
	for _, g := range r.Path(code) {
		out = append(out, g.Code)
	}
	return out
}

package workflow

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Decision is a reviewer's decision at a step (REQ-C2): approve (通过), return
// for changes (退回) with comments per field, or reject (驳回), with an opinion
// (意见). Version is the project version the reviewer saw.
// NegativeListConfirmed says the reviewer checked the applicant's
// negative-list answers (ENG-B3); approving at a finance step requires it.
type Decision struct {
	Version               int                  `json:"version"`
	Action                goumai.ProjectAction `json:"action"`
	Opinion               string               `json:"opinion"`
	FieldComments         map[string]string    `json:"field_comments"`
	NegativeListConfirmed bool                 `json:"negative_list_confirmed"`
}

// ProjectFields are the fields of an application a reviewer may comment on.
var ProjectFields = []string{"title", "catalog_code", "filing_ref", "class", "budget_line_id", "amount", "content", "quantity",
	"quantity_unit", "quality_standards", "targets", "ex_ante", "supplier_conditions", "evaluation_standards", "method",
	"term_months", "long_term", "beneficiaries", "consultation", "expected_start", "negative_answers"}

// Limits on a decision's text.
const (
	MaxOpinion      = 1000
	MaxFieldComment = 500
)

func (d *Decision) check() error {
	f := goumai.Fields{}
	d.Opinion = strings.TrimSpace(d.Opinion)
	switch d.Action {
	case goumai.ActApprove:
	case goumai.ActReturn, goumai.ActReject:
		if d.Opinion == "" {
			f.Add("opinion", "退回或驳回须填写意见", "an opinion is required to return or reject")
		}
	default:
		f.Add("action", "请选择通过、退回或驳回", "choose approve, return or reject")
	}
	if utf8.RuneCountInString(d.Opinion) > MaxOpinion {
		f.Add("opinion", "意见最多1000个字", "the opinion must be at most 1000 characters")
	}
	comments := map[string]string{}
	for k, v := range d.FieldComments {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		known := false
		for _, x := range ProjectFields {
			known = known || x == k
		}
		switch {
		case !known:
			f.Add("field_comments", "意见针对的字段不存在："+k, "no such field to comment on: "+k)
		case utf8.RuneCountInString(v) > MaxFieldComment:
			f.Add("field_comments", "每条字段意见最多500个字", "each field comment must be at most 500 characters")
		case d.Action != goumai.ActReturn:
			f.Add("field_comments", "只有退回时才填写字段意见", "field comments go with a return")
		}
		comments[k] = v
	}
	d.FieldComments = comments
	return f.Err()
}

// actingOrg returns the organisation that acts at a review step: the purchaser,
// or the finance department of the project's region (or the region above).
func (s *Service) actingOrg(ctx context.Context, p goumai.Project, st goumai.ReviewStep) (int64, error) {
	switch st.Where {
	case goumai.WherePurchaser:
		return p.PurchaserOrgID, nil
	case goumai.WhereFinance, goumai.WhereFinanceParent:
		region := p.Region
		if st.Where == goumai.WhereFinanceParent {
			g, _ := s.Store.Regions().Get(p.Region)
			region = g.Parent
		}
		o, err := s.Store.FinanceDept(ctx, region)
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return 0, goumai.Errorf(goumai.EConflict, "该区划尚无财政部门，无法审核", "the region has no finance department to review")
		}
		return o.ID, err
	}
	return 0, goumai.Errorf(goumai.EConflict, "审核流程配置有误", "the review chain is misconfigured")
}

// projectDrafting are the events of a project's drafting: whoever recorded one
// of them never decides on it (separation of duties, goumai.RuleSeparation).
var projectDrafting = []string{"project.create", "project.update", "project.submit", "project.withdraw"}

// projectInvolvement is who has acted on a project: its drafters (from its
// events) and who decided which review step (from its trail).
func projectInvolvement(ctx context.Context, store *sqlstore.Store, drafters func() (*goumai.Involvement, error), p goumai.Project) (*goumai.Involvement, error) {
	v, err := drafters()
	if err != nil {
		return nil, err
	}
	trail, err := store.ProjectReviews(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range trail {
		switch r.Action {
		case goumai.ActSubmit, goumai.ActWithdraw:
			v.Drafted(r.ActorUserID)
		case goumai.ActApprove, goumai.ActReturn, goumai.ActReject:
			v.Decide(r.ActorUserID, strconv.Itoa(r.Step))
		}
	}
	return v, nil
}

// reviewTarget is the policy target of a decision at the project's current step.
func (s *Service) reviewTarget(ctx context.Context, p goumai.Project, item *goumai.Involvement) (goumai.Target, error) {
	st := p.Chain[p.Step]
	org, err := s.actingOrg(ctx, p, st)
	if err != nil {
		return goumai.Target{}, err
	}
	return goumai.Target{OrgID: org, Region: p.Region, Role: st.Role, Item: item, Step: strconv.Itoa(p.Step)}, nil
}

// CanDecide reports whether the actor may act at the project's current step.
func (s *Service) CanDecide(ctx context.Context, a goumai.Actor, p goumai.Project) bool {
	if p.Status != goumai.ProjectSubmitted || p.Step >= len(p.Chain) {
		return false
	}
	item, err := projectInvolvement(ctx, s.Store, func() (*goumai.Involvement, error) {
		return s.Store.Drafters(ctx, "projects", p.ID, projectDrafting...)
	}, p)
	if err != nil {
		return false
	}
	t, err := s.reviewTarget(ctx, p, item)
	return err == nil && s.Policy.Can(a, goumai.ActReviewProject, t) == nil
}

// DecideProject records a reviewer's decision at the project's current step.
// Approval at the last step commits the budget through the ledger in the same
// transaction (a failing commit refuses the approval) and publishes the
// project; a return sends it back to the applicant with comments per field; a
// rejection is final. A stale Version (someone else acted first) is EStale.
func (s *Service) DecideProject(ctx context.Context, a goumai.Actor, id int64, d Decision) (goumai.Project, error) {
	var p goumai.Project
	if err := d.check(); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		// The project before the budget line it commits (sqlstore's lock order):
		// a concurrent decision waits here, then finds the version moved on.
		if err := tx.Lock(ctx, "projects", id); err != nil {
			return err
		}
		var err error
		if p, err = tx.Project(ctx, id); err != nil {
			return err
		}
		if err := s.canSee(a, p); err != nil {
			return err
		}
		if d.Version != p.Version {
			return staleProject() // someone acted first: their step is done
		}
		if p.Status != goumai.ProjectSubmitted || p.Step >= len(p.Chain) {
			return goumai.Errorf(goumai.EConflict, "该项目不在审核中", "the project is not under review")
		}
		st := p.Chain[p.Step]
		item, err := projectInvolvement(ctx, s.Store, func() (*goumai.Involvement, error) {
			return tx.Drafters(ctx, "projects", p.ID, projectDrafting...)
		}, p)
		if err != nil {
			return err
		}
		t, err := s.reviewTarget(ctx, p, item)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActReviewProject, t); err != nil {
			return err
		}
		now, step := tx.Now(), p.Step
		switch d.Action {
		case goumai.ActApprove:
			if err := confirmNegative(p, st, d); err != nil {
				return err
			}
			if p.Step+1 < len(p.Chain) {
				p.Step++
				break
			}
			if _, _, err := tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: p.BudgetLineID, Kind: goumai.LedgerCommit, Amount: p.Amount,
				ProjectID: p.ID, Memo: p.Code + " " + p.Title}, p.Region); err != nil {
				return err
			}
			p.Status, p.DecidedAt = goumai.ProjectApproved, &now
		case goumai.ActReturn:
			p.Status, p.Step = goumai.ProjectReturned, 0
		case goumai.ActReject:
			p.Status, p.DecidedAt = goumai.ProjectRejected, &now
		}
		return s.recordStep(ctx, tx, a, &p, goumai.ReviewRecord{Step: step, Action: d.Action, StepName: st.Name, Opinion: d.Opinion,
			FieldComments: d.FieldComments, NegativeListConfirmed: d.NegativeListConfirmed && d.Action == goumai.ActApprove})
	})
	return p, err
}

// confirmNegative applies ENG-B3 at a finance step: the finance department
// approves only with the applicant's negative-list answers complete, all "no"
// (an application submitted before the questions existed must be returned to
// answer them), and confirmed by the reviewer.
func confirmNegative(p goumai.Project, st goumai.ReviewStep, d Decision) error {
	if st.Where == goumai.WherePurchaser {
		return nil
	}
	if err := rules.CheckNegativeAnswers(p.NegativeAnswers); err != nil {
		e := goumai.AsError(err)
		e.Code, e.Message = goumai.EConflict, goumai.M("申报人对负面清单问题的回答不完整或为“是”，不能批准，请退回（《政府购买服务管理办法》第十条）",
			"the applicant's negative-list answers are incomplete or include a yes: return the application rather than approve it (O102 Art. 10)")
		return e
	}
	if !d.NegativeListConfirmed {
		e := goumai.AsError(goumai.Fields{"negative_list_confirmed": goumai.M("请核对申报人对负面清单的逐项回答并确认（《政府购买服务管理办法》第十条）",
			"check the applicant's answers to the negative-list questions and confirm them (O102 Art. 10)")}.Err())
		e.Rule = "ENG-B3"
		return e
	}
	return nil
}

// ProjectChecks runs the reviewers' automatic checks on an application now,
// with the price comparison (豪华购买) shown to them.
func (s *Service) ProjectChecks(ctx context.Context, a goumai.Actor, p goumai.Project) ([]rules.Check, rules.PriceCheck, error) {
	var price rules.PriceCheck
	if err := s.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}); err != nil {
		return nil, price, err
	}
	now := s.Clock.Now()
	f, err := projectFacts(ctx, s.Store, p, now)
	if err != nil {
		return nil, price, err
	}
	funcs, err := s.Store.DoubleFunded(ctx, p.PurchaserOrgID, p.CatalogCode)
	if err != nil {
		return nil, price, err
	}
	price, err = s.PriceCheck(ctx, p, now)
	if err != nil {
		return nil, price, err
	}
	return rules.AutoChecks(p, f, funcs, price), price, nil
}

// PriceCheck compares a project's unit cost with comparable approved projects
// and the unit-cost standard in force.
func (s *Service) PriceCheck(ctx context.Context, p goumai.Project, at time.Time) (rules.PriceCheck, error) {
	var comps []goumai.Fen
	var std *goumai.UnitCostStandard
	if p.CatalogCode != "" {
		var err error
		if comps, err = s.Store.UnitCosts(ctx, p.CatalogCode, p.ID); err != nil {
			return rules.PriceCheck{}, err
		}
		path := regionPath(s.Store.Regions(), p.Region)
		stds, err := s.Store.UnitCostStandards(ctx, path, p.CatalogCode)
		if err != nil {
			return rules.PriceCheck{}, err
		}
		std = rules.StandardInForce(stds, path, p.CatalogCode, at)
	}
	return rules.CheckPrice(p.UnitCost(), comps, std, rules.DefaultPriceParams), nil
}

// SetReviewChain configures the review chain of a region subtree for projects
// of at least MinAmount (REQ-C3), replacing one with the same region and amount.
func (s *Service) SetReviewChain(ctx context.Context, a goumai.Actor, c goumai.ReviewChain) (goumai.ReviewChain, error) {
	for i := range c.Steps {
		c.Steps[i].Name = strings.TrimSpace(c.Steps[i].Name)
	}
	if err := rules.CheckChain(c, s.Store.Regions()); err != nil {
		return c, err
	}
	if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: c.Region}); err != nil {
		return c, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if c.ID, err = tx.PutReviewChain(ctx, c); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.chain_set", Table: "review_chains", Key: c.ID, Region: c.Region, Public: true})
		return err
	})
	return c, err
}

// DeleteReviewChain removes a configured chain; projects already submitted keep
// the chain fixed on them.
func (s *Service) DeleteReviewChain(ctx context.Context, a goumai.Actor, id int64) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, err := tx.ReviewChain(ctx, id)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: c.Region}); err != nil {
			return err
		}
		if err := tx.DeleteReviewChain(ctx, id); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.chain_delete", Table: "review_chains", Key: id, Region: c.Region, Public: true})
		return err
	})
}

// ReviewChains lists the chains that apply in the actor's region: those of its
// region and of the regions above it.
func (s *Service) ReviewChains(ctx context.Context, a goumai.Actor) ([]goumai.ReviewChain, error) {
	if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: a.Org.Region}); err != nil {
		return nil, err
	}
	return s.Store.ReviewChains(ctx, regionPath(s.Store.Regions(), a.Org.Region))
}

// ReviewChainsBelow lists the chains configured for the regions below the
// actor's (a province sees what it or its cities set for their counties), by
// region and amount; a county has none below it.
func (s *Service) ReviewChainsBelow(ctx context.Context, a goumai.Actor) ([]goumai.ReviewChain, error) {
	if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: a.Org.Region}); err != nil {
		return nil, err
	}
	regions := s.Store.Regions()
	var below []string
	var walk func(code string)
	walk = func(code string) {
		for _, c := range regions.Children(code) {
			below = append(below, c)
			walk(c)
		}
	}
	walk(a.Org.Region)
	return s.Store.ReviewChains(ctx, below)
}

// AddUnitCostStandard sets a unit-cost ceiling for a catalogue item in a region
// subtree from a date (the 豪华购买 check).
func (s *Service) AddUnitCostStandard(ctx context.Context, a goumai.Actor, u goumai.UnitCostStandard) (goumai.UnitCostStandard, error) {
	u.CatalogCode, u.Unit, u.Note = strings.ToUpper(strings.TrimSpace(u.CatalogCode)), strings.TrimSpace(u.Unit), strings.TrimSpace(u.Note)
	if err := rules.CheckUnitCostStandard(u, s.Store.Regions()); err != nil {
		return u, err
	}
	if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: u.Region}); err != nil {
		return u, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if u.ID, err = tx.InsertUnitCostStandard(ctx, u); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.unit_cost_add", Table: "unit_cost_standards", Key: u.ID, Region: u.Region, Public: true})
		return err
	})
	return u, err
}

// UnitCostStandards lists the standards that apply in the actor's region.
func (s *Service) UnitCostStandards(ctx context.Context, a goumai.Actor) ([]goumai.UnitCostStandard, error) {
	if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: a.Org.Region}); err != nil {
		return nil, err
	}
	return s.Store.UnitCostStandards(ctx, regionPath(s.Store.Regions(), a.Org.Region), "")
}

// LatestComments returns the field comments of the project's latest return, for
// the applicant to see beside the fields.
func LatestComments(trail []goumai.ReviewRecord) (map[string]string, string) {
	for i := len(trail) - 1; i >= 0; i-- {
		switch trail[i].Action {
		case goumai.ActReturn:
			return trail[i].FieldComments, trail[i].Opinion
		case goumai.ActSubmit:
			return nil, ""
		}
	}
	return nil, ""
}

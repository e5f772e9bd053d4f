package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Work plans (工作计划和实施方案, issue 13 item 3): a finance department (or
// a department, for its own plan) writes its region's plan with measurable
// milestones, publishes it, and everyone reads the progress of each
// milestone computed from the statistics of the region's subtree.

// WorkPlanInput is a plan as written.
type WorkPlanInput struct {
	Version    int                    `json:"version"` // for an edit
	Region     string                 `json:"region"`  // for a new plan: the writer's own region
	Title      string                 `json:"title"`
	Body       string                 `json:"body"`
	Start      string                 `json:"start"`
	Milestones []goumai.PlanMilestone `json:"milestones"`
}

// WorkPlanView is a plan with the progress of its milestones.
type WorkPlanView struct {
	Plan     goumai.WorkPlan            `json:"plan"`
	Progress []goumai.MilestoneProgress `json:"progress"`
}

func (in WorkPlanInput) apply(p *goumai.WorkPlan) {
	p.Title, p.Body, p.Start = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.Start)
	p.Milestones = make([]goumai.PlanMilestone, len(in.Milestones))
	for i, m := range in.Milestones {
		m.Title, m.DueOn = strings.TrimSpace(m.Title), strings.TrimSpace(m.DueOn)
		p.Milestones[i] = m
	}
}

// DraftWorkPlan starts a plan of the writer's region (its department's).
func (s *Service) DraftWorkPlan(ctx context.Context, a goumai.Actor, in WorkPlanInput) (goumai.WorkPlan, error) {
	p := goumai.WorkPlan{Region: in.Region, OrgID: a.Org.ID, Status: goumai.WorkPlanDraft, Version: 1, CreatedBy: a.UserID}
	if err := s.Policy.Gate(a, goumai.ActEditWorkPlan); err != nil {
		return p, err
	}
	if err := s.Policy.Can(a, goumai.ActEditWorkPlan, goumai.Target{Region: in.Region, OrgID: a.Org.ID}); err != nil {
		e := *goumai.AsError(err)
		e.Fields = map[string]goumai.Msg{"region": goumai.M("只能为本单位所在地区制定计划", "you write plans only for your own region")}
		return p, &e
	}
	in.apply(&p)
	if err := goumai.CheckWorkPlan(p, false); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		p.CreatedAt, p.UpdatedAt = tx.Now(), tx.Now()
		if p.ID, err = tx.InsertWorkPlan(ctx, p); err != nil {
			return err
		}
		return recordPlan(ctx, tx, a, "work_plan.create", p)
	})
	return p, err
}

func recordPlan(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action string, p goumai.WorkPlan) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "work_plans", Key: p.ID, Region: p.Region, Public: p.Status == goumai.WorkPlanPublished})
	return err
}

// changePlan applies act ("edit" or "publish") to a plan in one transaction.
func (s *Service) changePlan(ctx context.Context, a goumai.Actor, id int64, version int, act string, change func(*goumai.WorkPlan) error) (goumai.WorkPlan, error) {
	var p goumai.WorkPlan
	if err := s.Policy.Gate(a, goumai.ActEditWorkPlan); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = tx.WorkPlan(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActEditWorkPlan, goumai.Target{Region: p.Region, OrgID: p.OrgID}); err != nil {
			if !s.mayReadPlan(a, p) {
				return goumai.ErrNotFound("工作计划", "work plan")
			}
			return err
		}
		next, ok := goumai.WorkPlanTransition(p.Status, act)
		if !ok {
			return goumai.Errorf(goumai.EConflict, "计划已发布，不能修改", "a published plan cannot be changed")
		}
		if version != p.Version {
			return goumai.Errorf(goumai.EStale, "计划已被他人修改，请刷新后重试", "the plan changed meanwhile; reload and try again")
		}
		if err := change(&p); err != nil {
			return err
		}
		p.Status = next
		if err := tx.UpdateWorkPlan(ctx, p); err != nil {
			return err
		}
		p.Version++
		p.UpdatedAt = tx.Now()
		return recordPlan(ctx, tx, a, "work_plan."+act, p)
	})
	return p, err
}

// EditWorkPlan changes a draft plan.
func (s *Service) EditWorkPlan(ctx context.Context, a goumai.Actor, id int64, in WorkPlanInput) (goumai.WorkPlan, error) {
	return s.changePlan(ctx, a, id, in.Version, "edit", func(p *goumai.WorkPlan) error {
		in.apply(p)
		return goumai.CheckWorkPlan(*p, false)
	})
}

// PublishWorkPlan publishes a draft plan (at least one milestone): it is public and frozen.
func (s *Service) PublishWorkPlan(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.WorkPlan, error) {
	return s.changePlan(ctx, a, id, version, "publish", func(p *goumai.WorkPlan) error {
		if err := goumai.CheckWorkPlan(*p, true); err != nil {
			return err
		}
		now := s.Clock.Now()
		p.PublishedAt = &now
		return nil
	})
}

// mayReadPlan: a published plan is public; a draft is its department's and
// the finance staff's and auditors' of its region and above.
func (s *Service) mayReadPlan(a goumai.Actor, p goumai.WorkPlan) bool {
	return p.Status == goumai.WorkPlanPublished || !a.Anonymous() && (a.Org.ID == p.OrgID ||
		s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: p.Region}) == nil)
}

// WorkPlan returns a plan with the progress of each milestone read from the
// statistics of the plan's region over the milestone's measure period.
func (s *Service) WorkPlan(ctx context.Context, a goumai.Actor, id int64) (WorkPlanView, error) {
	p, err := s.Store.WorkPlan(ctx, id)
	if err != nil {
		return WorkPlanView{}, err
	}
	if !s.mayReadPlan(a, p) {
		return WorkPlanView{}, goumai.ErrNotFound("工作计划", "work plan")
	}
	v := WorkPlanView{Plan: p, Progress: []goumai.MilestoneProgress{}}
	now := s.Clock.Now()
	for _, m := range p.Milestones {
		period := p.MeasurePeriod(m, now)
		r, err := s.Store.Stats(ctx, p.Region, period, goumai.GrainRegion, false)
		if err != nil {
			return v, err
		}
		v.Progress = append(v.Progress, goumai.Progress(m, period, r, now))
	}
	return v, nil
}

// WorkPlans lists a region's plans the actor may read.
func (s *Service) WorkPlans(ctx context.Context, a goumai.Actor, region string) ([]goumai.WorkPlan, error) {
	if _, ok := s.Policy.Regions.Get(region); !ok {
		return nil, goumai.Fields{"region": goumai.M("没有这个地区", "no such region")}.Err()
	}
	ps, err := s.Store.WorkPlans(ctx, region, 200)
	if err != nil {
		return nil, err
	}
	out := []goumai.WorkPlan{}
	for _, p := range ps {
		if s.mayReadPlan(a, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// RegionPlans are the plans of one region.
type RegionPlans struct {
	Region goumai.Region     `json:"region"`
	Plans  []goumai.WorkPlan `json:"plans"`
}

// WorkPlansBelow lists the plans the actor may read of a region and of the
// regions directly below it (the region's subtree, one level at a time: the
// page of a region below shows the next).
func (s *Service) WorkPlansBelow(ctx context.Context, a goumai.Actor, region string) ([]RegionPlans, error) {
	var out []RegionPlans
	for _, code := range append([]string{region}, s.Policy.Regions.Children(region)...) {
		ps, err := s.WorkPlans(ctx, a, code)
		if err != nil {
			return nil, err
		}
		g, _ := s.Policy.Regions.Get(code)
		out = append(out, RegionPlans{Region: g, Plans: ps})
	}
	return out, nil
}

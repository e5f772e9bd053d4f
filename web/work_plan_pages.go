package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The work plans' pages (工作计划和实施方案, issue 13 item 3): the plans of a
// region and of the regions below it, a plan with each milestone's progress
// read from the statistics (a bar drawn on the server, and its table), and
// the forms to draft, edit and publish a plan.

// workPlansStaff lists the plans of ?region= (the actor's own by default)
// and of the regions directly below it.
func (s *Server) workPlansStaff(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	region := r.URL.Query().Get("region")
	if region == "" {
		region = a.Org.Region
	}
	lists, err := s.svc.WorkPlansBelow(r.Context(), a, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type row struct {
		goumai.WorkPlan
		StatusMsg goumai.Msg
	}
	type group struct {
		Region goumai.Region
		Plans  []row
	}
	groups := make([]group, len(lists))
	for i, l := range lists {
		groups[i].Region = l.Region
		for _, p := range l.Plans {
			groups[i].Plans = append(groups[i].Plans, row{WorkPlan: p, StatusMsg: p.Status.Label()})
		}
	}
	s.render(w, r, http.StatusOK, "work_plans", map[string]any{"RegionName": s.svc.Policy.Regions.FullName(region), "Groups": groups,
		"CanCreate": s.svc.Policy.Can(a, goumai.ActEditWorkPlan, goumai.Target{Region: a.Org.Region, OrgID: a.Org.ID}) == nil})
}

// milestoneView is a milestone's progress as the page shows it.
type milestoneView struct {
	goumai.MilestoneProgress
	Label         goumai.Msg
	TrackMsg      goumai.Msg
	Target, Value string // per cent, count or yuan
	Bar, MarkX    int    // the bar's filled width of 200, and the x of the expected share's mark
}

func planFigure(m goumai.PlanMetric, v int64) string {
	if m.Money() {
		return goumai.Fen(v).Yuan()
	}
	return strconv.FormatInt(v, 10)
}

func (s *Server) milestoneViews(ps []goumai.MilestoneProgress) []milestoneView {
	out := make([]milestoneView, len(ps))
	for i, p := range ps {
		bar := min(max(p.Percent, 0), 100) * 2
		out[i] = milestoneView{MilestoneProgress: p, Label: p.Metric.Label(), TrackMsg: p.Track.Label(), Target: planFigure(p.Metric, p.Target),
			Value: planFigure(p.Metric, p.Value), Bar: int(bar), MarkX: int(min(max(p.Expected, 0), 100)*2 + 2)}
	}
	return out
}

// workPlanPage is a plan's page: a published plan to anyone, a draft to
// whoever may read it, with the edit and publish links for its writers.
func (s *Server) workPlanPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	v, err := s.svc.WorkPlan(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := v.Plan
	s.render(w, r, http.StatusOK, "work_plan", map[string]any{"P": p, "RegionName": s.svc.Policy.Regions.FullName(p.Region),
		"StatusMsg": p.Status.Label(), "Milestones": s.milestoneViews(v.Progress), "Now": s.clock.Now(),
		"CanEdit": !a.Anonymous() && p.Status == goumai.WorkPlanDraft && s.svc.Policy.Can(a, goumai.ActEditWorkPlan, goumai.Target{Region: p.Region, OrgID: p.OrgID}) == nil})
}

// planFormRow is a milestone in the form, as typed.
type planFormRow struct {
	Title, Metric, Target, DueOn string
}

// planForm is the plan form's content.
type planForm struct {
	ID, Version        int64
	Title, Body, Start string
	Rows               []planFormRow
}

// blankPlanRows are the empty milestone rows the form offers.
const blankPlanRows = 3

func (f *planForm) pad() {
	for i := 0; i < blankPlanRows && len(f.Rows) < goumai.MaxPlanMilestones; i++ {
		f.Rows = append(f.Rows, planFormRow{})
	}
}

func planFormOf(p goumai.WorkPlan) planForm {
	f := planForm{ID: p.ID, Version: int64(p.Version), Title: p.Title, Body: p.Body, Start: p.Start}
	for _, m := range p.Milestones {
		target := strconv.FormatInt(m.Target, 10)
		if m.Metric.Money() {
			target = fmt.Sprintf("%d.%02d", m.Target/100, m.Target%100) // as ParseYuan reads it
		}
		f.Rows = append(f.Rows, planFormRow{Title: m.Title, Metric: string(m.Metric), Target: target, DueOn: m.DueOn})
	}
	return f
}

// readPlanForm reads the form: the milestones' rows left wholly blank are
// dropped; a target is per cent or a count, or yuan for an amount.
func readPlanForm(r *http.Request) (planForm, workflow.WorkPlanInput, error) {
	f := planForm{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Start: strings.TrimSpace(r.PostFormValue("start"))}
	v, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	f.Version = int64(v)
	titles, metrics, targets, dues := r.PostForm["ms_title"], r.PostForm["ms_metric"], r.PostForm["ms_target"], r.PostForm["ms_due"]
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range min(len(titles), goumai.MaxPlanMilestones+1) {
		row := planFormRow{Title: at(titles, i), Metric: at(metrics, i), Target: at(targets, i), DueOn: at(dues, i)}
		if row.Title != "" || row.Target != "" || row.DueOn != "" {
			f.Rows = append(f.Rows, row)
		}
	}
	in := workflow.WorkPlanInput{Version: v, Title: f.Title, Body: f.Body, Start: f.Start}
	fields := goumai.Fields{}
	for i, row := range f.Rows {
		m := goumai.PlanMilestone{Title: row.Title, Metric: goumai.PlanMetric(row.Metric), DueOn: row.DueOn}
		key := fmt.Sprintf("milestones[%d].target", i)
		if m.Metric.Money() {
			fen, msg := goumai.ParseYuan(row.Target)
			if msg != nil {
				fields[key] = *msg
			}
			m.Target = int64(fen)
		} else if n, err := strconv.ParseInt(row.Target, 10, 64); err == nil {
			m.Target = n
		} else {
			fields[key] = goumai.M("请填写整数目标值", "give the target as a whole number")
		}
		in.Milestones = append(in.Milestones, m)
	}
	if len(fields) > 0 {
		return f, in, fields.Err()
	}
	return f, in, nil
}

func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, f planForm, formErr error) {
	f.pad()
	d := map[string]any{"F": f, "Metrics": goumai.PlanMetrics, "RegionName": s.svc.Policy.Regions.FullName(actorOf(r).Org.Region)}
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "work_plan_form", d)
}

// workPlanNew is the form drafting a plan of the writer's region.
func (s *Server) workPlanNew(w http.ResponseWriter, r *http.Request) {
	s.renderPlanForm(w, r, http.StatusOK, planForm{Start: s.clock.Now().In(goumai.Shanghai).Format(goumai.StatMonthLayout)}, nil)
}

// failPlanForm shows the form again with its errors, or fails.
func (s *Server) failPlanForm(w http.ResponseWriter, r *http.Request, f planForm, err error) {
	if e := goumai.AsError(err); e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
		s.renderPlanForm(w, r, statusOf(e.Code), f, err)
		return
	}
	s.fail(w, r, err)
}

// workPlanCreate drafts a plan of the writer's region from the form.
func (s *Server) workPlanCreate(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	f, in, err := readPlanForm(r)
	if err == nil {
		in.Region = a.Org.Region
		var p goumai.WorkPlan
		if p, err = s.svc.DraftWorkPlan(r.Context(), a, in); err == nil {
			http.Redirect(w, r, "/work-plans/"+strconv.FormatInt(p.ID, 10)+"?done=wp_draft", http.StatusSeeOther)
			return
		}
	}
	s.failPlanForm(w, r, f, err)
}

// workPlanEdit is the form editing a draft plan.
func (s *Server) workPlanEdit(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	v, err := s.svc.WorkPlan(r.Context(), a, pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActEditWorkPlan, goumai.Target{Region: v.Plan.Region, OrgID: v.Plan.OrgID})
	}
	if err == nil && v.Plan.Status != goumai.WorkPlanDraft {
		err = goumai.Errorf(goumai.EConflict, "计划已发布，不能修改", "a published plan cannot be changed")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPlanForm(w, r, http.StatusOK, planFormOf(v.Plan), nil)
}

// workPlanPost saves the edit form (op save) and publishes the plan (op publish).
func (s *Server) workPlanPost(w http.ResponseWriter, r *http.Request) {
	a, ctx, id := actorOf(r), r.Context(), pathID(r)
	f, in, err := readPlanForm(r)
	f.ID = id
	op := r.PostFormValue("op")
	if err == nil {
		var p goumai.WorkPlan
		switch op {
		case "save", "publish":
			if p, err = s.svc.EditWorkPlan(ctx, a, id, in); err == nil && op == "publish" {
				f.Version = int64(p.Version) // saved: a refused publication shows the saved plan's version
				_, err = s.svc.PublishWorkPlan(ctx, a, id, p.Version)
			}
		default:
			err = goumai.Fields{"op": goumai.M("未知操作", "unknown action")}.Err()
		}
	}
	if err != nil {
		s.failPlanForm(w, r, f, err)
		return
	}
	http.Redirect(w, r, "/work-plans/"+strconv.FormatInt(id, 10)+map[string]string{"save": "?done=wp_save", "publish": "?done=wp_publish"}[op], http.StatusSeeOther)
}

package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// workPlanRoutes registers the work plans (工作计划和实施方案, issue 13 item
// 3): a region's finance department (or a department, for its own plan)
// drafts, edits and publishes a plan with measurable milestones; anyone reads
// a published plan with each milestone's progress from the statistics.
func (s *Server) workPlanRoutes(rt *router) {
	edit := goumai.ActEditWorkPlan
	rt.read("/api/v1/regions/{code}/work-plans", Public, s.apiWorkPlans)
	rt.read("/api/v1/work-plans/{id}", Public, s.apiWorkPlan)
	rt.api("POST", "/api/v1/work-plans", edit, act(http.StatusCreated, "plan", s.svc.DraftWorkPlan))
	rt.api("PUT", "/api/v1/work-plans/{id}", edit, actID(http.StatusOK, "plan", s.svc.EditWorkPlan))
	rt.api("POST", "/api/v1/work-plans/{id}/publish", edit, versioned("plan", s.svc.PublishWorkPlan))

	rt.page("/staff/work-plans", signedIn, s.workPlansStaff)
	rt.page("/staff/work-plans/new", edit, s.workPlanNew)
	rt.form("/staff/work-plans", edit, s.workPlanCreate)
	rt.page("/work-plans/{id}", Public, s.workPlanPage)
	rt.page("/staff/work-plans/{id}/edit", edit, s.workPlanEdit)
	rt.form("/staff/work-plans/{id}", edit, s.workPlanPost)
}

// apiWorkPlans lists a region's plans the caller may read (published ones to anyone).
func (s *Server) apiWorkPlans(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.WorkPlans(r.Context(), actorOf(r), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": ps})
}

// apiWorkPlan returns a plan with its milestones' progress.
func (s *Server) apiWorkPlan(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.WorkPlan(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": v})
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// projectsPage lists the applications the actor may see: its organisation's,
// or its region subtree's for finance staff and auditors, by state.
func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	f := sqlstore.ProjectFilter{OrgID: a.Org.ID, Query: strings.TrimSpace(q.Get("q")), AfterID: after, Limit: 50}
	status := goumai.ProjectStatus(q.Get("status"))
	switch {
	case status.Valid():
		f.Statuses = []goumai.ProjectStatus{status}
	case status != "":
		s.fail(w, r, goumai.Fields{"status": goumai.M("未知的项目状态", "unknown project status")}.Err())
		return
	}
	if s.svc.Policy.VisibleRegion(a) != "" {
		f.OrgID = 0
	}
	list, err := s.svc.Projects(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	canDraft := s.svc.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}) == nil
	s.render(w, r, http.StatusOK, "project_list", map[string]any{"List": list, "Status": string(status), "Query": f.Query,
		"Statuses": []goumai.ProjectStatus{goumai.ProjectDraft, goumai.ProjectSubmitted, goumai.ProjectReturned, goumai.ProjectApproved, goumai.ProjectRejected},
		"CanDraft": canDraft, "Names": s.orgNames(r, purchaserIDs(list.Projects))})
}

func purchaserIDs(ps []goumai.Project) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.PurchaserOrgID
	}
	return out
}

// formData is what the application form needs: the values typed, the
// organisation's budget lines, the choices, and the reviewers' field comments.
func (s *Server) projectFormData(r *http.Request, a goumai.Actor, p goumai.Project, raw map[string]string, err error) map[string]any {
	lines, _ := s.svc.BudgetLines(r.Context(), a, sqlstore.BudgetLineFilter{OrgID: a.Org.ID, Limit: 200})
	d := map[string]any{"P": p, "F": raw, "Lines": lines, "Methods": goumai.ProcurementMethods, "Categories": goumai.TargetCategories,
		"Rows": targetRows, "LongTerm": longTermKeys, "Negative": negativeQuestions(nil)}
	if m, ok := rules.NegativeWarning(goumai.Project{Title: raw["title"], Content: raw["content"]}); ok {
		d["NegativeWarning"] = m // ENG-B3: words of the title or content hint at the negative list
	}
	if p.ID != 0 {
		if trail, terr := s.svc.ProjectReviews(r.Context(), a, p); terr == nil && p.Status == goumai.ProjectReturned {
			d["Comments"], d["ReturnOpinion"] = workflow.LatestComments(trail)
		}
	}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d
}

func (s *Server) projectNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "project_form", s.projectFormData(r, a, goumai.Project{}, map[string]string{"term_months": "12"}, nil))
}

func (s *Server) projectCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, raw, bad := projectForm(r)
	var p goumai.Project
	if len(bad) == 0 {
		p, err = s.svc.CreateProject(r.Context(), a, in)
	}
	if err = mergeFields(err, bad); err != nil {
		s.formError(w, r, "project_form", s.projectFormData(r, a, goumai.Project{}, raw, err), err)
		return
	}
	http.Redirect(w, r, projectLink(p.ID)+"?done=project_saved", http.StatusSeeOther)
}

func (s *Server) projectEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.Project(r.Context(), a, pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "project_form", s.projectFormData(r, a, p, formValues(p), nil))
}

func (s *Server) projectUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	in, raw, bad := projectForm(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	p, err := s.svc.Project(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(bad) == 0 {
		_, err = s.svc.UpdateProject(r.Context(), a, id, version, in)
	}
	if err = mergeFields(err, bad); err != nil {
		s.formError(w, r, "project_form", s.projectFormData(r, a, p, raw, err), err)
		return
	}
	http.Redirect(w, r, projectLink(id)+"?done=project_saved", http.StatusSeeOther)
}

// projectView is the data of a project's staff page.
func (s *Server) projectView(r *http.Request, a goumai.Actor, p goumai.Project) (map[string]any, error) {
	trail, err := s.svc.ProjectReviews(r.Context(), a, p)
	if err != nil {
		return nil, err
	}
	org, err := s.store.Org(r.Context(), p.PurchaserOrgID)
	if err != nil {
		return nil, err
	}
	t := goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}
	d := map[string]any{"P": s.publicView(a, p), "Trail": trail, "Org": org, "RegionName": s.store.Regions().FullName(p.Region),
		"CanEdit":     s.svc.Policy.Can(a, goumai.ActDraftProject, t) == nil && (p.Status == goumai.ProjectDraft || p.Status == goumai.ProjectReturned),
		"CanWithdraw": s.svc.Policy.Can(a, goumai.ActDraftProject, t) == nil && p.Status == goumai.ProjectSubmitted && p.Step == 0,
		"CanDecide":   s.svc.CanDecide(r.Context(), a, p), "Fields": workflow.ProjectFields, "Negative": negativeQuestions(p.NegativeAnswers)}
	if p.Status == goumai.ProjectReturned {
		d["Comments"], d["ReturnOpinion"] = workflow.LatestComments(trail)
	}
	if p.Status == goumai.ProjectSubmitted && p.Step < len(p.Chain) {
		d["CurrentStep"] = p.Chain[p.Step]
		d["ConfirmNegative"] = p.Chain[p.Step].Where != goumai.WherePurchaser // a finance step confirms the answers (ENG-B3)
	}
	if s.svc.Policy.Can(a, goumai.ActViewProject, t) == nil {
		checks, price, err := s.svc.ProjectChecks(r.Context(), a, p)
		if err != nil {
			return nil, err
		}
		d["Checks"], d["Price"] = checks, price
		if d["Performance"], err = s.svc.CategoryPerformance(r.Context(), p.Region, p.CatalogCode); err != nil {
			return nil, err
		}
		if p.BudgetLineID != 0 {
			if l, err := s.store.BudgetLine(r.Context(), p.BudgetLineID); err == nil {
				d["Line"] = l
			}
		}
	}
	return d, nil
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.Project(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.projectView(r, a, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "project_view", d)
}

// projectValidate shows every problem of an application at once, without changing it.
func (s *Server) projectValidate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	probs, err := s.svc.ValidateProject(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderProject(w, r, a, id, http.StatusOK, map[string]any{"Problems": probs, "Validated": true})
}

// renderProject renders a project's page with extra data (problems, errors).
func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, a goumai.Actor, id int64, status int, extra map[string]any) {
	p, err := s.svc.Project(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.projectView(r, a, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for k, v := range extra {
		d[k] = v
	}
	s.render(w, r, status, "project_view", d)
}

// projectAction runs submit, withdraw or a decision and shows the result: the
// problems on the page for a refusal, a redirect otherwise.
func (s *Server) projectAction(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	var done string
	switch r.PathValue("action") {
	case "submit":
		_, err = s.svc.SubmitProject(r.Context(), a, id, version)
		done = "?done=project_submitted"
	case "withdraw":
		_, err = s.svc.WithdrawProject(r.Context(), a, id, version)
		done = "?done=project_withdrawn"
	case "decide":
		d := workflow.Decision{Version: version, Action: goumai.ProjectAction(r.PostFormValue("action")), Opinion: r.PostFormValue("opinion"),
			FieldComments: map[string]string{}, NegativeListConfirmed: r.PostFormValue("negative_list_confirmed") == "1"}
		for _, f := range workflow.ProjectFields {
			if v := strings.TrimSpace(r.PostFormValue("comment_" + f)); v != "" {
				d.FieldComments[f] = v
			}
		}
		_, err = s.svc.DecideProject(r.Context(), a, id, d)
		done = "?done=project_decided"
	default:
		s.notFound(w, r)
		return
	}
	if err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInvalid || e.Code == goumai.EConflict {
			extra := map[string]any{"ActionError": e}
			if r.PathValue("action") == "submit" {
				extra["Problems"] = problemsOf(e)
			}
			s.renderProject(w, r, a, id, statusOf(e.Code), extra)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, projectLink(id)+done, http.StatusSeeOther)
}

// problemsOf lists an error's field problems in the order of the form; the
// negative-list answers come one per question.
func problemsOf(e *goumai.Error) rules.Problems {
	var out rules.Problems
	for _, f := range append([]string{goumai.FieldOrg}, workflow.ProjectFields...) {
		keys := []string{f}
		if f == "negative_answers" {
			for _, q := range rules.NegativeQuestions {
				keys = append(keys, rules.NegativeField(q.Flag))
			}
		}
		for _, k := range keys {
			if m, ok := e.Fields[k]; ok {
				out = append(out, rules.Problem{Field: k, Msg: m})
			}
		}
	}
	return out
}

// redFlagsPage is the 两头占 red-flag list of applications (auditors, finance staff).
func (s *Server) projectRedFlags(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.DoubleFundedProjects(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	split, err := s.svc.SplittingFlags(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, lines := purchaserIDs(list), map[int64]goumai.BudgetLine{}
	for _, f := range split {
		orgs = append(orgs, f.PurchaserOrgID)
		l, err := s.store.BudgetLine(r.Context(), f.BudgetLineID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lines[l.ID] = l
	}
	s.render(w, r, http.StatusOK, "project_redflags", map[string]any{"Projects": list, "Splitting": split, "Names": s.orgNames(r, orgs),
		"Lines": lines, "RegionName": s.store.Regions().FullName(a.Org.Region)})
}

package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The staff pages of procurement part 1 (组织采购): the organisation's
// procedures, starting one from an approved project, a procedure with the
// actions its viewer may take in its state, and the drafting form
// (procurement_edit.go, procurement_actions.go).

func init() {
	funcs["prstatus"] = func(lang string, s goumai.ProcurementStatus) string { return s.Label().In(lang) }
	funcs["preason"] = func(lang string, r goumai.MethodReason) string { return r.Label().In(lang) }
	funcs["add1"] = func(i int) int { return i + 1 }
	funcs["nkind"] = func(lang string, k goumai.NoticeKind) string { return k.Label().In(lang) }
	funcs["peval"] = func(lang string, m goumai.EvaluationMethod) string {
		return map[goumai.EvaluationMethod]string{goumai.EvalLowestPrice: tr(lang, "proc.eval.lowest_price"),
			goumai.EvalComprehensive: tr(lang, "proc.eval.comprehensive")}[m]
	}
	funcs["pfactor"] = func(lang string, f goumai.ScoringFactor) string {
		return map[goumai.ScoringFactor]string{goumai.FactorPrice: tr(lang, "proc.factor.price"), goumai.FactorTechnical: tr(lang, "proc.factor.technical"),
			goumai.FactorService: tr(lang, "proc.factor.service"), goumai.FactorCommercial: tr(lang, "proc.factor.commercial")}[f]
	}
	funcs["pdecision"] = func(lang string, s goumai.DecisionStatus) string {
		return map[goumai.DecisionStatus]string{goumai.DecisionRequested: tr(lang, "proc.decision.requested"), goumai.DecisionApproved: tr(lang, "proc.decision.approved"),
			goumai.DecisionRefused: tr(lang, "proc.decision.refused"), goumai.DecisionWithdrawn: tr(lang, "proc.decision.withdrawn")}[s]
	}
}

// procurementLink is a procedure's staff page.
func procurementLink(id int64) string { return "/staff/procurements/" + strconv.FormatInt(id, 10) }

// procurementsPage lists the procedures of the actor's organisation (as
// purchaser or agency), or of its region subtree for finance staff and
// auditors, by state; a finance approver sees first those awaiting the
// decision of its department.
func (s *Server) procurementsPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := sqlstore.ProcurementFilter{OrgID: a.Org.ID}
	if f.Statuses, err = procurementStatuses(r); err == nil {
		f.BeforeID, err = optionalInt(r, "before")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.svc.Policy.VisibleRegion(a) != "" {
		f.OrgID = 0 // finance staff and auditors: their region subtree's
	}
	list, err := s.svc.Procurements(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	awaiting, err := s.svc.AwaitingDecision(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []int64
	for _, p := range slices.Concat(list.Procurements, awaiting) {
		ids = append(ids, p.PurchaserOrgID, p.AgencyOrgID)
	}
	status := ""
	if len(f.Statuses) == 1 {
		status = string(f.Statuses[0])
	}
	s.render(w, r, http.StatusOK, "procurement_list", map[string]any{"List": list, "Awaiting": awaiting, "Status": status,
		"Statuses": goumai.ProcurementStatuses, "Names": s.orgNames(r, ids),
		"CanRun": s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}) == nil})
}

// procurementNew offers the methods the rules allow for an approved project
// (?project= or ?project_id=), each with why; without one, the approved
// projects the actor may procure.
func (s *Server) procurementNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	raw := q.Get("project")
	if raw == "" {
		raw = q.Get("project_id")
	}
	if raw == "" {
		d, err := s.procurableProjects(r, a)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "procurement_new", d)
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		s.fail(w, r, goumai.Fields{"project_id": goumai.M("项目编号须为整数", "the project id is a whole number")}.Err())
		return
	}
	d, err := s.newProcurementData(r, a, id, map[string]string{}, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "procurement_new", d)
}

// procurableProjects lists the approved projects of the actor's organisation
// and those entrusted to it (an agency) that have no procedure under way.
func (s *Server) procurableProjects(r *http.Request, a goumai.Actor) (map[string]any, error) {
	ctx := r.Context()
	list, err := s.svc.Projects(ctx, a, sqlstore.ProjectFilter{OrgID: a.Org.ID, Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, Limit: 200})
	if err != nil {
		return nil, err
	}
	projects := slices.Clone(list.Projects)
	ags, err := s.store.EntrustedAgreements(ctx, a.Org.ID, 200)
	if err != nil {
		return nil, err
	}
	for _, ag := range ags {
		if pr, err := s.svc.Project(ctx, a, ag.ProjectID); err == nil {
			projects = append(projects, pr)
		}
	}
	var free []goumai.Project
	for _, pr := range projects {
		ps, err := s.store.FindProcurements(ctx, sqlstore.ProcurementFilter{ProjectID: pr.ID, Limit: 20})
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ps, func(p goumai.Procurement) bool { return p.Status != goumai.ProcTerminated }) {
			free = append(free, pr)
		}
	}
	return map[string]any{"Projects": free}, nil
}

// newProcurementData is the form starting a procedure of a project: the
// methods as the rules see them, the values typed and the error.
func (s *Server) newProcurementData(r *http.Request, a goumai.Actor, projectID int64, raw map[string]string, err error) (map[string]any, error) {
	c, cerr := s.svc.MethodChoices(r.Context(), a, projectID)
	if cerr != nil {
		return nil, cerr
	}
	d := map[string]any{"Choice": c, "F": raw}
	if c.AgencyOrgID != 0 {
		d["Agency"] = s.orgNames(r, []int64{c.AgencyOrgID})[c.AgencyOrgID]
	}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d, s.entrustData(r, a, c.Project, d)
}

// entrustData adds, for the purchaser's staff who may entrust the project to
// a purchasing agency (GPL Art. 20), the agencies that may be chosen.
func (s *Server) entrustData(r *http.Request, a goumai.Actor, pr goumai.Project, d map[string]any) error {
	if s.svc.Policy.Can(a, goumai.ActEntrustAgency, goumai.Target{OrgID: pr.PurchaserOrgID, Region: pr.Region}) != nil {
		return nil
	}
	orgs, err := s.activeOrgsOfProvince(r.Context(), pr.Region)
	if err != nil {
		return err
	}
	var agencies []goumai.Org
	for _, o := range orgs {
		if goumai.RoleAgency.AllowedFor(o) && o.ID != pr.PurchaserOrgID {
			agencies = append(agencies, o)
		}
	}
	d["Agencies"] = agencies
	if _, ok := d["AgreementForm"]; !ok {
		d["AgreementForm"] = map[string]string{"signed_on": s.clock.Now().In(goumai.Shanghai).Format("2006-01-02")}
	}
	return nil
}

// agreementCreate records that the purchaser entrusted the project to an
// agency, which then starts and runs its procedure.
func (s *Server) agreementCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := formRaw(r)
	in := workflow.AgreementInput{Reference: raw["reference"], Scope: raw["scope"], SignedOn: raw["signed_on"]}
	bad := goumai.Fields{}
	if in.ProjectID, err = strconv.ParseInt(raw["project_id"], 10, 64); err != nil {
		s.fail(w, r, goumai.Fields{"project_id": goumai.M("请选择项目", "choose a project")}.Err())
		return
	}
	if v := raw["agency_org_id"]; v != "" {
		if in.AgencyOrgID, err = strconv.ParseInt(v, 10, 64); err != nil {
			bad.Add("agency_org_id", "请选择采购代理机构", "choose a purchasing agency")
		}
	} else {
		bad.Add("agency_org_id", "请选择采购代理机构", "choose a purchasing agency")
	}
	if len(bad) == 0 {
		_, err = s.svc.RecordAgreement(r.Context(), a, in)
	}
	if err = mergeFields(err, bad); err != nil {
		d, derr := s.newProcurementData(r, a, in.ProjectID, map[string]string{}, nil)
		if derr != nil {
			s.fail(w, r, err)
			return
		}
		d["AgreementError"], d["AgreementForm"] = goumai.AsError(err), raw
		s.formError(w, r, "procurement_new", d, err)
		return
	}
	http.Redirect(w, r, projectLink(in.ProjectID)+"?done=agency_entrusted", http.StatusSeeOther)
}

// procurementCreate starts a procedure with the chosen method and ground.
func (s *Server) procurementCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := formRaw(r)
	projectID, perr := strconv.ParseInt(raw["project_id"], 10, 64)
	if perr != nil {
		s.fail(w, r, goumai.Fields{"project_id": goumai.M("请选择项目", "choose a project")}.Err())
		return
	}
	p, err := s.svc.CreateProcurement(r.Context(), a, workflow.ProcurementInput{ProjectID: projectID, Method: goumai.ProcurementMethod(raw["method"]),
		Reason: goumai.MethodReason(raw["reason"]), ReasonDetail: raw["reason_detail"]})
	if err != nil {
		d, derr := s.newProcurementData(r, a, projectID, raw, err)
		if derr != nil {
			s.fail(w, r, err)
			return
		}
		s.formError(w, r, "procurement_new", d, err)
		return
	}
	http.Redirect(w, r, procurementLink(p.ID)+"?done=procurement_created", http.StatusSeeOther)
}

// formRaw returns a posted form's first values, trimmed of nothing: what was
// typed, to fill the form again.
func formRaw(r *http.Request) map[string]string {
	raw := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			raw[k] = v[0]
		}
	}
	return raw
}

// procurementView is the data of a procedure's staff page: the procedure with
// its parts as the actor may see them, the project, the periods on the
// calendar, the checks of publication and the 化整为零 figures (for those who
// see its internals), its enquiries, and which actions the actor may take now.
func (s *Server) procurementView(r *http.Request, a goumai.Actor, id int64) (map[string]any, error) {
	ctx := r.Context()
	v, err := s.svc.ProcurementView(ctx, a, id)
	if err != nil {
		return nil, err
	}
	p := v.Procurement
	pr, err := s.store.Project(ctx, p.ProjectID)
	if err != nil {
		return nil, err
	}
	enquiries, err := s.svc.Enquiries(ctx, a, p.ID)
	if err != nil {
		return nil, err
	}
	sched, err := s.svc.ProcurementSchedule(ctx, a, p)
	if err != nil {
		return nil, err
	}
	pending, canDecide, err := s.svc.PendingDecision(ctx, a, p)
	if err != nil {
		return nil, err
	}
	d := map[string]any{"V": v, "P": p, "Project": pr, "Enquiries": enquiries, "Schedule": sched, "Pending": pending, "CanDecide": canDecide,
		"RegionName": s.store.Regions().FullName(p.Region), "Factors": goumai.ScoringFactors}
	ids := []int64{p.PurchaserOrgID, p.AgencyOrgID, p.SoleSupplierID}
	ids = append(ids, p.Invited...)
	for _, o := range v.Objections {
		ids = append(ids, o.OrgID)
	}
	for _, ap := range v.Applications {
		ids = append(ids, ap.OrgID)
	}
	for _, e := range enquiries {
		ids = append(ids, e.AskerOrgID)
	}
	d["Names"] = s.orgNames(r, ids)
	if s.svc.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil ||
		p.AgencyOrgID != 0 && s.svc.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.AgencyOrgID, Region: p.Region}) == nil {
		c, err := s.svc.ValidateProcurement(ctx, a, p.ID)
		if err != nil {
			return nil, err
		}
		d["Check"] = c
	}
	t := goumai.Target{OrgID: p.Organizer(), Region: p.Region}
	run := s.svc.Policy.Can(a, goumai.ActRunProcurement, t) == nil
	canEnd := run || p.AgencyOrgID != 0 && s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil
	d["Can"] = s.procurementActions(v, run, canEnd, d["Check"])
	if d["Result"], err = s.procurementResult(r, a, v, run); err != nil {
		return nil, err
	}
	return d, nil
}

// procurementActions says which actions the organisers (run) and those who
// may end the procedure (end) may take in its state; the use cases check the
// rest and their refusals are shown on the page.
func (s *Server) procurementActions(v workflow.ProcurementView, run, end bool, check any) map[string]bool {
	p := v.Procurement
	c, _ := check.(workflow.ProcurementCheck)
	draft := p.Status == goumai.ProcDraft
	cfg := goumai.MethodConfigs[p.Method]
	// A method that needs a finance department's approval first (ENG-C1) is
	// neither published nor prequalified before it.
	cleared := !c.Method.NeedsApproval || p.MethodApproved
	prequalified := slices.ContainsFunc(v.Notices, func(n goumai.Notice) bool { return n.Kind == goumai.NoticePrequal })
	pendingApps := slices.ContainsFunc(v.Applications, func(ap goumai.PrequalApplication) bool { return ap.Status == goumai.PrequalApplied })
	return map[string]bool{
		"Edit":            run && draft,
		"RequestApproval": run && draft && c.Method.NeedsApproval && !c.Method.Publicity && !p.MethodApproved,
		"Publicity":       run && draft && c.Method.Publicity && !p.MethodApproved,
		"Prequal":         run && draft && cleared && cfg.Invited && p.Method != goumai.MethodSingleSource && !prequalified,
		"Judge":           run && draft && len(v.Applications) > 0,
		"PendingApps":     pendingApps,
		"Publish":         run && draft && cleared,
		"Clarify":         run && p.Status == goumai.ProcTendering,
		"AnswerObjection": run && p.Status != goumai.ProcTerminated,
		"AnswerEnquiry":   run && p.Status != goumai.ProcTerminated,
		"Terminate":       end && p.Status != goumai.ProcTerminated && p.Status != goumai.ProcAwarded,
	}
}

func (s *Server) procurementPage(w http.ResponseWriter, r *http.Request) {
	s.renderProcurement(w, r, http.StatusOK, nil)
}

// renderProcurement renders a procedure's page with extra data (an action's
// refusal, its problems, the values typed).
func (s *Server) renderProcurement(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.procurementView(r, a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for k, v := range extra {
		d[k] = v
	}
	s.render(w, r, status, "procurement_view", d)
}

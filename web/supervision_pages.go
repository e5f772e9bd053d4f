package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The supervision pages (issue 10 item 4): a contract's supervision page for
// its insiders — milestones and their acceptance, the ledger, inspections,
// rectification orders and complaints, each with the forms of whoever may
// act — the public page of a contract in delivery (decided acceptances,
// complaints with their answers, the complaint form), the public list of
// acceptance results, and the acceptance sheet (验收单) with its print view.

func init() {
	funcs["acceptrole"] = func(lang string, r goumai.AcceptanceRole) string { return r.Label().In(lang) }
	funcs["rectstatus"] = func(lang string, s goumai.RectificationStatus) string { return s.Label().In(lang) }
	funcs["accstatus"] = func(lang string, s goumai.AcceptanceStatus) string { return s.Label().In(lang) }
	funcs["memberat"] = func(ms []goumai.AcceptanceMember, i int) goumai.AcceptanceMember {
		if i < len(ms) {
			return ms[i]
		}
		return goumai.AcceptanceMember{Role: goumai.MemberServiceUser}
	}
	funcs["opinion"] = func(lang string, m goumai.AcceptanceMember) string {
		switch {
		case m.Agrees == nil:
			return tr(lang, "sv.no_opinion")
		case *m.Agrees:
			return tr(lang, "sv.agrees") + colon(lang) + m.Opinion
		}
		return tr(lang, "sv.disagrees") + colon(lang) + m.Opinion
	}
	funcs["paren"] = paren
	funcs["colon"] = colon
	funcs["msstatus"] = func(lang string, s goumai.MilestoneStatus) string { return s.Label().In(lang) }
}

func (s *Server) supervisionPageRoutes(rt *router) {
	run, sup, bid := goumai.ActRunProcurement, goumai.ActSupervise, goumai.ActBid
	rt.page("/staff/contracts/{id}/supervision", signedIn, s.supervisionPage)
	rt.upload("/staff/contracts/{id}/supervision/reports", bid, s.supervisionReport)
	rt.form("/staff/contracts/{id}/supervision/inspections", sup, s.supervisionInspect)
	rt.form("/staff/contracts/{id}/supervision/rectifications", sup, s.supervisionRectify)
	rt.upload("/staff/rectifications/{id}/response", bid, s.supervisionRespond)
	rt.form("/staff/rectifications/{id}/follow-up", sup, s.supervisionFollowUp)
	rt.form("/staff/service-complaints/{id}/answer", run, s.supervisionAnswer)
	rt.upload("/staff/milestones/{id}/submit", bid, s.supervisionSubmit)
	rt.form("/staff/milestones/{id}/acceptance-group", run, s.supervisionGroup)
	rt.form("/staff/milestones/{id}/opinions", run, s.supervisionOpinion)
	rt.form("/staff/milestones/{id}/decision", run, s.supervisionDecide)
	rt.page("/contracts/{id}/delivery", Public, s.deliveryPage)
	rt.form("/contracts/{id}/complaints", Public, s.deliveryComplain)
	rt.page("/acceptances", Public, s.acceptanceListPage)
	rt.page("/acceptances/{id}", Public, s.acceptancePage)
	rt.page("/acceptances/{id}/print", Public, s.acceptancePrint)
}

// paren puts s in the language's parentheses: （s） in Chinese, " (s)" in
// English.
func paren(lang, s string) string {
	if lang == "en" {
		return " (" + s + ")"
	}
	return "（" + s + "）"
}

// colon is the language's colon: "：" in Chinese, ": " in English.
func colon(lang string) string {
	if lang == "en" {
		return ": "
	}
	return "："
}

// milestoneRow is a milestone with its current acceptance round.
type milestoneRow struct {
	M goumai.Milestone
	X *goumai.Acceptance
}

// supervisionView is the data of the supervision pages.
type supervisionView struct {
	V                              workflow.SupervisionView
	Rows                           []milestoneRow
	Names                          map[int64]string // organisations by id
	Supplier, Purchaser, Supervise bool             // which forms the actor sees
	Roles                          []goumai.AcceptanceRole
	Action                         string // the form that failed
	Error                          *goumai.Error
	F                              map[string]string
	Overdue                        map[int64]bool // rectification orders overdue now
}

// supervisionData reads a contract's supervision for a.
func (s *Server) supervisionData(r *http.Request, a goumai.Actor, id int64) (*supervisionView, error) {
	v, err := s.svc.Supervision(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	c := v.Contract.Contract
	d := &supervisionView{V: v, Names: map[int64]string{}, Roles: goumai.AcceptanceRoles, Overdue: map[int64]bool{}}
	for _, m := range c.Milestones {
		row := milestoneRow{M: m}
		for i := range v.Acceptances {
			if v.Acceptances[i].MilestoneID == m.ID {
				row.X = &v.Acceptances[i]
			}
		}
		d.Rows = append(d.Rows, row)
	}
	ids := []int64{c.PurchaserOrgID, c.SupplierOrgID}
	for _, i := range v.Inspections {
		ids = append(ids, i.OrgID)
	}
	for _, rc := range v.Rectifications {
		ids = append(ids, rc.OrgID)
		d.Overdue[rc.ID] = rc.Overdue(s.clock.Now())
	}
	for _, oid := range ids {
		if _, ok := d.Names[oid]; !ok {
			if o, err := s.store.Org(r.Context(), oid); err == nil {
				d.Names[oid] = o.Name
			}
		}
	}
	if c.Status == goumai.ContractSigned && v.Insider {
		pol := s.svc.Policy
		d.Supplier = pol.Can(a, goumai.ActBid, goumai.Target{OrgID: c.SupplierOrgID}) == nil
		d.Purchaser = pol.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: c.PurchaserOrgID, Region: c.Region}) == nil
		d.Supervise = pol.Can(a, goumai.ActSupervise, goumai.Target{OrgID: c.PurchaserOrgID, Region: c.Region}) == nil
	}
	return d, nil
}

// supervisionPage shows a contract's supervision to its insiders.
func (s *Server) supervisionPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.supervisionData(r, actorOf(r), pathID(r))
	if err == nil && !d.V.Insider {
		err = goumai.ErrNotFound("合同", "contract")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "supervision", map[string]any{"D": d})
}

// supervisionDone ends a supervision form: to the contract's page with the
// confirmation, or the page again with the problem at the form that failed.
func (s *Server) supervisionDone(w http.ResponseWriter, r *http.Request, contractID int64, action, done string, err error) {
	if err == nil {
		http.Redirect(w, r, workflow.SupervisionLink(contractID)+"?"+url.Values{"done": {done}}.Encode()+"#"+action, http.StatusSeeOther)
		return
	}
	e := goumai.AsError(err)
	if contractID == 0 || e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale {
		s.fail(w, r, err)
		return
	}
	d, derr := s.supervisionData(r, actorOf(r), contractID)
	if derr != nil {
		s.fail(w, r, err)
		return
	}
	d.Action, d.Error, d.F = action, e, formRaw(r)
	s.formError(w, r, "supervision", map[string]any{"D": d}, err)
}

// formUploads reads the optional file of a multipart form.
func formUploads(r *http.Request) ([]workflow.Upload, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 {
		return nil, nil
	}
	name, content, err := uploadedFile(r, "file")
	if err != nil {
		return nil, err
	}
	return []workflow.Upload{{Name: name, Content: content}}, nil
}

func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
	return n
}

func (s *Server) supervisionReport(w http.ResponseWriter, r *http.Request) {
	files, err := formUploads(r)
	if err == nil {
		q, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("quantity")), 10, 64)
		_, err = s.svc.AddProgressReport(r.Context(), actorOf(r), pathID(r), workflow.ProgressInput{ReportOn: r.PostFormValue("report_on"),
			Content: r.PostFormValue("content"), Quantity: q, Unit: r.PostFormValue("unit"), Files: files})
	}
	s.supervisionDone(w, r, pathID(r), "ledger", "report_added", err)
}

func (s *Server) supervisionInspect(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.RecordInspection(r.Context(), actorOf(r), pathID(r), workflow.InspectionInput{InspectedOn: r.PostFormValue("inspected_on"),
		Findings: r.PostFormValue("findings")})
	s.supervisionDone(w, r, pathID(r), "inspections", "inspection_recorded", err)
}

func (s *Server) supervisionRectify(w http.ResponseWriter, r *http.Request) {
	insp, _ := strconv.ParseInt(r.PostFormValue("inspection_id"), 10, 64)
	_, err := s.svc.IssueRectification(r.Context(), actorOf(r), pathID(r), workflow.RectifyInput{InspectionID: insp,
		Issue: r.PostFormValue("issue"), Days: formInt(r, "days")})
	s.supervisionDone(w, r, pathID(r), "rectifications", "rectification_issued", err)
}

// contractOf is the contract id a form names (for the page to return to).
func contractOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue("contract"), 10, 64)
	return id
}

func (s *Server) supervisionRespond(w http.ResponseWriter, r *http.Request) {
	files, err := formUploads(r)
	if err == nil {
		_, err = s.svc.RespondRectification(r.Context(), actorOf(r), pathID(r), workflow.RectifyResponse{Version: formInt(r, "version"),
			Response: r.PostFormValue("response"), Files: files})
	}
	s.supervisionDone(w, r, contractOf(r), "rectifications", "rectification_answered", err)
}

func (s *Server) supervisionFollowUp(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.FollowUpRectification(r.Context(), actorOf(r), pathID(r), workflow.RectifyFollowUp{Version: formInt(r, "version"),
		Result: r.PostFormValue("result"), Note: r.PostFormValue("note")})
	s.supervisionDone(w, r, contractOf(r), "rectifications", "rectification_followed", err)
}

func (s *Server) supervisionAnswer(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.AnswerServiceComplaint(r.Context(), actorOf(r), pathID(r), workflow.ComplaintAnswer{Answer: r.PostFormValue("answer")})
	s.supervisionDone(w, r, contractOf(r), "complaints", "service_complaint_answered", err)
}

func (s *Server) supervisionSubmit(w http.ResponseWriter, r *http.Request) {
	files, err := formUploads(r)
	if err == nil {
		_, err = s.svc.SubmitMilestone(r.Context(), actorOf(r), pathID(r), workflow.MilestoneSubmitInput{Version: formInt(r, "version"),
			Report: r.PostFormValue("report"), Files: files})
	}
	s.supervisionDone(w, r, contractOf(r), "milestones", "milestone_submitted", err)
}

// supervisionGroup forms the group from the form's rows (name_N, role_N,
// unit_N); rows without a name are left out.
func (s *Server) supervisionGroup(w http.ResponseWriter, r *http.Request) {
	in := workflow.AcceptanceGroupInput{Version: formInt(r, "version")}
	for i := range maxGroupRows {
		n := strconv.Itoa(i)
		if strings.TrimSpace(r.PostFormValue("name_"+n)) == "" {
			continue
		}
		in.Members = append(in.Members, goumai.AcceptanceMember{Name: r.PostFormValue("name_" + n),
			Role: goumai.AcceptanceRole(r.PostFormValue("role_" + n)), Unit: r.PostFormValue("unit_" + n)})
	}
	_, err := s.svc.FormAcceptanceGroup(r.Context(), actorOf(r), pathID(r), in)
	s.supervisionDone(w, r, contractOf(r), "milestones", "group_formed", err)
}

// maxGroupRows is how many member rows the group form offers.
const maxGroupRows = 7

func (s *Server) supervisionOpinion(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.RecordAcceptanceOpinion(r.Context(), actorOf(r), pathID(r), workflow.OpinionInput{Version: formInt(r, "version"),
		Member: formInt(r, "member"), Agrees: r.PostFormValue("agrees") == "yes", Opinion: r.PostFormValue("opinion")})
	s.supervisionDone(w, r, contractOf(r), "milestones", "opinion_recorded", err)
}

func (s *Server) supervisionDecide(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.DecideAcceptance(r.Context(), actorOf(r), pathID(r), workflow.AcceptanceDecisionInput{Version: formInt(r, "version"),
		Result: goumai.AcceptanceStatus(r.PostFormValue("result")), Reasons: r.PostFormValue("reasons")})
	s.supervisionDone(w, r, contractOf(r), "milestones", "acceptance_decided", err)
}

// deliveryPage is a contract in delivery as the public sees it.
func (s *Server) deliveryPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.supervisionData(r, goumai.Actor{}, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "supervision_public", map[string]any{"D": d})
}

// deliveryComplain files a public complaint (rate limited per address).
func (s *Server) deliveryComplain(w http.ResponseWriter, r *http.Request) {
	err := s.limit(r, workflow.ServiceComplaintLimit)
	if err == nil {
		_, err = s.svc.FileServiceComplaint(r.Context(), actorOf(r), pathID(r), workflow.ServiceComplaintInput{Body: r.PostFormValue("body")})
	}
	if err == nil {
		http.Redirect(w, r, "/contracts/"+strconv.FormatInt(pathID(r), 10)+"/delivery?done=service_complaint_filed"+"#complaints", http.StatusSeeOther)
		return
	}
	code := goumai.ErrorCode(err)
	if code != goumai.EInvalid && code != goumai.ERateLimited {
		s.fail(w, r, err)
		return
	}
	d, derr := s.supervisionData(r, goumai.Actor{}, pathID(r))
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	d.Action, d.Error, d.F = "complaint", goumai.AsError(err), formRaw(r)
	s.retryAfter(w, err)
	s.render(w, r, statusOf(code), "supervision_public", map[string]any{"D": d})
}

// acceptanceSheet is the acceptance sheet's data.
type acceptanceSheet struct {
	V        workflow.AcceptanceView
	Contract workflow.ContractView
	Names    map[int64]string
	Print    bool
}

func (s *Server) acceptanceData(r *http.Request) (acceptanceSheet, error) {
	a := actorOf(r)
	v, err := s.svc.Acceptance(r.Context(), a, pathID(r))
	if err != nil {
		return acceptanceSheet{}, err
	}
	c, err := s.svc.Contract(r.Context(), a, v.ContractID)
	if err != nil {
		return acceptanceSheet{}, err
	}
	d := acceptanceSheet{V: v, Contract: c, Names: map[int64]string{}}
	for _, oid := range []int64{c.PurchaserOrgID, c.SupplierOrgID} {
		if o, err := s.store.Org(r.Context(), oid); err == nil {
			d.Names[oid] = o.Name
		}
	}
	return d, nil
}

// acceptancePage shows the acceptance sheet (验收单).
func (s *Server) acceptancePage(w http.ResponseWriter, r *http.Request) {
	d, err := s.acceptanceData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "acceptance", d)
}

// acceptancePrint is the acceptance sheet's print view.
func (s *Server) acceptancePrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.acceptanceData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Print = true
	s.render(w, r, http.StatusOK, "acceptance_print", d)
}

// acceptanceListPage lists the latest acceptance results (public).
func (s *Server) acceptanceListPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	xs, err := s.svc.AcceptanceResults(r.Context(), 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Each result names its contract (number and title), so that a reader
	// knows which service was accepted.
	contracts := map[int64]*workflow.ContractView{}
	for _, x := range xs {
		if _, ok := contracts[x.ContractID]; ok {
			continue
		}
		if c, err := s.svc.Contract(r.Context(), a, x.ContractID); err == nil {
			contracts[x.ContractID] = &c
		}
	}
	s.render(w, r, http.StatusOK, "acceptance_list", map[string]any{"List": xs, "Contracts": contracts})
}

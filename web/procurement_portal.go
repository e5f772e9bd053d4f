package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The public procedures of procurement part 1: the list, and each
// procedure's page with every disclosure field (财综〔2013〕111号: content,
// supplier conditions, evaluation standards, budget, ceiling, periods and
// method are public), its notices, the answered enquiries without who asked,
// and the supplier's forms (enquiry, prequalification, objection).
//
// The public pages show what the public sees to everyone, insiders included
// (their own pages are under /staff): a procedure never published is not
// found here; one drafted again after its first notice shows its notices only.

// publicProcurements lists the published procedures: region, method, status
// and a part of the title or code narrow it, before= pages.
func (s *Server) publicProcurements(w http.ResponseWriter, r *http.Request) {
	f, err := s.procurementPortalFilter(r)
	if err == nil {
		f.BeforeID, err = optionalInt(r, "before")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = 30
	list, err := s.svc.Procurements(r.Context(), goumai.Actor{}, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, len(list.Procurements))
	for i, p := range list.Procurements {
		ids[i] = p.PurchaserOrgID
	}
	var status goumai.ProcurementStatus
	if len(f.Statuses) == 1 {
		status = f.Statuses[0]
	}
	s.render(w, r, http.StatusOK, "procurement_portal", map[string]any{"List": list, "F": f, "Status": status,
		"Methods": goumai.ProcurementMethods, "Statuses": goumai.ProcurementStatuses[1:], "Names": s.orgNames(r, ids),
		"RegionName": s.store.Regions().FullName(f.Region), "Export": exportLinks("/procurements", r.URL.Query())})
}

// procurementPortalFilter reads the public procedure list's filters (not its page).
func (s *Server) procurementPortalFilter(r *http.Request) (sqlstore.ProcurementFilter, error) {
	q := r.URL.Query()
	f := sqlstore.ProcurementFilter{Method: goumai.ProcurementMethod(strings.TrimSpace(q.Get("method"))), Query: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.Method != "" && !f.Method.Valid() {
		err = goumai.Fields{"method": goumai.M("未知的采购方式", "unknown procurement method")}.Err()
	}
	if err == nil {
		f.Region, err = s.listRegion(r)
	}
	if err == nil {
		f.Statuses, err = procurementStatuses(r)
	}
	return f, err
}

// procurementExport is the public procedure list's download: every page,
// the page's columns.
func (s *Server) procurementExport(r *http.Request, lang string) (exportTable, error) {
	t := exportTable{Header: []string{tr(lang, "pub.code"), tr(lang, "pub.title"), tr(lang, "pub.purchaser"), tr(lang, "pub.method"),
		tr(lang, "pub.status"), tr(lang, "pub.budget"), tr(lang, "pub.deadline")}}
	f, err := s.procurementPortalFilter(r)
	if err != nil {
		return t, err
	}
	f.Limit = 200
	var all []goumai.Procurement
	for {
		list, err := s.svc.Procurements(r.Context(), goumai.Actor{}, f)
		if err != nil {
			return t, err
		}
		all = append(all, list.Procurements...)
		if list.Next == 0 || len(all) > listExportMax {
			break
		}
		f.BeforeID = list.Next
	}
	if len(all) > listExportMax {
		all, t.Cut = all[:listExportMax], true
	}
	ids := make([]int64, len(all))
	for i, p := range all {
		ids[i] = p.PurchaserOrgID
	}
	names := s.orgNames(r, ids)
	for _, p := range all {
		t.Rows = append(t.Rows, []string{p.Code, p.Title, names[p.PurchaserOrgID].Name, p.Method.Label().In(lang),
			p.Status.Label().In(lang), exportYuan(p.Amount), exportTime(p.Periods.BidDeadline)})
	}
	return t, nil
}

// procurementPage is what a procedure's public page shows.
type procurementPage struct {
	workflow.ProcurementView
	Redrafted   bool // drafted again after its first notice: its notices only
	Project     *goumai.Project
	Names       map[int64]goumai.Org
	RegionName  string
	Minimums    *rules.Minimums
	Enquiries   []goumai.Enquiry // answered, without who asked
	Own         []goumai.Enquiry // the actor's organisation's, answered or not
	OwnApps     []goumai.PrequalApplication
	OwnObj      []goumai.Objection
	Objections  int // objections filed to the single-source publicity
	Answered    int // of which answered
	CanAsk      bool
	CanBid      bool       // a supplier's staff who may bid on this procedure now (bid_pages.go)
	CannotAsk   goumai.Msg // why a supplier may not ask about this procedure
	CanApply    bool
	CanObject   bool
	Open        bool // the window of the procedure's current step is open
	Error       *goumai.Error
	Form        map[string]string
	FormName    string // the form refused: its field's name
	Anonymous   bool
	ReturnLogin string
	Contracts   []workflow.ContractView // its contracts in force or ended (contract_pages.go)
}

// procurementData loads a procedure for its public page, as a (the actor's
// own records and forms only: the rest is what the public sees).
func (s *Server) procurementData(ctx context.Context, r *http.Request, a goumai.Actor) (procurementPage, error) {
	var d procurementPage
	v, err := s.svc.ProcurementView(ctx, goumai.Actor{}, pathID(r))
	if err != nil {
		return d, err
	}
	p := v.Procurement
	d.ProcurementView, d.RegionName = v, s.store.Regions().FullName(p.Region)
	// Drafted again: the view (read as the public) holds no documents or lots,
	// only the notices say what was.
	d.Redrafted = p.Status == goumai.ProcDraft || p.Status == goumai.ProcApproval
	ids := append([]int64{p.PurchaserOrgID, p.AgencyOrgID, p.SoleSupplierID}, p.Invited...)
	d.Names = s.orgNames(r, ids)
	if pr, err := s.svc.Project(ctx, goumai.Actor{}, p.ProjectID); err == nil {
		d.Project = &pr
	}
	if !p.Periods.DocsFrom.IsZero() && !d.Redrafted {
		if d.Minimums, err = s.minimums(ctx, p); err != nil {
			return d, err
		}
	}
	if d.Enquiries, err = s.svc.Enquiries(ctx, goumai.Actor{}, p.ID); err != nil {
		return d, err
	}
	objections, err := s.store.Objections(ctx, p.ID)
	if err != nil {
		return d, err
	}
	for _, o := range objections {
		d.Objections++
		if o.AnsweredAt != nil {
			d.Answered++
		}
	}
	if d.Contracts, err = s.svc.ProcurementContracts(ctx, goumai.Actor{}, p.ID); err != nil {
		return d, err
	}
	d.Anonymous = a.Anonymous()
	d.ReturnLogin = "/login?next=" + urlQueryEscape(r.URL.Path)
	d.Open = p.NextDue != nil && s.clock.Now().Before(*p.NextDue)
	s.offerForms(a, &d)
	if a.Anonymous() {
		return d, nil
	}
	return d, s.ownRecords(ctx, a, objections, &d)
}

// offerForms decides which of the supplier's forms the page offers the actor:
// those the gate and the step's window allow (the use case decides the rest).
func (s *Server) offerForms(a goumai.Actor, d *procurementPage) {
	p := d.Procurement
	if !d.Open || a.Anonymous() {
		return
	}
	switch p.Status {
	case goumai.ProcTendering:
		d.CanAsk = s.svc.Policy.Can(a, goumai.ActAskEnquiry, goumai.Target{OrgID: a.Org.ID, Region: p.Region}) == nil
		d.CanBid = s.svc.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID, Region: p.Region}) == nil
		if d.CanAsk || d.CanBid {
			if err := workflow.MayAsk(a, p); err != nil {
				d.CanAsk, d.CanBid, d.CannotAsk = false, false, goumai.AsError(err).Message
			}
		}
	case goumai.ProcPrequal:
		d.CanApply = s.svc.Policy.Can(a, goumai.ActApplyPrequal, goumai.Target{OrgID: a.Org.ID}) == nil
	case goumai.ProcPublicity:
		d.CanObject = true
	}
}

// ownRecords adds the signed-in actor's own enquiries (its organisation's),
// prequalification applications (its organisation's) and objections (its own).
func (s *Server) ownRecords(ctx context.Context, a goumai.Actor, objections []goumai.Objection, d *procurementPage) error {
	p := d.Procurement
	mine, err := s.svc.Enquiries(ctx, a, p.ID)
	if err != nil {
		return err
	}
	for _, e := range mine {
		if a.Org.ID != 0 && e.AskerOrgID == a.Org.ID {
			d.Own = append(d.Own, e)
		}
	}
	for _, o := range objections {
		if o.UserID == a.UserID {
			d.OwnObj = append(d.OwnObj, o)
		}
	}
	apps, err := s.svc.Applications(ctx, a, p) // an applicant sees its own
	if err != nil {
		return err
	}
	for _, ap := range apps {
		if ap.OrgID == a.Org.ID {
			d.OwnApps = append(d.OwnApps, ap)
		}
	}
	return nil
}

// minimums are the lawful minimums of p's periods from its documents' issue,
// with the rule parameters of the day it started and the calendar.
func (s *Server) minimums(ctx context.Context, p goumai.Procurement) (*rules.Minimums, error) {
	params, err := s.store.ParamsAt(ctx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return nil, err
	}
	cal, err := s.store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	m := rules.PeriodMinimums(goumai.MethodConfigs[p.Method].Period, p.Periods.DocsFrom, params, cal)
	return &m, nil
}

// publicProcurement is a published procedure's page.
func (s *Server) publicProcurement(w http.ResponseWriter, r *http.Request) {
	s.renderPublicProcurement(w, r, http.StatusOK, nil, nil)
}

// renderPublicProcurement renders a procedure's page, with a form's values and
// error when a supplier's form was refused.
func (s *Server) renderPublicProcurement(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) {
	d, lerr := s.procurementData(r.Context(), r, actorOf(r))
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	if err != nil {
		d.Error = goumai.AsError(err)
	}
	d.Form = form
	for k := range form {
		d.FormName = k
	}
	s.render(w, r, status, "procurement_public", d)
}

// supplierForm runs one of the supplier's forms on a procedure's page: field
// errors re-render the page with the values typed (422), other refusals are
// the error page, success goes back to the page with a confirmation.
func (s *Server) supplierForm(field, done, anchor string, run func(ctx context.Context, a goumai.Actor, id int64, text string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		text := r.PostFormValue(field)
		if err := run(r.Context(), actorOf(r), pathID(r), text); err != nil {
			if goumai.ErrorCode(err) == goumai.EInvalid {
				s.renderPublicProcurement(w, r, http.StatusUnprocessableEntity, map[string]string{field: text}, err)
				return
			}
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/procurements/"+strconv.FormatInt(pathID(r), 10)+done+"#"+anchor, http.StatusSeeOther)
	}
}

// procurementAsk asks an enquiry (询问) on a procedure open for bids.
func (s *Server) procurementAsk() http.HandlerFunc {
	return s.supplierForm("question", "?done=enquiry_asked", "own-enquiries", func(ctx context.Context, a goumai.Actor, id int64, text string) error {
		_, err := s.svc.AskEnquiry(ctx, a, id, workflow.EnquiryInput{Question: text})
		return err
	})
}

// procurementApply applies to a prequalification (资格预审申请).
func (s *Server) procurementApply() http.HandlerFunc {
	return s.supplierForm("statement", "?done=prequal_applied", "own-applications", func(ctx context.Context, a goumai.Actor, id int64, text string) error {
		_, err := s.svc.ApplyPrequal(ctx, a, id, workflow.ApplicationInput{Statement: text})
		return err
	})
}

// procurementObject files an objection to a single-source publicity.
func (s *Server) procurementObject() http.HandlerFunc {
	return s.supplierForm("body", "?done=objection_filed", "own-objections", func(ctx context.Context, a goumai.Actor, id int64, text string) error {
		_, err := s.svc.FileObjection(ctx, a, id, workflow.ObjectionInput{Body: text})
		return err
	})
}

// Disclosure is the procedure as it stands (not called for one drafted again).
func (d procurementPage) Disclosure(lang string) disclosure {
	p := d.Procurement
	out := disclosure{Lang: lang, Code: p.Code, ProjectID: p.ProjectID, ProcID: p.ID, Title: p.Title, Method: p.Method, Docs: p.Documents,
		Lots: d.Lots, Periods: p.Periods, Purchaser: d.Names[p.PurchaserOrgID].Name, RegionName: d.RegionName}
	if p.AgencyOrgID != 0 {
		out.Agency = d.Names[p.AgencyOrgID].Name
	}
	if p.SoleSupplierID != 0 {
		out.SoleSupplier = d.Names[p.SoleSupplierID].Name
	}
	for _, id := range p.Invited {
		out.Invited = append(out.Invited, d.Names[id].Name)
	}
	if d.Project != nil {
		out.ProjectCode = d.Project.Code
		out.Quantity = strconv.FormatInt(d.Project.Quantity, 10) + " " + d.Project.QuantityUnit
	}
	return out
}

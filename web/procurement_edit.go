package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The drafting form of a procedure: method and ground, suppliers, documents
// (qualification conditions, scoring items with their ranges, price weight,
// contract terms) and periods, and the lots. Form fields are named by the
// use case's field paths (documents.scoring.0.rule, periods.bid_deadline …)
// so that each problem shows next to its field.

// dateTimeLocal is the format of an <input type="datetime-local">.
const dateTimeLocal = "2006-01-02T15:04"

var badDateTime = goumai.M("日期时间格式为 年-月-日 时:分", "dates and times are year-month-day hour:minute")

// Rows the drafting form offers beyond those filled.
const (
	spareRows   = 2
	minRows     = 4
	maxQuals    = 20
	maxScoring  = 20
	rangeRows   = 4
	maxSupplier = 200
)

// procurementFormValues are a procedure's drafted values as the form's fields.
func procurementFormValues(p goumai.Procurement) map[string]string {
	d := p.Documents
	f := map[string]string{"method": string(p.Method), "reason": string(p.Reason), "reason_detail": p.ReasonDetail,
		"documents.requirements": d.Requirements, "documents.quality_standards": d.QualityStandards, "documents.contract_terms": d.ContractTerms,
		"documents.evaluation": string(d.Evaluation), "documents.price_weight_pct": strconv.Itoa(d.PriceWeightPct),
		"documents.term_months": strconv.Itoa(d.TermMonths)}
	if d.SMEDeductionPct != 0 {
		f["documents.sme_deduction_pct"] = strconv.Itoa(d.SMEDeductionPct)
	}
	if d.SMEPartnerPct != 0 {
		f["documents.sme_partner_pct"] = strconv.Itoa(d.SMEPartnerPct)
	}
	if d.FixedPrice {
		f["documents.fixed_price"] = "1"
	}
	if p.SoleSupplierID != 0 {
		f["sole_supplier_id"] = strconv.FormatInt(p.SoleSupplierID, 10)
	}
	for _, id := range p.Invited {
		f["invited."+strconv.FormatInt(id, 10)] = "1"
	}
	for i, q := range d.Qualifications {
		k := fmt.Sprintf("documents.qualifications.%d.", i)
		f[k+"name"], f[k+"detail"] = q.Name, q.Detail
	}
	for i, it := range d.Scoring {
		k := fmt.Sprintf("documents.scoring.%d.", i)
		f[k+"name"], f[k+"factor"], f[k+"points"], f[k+"rule"] = it.Name, string(it.Factor), strconv.Itoa(it.Points), it.Rule
		for j, rg := range it.Ranges {
			rk := fmt.Sprintf("%sranges.%d.", k, j)
			f[rk+"condition"], f[rk+"points"] = rg.Condition, strconv.Itoa(rg.Points)
		}
	}
	for k, t := range map[string]time.Time{"periods.docs_until": p.Periods.DocsUntil, "periods.bid_deadline": p.Periods.BidDeadline} {
		if !t.IsZero() {
			f[k] = t.In(goumai.Shanghai).Format(dateTimeLocal)
		}
	}
	return f
}

// procurementForm reads the drafting form into the use case's input over the
// procedure's current values (what the form does not hold: performance
// targets, floor price), collecting values that do not parse as field errors.
func procurementForm(r *http.Request, p goumai.Procurement) (workflow.ProcurementUpdate, map[string]string, goumai.Fields) {
	raw := formRaw(r)
	bad := goumai.Fields{}
	get := func(k string) string { return strings.TrimSpace(raw[k]) }
	num := func(k string, dst *int) {
		if v := get(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < -1000 || n > 1000 {
				bad.Add(k, "请填写整数", "enter a whole number")
				return
			}
			*dst = n
		}
	}
	version, _ := strconv.Atoi(get("version"))
	in := workflow.ProcurementUpdate{Version: version, Method: goumai.ProcurementMethod(get("method")), Reason: goumai.MethodReason(get("reason")),
		ReasonDetail: get("reason_detail"), Documents: p.Documents}
	d := &in.Documents
	d.Requirements, d.QualityStandards, d.ContractTerms = get("documents.requirements"), get("documents.quality_standards"), get("documents.contract_terms")
	d.Evaluation, d.FixedPrice = goumai.EvaluationMethod(get("documents.evaluation")), get("documents.fixed_price") == "1"
	d.PriceWeightPct, d.TermMonths, d.SMEDeductionPct, d.SMEPartnerPct = 0, 0, 0, 0
	num("documents.price_weight_pct", &d.PriceWeightPct)
	num("documents.sme_deduction_pct", &d.SMEDeductionPct)
	num("documents.sme_partner_pct", &d.SMEPartnerPct)
	num("documents.term_months", &d.TermMonths)
	if v := get("sole_supplier_id"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.SoleSupplierID = id
		} else {
			bad.Add("sole_supplier_id", "请选择供应商", "choose a supplier")
		}
	}
	for k, v := range raw {
		if id, ok := strings.CutPrefix(k, "invited."); ok && v == "1" {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				in.Invited = append(in.Invited, n)
			}
		}
	}
	slices.Sort(in.Invited)
	d.Qualifications = nil
	for i := range maxQuals {
		k := fmt.Sprintf("documents.qualifications.%d.", i)
		if q := (goumai.Qualification{Name: get(k + "name"), Detail: get(k + "detail")}); q != (goumai.Qualification{}) {
			d.Qualifications = append(d.Qualifications, q)
		}
	}
	d.Scoring = nil
	for i := range maxScoring {
		k := fmt.Sprintf("documents.scoring.%d.", i)
		it := goumai.ScoringItem{Name: get(k + "name"), Factor: goumai.ScoringFactor(get(k + "factor")), Rule: get(k + "rule")}
		num(k+"points", &it.Points)
		for j := range rangeRows {
			rk := fmt.Sprintf("%sranges.%d.", k, j)
			rg := goumai.ScoreRange{Condition: get(rk + "condition")}
			num(rk+"points", &rg.Points)
			if rg != (goumai.ScoreRange{}) {
				it.Ranges = append(it.Ranges, rg)
			}
		}
		if it.Name != "" || it.Rule != "" || it.Points != 0 || len(it.Ranges) > 0 {
			d.Scoring = append(d.Scoring, it)
		}
	}
	for k, dst := range map[string]*time.Time{"periods.docs_until": &in.Periods.DocsUntil, "periods.bid_deadline": &in.Periods.BidDeadline} {
		if v := get(k); v != "" {
			t, err := time.ParseInLocation(dateTimeLocal, v, goumai.Shanghai)
			if err != nil {
				bad[k] = badDateTime
			}
			*dst = t
		}
	}
	return in, raw, bad
}

// procurementFormData is what the drafting form needs: the procedure, its
// lots, the values typed, the methods and grounds, the suppliers that may be
// chosen, the periods on the calendar, and the errors: those of the post, or
// on a fresh form the problems that would stop publication, each next to its field.
func (s *Server) procurementFormData(r *http.Request, a goumai.Actor, p goumai.Procurement, raw map[string]string, err error) (map[string]any, error) {
	ctx := r.Context()
	lots, lerr := s.svc.Lots(ctx, a, p)
	if lerr != nil {
		return nil, lerr
	}
	c, cerr := s.svc.MethodChoices(ctx, a, p.ProjectID)
	if cerr != nil {
		return nil, cerr
	}
	sched, serr := s.svc.ProcurementSchedule(ctx, a, p)
	if serr != nil {
		return nil, serr
	}
	suppliers, oerr := s.suppliersFor(ctx, p.Region)
	if oerr != nil {
		return nil, oerr
	}
	d := map[string]any{"P": p, "Lots": lots, "F": raw, "Options": c.Options, "Suppliers": suppliers, "Schedule": sched,
		"Factors": goumai.ScoringFactors, "Evaluations": goumai.EvaluationMethods,
		"SMERateFields": []string{"sme_deduction_pct", "sme_partner_pct"},
		"QualRows":      seqN(max(len(p.Documents.Qualifications)+spareRows, minRows), maxQuals), "ScoringRows": seqN(max(len(p.Documents.Scoring)+spareRows, minRows), maxScoring),
		"RangeRows": seqN(rangeRows, rangeRows), "NextLot": 1,
		"Invites": goumai.MethodConfigs[p.Method].Invited && p.Method != goumai.MethodSingleSource}
	for _, l := range lots {
		d["NextLot"] = max(d["NextLot"].(int), l.Number+1)
	}
	if err != nil {
		d["Error"] = goumai.AsError(err)
		return d, nil
	}
	check, verr := s.svc.ValidateProcurement(ctx, a, p.ID)
	if verr != nil {
		return nil, verr
	}
	if e := check.Problems.Err(); e != nil {
		d["Problems"] = goumai.AsError(e)
	}
	return d, nil
}

// seqN is 0 … n-1, at most max.
func seqN(n, max int) []int {
	out := make([]int, min(n, max))
	for i := range out {
		out[i] = i
	}
	return out
}

// suppliersFor lists the active organisations of the procedure's province
// that may supply services (ENG-A2), to invite or name.
func (s *Server) suppliersFor(ctx context.Context, region string) ([]goumai.Org, error) {
	orgs, err := s.activeOrgsOfProvince(ctx, region)
	if err != nil {
		return nil, err
	}
	var out []goumai.Org
	for _, o := range orgs {
		if o.CanSupply() && !o.FinanceDept {
			out = append(out, o)
		}
	}
	return out, nil
}

// activeOrgsOfProvince lists the active organisations of region's province.
func (s *Server) activeOrgsOfProvince(ctx context.Context, region string) ([]goumai.Org, error) {
	yes := true
	province := region
	if len(region) == 6 {
		province = region[:2] + "0000"
	}
	return s.store.FindOrgs(ctx, sqlstore.OrgFilter{Region: province, Active: &yes, Limit: maxSupplier})
}

// procurementDraft loads a procedure for its drafting form: its organisers only.
func (s *Server) procurementDraft(r *http.Request, a goumai.Actor) (goumai.Procurement, error) {
	p, err := s.svc.Procurement(r.Context(), a, pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.Organizer(), Region: p.Region})
	}
	return p, err
}

func (s *Server) procurementEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.procurementDraft(r, a)
	if err == nil && p.Status != goumai.ProcDraft {
		err = goumai.Errorf(goumai.EConflict, "只有编制中的采购项目可以修改", "only a procedure being drafted can be edited")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.procurementFormData(r, a, p, procurementFormValues(p), nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "procurement_edit", d)
}

// procurementUpdate saves the drafting form; the use case refuses banned
// criteria (ENG-A7) and bonds or floor prices (ENG-G9) at once, each next to
// its field, and the page then shows what still stops publication.
func (s *Server) procurementUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.procurementDraft(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, raw, bad := procurementForm(r, p)
	if len(bad) == 0 {
		_, err = s.svc.UpdateProcurement(r.Context(), a, p.ID, in)
	}
	if err = mergeFields(err, bad); err != nil {
		s.procurementFormError(w, r, a, p, raw, err)
		return
	}
	http.Redirect(w, r, procurementLink(p.ID)+"/edit?done=procurement_saved", http.StatusSeeOther)
}

// procurementFormError shows the drafting form again with a refusal.
func (s *Server) procurementFormError(w http.ResponseWriter, r *http.Request, a goumai.Actor, p goumai.Procurement, raw map[string]string, err error) {
	d, derr := s.procurementFormData(r, a, p, raw, err)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	s.formError(w, r, "procurement_edit", d, err)
}

// lotSave adds a lot or changes the lot of the number posted; amounts in yuan.
func (s *Server) lotSave(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.procurementDraft(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := formRaw(r)
	bad := goumai.Fields{}
	version, _ := strconv.Atoi(raw["version"])
	in := workflow.LotInput{Version: version, Title: raw["title"], Requirements: raw["requirements"], SMEReserved: raw["sme_reserved"] == "1"}
	if n, err := strconv.Atoi(strings.TrimSpace(raw["number"])); err == nil {
		in.Number = n
	} else {
		bad.Add("number", "包号须为整数", "the lot number is a whole number")
	}
	for k, dst := range map[string]*goumai.Fen{"budget": &in.Budget, "ceiling": &in.Ceiling, "bid_bond": &in.BidBond} {
		if v := strings.TrimSpace(raw[k]); v != "" || k == "budget" {
			amt, m := goumai.ParseYuan(v)
			if m != nil {
				bad[k] = *m
			}
			*dst = amt
		}
	}
	if len(bad) == 0 {
		_, err = s.svc.PutLot(r.Context(), a, p.ID, in)
	}
	if err = mergeFields(err, bad); err != nil {
		d, derr := s.procurementFormData(r, a, p, procurementFormValues(p), nil)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		lots, _ := d["Lots"].([]goumai.Lot)
		d["LotError"], d["LotForm"] = goumai.AsError(err), raw
		d["LotNew"] = !slices.ContainsFunc(lots, func(l goumai.Lot) bool { return l.Number == in.Number })
		s.formError(w, r, "procurement_edit", d, err)
		return
	}
	http.Redirect(w, r, procurementLink(p.ID)+"/edit?done=lot_saved", http.StatusSeeOther)
}

// lotDelete removes a lot of a draft (one stays).
func (s *Server) lotDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.procurementDraft(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	n, err := lotNumber(r)
	if err == nil {
		err = s.svc.DeleteLot(r.Context(), a, p.ID, version, n)
	}
	if err != nil {
		d, derr := s.procurementFormData(r, a, p, procurementFormValues(p), nil)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d["LotError"] = goumai.AsError(err)
		s.formError(w, r, "procurement_edit", d, err)
		return
	}
	http.Redirect(w, r, procurementLink(p.ID)+"/edit?done=lot_deleted", http.StatusSeeOther)
}

// procurementValidate shows every problem that would stop publication, without changing anything.
func (s *Server) procurementValidate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.svc.ValidateProcurement(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderProcurement(w, r, http.StatusOK, map[string]any{"Problems": c.Problems, "Validated": true})
}

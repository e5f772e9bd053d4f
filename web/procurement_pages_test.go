package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The procurement staff pages against the demo world in SQLite: each page,
// and each form's success and refusal, as a browser session would use them.

// procWorld is the demo world with its budget and a fixture to start procedures.
func procWorld(t *testing.T) (*world, fixture) {
	t.Helper()
	w := demoWorld(t)
	withBudget(t, w)
	seq := 0
	return w, fixture{w: w, t: t, seq: &seq}
}

// elementText returns the text of the element with the id (no nested tags).
func elementText(body []byte, id string) string {
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	m := re.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(string(m[1]))
}

// page GETs a staff page and expects status.
func (w *world) page(t *testing.T, ss *session, path string, status int) response {
	t.Helper()
	res := w.do(t, request{method: "GET", path: path, session: ss})
	if res.status != status {
		t.Fatalf("GET %s: %d, want %d\n%s", path, res.status, status, firstLine(res.body))
	}
	return res
}

// post sends a form with the session's CSRF token and expects status; a 303
// must lead to where.
func (w *world) post(t *testing.T, ss *session, path string, v url.Values, status int, where string) response {
	t.Helper()
	res := w.do(t, request{method: "POST", path: path, form: v, session: ss, csrf: true})
	if res.status != status {
		t.Fatalf("POST %s: %d, want %d\n%s", path, res.status, status, res.body)
	}
	if where != "" && !strings.HasPrefix(res.header.Get("Location"), where) {
		t.Fatalf("POST %s leads to %s, want %s…", path, res.header.Get("Location"), where)
	}
	return res
}

func staffPath(p goumai.Procurement, suffix string) string { return procurementLink(p.ID) + suffix }

func versionForm(p goumai.Procurement) url.Values {
	return url.Values{"version": {strconv.Itoa(p.Version)}}
}

// reload returns a procedure as stored.
func (f fixture) reload(p goumai.Procurement) goumai.Procurement {
	f.t.Helper()
	p, err := f.w.store.Procurement(context.Background(), p.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

func wantContains(t *testing.T, what string, body []byte, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(string(body), p) {
			t.Errorf("%s does not show %q", what, p)
		}
	}
}

func TestProcurementListPage(t *testing.T) {
	w, f := procWorld(t)
	draft := f.drafted(consultation)
	awaiting := f.awaitingApproval(negotiation)
	staff, approver := w.login(t, purchaser), w.login(t, hzApprover)

	res := w.page(t, staff, "/staff/procurements", http.StatusOK)
	wantContains(t, "the purchaser's list", res.body, draft.Code, awaiting.Code, `id="new-procurement"`)
	res = w.page(t, staff, "/staff/procurements?status=draft", http.StatusOK)
	wantContains(t, "the drafts", res.body, draft.Code)
	if strings.Contains(string(res.body), awaiting.Code) {
		t.Error("the drafts list shows a procedure awaiting approval")
	}
	w.page(t, staff, "/staff/procurements?status=nonsense", http.StatusUnprocessableEntity)

	// 杭州市财政局's approver: the queue of its decisions and its region's procedures.
	res = w.page(t, approver, "/staff/procurements", http.StatusOK)
	queue := regexp.MustCompile(`(?s)id="awaiting".*?</table>`).Find(res.body)
	if !strings.Contains(string(queue), awaiting.Code) || strings.Contains(string(queue), draft.Code) {
		t.Errorf("the approver's queue: %s", queue)
	}
	if strings.Contains(string(res.body), `id="new-procurement"`) {
		t.Error("the approver is offered to start a procedure")
	}
}

func TestProcurementNewPage(t *testing.T) {
	w, f := procWorld(t)
	pr := f.approvedOf(xihuAccounts, aboveThreshold)
	staff := w.login(t, purchaser)

	res := w.page(t, staff, "/staff/procurements/new", http.StatusOK)
	wantContains(t, "the projects to procure", res.body, "/staff/procurements/new?project="+strconv.FormatInt(pr.ID, 10))

	path := "/staff/procurements/new?project=" + strconv.FormatInt(pr.ID, 10)
	res = w.page(t, staff, path, http.StatusOK)
	// Above the threshold every other method needs approval (ENG-C1); inquiry is refused (ENG-C4).
	wantContains(t, "the methods", res.body, `id="m-open_tender"`, `id="m-competitive_consultation"`, "须经批准", "询价仅适用于货物")
	if strings.Contains(string(res.body), `id="m-inquiry"`) {
		t.Error("inquiry can be chosen")
	}
	w.page(t, staff, "/staff/procurements/new?project_id="+strconv.FormatInt(pr.ID, 10), http.StatusOK) // the agency's to-do link
	w.page(t, w.login(t, reviewer), path, http.StatusForbidden)
	w.page(t, staff, "/staff/procurements/new?project=x", http.StatusUnprocessableEntity)

	// A method that needs a ground, without one: refused next to the field, nothing created.
	before := w.counts(t)
	res = w.post(t, staff, "/staff/procurements", url.Values{"project_id": {strconv.FormatInt(pr.ID, 10)}, "method": {"competitive_negotiation"}},
		http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-reason"); !strings.Contains(got, "法定适用情形") {
		t.Errorf("err-reason: %q", got)
	}
	if w.counts(t) != before {
		t.Error("a refused procedure changed the store")
	}
	res = w.post(t, staff, "/staff/procurements", url.Values{"project_id": {strconv.FormatInt(pr.ID, 10)}, "method": {"competitive_consultation"},
		"reason": {"purchase_of_services"}, "reason_detail": {"政府购买服务项目"}}, http.StatusSeeOther, "/staff/procurements/")
	loc := res.header.Get("Location")
	res = w.page(t, staff, strings.TrimSuffix(loc, "?done=procurement_created"), http.StatusOK)
	wantContains(t, "the new procedure", res.body, "竞争性磋商", "编制中", `id="edit"`)
}

func TestProcurementEntrustForm(t *testing.T) {
	w, f := procWorld(t)
	pr := f.approvedOf(xihuAccounts, belowThreshold)
	staff := w.login(t, purchaser)
	id := strconv.FormatInt(pr.ID, 10)
	res := w.page(t, staff, "/staff/procurements/new?project="+id, http.StatusOK)
	wantContains(t, "the entrusting form", res.body, `id="entrust-form"`, zhongcheng)
	form := url.Values{"project_id": {id}, "reference": {"XH-WT-2026-101"}, "scope": {"组织竞争性磋商"}, "signed_on": {"2026-03-01"}}
	res = w.post(t, staff, "/staff/procurements/agreements", form, http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-agency_org_id"); got == "" {
		t.Error("no agency chosen: nothing next to the field")
	}
	form.Set("agency_org_id", strconv.FormatInt(w.org(t, zhongcheng).ID, 10))
	form.Set("signed_on", "2026-13-01")
	res = w.post(t, staff, "/staff/procurements/agreements", form, http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-signed_on"); got == "" {
		t.Error("a malformed date: nothing next to the field")
	}
	form.Set("signed_on", "2026-03-01")
	w.post(t, staff, "/staff/procurements/agreements", form, http.StatusSeeOther, "/staff/projects/"+id+"?done=agency_entrusted")
	// The agency now starts the procedure; the purchaser no longer may.
	res = w.page(t, w.login(t, agency), "/staff/procurements/new?project="+id, http.StatusOK)
	wantContains(t, "the agency's form", res.body, `id="agency"`, `id="create"`)
	if strings.Contains(string(res.body), `id="entrust-form"`) {
		t.Error("the agency is offered to entrust")
	}
	w.page(t, staff, "/staff/procurements/new?project="+id, http.StatusForbidden)
}

func TestProcurementEditPage(t *testing.T) {
	w, f := procWorld(t)
	p := f.drafted(consultation)
	staff := w.login(t, purchaser)

	// A fresh form shows what stops publication next to its field.
	res := w.page(t, staff, staffPath(p, "/edit"), http.StatusOK)
	if got := elementText(res.body, "err-documents.scoring"); !strings.Contains(got, "ENG-G5") {
		t.Errorf("err-documents.scoring: %q", got)
	}
	if got := elementText(res.body, "err-periods.bid_deadline"); got == "" {
		t.Error("no deadline: nothing next to the field")
	}

	form := func(p goumai.Procurement) url.Values {
		v := url.Values{}
		for k, x := range procurementFormValues(p) {
			v.Set(k, x)
		}
		v.Set("version", strconv.Itoa(p.Version))
		return v
	}
	lawful := form(f.reload(p))
	docs := procDocs()
	for k, x := range procurementFormValues(goumai.Procurement{Method: p.Method, Reason: p.Reason, ReasonDetail: p.ReasonDetail, Documents: docs,
		Periods: goumai.Periods{DocsUntil: f.deadline(), BidDeadline: f.deadline()}}) {
		lawful.Set(k, x)
	}

	// A banned criterion (ENG-A7) is refused next to its condition; nothing changes.
	banned := url.Values{}
	for k, x := range lawful {
		banned[k] = x
	}
	banned.Set("documents.qualifications.1.name", "注册资本不少于500万元")
	res = w.post(t, staff, staffPath(p, ""), banned, http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-documents.qualifications.1"); !strings.Contains(got, "ENG-A7") || !strings.Contains(got, "注册资本") {
		t.Errorf("err-documents.qualifications.1: %q", got)
	}
	if got := f.reload(p); got.Version != p.Version {
		t.Errorf("a refused draft was saved: version %d", got.Version)
	}
	// A value that does not parse.
	bad := url.Values{}
	for k, x := range lawful {
		bad[k] = x
	}
	bad.Set("periods.bid_deadline", "next week")
	res = w.post(t, staff, staffPath(p, ""), bad, http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-periods.bid_deadline"); got == "" {
		t.Error("a malformed deadline: nothing next to the field")
	}

	// Fixed, it saves and nothing stops publication.
	w.post(t, staff, staffPath(p, ""), lawful, http.StatusSeeOther, staffPath(p, "/edit?done=procurement_saved"))
	saved := f.reload(p)
	if len(saved.Documents.Scoring) != 3 || saved.Documents.Scoring[1].Ranges[2].Points != 5 || saved.Periods.BidDeadline.IsZero() {
		t.Errorf("saved documents: %+v %+v", saved.Documents.Scoring, saved.Periods)
	}
	res = w.page(t, staff, staffPath(p, "/edit"), http.StatusOK)
	if strings.Contains(string(res.body), `id="form-problems"`) {
		t.Errorf("lawful documents still marked: %s", res.body)
	}

	// The price weight out of its bounds (ENG-G2) and a deadline too early
	// (ENG-D3) are saved but shown next to their fields.
	early := form(saved)
	early.Set("documents.price_weight_pct", "5")
	early.Set("documents.scoring.0.points", "5")
	early.Set("documents.scoring.1.points", "65")
	early.Set("documents.scoring.1.ranges.0.points", "65")
	soon := w.clock.Now().In(goumai.Shanghai).AddDate(0, 0, 3).Format(dateTimeLocal)
	early.Set("periods.bid_deadline", soon)
	early.Set("periods.docs_until", soon)
	w.post(t, staff, staffPath(p, ""), early, http.StatusSeeOther, "")
	res = w.page(t, staff, staffPath(p, "/edit"), http.StatusOK)
	if got := elementText(res.body, "err-documents.price_weight_pct"); !strings.Contains(got, "ENG-G2") {
		t.Errorf("err-documents.price_weight_pct: %q", got)
	}
	if got := elementText(res.body, "err-periods.bid_deadline"); !strings.Contains(got, "ENG-D3") {
		t.Errorf("err-periods.bid_deadline: %q", got)
	}
	if got := elementText(res.body, "err-periods.docs_until"); !strings.Contains(got, "ENG-D3") {
		t.Errorf("err-periods.docs_until: %q", got)
	}

	// Not a draft any more: no form.
	tender := f.tendering(consultation)
	w.page(t, staff, staffPath(tender, "/edit"), http.StatusConflict)
	w.post(t, staff, staffPath(tender, ""), form(tender), http.StatusConflict, "")
}

func TestProcurementLotForms(t *testing.T) {
	w, f := procWorld(t)
	p := f.complete(consultation)
	staff := w.login(t, purchaser)

	lot := func(p goumai.Procurement, number, budget, bond string) url.Values {
		return url.Values{"version": {strconv.Itoa(p.Version)}, "number": {number}, "title": {"第" + number + "包"}, "budget": {budget}, "bid_bond": {bond}}
	}
	// Lots above the project's budget (ENG-B2) are refused next to the budget.
	res := w.post(t, staff, staffPath(p, "/lots"), lot(p, "2", "100", ""), http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-lot-new-budget"); !strings.Contains(got, "超过项目预算") {
		t.Errorf("err-lot-new-budget: %q", got)
	}
	res = w.post(t, staff, staffPath(p, "/lots"), lot(p, "1", "abc", ""), http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-lot-1-budget"); got == "" {
		t.Error("a malformed budget: nothing next to the field")
	}
	// Narrow the first lot with a bond above 2 % (ENG-G9, shown next to it), add a second.
	w.post(t, staff, staffPath(p, "/lots"), lot(p, "1", "1000000", "30000"), http.StatusSeeOther, staffPath(p, "/edit?done=lot_saved"))
	p = f.reload(p)
	w.post(t, staff, staffPath(p, "/lots"), lot(p, "2", "500000", ""), http.StatusSeeOther, staffPath(p, "/edit?done=lot_saved"))
	res = w.page(t, staff, staffPath(p, "/edit"), http.StatusOK)
	if got := elementText(res.body, "err-lot-1-bid_bond"); !strings.Contains(got, "ENG-G9") {
		t.Errorf("err-lot-1-bid_bond: %q", got)
	}
	lots, err := w.store.Lots(context.Background(), p.ID)
	if err != nil || len(lots) != 2 || lots[0].BidBond != 3_000_000 || lots[1].Budget != 50_000_000 {
		t.Fatalf("lots: %+v %v", lots, err)
	}
	// Remove the second; the last one stays (409).
	p = f.reload(p)
	w.post(t, staff, staffPath(p, "/lots/2/delete"), versionForm(p), http.StatusSeeOther, staffPath(p, "/edit?done=lot_deleted"))
	p = f.reload(p)
	res = w.post(t, staff, staffPath(p, "/lots/1/delete"), versionForm(p), http.StatusConflict, "")
	if got := elementText(res.body, "lot-error"); got == "" {
		t.Error("the last lot: no refusal shown")
	}
}

func TestProcurementViewAndDecision(t *testing.T) {
	w, f := procWorld(t)
	p := f.awaitingApproval(negotiation)
	staff, approver := w.login(t, purchaser), w.login(t, hzApprover)

	res := w.page(t, staff, staffPath(p, ""), http.StatusOK)
	wantContains(t, "the organiser's page", res.body, "采购方式审批中", "ENG-C1", `id="terminate"`, "¥4,500,000.00")
	if strings.Contains(string(res.body), `id="decide-form"`) {
		t.Error("the organiser is offered to decide its own method")
	}
	w.page(t, w.login(t, supplier), staffPath(p, ""), http.StatusNotFound)

	res = w.page(t, approver, staffPath(p, ""), http.StatusOK)
	wantContains(t, "the approver's page", res.body, `id="decide-form"`, `id="splitting"`, "ENG-C3")
	if strings.Contains(string(res.body), `id="terminate"`) {
		t.Error("the approver is offered to terminate")
	}
	// Refusing needs an opinion (REQ-C2).
	res = w.post(t, approver, staffPath(p, "/decision"), url.Values{"decision": {"refuse"}}, http.StatusUnprocessableEntity, "")
	if got := elementText(res.body, "err-opinion"); got == "" {
		t.Error("a refusal without opinion: nothing next to the field")
	}
	w.post(t, approver, staffPath(p, "/decision"), url.Values{"decision": {"maybe"}}, http.StatusUnprocessableEntity, "")
	w.post(t, staff, staffPath(p, "/decision"), url.Values{"decision": {"approve"}, "opinion": {"同意"}}, http.StatusForbidden, "")
	if got := f.reload(p); got.Status != goumai.ProcApproval {
		t.Fatalf("after refused decisions: %s", got.Status)
	}
	w.post(t, approver, staffPath(p, "/decision"), url.Values{"decision": {"approve"}, "opinion": {"经审核，同意采用竞争性谈判方式。"}},
		http.StatusSeeOther, staffPath(p, "?done=procurement_decided"))
	res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
	wantContains(t, "the approved procedure", res.body, `id="method-approved"`, "经审核，同意采用竞争性谈判方式。", `id="publish"`)
}

func TestProcurementActions(t *testing.T) {
	w, f := procWorld(t)
	staff := w.login(t, purchaser)

	t.Run("request approval", func(t *testing.T) {
		p := f.complete(negotiation)
		res := w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "a draft needing approval", res.body, `id="request-approval"`)
		if strings.Contains(string(res.body), `id="publish"`) {
			t.Error("publication offered before the method's approval (ENG-C1)")
		}
		w.post(t, staff, staffPath(p, "/request-approval"), url.Values{"version": {"999"}}, http.StatusConflict, "")
		w.post(t, staff, staffPath(p, "/request-approval"), versionForm(p), http.StatusSeeOther, staffPath(p, "?done=approval_requested"))
		if got := f.reload(p); got.Status != goumai.ProcApproval {
			t.Errorf("status %s", got.Status)
		}
	})
	t.Run("publish", func(t *testing.T) {
		p := f.drafted(consultation)
		res := w.post(t, staff, staffPath(p, "/publish"), versionForm(p), http.StatusUnprocessableEntity, "")
		wantContains(t, "the refused publication", res.body, `id="problems"`, "ENG-G5", `id="action-error"`)
		p = f.complete(consultation)
		w.post(t, staff, staffPath(p, "/validate"), nil, http.StatusOK, "")
		w.post(t, staff, staffPath(p, "/publish"), versionForm(p), http.StatusSeeOther, staffPath(p, "?done=procurement_published"))
		res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the published procedure", res.body, "投标（响应）中", "竞争性谈判（磋商）公告", `id="clarify-form"`)
	})
	t.Run("clarify", func(t *testing.T) {
		p := f.tendering(consultation)
		v := versionForm(p)
		v.Set("requirements", p.Documents.Requirements+"增加助浴服务频次要求。")
		v.Set("contract_terms", p.Documents.ContractTerms)
		res := w.post(t, staff, staffPath(p, "/clarifications"), v, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-changes"); got == "" {
			t.Error("no changes said: nothing next to the field")
		}
		v.Set("changes", "第三章服务要求增加助浴频次。")
		v.Set("affects_bids", "1")
		w.post(t, staff, staffPath(p, "/clarifications"), v, http.StatusSeeOther, staffPath(p, "?done=procurement_clarified"))
		res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the clarified procedure", res.body, "更正公告", "第三章服务要求增加助浴频次。")
	})
	t.Run("terminate", func(t *testing.T) {
		p := f.drafted(consultation)
		res := w.post(t, staff, staffPath(p, "/terminate"), versionForm(p), http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-terminate-reason"); got == "" {
			t.Error("no reason: nothing next to the field")
		}
		v := versionForm(p)
		v.Set("reason", "因预算调整，终止本项目采购活动。")
		w.post(t, staff, staffPath(p, "/terminate"), v, http.StatusSeeOther, staffPath(p, "?done=procurement_terminated"))
		if got := f.reload(p); got.Status != goumai.ProcTerminated {
			t.Errorf("status %s", got.Status)
		}
	})
	t.Run("single-source publicity and an objection", func(t *testing.T) {
		p := f.complete(soleSupplier)
		res := w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "a sole-supplier draft", res.body, `id="start-publicity"`)
		if strings.Contains(string(res.body), `id="request-approval"`) {
			t.Error("approval offered before the publicity (ENG-C5)")
		}
		w.post(t, staff, staffPath(p, "/publicity"), versionForm(p), http.StatusSeeOther, staffPath(p, "?done=publicity_started"))
		o, err := w.svc.FileObjection(context.Background(), f.account(supplier), p.ID, workflow.ObjectionInput{Body: "请说明唯一供应商的依据。"})
		if err != nil {
			t.Fatal(err)
		}
		path := staffPath(p, "/objections/"+strconv.FormatInt(o.ID, 10)+"/answer")
		res = w.post(t, staff, path, url.Values{"answer": {" "}}, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-objection-answer-"+strconv.FormatInt(o.ID, 10)); got == "" {
			t.Error("an empty answer: nothing next to the field")
		}
		w.post(t, staff, path, url.Values{"answer": {"经核实，该中心是辖区唯一具备失智照护床位的机构。"}}, http.StatusSeeOther, staffPath(p, "?done=objection_answered"))
		res = w.page(t, w.login(t, hzApprover), staffPath(p, ""), http.StatusOK)
		wantContains(t, "the objection and its answer", res.body, "请说明唯一供应商的依据。", "经核实，该中心是辖区唯一具备失智照护床位的机构。")
	})
	t.Run("prequalification and judgement", func(t *testing.T) {
		p := f.complete(invited)
		v := versionForm(p)
		v.Set("prequal_until", w.clock.Now().In(goumai.Shanghai).Add(24*time.Hour).Format(dateTimeLocal))
		res := w.post(t, staff, staffPath(p, "/prequalification"), v, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-prequal_until"); !strings.Contains(got, "ENG-D5") {
			t.Errorf("err-prequal_until: %q", got)
		}
		w.post(t, staff, staffPath(p, "/prequalification"), versionForm(p), http.StatusSeeOther, staffPath(p, "?done=prequal_started"))
		ap := f.prequalApplication(invited)
		path := staffPath(goumai.Procurement{ID: ap.ProcurementID}, "/applications/"+strconv.FormatInt(ap.ID, 10)+"/judgement")
		res = w.post(t, staff, path, url.Values{"judgement": {"not_qualified"}}, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-judge-"+strconv.FormatInt(ap.ID, 10)); got == "" {
			t.Error("not qualified without a reason: nothing next to the field")
		}
		w.post(t, staff, path, url.Values{"judgement": {"not_qualified"}, "reason": {"未提供评估师证书。"}}, http.StatusSeeOther, "")
		res = w.page(t, staff, procurementLink(ap.ProcurementID), http.StatusOK)
		wantContains(t, "the judged application", res.body, "不合格", "未提供评估师证书。")
	})
	t.Run("enquiry", func(t *testing.T) {
		p := f.tendering(consultation)
		e, err := w.svc.AskEnquiry(context.Background(), f.account(supplier), p.ID, workflow.EnquiryInput{Question: "评估人员是否须全职？"})
		if err != nil {
			t.Fatal(err)
		}
		res := w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the enquiry", res.body, "评估人员是否须全职？", "enquiry-answer-"+strconv.FormatInt(e.ID, 10))
		path := staffPath(p, "/enquiries/"+strconv.FormatInt(e.ID, 10)+"/answer")
		res = w.post(t, staff, path, url.Values{"answer": {""}}, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-enquiry-answer-"+strconv.FormatInt(e.ID, 10)); got == "" {
			t.Error("an empty answer: nothing next to the field")
		}
		w.post(t, staff, path, url.Values{"answer": {"须为全职人员。"}}, http.StatusSeeOther, staffPath(p, "?done=enquiry_answered"))
		res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the answer", res.body, "须为全职人员。")

		// An answer that amends the documents: an 更正公告 quoting it.
		e, err = w.svc.AskEnquiry(context.Background(), f.account(supplier), p.ID, workflow.EnquiryInput{Question: "评估报告是否须纸质版？"})
		if err != nil {
			t.Fatal(err)
		}
		p = f.reload(p)
		v := versionForm(p)
		v.Set("answer", "须同时提交纸质版和电子版。")
		v.Set("amend", "1")
		v.Set("requirements", p.Documents.Requirements+"评估报告须同时提交纸质版和电子版。")
		w.post(t, staff, staffPath(p, "/enquiries/"+strconv.FormatInt(e.ID, 10)+"/answer"), v, http.StatusSeeOther, staffPath(p, "?done=enquiry_answered"))
		if got := f.reload(p); !strings.HasSuffix(got.Documents.Requirements, "评估报告须同时提交纸质版和电子版。") {
			t.Errorf("requirements after the amending answer: %q", got.Documents.Requirements)
		}
		res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the correction notice", res.body, "更正公告", "问：评估报告是否须纸质版？")
	})
}

// TestProcurementTodoLinks: every procurement to-do item of the organisers
// and the approver leads to a page that answers.
func TestProcurementTodoLinks(t *testing.T) {
	w, f := procWorld(t)
	f.drafted(consultation)
	f.awaitingApproval(negotiation)
	f.objection(soleSupplier)
	for _, u := range []string{purchaser, hzApprover} {
		ss := w.login(t, u)
		in, err := w.svc.Inbox(context.Background(), f.account(u))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range in.Todo {
			if strings.HasPrefix(it.Kind, "todo.kind.") && strings.HasPrefix(it.Link, "/staff/procurements/") {
				n++
				w.page(t, ss, it.Link, http.StatusOK)
			}
		}
		if n == 0 {
			t.Errorf("%s has no procurement to-do item", u)
		}
	}
}

// TestProcurementPagesBothStores walks the pages once on each store: a
// procedure started from the form, refused with a banned criterion, and shown.
func TestProcurementPagesBothStores(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		withBudget(t, w)
		seq := 0
		f := fixture{w: w, t: t, seq: &seq}
		pr := f.approvedOf(xihuAccounts, belowThreshold)
		staff := w.login(t, purchaser)
		w.page(t, staff, "/staff/procurements/new?project="+strconv.FormatInt(pr.ID, 10), http.StatusOK)
		res := w.post(t, staff, "/staff/procurements", url.Values{"project_id": {strconv.FormatInt(pr.ID, 10)}, "method": {"competitive_consultation"},
			"reason": {"purchase_of_services"}}, http.StatusSeeOther, "/staff/procurements/")
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(res.header.Get("Location"), "/staff/procurements/"), "?done=procurement_created"), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		p := f.reload(goumai.Procurement{ID: id})
		v := url.Values{"version": {strconv.Itoa(p.Version)}}
		for k, x := range procurementFormValues(p) {
			v.Set(k, x)
		}
		v.Set("documents.qualifications.0.name", "须在本地设立分支机构")
		res = w.post(t, staff, staffPath(p, ""), v, http.StatusUnprocessableEntity, "")
		if got := elementText(res.body, "err-documents.qualifications.0"); !strings.Contains(got, "ENG-A7") {
			t.Errorf("err-documents.qualifications.0: %q", got)
		}
		res = w.page(t, staff, staffPath(p, ""), http.StatusOK)
		wantContains(t, "the procedure", res.body, p.Code, "编制中")
		res = w.page(t, staff, "/staff/procurements", http.StatusOK)
		wantContains(t, "the list", res.body, p.Code)
		w.page(t, staff, staffPath(p, "/edit"), http.StatusOK)
	})
}

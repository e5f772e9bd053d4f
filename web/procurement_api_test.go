package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// procClient calls the API as the demo accounts (anon for the public) and
// checks each status.
type procClient struct {
	t    *testing.T
	w    *world
	toks map[string]string
}

func newProcClient(t *testing.T, w *world, users ...string) procClient {
	t.Helper()
	c := procClient{t: t, w: w, toks: map[string]string{}}
	for _, u := range users {
		c.toks[u] = w.token(t, u)
	}
	return c
}

// at moves the demo world's clock and signs the users in again (their tokens
// expire in days).
func (c procClient) at(when time.Time) {
	c.t.Helper()
	c.w.clock.Set(when)
	for u := range c.toks {
		c.toks[u] = c.w.token(c.t, u)
	}
}

// call makes a request as user with a JSON body (none when nil) and returns the
// decoded object (nil for no content), failing unless the status is want.
func (c procClient) call(user, method, path string, body any, want int) map[string]any {
	c.t.Helper()
	r := request{method: method, path: path, bearer: c.toks[user], header: map[string]string{"Accept-Language": "en"}}
	if user != anon && r.bearer == "" {
		c.t.Fatalf("no token for %s", user)
	}
	if body != nil {
		r.body = mustJSON(c.t, body)
	}
	res := c.w.do(c.t, r)
	if res.status != want {
		c.t.Fatalf("%s %s as %q: %d, want %d: %s", method, path, user, res.status, want, compactJSON(res.body))
	}
	if len(res.body) == 0 {
		return nil
	}
	return res.json(c.t)
}

// refused checks a 422's rule and that its fields name field with a message containing part.
func refused(t *testing.T, res map[string]any, rule, field, part string) {
	t.Helper()
	fs, _ := res["fields"].(map[string]any)
	msg, _ := fs[field].(string)
	if rule != "" && res["rule"] != rule || !strings.Contains(msg, part) {
		t.Fatalf("want rule %q on field %q (%q): %v", rule, field, part, res)
	}
}

// The JSON readers of the API tests.
func field(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		o, _ := v.(map[string]any)
		v = o[p]
	}
	return v
}

func jint(m map[string]any, path ...string) int64 {
	f, _ := field(m, path...).(float64)
	return int64(f)
}
func jstr(m map[string]any, path ...string) string { s, _ := field(m, path...).(string); return s }
func jlist(m map[string]any, path ...string) []any { l, _ := field(m, path...).([]any); return l }
func jtime(t *testing.T, m map[string]any, path ...string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, jstr(m, path...))
	if err != nil {
		t.Fatalf("%v: %v", path, err)
	}
	return at
}

// todoHas reports whether user's to-do holds an item of kind whose title contains part.
func (c procClient) todoHas(user, kind, part string) bool {
	c.t.Helper()
	for _, it := range jlist(c.call(user, "GET", "/api/v1/todo", nil, http.StatusOK), "todo") {
		m, _ := it.(map[string]any)
		if m["kind"] == kind && strings.Contains(jstr(m, "title"), part) {
			return true
		}
	}
	return false
}

func procPath(id int64, suffix string) string { return idPath("/api/v1/procurements/", id, suffix) }

// shanghai returns a time in Asia/Shanghai.
func shanghai(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, goumai.Shanghai)
}

// draftBody is a procedure's whole draft as PUT takes it.
func draftBody(p map[string]any, docs goumai.Documents, deadline time.Time, edit func(u *workflow.ProcurementUpdate)) workflow.ProcurementUpdate {
	u := workflow.ProcurementUpdate{Version: int(jint(p, "version")), Method: goumai.ProcurementMethod(jstr(p, "method")),
		Reason: goumai.MethodReason(jstr(p, "reason")), ReasonDetail: jstr(p, "reason_detail"), SoleSupplierID: jint(p, "sole_supplier_id"),
		Documents: docs, Periods: goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}}
	if edit != nil {
		edit(&u)
	}
	return u
}

// TestProcurementAPIConsultation: 杭州市西湖区民政局 entrusts the agency, which
// runs a 竞争性磋商 below the threshold through the API from draft to closed
// bids: banned criteria refused when drafted (ENG-A7), lots, a period shorter
// than the law's refused when published (ENG-D3), the notice public with every
// disclosure field, a clarification inside the window that moves the deadline
// (ENG-D2) with an 更正公告, and the scheduler closing the bids.
func TestProcurementAPIConsultation(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		c := newProcClient(t, w, purchaser, agency, supplier)
		f := fixture{w: w, t: t, seq: new(int)}
		pr := f.approvedOf(xihuAccounts, belowThreshold)
		agreement := workflow.AgreementInput{ProjectID: pr.ID, AgencyOrgID: w.org(t, zhongcheng).ID, Reference: "西民采委〔2026〕3号",
			Scope: "组织竞争性磋商、发布公告、答复询问", SignedOn: "2026-03-01"}

		// Only the purchaser entrusts its project; then only the agency runs it.
		c.call(agency, "POST", "/api/v1/agency-agreements", agreement, http.StatusForbidden)
		ag := c.call(purchaser, "POST", "/api/v1/agency-agreements", agreement, http.StatusCreated)
		if jint(ag, "agreement", "agency_org_id") != w.org(t, zhongcheng).ID {
			t.Fatalf("agreement: %v", ag)
		}
		if !c.todoHas(agency, "todo.kind.entrusted", pr.Code) {
			t.Error("the entrusted project is not the agency's to-do")
		}
		start := workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices}
		c.call(purchaser, "POST", "/api/v1/procurements", start, http.StatusForbidden)
		p := c.call(agency, "POST", "/api/v1/procurements", start, http.StatusCreated)["procurement"].(map[string]any)
		id := jint(p, "id")
		if jstr(p, "status") != "draft" || jint(p, "agency_org_id") != w.org(t, zhongcheng).ID || field(p, "periods", "bid_deadline") != nil {
			t.Fatalf("created: %v", p)
		}
		// A draft: not for the public, nor for suppliers, nor in their lists.
		c.call(anon, "GET", procPath(id, ""), nil, http.StatusNotFound)
		c.call(supplier, "GET", procPath(id, ""), nil, http.StatusNotFound)
		listed := func(user, query string) bool {
			for _, x := range jlist(c.call(user, "GET", "/api/v1/procurements"+query, nil, http.StatusOK), "procurements") {
				if jint(x.(map[string]any), "id") == id {
					return true
				}
			}
			return false
		}
		if listed(anon, "") || listed(supplier, "?mine=1") || !listed(agency, "?mine=1") || !listed(purchaser, "?mine=1&status=draft") {
			t.Error("the lists show a draft to others, or not to its organisers")
		}

		// A banned criterion (ENG-A7) is refused naming the field as written and
		// the clause; values outside the domain's are refused too; nothing changes.
		bad := procDocs()
		bad.Qualifications = append(bad.Qualifications, goumai.Qualification{Name: "注册资本不少于500万元"})
		res := c.call(agency, "PUT", procPath(id, ""), draftBody(p, bad, shanghai(2026, 3, 16, 9, 30), nil), http.StatusUnprocessableEntity)
		refused(t, res, "ENG-A7", "documents.qualifications.2", "registered capital")
		bad = procDocs()
		bad.Evaluation, bad.Scoring[1].Factor = "best_value", "quality"
		res = c.call(agency, "PUT", procPath(id, ""), draftBody(p, bad, shanghai(2026, 3, 16, 9, 30), nil), http.StatusUnprocessableEntity)
		refused(t, res, "", "documents.evaluation", "lowest_price or comprehensive")
		refused(t, res, "", "documents.scoring.1.factor", "technical")
		if v := jint(c.call(agency, "GET", procPath(id, ""), nil, http.StatusOK), "version"); v != jint(p, "version") {
			t.Fatalf("refused drafts changed the procedure: version %d → %d", jint(p, "version"), v)
		}
		// The purchaser may read its entrusted procedure, not run it.
		c.call(purchaser, "PUT", procPath(id, ""), draftBody(p, procDocs(), shanghai(2026, 3, 16, 9, 30), nil), http.StatusForbidden)

		// Lots: the first narrowed, a second added and removed again; a procedure keeps one.
		version := func() int { return int(jint(c.call(agency, "GET", procPath(id, ""), nil, http.StatusOK), "version")) }
		lot1 := workflow.LotInput{Version: version(), Title: "第一包：城区评估", Budget: 120_000_000, Ceiling: 115_000_000, BidBond: 1_200_000} // 1 %: 浙江省's illustrative cap
		l := c.call(agency, "PUT", procPath(id, "/lots/1"), lot1, http.StatusOK)
		if jint(l, "lot", "number") != 1 || jint(l, "lot", "ceiling") != 115_000_000 {
			t.Fatalf("lot 1: %v", l)
		}
		lot2 := workflow.LotInput{Version: version(), Number: 3, Title: "第二包：农村评估", Budget: 30_000_000}
		refused(t, c.call(agency, "PUT", procPath(id, "/lots/2"), lot2, http.StatusUnprocessableEntity), "", "number", "path")
		lot2.Number, lot2.Budget = 0, 30_000_001
		refused(t, c.call(agency, "PUT", procPath(id, "/lots/2"), lot2, http.StatusUnprocessableEntity), "ENG-B2", "budget", "above the project")
		lot2.Budget = 30_000_000
		c.call(agency, "PUT", procPath(id, "/lots/2"), lot2, http.StatusOK)
		lot2.Version = version()
		c.call(agency, "PUT", procPath(id, "/lots/2"), lot2, http.StatusOK)
		c.call(agency, "PUT", procPath(id, "/lots/2"), lot2, http.StatusConflict) // the version moved on
		if ls := jlist(c.call(agency, "GET", procPath(id, ""), nil, http.StatusOK), "lots"); len(ls) != 2 {
			t.Fatalf("lots: %v", ls)
		}
		c.call(agency, "DELETE", procPath(id, "/lots/2"), map[string]any{"version": version()}, http.StatusNoContent)
		c.call(agency, "DELETE", procPath(id, "/lots/1"), map[string]any{"version": version()}, http.StatusConflict)
		c.call(agency, "DELETE", procPath(id, "/lots/7"), map[string]any{"version": version()}, http.StatusNotFound)

		// 5 days to the deadline is shorter than 磋商's 10 (ENG-D3): publication is refused.
		p = c.call(agency, "GET", procPath(id, ""), nil, http.StatusOK)
		p = c.call(agency, "PUT", procPath(id, ""), draftBody(p, procDocs(), shanghai(2026, 3, 7, 9, 30), nil), http.StatusOK)["procurement"].(map[string]any)
		res = c.call(agency, "POST", procPath(id, "/publish"), map[string]any{"version": jint(p, "version")}, http.StatusUnprocessableEntity)
		refused(t, res, "ENG-D3", "periods.bid_deadline", "at least 10 days")
		short := false
		for _, x := range jlist(c.call(agency, "POST", procPath(id, "/validate"), nil, http.StatusOK), "problems") {
			pb := x.(map[string]any)
			short = short || jstr(pb, "field") == "periods.bid_deadline" && jstr(pb, "rule") == "ENG-D3"
		}
		if !short {
			t.Fatal("validate does not show the short period")
		}
		c.call(anon, "GET", procPath(id, ""), nil, http.StatusNotFound)

		deadline := shanghai(2026, 3, 16, 9, 30)
		p = c.call(agency, "PUT", procPath(id, ""), draftBody(p, procDocs(), deadline, nil), http.StatusOK)["procurement"].(map[string]any)
		p = c.call(agency, "POST", procPath(id, "/publish"), map[string]any{"version": jint(p, "version")}, http.StatusOK)["procurement"].(map[string]any)
		if jstr(p, "status") != "tendering" || !jtime(t, p, "next_due").Equal(deadline) || !jtime(t, p, "published_at").Equal(w.clock.Now()) {
			t.Fatalf("published: %v", p)
		}

		// The notice: public, at its own address, with every disclosure field.
		var noticeID int64
		for _, x := range jlist(c.call(anon, "GET", "/api/v1/notices?region=330106", nil, http.StatusOK), "notices") {
			if n := x.(map[string]any); jint(n, "procurement_id") == id {
				noticeID = jint(n, "id")
			}
		}
		if noticeID == 0 {
			t.Fatal("the notice is not in the public list")
		}
		n := c.call(anon, "GET", idPath("/api/v1/notices/", noticeID, ""), nil, http.StatusOK)
		docs, b := procDocs(), n["body"].(map[string]any)
		lots := jlist(b, "lots")
		if jstr(n, "kind") != "non_tender" || jstr(b, "method") != "competitive_consultation" || jstr(b, "purchaser") != xihuMinzheng ||
			jstr(b, "agency") != zhongcheng || jstr(b, "procurement_code") != jstr(p, "code") || jstr(b, "project_code") != pr.Code ||
			jstr(b, "documents", "requirements") != docs.Requirements || jstr(b, "documents", "quality_standards") != docs.QualityStandards ||
			len(jlist(b, "documents", "qualifications")) != 2 || jstr(b, "documents", "evaluation") != "comprehensive" ||
			jint(b, "documents", "price_weight_pct") != 30 || jstr(b, "documents", "contract_terms") != docs.ContractTerms ||
			len(lots) != 1 || jint(lots[0].(map[string]any), "budget") != 120_000_000 || jint(lots[0].(map[string]any), "ceiling") != 115_000_000 ||
			!jtime(t, b, "periods", "bid_deadline").Equal(deadline) || !jtime(t, b, "periods", "docs_until").Equal(deadline) ||
			!jtime(t, b, "periods", "docs_from").Equal(w.clock.Now()) {
			t.Fatalf("the notice's disclosure fields: %s", mustJSON(t, n))
		}
		scoring := jlist(b, "documents", "scoring")
		if len(scoring) != 3 {
			t.Fatalf("scoring items: %v", scoring)
		}
		for i, x := range scoring {
			it := x.(map[string]any)
			if jstr(it, "name") != docs.Scoring[i].Name || jstr(it, "rule") != docs.Scoring[i].Rule || jint(it, "points") != int64(docs.Scoring[i].Points) ||
				len(jlist(it, "ranges")) != len(docs.Scoring[i].Ranges) {
				t.Errorf("scoring item %d: %v", i, it)
			}
		}
		if !listed(anon, "") {
			t.Error("the published procedure is not in the public list")
		}
		c.call(supplier, "GET", procPath(id, ""), nil, http.StatusOK)
		// Nor may the public or a supplier see its internals.
		if v := c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK); v["agency_agreements"] != nil || v["decisions"] != nil {
			t.Errorf("the public sees internal records: %v", v)
		}
		c.call(agency, "PUT", procPath(id, ""), draftBody(p, procDocs(), deadline, nil), http.StatusConflict)

		// A clarification that may affect bids 3 days before the deadline: 磋商
		// needs 5 days (ENG-D2), so the deadline moves to 5 days after it.
		c.at(shanghai(2026, 3, 13, 10, 0))
		clarified := procDocs()
		clarified.Requirements += "评估报告须于评估后3个工作日内出具。"
		cl := workflow.Clarification{Version: int(jint(p, "version")), Documents: clarified, Changes: "第三章服务要求增加报告时限。", AffectsBids: true}
		c.call(purchaser, "POST", procPath(id, "/clarifications"), cl, http.StatusForbidden)
		p = c.call(agency, "POST", procPath(id, "/clarifications"), cl, http.StatusOK)["procurement"].(map[string]any)
		moved := shanghai(2026, 3, 18, 9, 30)
		if !jtime(t, p, "periods", "bid_deadline").Equal(moved) || !jtime(t, p, "next_due").Equal(moved) {
			t.Fatalf("clarified: deadline %v, want %v", field(p, "periods"), moved)
		}
		ns := jlist(c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK), "notices")
		last := ns[len(ns)-1].(map[string]any)
		if len(ns) != 2 || jstr(last, "kind") != "correction" || !strings.Contains(jstr(last, "body", "changes"), "顺延至2026年03月18日") ||
			jstr(last, "body", "documents", "requirements") != clarified.Requirements {
			t.Fatalf("更正公告: %v", last)
		}

		// The old deadline passes: nothing; the new one: the bids close, once.
		c.at(deadline.Add(time.Minute))
		// (The demo world's own procedures may fall due as the clock moves: only
		// this one's state is checked.)
		if _, err := w.svc.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st := jstr(c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK), "status"); st != "tendering" {
			t.Fatalf("after the old deadline: %s", st)
		}
		c.at(moved)
		if moved, err := w.svc.Tick(context.Background()); err != nil || moved < 1 {
			t.Fatalf("tick at the deadline: %d %v", moved, err)
		}
		p = c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK)
		if jstr(p, "status") != "failed" || p["next_due"] != nil { // closed and opened at once: no response, 废标 (ENG-E3)
			t.Fatalf("after the deadline: %v", p)
		}
		if op := c.call(anon, "GET", procPath(id, "/bids"), nil, http.StatusOK); len(jlist(op, "opening", "bids")) != 0 {
			t.Fatalf("the opening record of a procedure without responses: %v", op)
		}
		cl.Version = int(jint(p, "version"))
		c.call(agency, "POST", procPath(id, "/clarifications"), cl, http.StatusConflict)
	})
}

// TestProcurementAPIMethodApproval: a 竞争性谈判 of ¥4,500,000 waits for the
// approval of 杭州市财政局 (ENG-C1, GPL-IR Art. 23): its approver has the to-do,
// a refusal needs an opinion, no other finance department decides, and the
// approved method is published. A procedure terminated while it waits leaves
// the approver's to-do.
func TestProcurementAPIMethodApproval(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		c := newProcClient(t, w, purchaser, hzApprover, "xihu.approver", approver, "nb.approver")
		f := fixture{w: w, t: t, seq: new(int)}
		pr := f.approvedOf(xihuAccounts, aboveThreshold)
		p := c.call(purchaser, "POST", "/api/v1/procurements", workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodCompetitiveNeg,
			Reason: goumai.ReasonCannotSpecify, ReasonDetail: "评估对象失能程度差异大，服务规格须与供应商谈判确定。"}, http.StatusCreated)["procurement"].(map[string]any)
		id := jint(p, "id")
		invited := []int64{w.org(t, kangningOrg).ID, w.org(t, "浙江之江数据科技有限公司").ID, w.org(t, "杭州市西湖区阳光社会工作服务中心").ID}
		deadline := shanghai(2026, 3, 20, 9, 30)
		p = c.call(purchaser, "PUT", procPath(id, ""), draftBody(p, procDocs(), deadline, func(u *workflow.ProcurementUpdate) { u.Invited = invited }),
			http.StatusOK)["procurement"].(map[string]any)
		check := c.call(purchaser, "POST", procPath(id, "/validate"), nil, http.StatusOK)
		if field(check, "method", "needs_approval") != true || jint(check, "splitting", "total") != int64(aboveThreshold) ||
			len(jlist(check, "problems")) != 1 || jstr(jlist(check, "problems")[0].(map[string]any), "rule") != "ENG-C1" {
			t.Fatalf("validate before approval: %v", check)
		}
		res := c.call(purchaser, "POST", procPath(id, "/publish"), map[string]any{"version": jint(p, "version")}, http.StatusUnprocessableEntity)
		refused(t, res, "ENG-C1", "method", "approval")

		p = c.call(purchaser, "POST", procPath(id, "/request-approval"), map[string]any{"version": jint(p, "version")}, http.StatusOK)["procurement"].(map[string]any)
		if jstr(p, "status") != "method_approval" || p["next_due"] == nil {
			t.Fatalf("requested: %v", p)
		}
		if !c.todoHas(hzApprover, "todo.kind.method_approval", jstr(p, "code")) || c.todoHas("xihu.approver", "todo.kind.method_approval", jstr(p, "code")) {
			t.Fatal("the decision is the to-do of 杭州市财政局's approver, and only theirs")
		}
		refused(t, c.call(hzApprover, "POST", procPath(id, "/decision"), map[string]any{"approve": false}, http.StatusUnprocessableEntity), "", "opinion", "opinion")
		approve := workflow.MethodDecisionInput{Approve: true, Opinion: "经审核，该项目技术复杂、服务规格无法事先确定，同意采用竞争性谈判方式。"}
		// The county's and the province's approvers see it but are not the approving department; Ningbo's does not see it.
		c.call("xihu.approver", "POST", procPath(id, "/decision"), approve, http.StatusForbidden)
		c.call(approver, "POST", procPath(id, "/decision"), approve, http.StatusForbidden)
		c.call("nb.approver", "POST", procPath(id, "/decision"), approve, http.StatusNotFound)
		c.call(purchaser, "POST", procPath(id, "/decision"), approve, http.StatusForbidden)
		d := c.call(hzApprover, "POST", procPath(id, "/decision"), approve, http.StatusOK)["decision"].(map[string]any)
		if jstr(d, "status") != "approved" || jstr(d, "opinion") != approve.Opinion || jint(d, "decided_by") != w.user(t, hzApprover).ID ||
			jint(d, "approver_org_id") != w.org(t, "杭州市财政局").ID || jint(d, "splitting", "fiscal_year") != 2026 {
			t.Fatalf("decision: %v", d)
		}
		c.call(hzApprover, "POST", procPath(id, "/decision"), approve, http.StatusConflict)
		if c.todoHas(hzApprover, "todo.kind.method_approval", jstr(p, "code")) {
			t.Error("a decided method is still a to-do")
		}
		p = c.call(purchaser, "GET", procPath(id, ""), nil, http.StatusOK)
		if jstr(p, "status") != "draft" || p["method_approved"] != true || len(jlist(p, "decisions")) != 1 {
			t.Fatalf("after approval: %v", p)
		}
		c.call(anon, "GET", procPath(id, ""), nil, http.StatusNotFound)
		p = c.call(purchaser, "POST", procPath(id, "/publish"), map[string]any{"version": jint(p, "version")}, http.StatusOK)["procurement"].(map[string]any)
		ns := jlist(c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK), "notices")
		if jstr(p, "status") != "tendering" || len(ns) != 1 || jstr(ns[0].(map[string]any), "kind") != "non_tender" ||
			len(jlist(ns[0].(map[string]any), "body", "invited")) != 3 {
			t.Fatalf("published: %v %v", p, ns)
		}

		// Terminated while it waits: the request leaves the approver's to-do.
		q := f.awaitingApproval(negotiation)
		if !c.todoHas(hzApprover, "todo.kind.method_approval", q.Code) {
			t.Fatal("the second request is not a to-do")
		}
		c.call(purchaser, "POST", procPath(q.ID, "/terminate"), workflow.TerminationInput{Version: q.Version, Reason: "项目取消。"}, http.StatusOK)
		if c.todoHas(hzApprover, "todo.kind.method_approval", q.Code) {
			t.Error("a terminated procedure's method is still the approver's to-do")
		}
		c.call(hzApprover, "POST", procPath(q.ID, "/decision"), approve, http.StatusConflict)
	})
}

// TestProcurementAPISingleSource: single source on the sole-supplier ground at
// or above the threshold publishes its 单一来源公示 for 5 working days (ENG-C5,
// GPL-IR Art. 38); a signed-in supplier objects, the organiser answers, and
// after the window the scheduler asks for the method's approval.
func TestProcurementAPISingleSource(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		objector := "supplier.zhijiang"
		c := newProcClient(t, w, purchaser, hzApprover, objector)
		f := fixture{w: w, t: t, seq: new(int)}
		pr := f.approvedOf(xihuAccounts, 420_000_000) // above 浙江省's illustrative ¥4,000,000
		p := c.call(purchaser, "POST", "/api/v1/procurements", workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodSingleSource,
			Reason: goumai.ReasonSoleSupplier}, http.StatusCreated)["procurement"].(map[string]any)
		id := jint(p, "id")
		res := c.call(purchaser, "POST", procPath(id, "/request-approval"), map[string]any{"version": jint(p, "version")}, http.StatusConflict)
		if res["rule"] != "ENG-C5" {
			t.Errorf("approval before the publicity: %v", res)
		}
		refused(t, c.call(purchaser, "POST", procPath(id, "/publicity"), map[string]any{"version": jint(p, "version")}, http.StatusUnprocessableEntity),
			"", "sole_supplier_id", "names its supplier")
		p = c.call(purchaser, "PUT", procPath(id, ""), draftBody(p, procDocs(), shanghai(2026, 3, 20, 9, 30), func(u *workflow.ProcurementUpdate) {
			u.SoleSupplierID, u.ReasonDetail = w.org(t, kangningOrg).ID, "该公司是辖区唯一具备失能老人评估资质和评估系统接口的机构。"
		}), http.StatusOK)["procurement"].(map[string]any)
		p = c.call(purchaser, "POST", procPath(id, "/publicity"), map[string]any{"version": jint(p, "version")}, http.StatusOK)["procurement"].(map[string]any)
		end := shanghai(2026, 3, 9, 23, 59).Add(59 * time.Second) // 5 working days from Monday 2 March
		if jstr(p, "status") != "publicity" || !jtime(t, p, "next_due").Equal(end) {
			t.Fatalf("publicity: %v", p)
		}
		ns := jlist(c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK), "notices")
		n := c.call(anon, "GET", idPath("/api/v1/notices/", jint(ns[0].(map[string]any), "id"), ""), nil, http.StatusOK)
		if jstr(n, "kind") != "single_source" || jstr(n, "body", "sole_supplier") != kangningOrg || !strings.Contains(jstr(n, "body", "reason"), "唯一") ||
			!jtime(t, n, "body", "publicity_until").Equal(end) {
			t.Fatalf("公示: %v", n)
		}

		objection := workflow.ObjectionInput{Body: "我公司同样具备失能评估能力，请改为竞争性方式。"}
		c.call(anon, "POST", procPath(id, "/objections"), objection, http.StatusUnauthorized)
		o := c.call(objector, "POST", procPath(id, "/objections"), objection, http.StatusCreated)["objection"].(map[string]any)
		if !c.todoHas(purchaser, "todo.kind.objection", jstr(p, "code")) {
			t.Error("the objection is not the organiser's to-do")
		}
		answer := map[string]any{"answer": "经核实，贵公司不具备评估系统接口，维持单一来源。"}
		c.call(objector, "POST", idPath("/api/v1/objections/", jint(o, "id"), "/answer"), answer, http.StatusForbidden)
		a := c.call(purchaser, "POST", idPath("/api/v1/objections/", jint(o, "id"), "/answer"), answer, http.StatusOK)["objection"].(map[string]any)
		if jstr(a, "answer") != answer["answer"] || a["answered_at"] == nil {
			t.Fatalf("answer: %v", a)
		}
		if os := jlist(c.call(hzApprover, "GET", procPath(id, ""), nil, http.StatusOK), "objections"); len(os) != 1 || jstr(os[0].(map[string]any), "answer") == "" {
			t.Errorf("the approver sees the objection and its answer: %v", os)
		}
		if os := jlist(c.call(objector, "GET", procPath(id, ""), nil, http.StatusOK), "objections"); len(os) != 1 {
			t.Errorf("the objector sees its objection: %v", os)
		}
		if v := c.call(anon, "GET", procPath(id, ""), nil, http.StatusOK); v["objections"] != nil {
			t.Errorf("the public sees the objections: %v", v["objections"])
		}

		c.at(end.Add(-time.Minute))
		if _, err := w.svc.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st := jstr(c.call(purchaser, "GET", procPath(id, ""), nil, http.StatusOK), "status"); st != "publicity" {
			t.Fatalf("inside the window: %s", st)
		}
		c.at(end.Add(time.Second))
		c.call(objector, "POST", procPath(id, "/objections"), objection, http.StatusConflict)
		if moved, err := w.svc.Tick(context.Background()); err != nil || moved < 1 {
			t.Fatalf("tick after the window: %d %v", moved, err)
		}
		p = c.call(purchaser, "GET", procPath(id, ""), nil, http.StatusOK)
		ds := jlist(p, "decisions")
		if jstr(p, "status") != "method_approval" || len(ds) != 1 || field(ds[0].(map[string]any), "requested_by") != nil ||
			jint(ds[0].(map[string]any), "approver_org_id") != w.org(t, "杭州市财政局").ID {
			t.Fatalf("after the window: %v", p)
		}
		if !c.todoHas(hzApprover, "todo.kind.method_approval", jstr(p, "code")) {
			t.Error("the approval after the publicity is not the approver's to-do")
		}
		c.call(hzApprover, "POST", procPath(id, "/decision"), workflow.MethodDecisionInput{Approve: true, Opinion: "公示期内异议已答复，同意。"}, http.StatusOK)
	})
}

// TestProcurementAPIMethodRefused: 询价 is for goods (ENG-C4), refused for a
// purchase of services; a method the domain does not know, or a ground for
// open tender, is refused on its field.
func TestProcurementAPIMethodRefused(t *testing.T) {
	w := demoWorld(t)
	c := newProcClient(t, w, purchaser)
	pr := fixture{w: w, t: t, seq: new(int)}.approvedOf(xihuAccounts, belowThreshold)
	before := w.treeSize(t)
	for _, x := range []struct {
		method, reason, rule, field, part string
	}{
		{"inquiry", "", "ENG-C4", "method", "inquiry"},
		{"auction", "", "", "method", "unknown procurement method"},
		{"competitive_consultation", "sole_supplier", "ENG-C4", "reason", "legal grounds"},
		{"open_tender", "urgency", "", "reason", "no ground"},
	} {
		res := c.call(purchaser, "POST", "/api/v1/procurements", map[string]any{"project_id": pr.ID, "method": x.method, "reason": x.reason},
			http.StatusUnprocessableEntity)
		refused(t, res, x.rule, x.field, x.part)
	}
	if w.treeSize(t) != before {
		t.Error("a refused procedure changed the log")
	}
}

// TestProcurementAPIDecodeErrors: what the decoder refuses is named by the
// field as the client wrote it, with what it should hold: money a whole number
// of fen, a time in RFC 3339.
func TestProcurementAPIDecodeErrors(t *testing.T) {
	w := demoWorld(t)
	c := newProcClient(t, w, purchaser)
	f := fixture{w: w, t: t, seq: new(int)}
	p := f.drafted(consultation)
	fen := fmt.Sprintf("a whole number of fen between 0 and %d", goumai.MaxFen)
	raw := func(path, body, field, part string) {
		t.Helper()
		res := w.do(t, request{method: "PUT", path: path, body: body, bearer: c.toks[purchaser], header: map[string]string{"Accept-Language": "en"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("PUT %s %s: %d %s", path, body, res.status, res.body)
		}
		refused(t, res.json(t), "", field, part)
	}
	lot := procPath(p.ID, "/lots/1")
	raw(lot, fmt.Sprintf(`{"version":%d,"title":"第一包","budget":"1500000"}`, p.Version), "budget", fen)
	raw(lot, fmt.Sprintf(`{"version":%d,"title":"第一包","budget":15000.5}`, p.Version), "budget", fen)
	raw(lot, fmt.Sprintf(`{"version":%d,"title":"第一包","budget":1,"bid_bond":-1e30}`, p.Version), "bid_bond", fen)
	raw(lot, fmt.Sprintf(`{"version":%d,"title":"第一包","budget":1,"sme":true}`, p.Version), "sme", "unknown field")
	whole := procPath(p.ID, "")
	raw(whole, fmt.Sprintf(`{"version":%d,"method":"competitive_consultation","documents":{"floor_price":"0"}}`, p.Version), "documents.floor_price", fen)
	raw(whole, fmt.Sprintf(`{"version":%d,"method":"competitive_consultation","documents":{"scoring":[{"name":"报价","points":"30"}]}}`, p.Version),
		"documents.scoring.points", "whole number")
	raw(whole, fmt.Sprintf(`{"version":%d,"method":"competitive_consultation","periods":{"bid_deadline":"2026-03-16 09:30"}}`, p.Version),
		"periods.bid_deadline", "RFC 3339")
	raw(whole, fmt.Sprintf(`{"version":%d,"method":"competitive_consultation","periods":{"docs_until":20260316}}`, p.Version),
		"periods.docs_until", "RFC 3339")
	// Nothing of it changed the draft.
	got, err := w.store.Procurement(context.Background(), p.ID)
	if err != nil || got.Version != p.Version {
		t.Errorf("refused bodies changed the draft: %v %v", got.Version, err)
	}
}

// TestProcurementAPIEnums: the API description's procurement enums are the domain's.
func TestProcurementAPIEnums(t *testing.T) {
	doc := apiDoc(t)
	strs := func(vs []any) []string {
		var out []string
		for _, v := range vs {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	of := func(name string) []string { return strs(doc.Components.Schemas[name].Value.Enum) }
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"ProcurementStatus", of("ProcurementStatus"), domainStrings(goumai.ProcurementStatuses)},
		{"ProcurementMethod", of("ProcurementMethod"), domainStrings(goumai.ProcurementMethods)},
		{"MethodReason", of("MethodReason"), domainStrings(goumai.MethodReasons)},
		{"NoticeKind", of("NoticeKind"), domainStrings(goumai.NoticeKinds)},
		{"EvaluationMethod", of("EvaluationMethod"), domainStrings(goumai.EvaluationMethods)},
		{"ScoringFactor", of("ScoringFactor"), domainStrings(goumai.ScoringFactors)},
		{"DecisionStatus", of("DecisionStatus"), domainStrings(goumai.DecisionStatuses)},
		{"Documents.evaluation", strs(doc.Components.Schemas["Documents"].Value.Properties["evaluation"].Value.Enum),
			append([]string{""}, domainStrings(goumai.EvaluationMethods)...)},
		{"ProcurementInput.method", strs(doc.Components.Schemas["ProcurementInput"].Value.Properties["method"].Value.Enum),
			append(domainStrings(goumai.ProcurementMethods), string(goumai.MethodInquiry))},
		{"ProcurementInput.reason", strs(doc.Components.Schemas["ProcurementInput"].Value.Properties["reason"].Value.Enum),
			append([]string{""}, domainStrings(goumai.MethodReasons)...)},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("enum %s = %q, want the domain's %q", c.name, c.got, c.want)
		}
	}
	// Every value is described where its schema is.
	for _, name := range []string{"ProcurementStatus", "MethodReason", "NoticeKind", "EvaluationMethod", "ScoringFactor", "DecisionStatus"} {
		s := doc.Components.Schemas[name].Value
		for _, v := range s.Enum {
			if !strings.Contains(s.Description, "`"+fmt.Sprint(v)+"`") {
				t.Errorf("%s: value %v is not described", name, v)
			}
		}
	}
}

// domainStrings converts a list of string-typed domain values.
func domainStrings[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

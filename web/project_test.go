package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// projectWorld is the demo world with its catalogue, budget and projects.
func projectWorld(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	for _, load := range []func(context.Context, *workflow.Service) error{demo.LoadCatalog, demo.LoadBudget, demo.LoadProjects} {
		if err := load(ctx, w.svc); err != nil {
			t.Fatal(err)
		}
	}
}

// projectBody is a complete application on the first budget line of 西湖区民政局.
func projectBody(t *testing.T, w *world, extra map[string]any) map[string]any {
	t.Helper()
	ls, err := w.store.FindBudgetLines(context.Background(), sqlstore.BudgetLineFilter{OrgID: w.org(t, "杭州市西湖区民政局").ID, Limit: 1})
	if err != nil || len(ls) == 0 {
		t.Fatalf("budget lines: %v", err)
	}
	from := w.clock.Now().AddDate(0, 0, -30)
	b := map[string]any{"title": "2026年西湖区老年人能力评估服务", "catalog_code": "A0101", "filing_ref": "", "class": "", "budget_line_id": ls[0].ID,
		"amount": 20_000_000, "content": "为申请居家养老服务的老年人开展能力评估。", "quantity": 2000, "quantity_unit": "人次",
		"quality_standards": "按 MZ/T 039 执行", "targets": []map[string]any{{"category": "output", "indicator": "评估人次", "target": "≥2000", "unit": "人次", "weight": 60}},
		"ex_ante": "事前绩效评估认为项目必要、可行。", "supplier_conditions": "具备评估资质", "evaluation_standards": "按评估数量和质量评价",
		"method": "competitive_consultation", "term_months": 12, "long_term": nil, "beneficiaries": "申请服务的老年人",
		"consultation": map[string]any{"from": from.Format("2006-01-02T15:04:05Z07:00"), "to": from.AddDate(0, 0, 10).Format("2006-01-02T15:04:05Z07:00"),
			"method": "网上征求意见", "summary": "采纳2条", "count": 5}, "expected_start": "2026-05", "negative_answers": rules.NoneApply()}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func idOf(t *testing.T, res response) (int64, int) {
	t.Helper()
	p, _ := res.json(t)["project"].(map[string]any)
	id, _ := p["id"].(float64)
	v, _ := p["version"].(float64)
	if id == 0 {
		t.Fatalf("no project in %s", res.body)
	}
	return int64(id), int(v)
}

// TestProjectAPI walks an application through the API as each role — draft,
// validate, submit, return with a field comment, resubmit, approve — and
// checks every project route against openapi.json on the way.
func TestProjectAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		projectWorld(t, w)
		staff, approver := w.token(t, "xihu.minzheng"), w.token(t, "xihu.minzheng.approver")
		reviewer, fapp, admin := w.token(t, "xihu.reviewer"), w.token(t, "xihu.approver"), w.token(t, "xihu.admin")
		supplier, yuhang, auditor := w.token(t, "supplier.kangning"), w.token(t, "yuhang.reviewer"), w.token(t, "auditor.zj")
		want := func(r request, status int) response {
			t.Helper()
			res := w.do(t, r)
			if res.status != status {
				t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, res.status, status, compactJSON(res.body))
			}
			return res
		}
		res := want(request{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, map[string]any{"title": "草稿"})}, 201)
		id, v := idOf(t, res)
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/validate", id), bearer: staff}, 200)
		if probs, _ := res.json(t)["problems"].([]any); len(probs) < 8 {
			t.Errorf("validate: %d problems", len(probs))
		}
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})}, 422)
		if rule, _ := res.json(t)["rule"].(string); !strings.HasPrefix(rule, "ENG-") {
			t.Errorf("submit incomplete: rule %q", rule)
		}
		body := projectBody(t, w, map[string]any{"version": v})
		res = want(request{method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: staff, body: mustJSON(t, body)}, 200)
		_, v = idOf(t, res)
		want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: supplier}, 404)
		want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id)}, 404)
		want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: yuhang}, 404)
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})}, 200)
		_, v = idOf(t, res)
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/withdraw", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})}, 200)
		_, v = idOf(t, res)
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})}, 200)
		_, v = idOf(t, res)
		decide := func(tok string, action string, extra map[string]any, status int) {
			t.Helper()
			d := map[string]any{"version": v, "action": action, "opinion": "意见", "negative_list_confirmed": action == "approve"}
			for k, x := range extra {
				d[k] = x
			}
			res := want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/decision", id), bearer: tok, body: mustJSON(t, d)}, status)
			if status == 200 {
				_, v = idOf(t, res)
			}
		}
		decide(reviewer, "approve", nil, 403) // not the reviewer's step yet
		decide(yuhang, "approve", nil, 404)
		decide(approver, "approve", nil, 200)
		res = want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: reviewer}, 200)
		if m := res.json(t); m["can_decide"] != true || len(m["checks"].([]any)) != 10 {
			t.Errorf("reviewer's view: can_decide %v, %d checks", m["can_decide"], len(m["checks"].([]any)))
		}
		decide(reviewer, "return", map[string]any{"field_comments": map[string]any{"quality_standards": "请细化"}}, 200)
		res = want(request{method: "GET", path: "/api/v1/todo", bearer: staff}, 200)
		if !strings.Contains(string(res.body), "todo.kind.project_returned") {
			t.Errorf("staff's returned list lacks the application: %s", compactJSON(res.body))
		}
		body["version"], body["quality_standards"] = v, "每人次评估不少于40分钟，按 MZ/T 039 执行"
		res = want(request{method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: staff, body: mustJSON(t, body)}, 200)
		_, v = idOf(t, res)
		res = want(request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})}, 200)
		_, v = idOf(t, res)
		decide(approver, "approve", nil, 200)
		decide(reviewer, "approve", nil, 200)
		stale := v
		decide(fapp, "approve", nil, 200)
		v = stale
		decide(fapp, "approve", nil, 409) // a second decision on the same step
		res = want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id)}, 200)
		if p := res.json(t)["project"].(map[string]any); p["status"] != "approved" || p["double_funded"] != nil {
			t.Errorf("public view: %v", p)
		}
		// Its public history: the approval is there, each event with its leaf.
		res = want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/timeline", id)}, 200)
		if !strings.Contains(string(res.body), `"leaf_hash"`) {
			t.Errorf("timeline without leaves: %s", compactJSON(res.body))
		}
		want(request{method: "GET", path: "/api/v1/projects/999999/timeline"}, 404)
		// Its payments made (none yet), public with the 一体化 keys once there are.
		want(request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/payments", id)}, 200)
		res = want(request{method: "GET", path: "/api/v1/projects?limit=2"}, 200)
		want(request{method: "GET", path: "/api/v1/projects?mine=1&status=draft", bearer: staff}, 200)
		want(request{method: "GET", path: "/api/v1/projects?status=maybe"}, 422)
		res = want(request{method: "GET", path: "/api/v1/intentions?region=330106"}, 200)
		if rows, _ := res.json(t)["intentions"].([]any); len(rows) != 11+1 { // the demo's approved projects and this one
			t.Errorf("intentions: %d rows, want 12", len(rows))
		}
		want(request{method: "GET", path: "/api/v1/intentions?region=999999"}, 422)
		res = want(request{method: "GET", path: "/api/v1/projects/redflags", bearer: auditor}, 200)
		if ps, _ := res.json(t)["projects"].([]any); len(ps) != 1 {
			t.Errorf("red flags: %d", len(ps))
		}
		want(request{method: "GET", path: "/api/v1/projects/redflags", bearer: supplier}, 403)
		want(request{method: "GET", path: "/api/v1/review-chains", bearer: admin}, 200)
		want(request{method: "GET", path: "/api/v1/review-chains", bearer: staff}, 403)
		chain := map[string]any{"region": "330106", "min_amount": 100_000_000, "steps": []map[string]any{{"name": "财政审批", "role": "finance_approver", "where": "finance"}}}
		res = want(request{method: "POST", path: "/api/v1/review-chains", bearer: admin, body: mustJSON(t, chain)}, 200)
		cid := int64(res.json(t)["chain"].(map[string]any)["id"].(float64))
		want(request{method: "POST", path: "/api/v1/review-chains", bearer: yuhang, body: mustJSON(t, chain)}, 403)
		want(request{method: "DELETE", path: fmt.Sprintf("/api/v1/review-chains/%d", cid), bearer: admin}, 204)
		want(request{method: "GET", path: "/api/v1/unit-cost-standards", bearer: admin}, 200)
		cost := map[string]any{"region": "330106", "catalog_code": "A0103", "max_unit_cost": 1500, "unit": "份", "effective_from": "2026-01-01", "effective_to": "", "note": ""}
		res = want(request{method: "POST", path: "/api/v1/unit-cost-standards", bearer: admin, body: mustJSON(t, cost)}, 201)
		sid := int64(res.json(t)["standard"].(map[string]any)["id"].(float64))
		cost["effective_from"] = "2026/01/01"
		want(request{method: "POST", path: "/api/v1/unit-cost-standards", bearer: admin, body: mustJSON(t, cost)}, 422)
		// Ending and replacing a standard: from a future date only, by the region's finance department.
		end, replace := fmt.Sprintf("/api/v1/unit-cost-standards/%d/end", sid), fmt.Sprintf("/api/v1/unit-cost-standards/%d/replace", sid)
		next := map[string]any{"max_unit_cost": 1800, "unit": "份", "effective_from": "2026-07-01", "note": "物价调整"}
		want(request{method: "POST", path: end, bearer: admin, body: `{"effective_to":"2026-03-01"}`}, 422) // the past
		want(request{method: "POST", path: end, bearer: yuhang, body: `{"effective_to":"2026-12-31"}`}, 403)
		want(request{method: "POST", path: replace, bearer: yuhang, body: mustJSON(t, next)}, 403)
		want(request{method: "POST", path: "/api/v1/unit-cost-standards/999999/end", bearer: admin, body: `{"effective_to":"2026-12-31"}`}, 404)
		want(request{method: "POST", path: end, bearer: admin, body: `{"effective_to":"2026-12-31"}`}, 200)
		res = want(request{method: "POST", path: replace, bearer: admin, body: mustJSON(t, next)}, 201)
		if m := res.json(t); m["replaced"].(map[string]any)["effective_to"] != m["standard"].(map[string]any)["effective_from"] {
			t.Errorf("replace: the old standard does not end where the new begins: %s", compactJSON(res.body))
		}
		// Bad input: wrong types, unknown fields, fractions of a fen are refused by type.
		for _, b := range []string{`{"title": 5}`, `{"amount": 1.5}`, `{"amount": -1}`, `{"colour": "red"}`, `{"amount": 100000000000001}`} {
			res := w.do(t, request{method: "POST", path: "/api/v1/projects", bearer: staff, body: b})
			if res.status != 422 {
				t.Errorf("POST %s: %d, want 422", b, res.status)
			}
		}
		for _, rt := range w.srv.apiRoutes() {
			if strings.HasPrefix(rt.Path, "/api/v1/projects") || strings.HasPrefix(rt.Path, "/api/v1/review-chains") ||
				strings.HasPrefix(rt.Path, "/api/v1/unit-cost") || rt.Path == "/api/v1/intentions" {
				if rt.Path == "/api/v1/projects/{id}/close" {
					continue // needs contracts delivered, evaluated and paid: TestProjectCloseAPI covers it
				}
				if !w.covered[rt.Method+" "+rt.Path] {
					t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
				}
			}
		}
		if _, err := w.store.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("verify: %v %v", err, rep.Problems)
		}
	})
}

// TestProjectPages renders every project page for the roles that use it and
// checks who gets 404.
func TestProjectPages(t *testing.T) {
	w := demoWorld(t)
	projectWorld(t, w)
	list, err := w.store.FindProjects(context.Background(), sqlstore.ProjectFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[goumai.ProjectStatus]goumai.Project{}
	for _, p := range list {
		byStatus[p.Status] = p
	}
	approved, submitted, returned := byStatus[goumai.ProjectApproved], byStatus[goumai.ProjectSubmitted], byStatus[goumai.ProjectReturned]
	staff, reviewer, admin, supplier := w.login(t, "xihu.minzheng"), w.login(t, "xihu.reviewer"), w.login(t, "xihu.admin"), w.login(t, "supplier.kangning")
	for _, c := range []struct {
		path     string
		ss       *session
		status   int
		contains string
	}{
		{"/projects", nil, 200, approved.Code},
		{fmt.Sprintf("/projects/%d", approved.ID), nil, 200, approved.SupplierConditions},
		{fmt.Sprintf("/projects/%d", submitted.ID), nil, 404, ""},
		{fmt.Sprintf("/projects/%d", submitted.ID), reviewer, 404, ""}, // the public page shows published projects only
		{"/intentions?region=330106", nil, 200, "采购意向是本单位政府采购工作的初步安排"},
		{"/intentions?region=330106", nil, 200, "180.00"},
		{"/staff/projects", staff, 200, returned.Code},
		{"/staff/projects/new", staff, 200, "budget_line_id"},
		{"/staff/projects/new", supplier, 403, ""},
		{fmt.Sprintf("/staff/projects/%d", submitted.ID), reviewer, 200, "decide-form"},
		{fmt.Sprintf("/staff/projects/%d", submitted.ID), supplier, 404, ""},
		{fmt.Sprintf("/staff/projects/%d", returned.ID), staff, 200, "请写明个案服务的频次"},
		{fmt.Sprintf("/staff/projects/%d/edit", returned.ID), staff, 200, "class=\"comment\" id=\"cm-quality_standards\">"},
		{"/staff/projects/redflags", reviewer, 200, submitted.Code},
		{"/staff/projects/redflags", staff, 403, ""},
		{"/staff/review-config", admin, 200, "市财政局审批"},
		{"/staff/review-config", staff, 403, ""},
		{"/staff", reviewer, 200, submitted.Code},
	} {
		res := w.do(t, request{method: "GET", path: c.path, session: c.ss})
		if res.status != c.status || !strings.Contains(string(res.body), c.contains) {
			t.Errorf("GET %s: %d (want %d), contains %q: %v", c.path, res.status, c.status, c.contains, strings.Contains(string(res.body), c.contains))
		}
	}
	// The English page has no message keys left untranslated.
	res := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/projects/%d?lang=en", submitted.ID), session: reviewer})
	if strings.Contains(visibleText(res.body), "project.") {
		t.Errorf("untranslated key on the English page")
	}
	// A form with a malformed amount re-renders with the field error and writes nothing.
	before := w.treeSize(t)
	res = w.do(t, request{method: "POST", path: "/staff/projects", session: staff, csrf: true, form: url.Values{"title": {"测试"}, "amount": {"12.345"}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "两位小数") {
		t.Errorf("bad amount: %d", res.status)
	}
	if after := w.treeSize(t); after != before {
		t.Errorf("a refused form wrote %d events", after-before)
	}
	// Submitting an incomplete draft lists every problem with its rule.
	res = w.do(t, request{method: "POST", path: "/staff/projects", session: staff, csrf: true, form: url.Values{"title": {"测试草稿"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create draft: %d", res.status)
	}
	loc := res.header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/staff/projects/"), "?done=project_saved")
	res = w.do(t, request{method: "POST", path: "/staff/projects/" + id + "/submit", session: staff, csrf: true, form: url.Values{"version": {"1"}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "[ENG-B2]") || !strings.Contains(string(res.body), "id=\"problems\"") {
		t.Errorf("submit incomplete: %d", res.status)
	}
}

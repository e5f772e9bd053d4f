package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestWorkReportJourney files progress reports up the chain through the API
// and the pages, on the demo world: 西湖区 drafts and files its last quarter's
// report (the statistics frozen), 杭州市 returns it with 意见, 西湖区 edits
// and files it again on the staff page, 杭州市 accepts it and the public
// reads it (page and print view); 杭州市 and 浙江省 file theirs, accepted by
// 浙江省 and the Ministry. On the way: the county cannot file for the
// prefecture (403 naming the region), a filed report cannot be edited (409),
// the county cannot decide on its own report, and the public does not read
// an unaccepted one (404).
func TestWorkReportJourney(t *testing.T) {
	w := demoWorld(t)
	// The demo world has its reports up to 2025-Q4: the journey files 2026-Q1's.
	w.clock.Set(time.Date(2026, 4, 3, 10, 0, 0, 0, goumai.Shanghai))
	period := goumai.LastEndedPeriods(w.clock.Now())[goumai.ReportQuarterly]
	xihu, hzApp, hzAdmin, zjApp, zjAdmin, mofApp := w.token(t, county), w.token(t, hzApprover), w.token(t, prefecture), w.token(t, approver), w.token(t, province), w.token(t, "mof.approver")
	call := func(bearer, method, path string, body any, want int) map[string]any {
		t.Helper()
		r := request{method: method, path: path, bearer: bearer}
		if body != nil {
			r.body = mustJSON(t, body)
		}
		res := w.do(t, r)
		if res.status != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, res.status, want, res.body)
		}
		var out map[string]any
		_ = json.Unmarshal(res.body, &out)
		return out
	}
	report := func(m map[string]any) (int64, int) {
		r := m["report"].(map[string]any)
		return int64(r["id"].(float64)), int(r["version"].(float64))
	}
	text := map[string]any{"new_situations": "本季度新增政府购买服务项目。", "major_problems": "无", "suggestions": "建议加强培训。"}

	// The county cannot file for its prefecture: 403 naming the region.
	if m := call(xihu, "POST", "/api/v1/work-reports", map[string]any{"region": "330100", "kind": "quarter", "period": period}, http.StatusForbidden); m["fields"] == nil {
		t.Errorf("no field in the refusal: %v", m)
	}
	id, v := report(call(xihu, "POST", "/api/v1/work-reports", map[string]any{"region": "330106", "kind": "quarter", "period": period}, http.StatusCreated))
	_, v = report(call(xihu, "PUT", fmt.Sprintf("/api/v1/work-reports/%d", id), map[string]any{"version": v, "new_situations": text["new_situations"],
		"major_problems": text["major_problems"], "suggestions": text["suggestions"]}, http.StatusOK))
	call("", "GET", fmt.Sprintf("/api/v1/work-reports/%d", id), nil, http.StatusNotFound)
	m := call(xihu, "POST", fmt.Sprintf("/api/v1/work-reports/%d/file", id), map[string]any{"version": v}, http.StatusOK)
	if r := m["report"].(map[string]any); r["status"] != "filed" || r["stats"] == nil {
		t.Fatalf("filed: %v", r)
	}
	_, v = report(m)
	call(xihu, "PUT", fmt.Sprintf("/api/v1/work-reports/%d", id), map[string]any{"version": v, "new_situations": "改"}, http.StatusConflict)
	call(xihu, "POST", fmt.Sprintf("/api/v1/work-reports/%d/decision", id), map[string]any{"version": v, "action": "accept"}, http.StatusForbidden)
	call(hzApp, "POST", fmt.Sprintf("/api/v1/work-reports/%d/decision", id), map[string]any{"version": v, "action": "return"}, http.StatusUnprocessableEntity)
	_, v = report(call(hzApp, "POST", fmt.Sprintf("/api/v1/work-reports/%d/decision", id), map[string]any{"version": v, "action": "return", "opinion": "请补充费随事转情况"}, http.StatusOK))

	// The county sees it returned on its to-do list and edits and files it on the staff page.
	if todo := w.do(t, request{method: "GET", path: "/api/v1/todo", bearer: xihu}); !strings.Contains(string(todo.body), "work_report_returned") {
		t.Fatalf("to-do: %s", todo.body)
	}
	sess := w.login(t, county)
	if list := w.do(t, request{method: "GET", path: "/staff/work-reports", session: sess}); list.status != http.StatusOK || !strings.Contains(string(list.body), `id="wr-new"`) {
		t.Fatalf("staff list page: %d %s", list.status, list.body)
	}
	page := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/work-reports/%d", id), session: sess})
	if page.status != http.StatusOK || !strings.Contains(string(page.body), "请补充费随事转情况") || !strings.Contains(string(page.body), `id="wr-file"`) {
		t.Fatalf("staff page: %d", page.status)
	}
	res := w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/work-reports/%d", id), session: sess, csrf: true, form: url.Values{"op": {"file"},
		"version": {fmt.Sprint(v)}, "new_situations": {"本季度新增政府购买服务项目，费随事转经费已到位。"}, "major_problems": {"无"}, "suggestions": {"建议加强培训。"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("refile on the page: %d %s", res.status, res.body)
	}
	_, v = report(call(xihu, "GET", fmt.Sprintf("/api/v1/work-reports/%d", id), nil, http.StatusOK))
	m = call(hzApp, "POST", fmt.Sprintf("/api/v1/work-reports/%d/decision", id), map[string]any{"version": v, "action": "accept", "opinion": "同意"}, http.StatusOK)
	if r := m["report"].(map[string]any); r["status"] != "accepted" || len(r["reviews"].([]any)) != 4 {
		t.Fatalf("accepted: %v", r)
	}

	// Public: the list, the page and the print view.
	listed := false
	for _, r := range call("", "GET", "/api/v1/work-reports", nil, http.StatusOK)["reports"].([]any) {
		listed = listed || int64(r.(map[string]any)["id"].(float64)) == id
	}
	if !listed {
		t.Fatalf("the public list lacks report %d", id)
	}
	for _, path := range []string{fmt.Sprintf("/work-reports/%d", id), fmt.Sprintf("/work-reports/%d/print", id), "/work-reports"} {
		if res := w.do(t, request{method: "GET", path: path}); res.status != http.StatusOK || !strings.Contains(string(res.body), "西湖区") {
			t.Errorf("GET %s: %d", path, res.status)
		}
	}

	// Up the chain: 杭州市 to 浙江省, 浙江省 to the Ministry.
	for _, step := range []struct{ filer, reviewer, region string }{{hzAdmin, zjApp, "330100"}, {zjAdmin, mofApp, "330000"}} {
		in := map[string]any{"region": step.region, "kind": "quarter", "period": period}
		for k, x := range text {
			in[k] = x
		}
		id, v := report(call(step.filer, "POST", "/api/v1/work-reports", in, http.StatusCreated))
		_, v = report(call(step.filer, "POST", fmt.Sprintf("/api/v1/work-reports/%d/file", id), map[string]any{"version": v}, http.StatusOK))
		if r := call(step.reviewer, "POST", fmt.Sprintf("/api/v1/work-reports/%d/decision", id), map[string]any{"version": v, "action": "accept"}, http.StatusOK); r["report"].(map[string]any)["status"] != "accepted" {
			t.Fatalf("%s: %v", step.region, r)
		}
	}
	// The prefecture's board shows 西湖区's report accepted.
	b := call(hzApp, "GET", "/api/v1/regions/330100/work-reports", nil, http.StatusOK)
	found := false
	for _, d := range b["board"].([]any) {
		d := d.(map[string]any)
		if d["region"].(map[string]any)["code"] == "330106" && d["kind"] == "quarter" {
			found = d["report"] != nil && d["report"].(map[string]any)["status"] == "accepted" && d["overdue"] == false
		}
	}
	if !found {
		t.Fatalf("board: %v", b["board"])
	}
}

// TestWorkPlanAPI: 西湖区's finance department drafts and publishes a plan
// through the API; the public reads it with its milestones' progress from
// the statistics; a published plan is frozen (409).
func TestWorkPlanAPI(t *testing.T) {
	w := demoWorld(t)
	xihu := w.token(t, county)
	body := map[string]any{"region": "330106", "title": "西湖区2026年政府购买服务工作计划", "body": "实施方案", "start": "2026-01",
		"milestones": []map[string]any{{"title": "目录内购买占比", "metric": "catalogue_share", "target": 80, "due_on": "2026-12-31"},
			{"title": "签订合同", "metric": "contracts", "target": 1, "due_on": "2026-06-30"}}}
	res := w.do(t, request{method: "POST", path: "/api/v1/work-plans", bearer: xihu, body: mustJSON(t, body)})
	if res.status != http.StatusCreated {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	var out struct{ Plan goumai.WorkPlan }
	if err := json.Unmarshal(res.body, &out); err != nil {
		t.Fatal(err)
	}
	if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/work-plans/%d/publish", out.Plan.ID), bearer: xihu,
		body: mustJSON(t, map[string]any{"version": out.Plan.Version})}); res.status != http.StatusOK {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	body["version"] = out.Plan.Version + 1
	if res := w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/work-plans/%d", out.Plan.ID), bearer: xihu, body: mustJSON(t, body)}); res.status != http.StatusConflict {
		t.Fatalf("edit a published plan: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/work-plans/%d", out.Plan.ID)})
	var v struct {
		Plan struct {
			Progress []goumai.MilestoneProgress `json:"progress"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(res.body, &v); err != nil || res.status != http.StatusOK || len(v.Plan.Progress) != 2 {
		t.Fatalf("public read: %d %s", res.status, res.body)
	}
	if p := v.Plan.Progress[1]; p.Period.From != "2026-01" || p.Metric != goumai.MetricContracts {
		t.Errorf("progress %+v", p)
	}
	if res := w.do(t, request{method: "GET", path: "/api/v1/regions/330106/work-plans"}); res.status != http.StatusOK || !strings.Contains(string(res.body), "西湖区2026年") {
		t.Fatalf("list: %d", res.status)
	}
}

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
	call := jsonCaller(t, w)
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

// TestWorkPlanPages: 西湖区's finance department writes a plan on the pages:
// bad input is refused field by field (the milestone's row named), the
// draft is saved, edited and published; the plan's page shows each
// milestone's target, its current value from the statistics, where it stands
// and its bar with the table; the public reads the published plan, not a
// draft (404); 杭州市's list shows 西湖区's plans among its regions below.
func TestWorkPlanPages(t *testing.T) {
	w := demoWorld(t)
	sess := w.login(t, county)
	if p := w.do(t, request{method: "GET", path: "/staff/work-plans/new", session: sess}); p.status != http.StatusOK || !strings.Contains(string(p.body), `id="wp-form"`) {
		t.Fatalf("new plan form: %d", p.status)
	}
	form := url.Values{"title": {"西湖区2026年政府购买服务工作计划"}, "start": {"2026-01"}, "body": {"推进目录内购买。"},
		"ms_title": {"目录内购买占比", "签订合同", ""}, "ms_metric": {"catalogue_share", "contract_amount", "projects"},
		"ms_target": {"180", "一百万", ""}, "ms_due": {"2026-12-31", "2026-06-30", ""}}
	res := w.do(t, request{method: "POST", path: "/staff/work-plans", session: sess, csrf: true, form: form})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="err-ms-1"`) {
		t.Fatalf("bad amount: %d %s", res.status, res.body)
	}
	form["ms_target"] = []string{"180", "1000000.00", ""}
	res = w.do(t, request{method: "POST", path: "/staff/work-plans", session: sess, csrf: true, form: form})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "百分比不超过100") {
		t.Fatalf("percentage over 100: %d", res.status)
	}
	form["ms_target"] = []string{"80", "1000000.00", ""}
	res = w.do(t, request{method: "POST", path: "/staff/work-plans", session: sess, csrf: true, form: form})
	if res.status != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	var id int64
	if _, err := fmt.Sscanf(res.header.Get("Location"), "/work-plans/%d", &id); err != nil {
		t.Fatalf("location %q", res.header.Get("Location"))
	}
	page := fmt.Sprintf("/work-plans/%d", id)
	if p := w.do(t, request{method: "GET", path: page}); p.status != http.StatusNotFound {
		t.Fatalf("the public reads a draft: %d", p.status)
	}
	edit := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/work-plans/%d/edit", id), session: sess})
	if edit.status != http.StatusOK || !strings.Contains(string(edit.body), `value="1000000.00"`) {
		t.Fatalf("edit form: %d", edit.status)
	}
	form.Set("version", "1")
	form.Set("op", "publish")
	form["ms_title"] = []string{"目录内购买占比", "签订合同金额", "批准项目"}
	form["ms_target"] = []string{"80", "1000000.00", "1"}
	form["ms_due"] = []string{"2026-12-31", "2026-06-30", "2026-12-31"}
	if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/work-plans/%d", id), session: sess, csrf: true, form: form}); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	p := w.do(t, request{method: "GET", path: page})
	body := string(p.body)
	if p.status != http.StatusOK || strings.Count(body, `role="img"`) != 3 || !strings.Contains(body, `id="wp-table"`) || !strings.Contains(body, "1,000,000.00") ||
		!strings.Contains(body, "批准项目") {
		t.Fatalf("public page: %d %s", p.status, body)
	}
	var v struct {
		Plan struct {
			Progress []goumai.MilestoneProgress `json:"progress"`
		} `json:"plan"`
	}
	api := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/work-plans/%d", id)})
	if err := json.Unmarshal(api.body, &v); err != nil || len(v.Plan.Progress) != 3 {
		t.Fatalf("api: %s", api.body)
	}
	for _, pr := range v.Plan.Progress {
		if !strings.Contains(body, string(pr.Track.Label().ZH)) || !strings.Contains(body, fmt.Sprintf("<td>%d%%</td>", pr.Percent)) {
			t.Errorf("milestone %s: %+v not on the page", pr.Title, pr)
		}
	}
	if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/work-plans/%d/edit", id), session: sess}); res.status != http.StatusConflict {
		t.Errorf("edit a published plan: %d", res.status)
	}
	if l := w.do(t, request{method: "GET", path: "/staff/work-plans", session: w.login(t, prefecture)}); l.status != http.StatusOK ||
		!strings.Contains(string(l.body), `id="wp-region-330106"`) || !strings.Contains(string(l.body), "西湖区2026年政府购买服务工作计划") {
		t.Fatalf("prefecture's list: %d", l.status)
	}
}

// jsonCaller returns a function making an API call as bearer ("" for the
// public) with body as JSON (nil for none) and failing the test unless the
// status is want; it returns the decoded object.
func jsonCaller(t *testing.T, w *world) func(bearer, method, path string, body any, want int) map[string]any {
	return func(bearer, method, path string, body any, want int) map[string]any {
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
}

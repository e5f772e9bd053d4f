package web

import (
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestStatsRedFlagsAndMethods: two red flags raised in 西湖区 appear on the
// staff statistics page (table and chart), in its CSV download and in the
// API (validated against openapi.json), never on the public page; the
// method-compliance table is there too; the compliance ranking of 杭州's
// counties shows 西湖区's red flags closed (0%: none closed) and a dash for
// the counties without flags, with the indicators' definitions.
func TestStatsRedFlagsAndMethods(t *testing.T) {
	w := demoWorld(t)
	sqltest.InsertRedFlag(t, w.store, "R018", "ocds-gm0000-901", "330106", 0)
	sqltest.InsertRedFlag(t, w.store, "ENG-C3", "ocds-gm0000-902", "330106", 0)
	const period = "from=2026-01&to=2026-12"
	ss := w.login(t, county)
	res := w.do(t, request{method: "GET", path: "/staff/stats?" + period, session: ss})
	page := string(res.body)
	for _, want := range []string{`id="table-red_flag"`, `id="chart-red_flag" role="img"`, `<title id="chart-red_flag-title">`, "产生的风险提示",
		"仍成立的风险提示", "提示指标 R018", `id="table-method_rule"`, "未达公开招标数额，依法定情形采用", "/staff/stats/export.csv?from=2026-01&amp;table=red_flag"} {
		if res.status != 200 || !strings.Contains(page, want) {
			t.Errorf("staff page (%d) without %s", res.status, want)
		}
	}
	res = w.do(t, request{method: "GET", path: "/stats?region=330106&" + period})
	if res.status != 200 || strings.Contains(string(res.body), `id="table-red_flag"`) || strings.Contains(string(res.body), `id="table-method_rule"`) {
		t.Errorf("the public page shows red flags or method compliance: %d", res.status)
	}
	res = w.do(t, request{method: "GET", path: "/staff/stats/export.csv?table=red_flag&" + period, session: ss})
	if csv := string(res.body); res.status != 200 || !strings.Contains(csv, "产生的风险提示,2,0") || !strings.Contains(csv, "提示指标 ENG-C3,1,0") {
		t.Errorf("CSV: %d %s", res.status, csv)
	}
	res = w.do(t, request{method: "GET", path: "/api/v1/stats?region=330106&" + period, bearer: w.token(t, county)})
	raised := 0.0
	for _, tb := range res.json(t)["tables"].([]any) {
		m := tb.(map[string]any)
		if m["dim"] == "red_flag" {
			for _, r := range m["rows"].([]any) {
				if r := r.(map[string]any); r["key"] == "raised" {
					raised = r["now"].(map[string]any)["n"].(float64)
				}
			}
		}
	}
	if res.status != 200 || raised != 2 {
		t.Errorf("API: %d, %v flags raised", res.status, raised)
	}

	res = w.do(t, request{method: "GET", path: "/staff/compliance?region=330100&" + period, session: w.login(t, prefecture)})
	page = string(res.body)
	row := page[strings.Index(page, `<th scope="row">西湖区</th>`):]
	cells := strings.Split(row[:strings.Index(row, "</tr>")], "<td>")
	// rank, region, then catalogue, disclosure, budget, evaluation, method, red flags, score
	if res.status != 200 || len(cells) != 8 || cells[6] != "0%</td>" || cells[5] == "—</td>" {
		t.Errorf("西湖区's row: %q", cells)
	}
	if i := strings.Index(page, `<th scope="row">上城区</th>`); i < 0 || !strings.Contains(page[i:i+strings.Index(page[i:], "</tr>")], "<td>—</td>") {
		t.Errorf("上城区 has no dash")
	}
	for _, want := range []string{`id="cp-definitions"`, `id="cp-def-method"`, "法定适用情形", "按期办结"} {
		if !strings.Contains(page, want) {
			t.Errorf("compliance page without %s", want)
		}
	}
}

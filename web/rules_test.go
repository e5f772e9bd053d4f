package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// paramsBodyOf is a complete parameter-set body of region and category from
// day, with the national values changed by change.
func paramsBodyOf(region string, c rules.Category, day string, change map[string]any) map[string]any {
	b := map[string]any{"jurisdiction": region, "category": c, "effective_from": day, "source": "测试通知〔2026〕9号", "illustrative": false}
	p := rules.NationalDefaults(c)
	for _, f := range rules.ParamFields {
		b[f.Name] = f.Value(p)
	}
	for k, v := range change {
		b[k] = v
	}
	return b
}

// TestRulesAPI reads the parameters in force and the sets as the public, and
// sets, ends and replaces sets as finance administrators, checking every rules
// route against openapi.json on the way.
func TestRulesAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		zj, xihu, supplier := w.token(t, "zj.admin"), w.token(t, "xihu.admin"), w.token(t, "supplier.kangning")
		want := func(r request, status int) map[string]any {
			t.Helper()
			res := w.do(t, r)
			if res.status != status {
				t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, res.status, status, compactJSON(res.body))
			}
			if status == http.StatusNoContent {
				return nil
			}
			return res.json(t)
		}
		get := func(path string, status int) map[string]any { return want(request{method: "GET", path: path}, status) }

		// The values in force, and where they come from.
		for _, c := range []struct {
			query, from string
			set         bool
			open, limit float64
		}{
			{"region=330106", "330106", true, 4_000_000_00, 300_000_00},
			{"region=330100&category=services", "330000", true, 4_000_000_00, 1_000_000_00},
			{"region=510104", "100000", false, 2_000_000_00, 1_000_000_00},
			{"region=330106&at=2020-06-01", "100000", false, 2_000_000_00, 1_000_000_00},
			{"region=330106&category=goods", "100000", false, 2_000_000_00, 1_000_000_00},
			{"", "100000", false, 2_000_000_00, 1_000_000_00},
		} {
			m := get("/api/v1/rules/params?"+c.query, 200)
			p := m["params"].(map[string]any)
			if p["jurisdiction"] != c.from || (m["set_id"] != nil) != c.set || p["open_tender_threshold"] != c.open || p["decentralised_limit"] != c.limit {
				t.Errorf("params?%s: from %v, set %v, thresholds %v/%v; want %s, %v, %v/%v", c.query, p["jurisdiction"], m["set_id"],
					p["open_tender_threshold"], p["decentralised_limit"], c.from, c.set, c.open, c.limit)
			}
			if c.set && p["illustrative"] != true {
				t.Errorf("params?%s: the demo's values are not marked illustrative", c.query)
			}
		}
		for q, field := range map[string]string{"region=999999": "region", "category=land": "category", "at=2026-13-01": "at"} {
			m := get("/api/v1/rules/params?"+q, 422)
			if f, _ := m["fields"].(map[string]any); f[field] == nil {
				t.Errorf("params?%s: fields %v, want %s", q, m["fields"], field)
			}
		}
		m := get("/api/v1/rules/param-sets?region=330106", 200)
		statuses := map[string]int{}
		for _, s := range m["sets"].([]any) {
			statuses[s.(map[string]any)["status"].(string)]++
		}
		if statuses["in_force"] != 2 || statuses["planned"] != 1 || len(statuses) != 2 {
			t.Errorf("sets of 330106: states %v; want the province's and the county's in force, the province's change planned", statuses)
		}
		get("/api/v1/rules/param-sets", 200)
		get("/api/v1/rules/param-sets?region=abc", 422)

		// Setting: finance administrators of the region or above, from a day to come, within the law.
		sets := "/api/v1/rules/param-sets"
		body := func(region, day string, change map[string]any) string {
			return mustJSON(t, paramsBodyOf(region, rules.Services, day, change))
		}
		want(request{method: "POST", path: sets, body: body("330100", "2026-07-01", nil)}, 401)
		want(request{method: "POST", path: sets, bearer: supplier, body: body("330100", "2026-07-01", nil)}, 403)
		want(request{method: "POST", path: sets, bearer: xihu, body: body("330100", "2026-07-01", nil)}, 403)
		short := want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-07-01", map[string]any{"tender_min_days": 15})}, 422)
		if f, _ := short["fields"].(map[string]any); short["rule"] != "ENG-D1" || f["tender_min_days"] == nil {
			t.Errorf("a shortened period: %v", short)
		}
		want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-03-01", nil)}, 422)
		want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026/07/01", nil)}, 422)
		want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-07-01", map[string]any{"panel_min": 4.5})}, 422)
		want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-07-01", map[string]any{"colour": "red"})}, 422)
		added := want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-07-01", map[string]any{"open_tender_threshold": 3_000_000_00})}, 201)["set"].(map[string]any)
		want(request{method: "POST", path: sets, bearer: zj, body: body("330100", "2026-07-01", nil)}, 409)
		if p := get("/api/v1/rules/params?region=330102&at=2026-07-01", 200)["params"].(map[string]any); p["jurisdiction"] != "330100" {
			t.Errorf("330102 from July: values of %v, want the prefecture's new set", p["jurisdiction"])
		}

		// Ending and replacing.
		id := int64(added["id"].(float64))
		end, replace := fmt.Sprintf("%s/%d/end", sets, id), fmt.Sprintf("%s/%d/replace", sets, id)
		want(request{method: "POST", path: end, bearer: xihu, body: `{"effective_to":"2026-12-31"}`}, 403)
		want(request{method: "POST", path: sets + "/999999/end", bearer: zj, body: `{"effective_to":"2026-12-31"}`}, 404)
		want(request{method: "POST", path: end, bearer: zj, body: `{"effective_to":"2026-03-01"}`}, 422)
		ended := want(request{method: "POST", path: end, bearer: zj, body: `{"effective_to":"2026-12-31"}`}, 200)["set"].(map[string]any)
		if ended["effective_to"] == nil {
			t.Errorf("end: %v", ended)
		}
		next := paramsBodyOf("", rules.Services, "2026-10-01", map[string]any{"open_tender_threshold": 3_500_000_00})
		delete(next, "jurisdiction")
		delete(next, "category")
		res := want(request{method: "POST", path: replace, bearer: zj, body: mustJSON(t, next)}, 201)
		if res["replaced"].(map[string]any)["effective_to"] != res["set"].(map[string]any)["effective_from"] {
			t.Errorf("replace: the old set does not end where the new begins: %v", res)
		}
		next["jurisdiction"] = "330200"
		want(request{method: "POST", path: replace, bearer: zj, body: mustJSON(t, next)}, 422)

		for _, rt := range w.srv.apiRoutes() {
			if strings.HasPrefix(rt.Path, "/api/v1/rules/") && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
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

// TestRulesPages shows the parameters in force on the portal in both
// languages, and lets finance administrators change sets from the staff page.
func TestRulesPages(t *testing.T) {
	w := demoWorld(t)
	zj, xihu, supplier := w.login(t, "zj.admin"), w.login(t, "xihu.admin"), w.login(t, "supplier.kangning")
	en := map[string]string{"Cookie": langCookie + "=en"}
	for _, c := range []struct {
		path     string
		ss       *session
		header   map[string]string
		status   int
		contains []string
	}{
		{"/rules?region=330106", nil, nil, 200, []string{"公开招标数额标准", "¥4,000,000.00", "¥300,000.00", "20日", "5个工作日", "示意数据", "杭州市西湖区", "ENG-D1", "尚未生效"}},
		{"/rules?region=330106", nil, en, 200, []string{"Open-tender threshold", "20 calendar days", "5 working days", "Illustrative", "Planned"}},
		{"/rules", nil, nil, 200, []string{"全国默认值", "¥2,000,000.00", "¥1,200,000.00", "国办发〔2019〕55号"}},
		{"/rules?region=330106&at=2020-06-01", nil, nil, 200, []string{"¥2,000,000.00"}},
		{"/rules?region=999999", nil, nil, 422, nil},
		{"/", nil, nil, 200, []string{`href="/rules"`}},
		{"/staff/rules", zj, nil, 200, []string{"add-form", "/staff/rules/sets/", "replace"}},
		{"/staff/rules?region=330106", xihu, nil, 200, []string{"add-form"}},
		{"/staff/rules?region=330000", xihu, nil, 403, nil},
		{"/staff/rules", supplier, nil, 403, nil},
		{"/staff", zj, nil, 200, []string{`href="/staff/rules"`}},
	} {
		res := w.do(t, request{method: "GET", path: c.path, session: c.ss, header: c.header})
		if res.status != c.status {
			t.Errorf("GET %s: %d, want %d", c.path, res.status, c.status)
			continue
		}
		for _, s := range c.contains {
			if !strings.Contains(string(res.body), s) {
				t.Errorf("GET %s (%v): no %q", c.path, c.header, s)
			}
		}
		if c.header != nil && strings.Contains(visibleText(res.body), "rules.") {
			t.Errorf("GET %s in English: an untranslated key", c.path)
		}
	}

	// The add form, as prefilled, with a day to come: saved; with a shortened
	// period: the page again, naming the field and the rule, nothing written.
	form := url.Values{}
	for k, v := range paramFormValues(rules.NationalDefaults(rules.Services)) {
		form.Set(k, v)
	}
	form.Set("jurisdiction", "330200")
	form.Set("category", "services")
	form.Set("effective_from", "2026-09-01")
	form.Set("source", "甬财采〔2026〕1号")
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("consult_min_days", "7")
	before := w.treeSize(t)
	res := w.do(t, request{method: "POST", path: "/staff/rules/sets", session: zj, csrf: true, form: bad})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "ENG-D3") || !strings.Contains(string(res.body), "不得少于10日") {
		t.Errorf("a shortened period: %d", res.status)
	}
	if after := w.treeSize(t); after != before {
		t.Errorf("a refused form wrote %d events", after-before)
	}
	res = w.do(t, request{method: "POST", path: "/staff/rules/sets", session: zj, csrf: true, form: form})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/rules?region=330200&done=rules_add" {
		t.Fatalf("add: %d %s", res.status, res.header.Get("Location"))
	}
	if res := w.do(t, request{method: "POST", path: "/staff/rules/sets", session: xihu, csrf: true, form: form}); res.status != http.StatusForbidden {
		t.Errorf("a county adds for a prefecture: %d", res.status)
	}
	sets, err := w.svc.ParamSets(context.Background(), "330200")
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, s := range sets {
		if s.Jurisdiction == "330200" {
			id = s.ID
		}
	}
	base := fmt.Sprintf("/staff/rules/sets/%d", id)
	res = w.do(t, request{method: "POST", path: base + "/end?region=330200", session: zj, csrf: true, form: url.Values{"effective_to": {"2026-01-01"}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `<details open>`) {
		t.Errorf("an end in the past: %d, the row's form not open", res.status)
	}
	form.Set("effective_from", "2026-10-01")
	if res := w.do(t, request{method: "POST", path: base + "/replace?region=330200", session: zj, csrf: true, form: form}); res.status != http.StatusSeeOther {
		t.Errorf("replace: %d", res.status)
	}
	if res := w.do(t, request{method: "POST", path: base + "/end", session: zj, csrf: true, form: url.Values{"effective_to": {"2026-09-15"}}}); res.status != http.StatusSeeOther {
		t.Errorf("end the replaced set before its replacement begins: %d", res.status)
	}
	p, err := w.store.ParamsAt(context.Background(), "330203", rules.Services, mustDay(t, "2026-09-01"))
	if err != nil || p.Jurisdiction != "330203" { // 海曙区 keeps the demo's county set
		t.Errorf("330203 on 2026-09-01: values of %s (%v), want its own", p.Jurisdiction, err)
	}
	if p, _ := w.store.ParamsAt(context.Background(), "330200", rules.Services, mustDay(t, "2026-09-01")); p.Jurisdiction != "330200" {
		t.Errorf("330200 on 2026-09-01: values of %s, want its own", p.Jurisdiction)
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, goumai.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRulesOpenAPISchemas ties the document to the code: the category enum is
// rules.Categories, and every schema of parameters has exactly the values of
// rules.ParamFields (besides which values they are), with the status enum of
// the lists.
func TestRulesOpenAPISchemas(t *testing.T) {
	doc := apiDoc(t)
	schema := func(name string) *openapi3.Schema {
		t.Helper()
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			t.Fatalf("no schema %s", name)
		}
		return ref.Value
	}
	var cats []string
	for _, c := range rules.Categories {
		cats = append(cats, string(c))
	}
	if got := fmt.Sprint(schema("ProcurementCategory").Enum); got != fmt.Sprint(cats) {
		t.Errorf("ProcurementCategory enum %s, want %v", got, cats)
	}
	meta := map[string][]string{
		"Params":              {"jurisdiction", "category", "effective_from", "source", "illustrative"},
		"ParamSet":            {"id", "jurisdiction", "category", "effective_from", "source", "illustrative", "effective_to"},
		"ParamSetView":        {"id", "jurisdiction", "category", "effective_from", "source", "illustrative", "effective_to", "status"},
		"ParamSetInput":       {"jurisdiction", "category", "effective_from", "source", "illustrative"},
		"ParamSetReplacement": {"jurisdiction", "category", "effective_from", "source", "illustrative"},
	}
	for name, extra := range meta {
		want := map[string]bool{}
		for _, k := range extra {
			want[k] = true
		}
		for _, f := range rules.ParamFields {
			want[f.Name] = true
		}
		got := schema(name).Properties
		for k := range want {
			if got[k] == nil {
				t.Errorf("%s lacks %s", name, k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%s documents %s, which the code does not have", name, k)
			}
		}
	}
	status := schema("ParamSetView").Properties["status"].Value
	for _, s := range []string{setInForce, setPlanned, setSuperseded, setEnded, setWithdrawn} {
		if !strings.Contains(fmt.Sprint(status.Enum), s) || !strings.Contains(status.Description, "`"+s+"`") {
			t.Errorf("status %s is not in the enum or not described", s)
		}
	}
}

package web

import (
	"bytes"
	"strings"
	"testing"
)

// The statistics pages on the demo world: the public page has the public
// dimensions only, each chart an accessible SVG image with its table; the
// staff page of a finance department has every dimension; the drill-down goes
// from the country to a province, a county, its purchasers and their
// projects; the tables download as CSV and Excel; the API says which figures
// it gives; a bounded request is refused field by field.
func TestStatsPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		period := "from=2025-01&to=2026-12"
		body := func(res response) string { return string(res.body) }
		res := w.do(t, request{method: "GET", path: "/stats?region=330000&" + period})
		if res.status != 200 {
			t.Fatalf("GET /stats: %d %s", res.status, res.body)
		}
		page := body(res)
		for _, want := range []string{`id="table-total"`, `id="chart-total" role="img" aria-labelledby="chart-total-title chart-total-desc"`,
			`<title id="chart-total-title">`, `<desc id="chart-total-desc">`, `id="table-method"`, `id="table-supplier_kind"`,
			"/stats/export.csv?", "浙江省", `href="/stats?from=2025-01&amp;region=330100&amp;to=2026-12"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the public page has no %s", want)
			}
		}
		for _, private := range []string{`id="table-stage"`, `id="table-double_funded"`, `id="table-reform"`, "支付金额"} {
			if strings.Contains(page, private) {
				t.Errorf("the public page shows %s", private)
			}
		}

		// The staff of 西湖区's finance department read every figure of their county.
		ss := w.login(t, "xihu.admin")
		res = w.do(t, request{method: "GET", path: "/staff/stats?" + period, session: ss})
		if res.status != 200 || !strings.Contains(body(res), `id="table-stage"`) || !strings.Contains(body(res), `id="table-reform"`) {
			t.Fatalf("GET /staff/stats as xihu.admin: %d", res.status)
		}
		// A county's purchasers, and one purchaser's projects.
		res = w.do(t, request{method: "GET", path: "/stats?region=330106&grain=purchaser&" + period})
		i := strings.Index(body(res), `href="/projects?purchaser=`)
		if res.status != 200 || i < 0 {
			t.Fatalf("the county's purchasers: %d, no link to a purchaser's projects", res.status)
		}
		link := body(res)[i+len(`href="`):]
		link = strings.ReplaceAll(link[:strings.Index(link, `"`)], "&amp;", "&")
		res = w.do(t, request{method: "GET", path: link})
		if res.status != 200 || !strings.Contains(body(res), `href="/projects/`) {
			t.Errorf("GET %s: %d, no project", link, res.status)
		}

		// Downloads.
		res = w.do(t, request{method: "GET", path: "/stats/export.csv?region=330000&table=total&" + period})
		if res.status != 200 || !bytes.HasPrefix(res.body, []byte("\ufeff项,数量,上期数量")) || !strings.Contains(body(res), "批准的项目") {
			t.Errorf("CSV: %d %.200s", res.status, res.body)
		}
		res = w.do(t, request{method: "GET", path: "/stats/export.xlsx?region=330000&table=children&" + period})
		if res.status != 200 || !bytes.HasPrefix(res.body, []byte("PK")) {
			t.Errorf("Excel: %d", res.status)
		}
		res = w.do(t, request{method: "GET", path: "/stats/export.csv?region=330000&table=stage&" + period})
		if res.status != 422 {
			t.Errorf("a private table downloaded publicly: %d", res.status)
		}

		// The API: public figures for the public, every figure for the county's staff.
		res = w.do(t, request{method: "GET", path: "/api/v1/stats?region=330106&" + period})
		if m := res.json(t); res.status != 200 || m["public_only"] != true {
			t.Errorf("API, anonymous: %d %v", res.status, m["public_only"])
		}
		res = w.do(t, request{method: "GET", path: "/api/v1/stats?region=330106&" + period, bearer: w.token(t, "xihu.admin")})
		if m := res.json(t); res.status != 200 || m["public_only"] != false {
			t.Errorf("API, the county's finance department: %d %v", res.status, m["public_only"])
		}

		// Bounded requests.
		for _, c := range []struct{ query, field string }{
			{"from=2026-01", "to"},
			{"to=2026-01", "from"},
			{"from=2020-01&to=2026-12", "to"},
			{"from=2026-1&to=2026-12", "from"},
			{"region=100000&grain=purchaser", "grain"},
			{"region=330000&grain=purchaser", "grain"},
			{"region=999999", "region"},
		} {
			res := w.do(t, request{method: "GET", path: "/api/v1/stats?" + c.query})
			if fs, _ := res.json(t)["fields"].(map[string]any); res.status != 422 || fs[c.field] == nil {
				t.Errorf("GET /api/v1/stats?%s: %d %s", c.query, res.status, res.body)
			}
			res = w.do(t, request{method: "GET", path: "/stats?" + c.query})
			if res.status != 422 || !strings.Contains(body(res), `id="err-`+c.field+`">`) || strings.Contains(body(res), `id="err-`+c.field+`"></span>`) {
				t.Errorf("GET /stats?%s: %d, no error beside %s", c.query, res.status, c.field)
			}
		}
	})
}

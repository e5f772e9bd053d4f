package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestComplianceRankingPages reads the ranking of 杭州市's counties through
// the API, the page (table and chart with its title and description) and the
// CSV download, the same regions in the same order everywhere; 西湖区's staff
// cannot read the ranking above them (403) and a bad period shows its field
// error (422).
func TestComplianceRankingPages(t *testing.T) {
	w := demoWorld(t)
	hz := w.token(t, prefecture)
	res := w.do(t, request{method: "GET", path: "/api/v1/regions/330100/compliance?from=2026-01&to=2026-12", bearer: hz})
	if res.status != http.StatusOK {
		t.Fatalf("api: %d %s", res.status, res.body)
	}
	var out struct {
		Ranking []struct {
			Region, Name string
			Score        int64
		}
	}
	if err := json.Unmarshal(res.body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Ranking) < 2 {
		t.Fatalf("ranking of 杭州市's counties: %+v", out.Ranking)
	}
	seen := false
	for i, c := range out.Ranking {
		if i > 0 && c.Score > out.Ranking[i-1].Score {
			t.Errorf("not ranked by score: %+v", out.Ranking)
		}
		if !strings.HasPrefix(c.Region, "3301") || c.Region == "330100" {
			t.Errorf("%s is not below 杭州市", c.Region)
		}
		seen = seen || c.Region == "330106"
	}
	if !seen {
		t.Errorf("西湖区 missing: %+v", out.Ranking)
	}
	if res := w.do(t, request{method: "GET", path: "/api/v1/regions/330100/compliance", bearer: w.token(t, county)}); res.status != http.StatusForbidden {
		t.Errorf("the county reads the ranking above it: %d", res.status)
	}

	sess := w.login(t, prefecture)
	page := w.do(t, request{method: "GET", path: "/staff/compliance?region=330100&from=2026-01&to=2026-12", session: sess})
	if page.status != http.StatusOK {
		t.Fatalf("page: %d", page.status)
	}
	body := string(page.body)
	for _, want := range []string{`id="cp-chart"`, `<title id="cp-chart-title">`, `<desc id="cp-chart-desc">`, `id="cp-table"`, out.Ranking[0].Name, "2026-01"} {
		if !strings.Contains(body, want) {
			t.Errorf("page without %q", want)
		}
	}
	csv := w.do(t, request{method: "GET", path: "/staff/compliance/export.csv?region=330100&from=2026-01&to=2026-12", session: sess})
	lines := strings.Split(strings.TrimSpace(string(csv.body)), "\n")
	if csv.status != http.StatusOK || len(lines) != len(out.Ranking)+1 {
		t.Fatalf("csv: %d, %d lines for %d regions", csv.status, len(lines), len(out.Ranking))
	}
	if !strings.HasPrefix(lines[1], "1,"+out.Ranking[0].Name+",") {
		t.Errorf("csv first row %q, want %s first", lines[1], out.Ranking[0].Name)
	}
	// 杭州's counties other than 西湖区 have nothing to count in the demo
	// year: no rank and no score (not "0" beside regions that did badly).
	last := strings.Split(lines[len(lines)-1], ",")
	if last[0] != "—" || last[len(last)-1] != "—" {
		t.Errorf("csv last row %q: a county with nothing to count should have no rank and no score", lines[len(lines)-1])
	}
	bad := w.do(t, request{method: "GET", path: "/staff/compliance?region=330100&from=2026-01", session: sess})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.body), "统计期间须有起止月份") {
		t.Errorf("bad period: %d", bad.status)
	}
}

// TestPublishComplianceRankingWeb: 浙江省's finance approver publishes the
// ranking of its prefectures; the public reads it (API and page); an
// unbounded period is refused with its field error (zh and en), nothing
// published; the staff page lists the published ranking.
func TestPublishComplianceRankingWeb(t *testing.T) {
	w := demoWorld(t)
	zj := w.token(t, approver)
	bad := w.do(t, request{method: "POST", path: "/api/v1/regions/330000/compliance", bearer: zj, body: mustJSON(t, map[string]any{"from": "2026-01", "to": ""})})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.body), `"to"`) {
		t.Fatalf("bad period: %d %s", bad.status, bad.body)
	}
	if n, err := w.store.ComplianceRankings(context.Background(), "330000", 10); err != nil || len(n) != 0 {
		t.Fatalf("refused yet stored: %v %v", n, err)
	}
	res := w.do(t, request{method: "POST", path: "/api/v1/regions/330000/compliance", bearer: zj, body: mustJSON(t, map[string]any{"from": "2026-01", "to": "2026-06"})})
	if res.status != http.StatusCreated {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	var out struct {
		Ranking struct {
			ID      int64
			Ranking []struct{ Name string }
		}
	}
	if err := json.Unmarshal(res.body, &out); err != nil || len(out.Ranking.Ranking) == 0 {
		t.Fatalf("published %s: %v", res.body, err)
	}
	page := w.do(t, request{method: "GET", path: fmt.Sprintf("/compliance/%d", out.Ranking.ID)})
	if page.status != http.StatusOK || !strings.Contains(string(page.body), out.Ranking.Ranking[0].Name) || !strings.Contains(string(page.body), `id="cp-chart"`) {
		t.Fatalf("public page: %d", page.status)
	}
	staff := w.do(t, request{method: "GET", path: "/staff/compliance", session: w.login(t, approver)})
	if !strings.Contains(string(staff.body), fmt.Sprintf(`href="/compliance/%d"`, out.Ranking.ID)) || !strings.Contains(string(staff.body), `id="cp-publish"`) {
		t.Errorf("the staff page lists no published ranking or no publish form")
	}
}
